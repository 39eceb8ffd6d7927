/** The last call of each pagoPA node operation per entity (the console's pagoPA health). */
import type { Selectable } from 'kysely';

export interface PagopaNodeCallsTable {
  entity_code: string;
  /** paVerifyPaymentNotice, paGetPayment(V2), paSendRT(V2). */
  operation: string;
  last_at: string;
  /** The `PAA_*` fault answered; null when the answer was OK. */
  fault: string | null;
}

export interface PagopaTables {
  pagopa_node_calls: PagopaNodeCallsTable;
}

export type PagopaNodeCallRow = Selectable<PagopaNodeCallsTable>;
