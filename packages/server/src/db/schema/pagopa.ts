/**
 * Tables of the console's integration settings: the last call of each pagoPA node operation per
 * entity (the pagoPA health), and staff logins under way at the entity's OpenID Connect provider.
 */
import type { Selectable } from 'kysely';

export interface PagopaNodeCallsTable {
  entity_code: string;
  /** paVerifyPaymentNotice, paGetPayment(V2), paSendRT(V2). */
  operation: string;
  last_at: string;
  /** The `PAA_*` fault answered; null when the answer was OK. */
  fault: string | null;
}

/** A staff login under way at the entity's OpenID Connect provider: single use, minutes long. */
export interface StaffOidcFlowsTable {
  /** SHA-256 of the `state` sent to the provider. */
  state_hash: string;
  entity_code: string;
  provider_code: string;
  nonce: string;
  code_verifier: string;
  expires_at: string;
}

export interface PagopaTables {
  pagopa_node_calls: PagopaNodeCallsTable;
  staff_oidc_flows: StaffOidcFlowsTable;
}

export type PagopaNodeCallRow = Selectable<PagopaNodeCallsTable>;
