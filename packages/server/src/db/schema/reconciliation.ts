/** Reporting flows (FdR) as received, their rows matched to receipts, and the fetch schedule. */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Nullable<T = string> = ColumnType<T | null, T | null | undefined, T | null>;

/** One revision of a reporting flow, kept as received. */
export interface FlowsTable {
  id: Generated<number>;
  entity_code: string;
  /** identificativoFlusso / FdR 3 `fdr`; null when the flow could not be read at all. */
  flow_id: Nullable;
  revision: number;
  /** `rest`, `soap` or `upload`. */
  origin: string;
  /** What the fetch listed (REST `fdr/revision/psp`, SOAP `flow@dataOraFlusso`): fetched once. */
  source_key: Nullable;
  status: 'valid' | 'invalid';
  invalid_reason: Nullable;
  /** 1 on the newest valid revision of its flow id. */
  current: number;
  flow_date: Nullable;
  psp_id: Nullable;
  psp_name: Nullable;
  /** identificativoUnivocoRegolamento / `regulation`. */
  settlement_id: Nullable;
  settlement_date: Nullable;
  bic: Nullable;
  /** The receiving entity the flow names (istitutoRicevente / receiver.organizationId). */
  receiver_id: Nullable;
  declared_count: Nullable<number>;
  declared_amount: Nullable<number>;
  row_count: number;
  row_amount: number;
  totals_mismatch: number;
  anomalies: number;
  /** `xml` or `json`. */
  format: string;
  raw: string;
  sha256: string;
  received_at: string;
}

/** One row of a valid flow revision and its match. */
export interface FlowRowsTable {
  id: Generated<number>;
  flow_ref: number;
  entity_code: string;
  position: number;
  iuv: string;
  iur: string;
  idx: Nullable<number>;
  amount: number;
  outcome: number;
  date: string;
  /** The flow's `current`, copied: the rows that settle receipts. */
  current: number;
  result: string;
  /** receipts.id of the receipt it settles. */
  receipt_ref: Nullable<number>;
  expected_amount: Nullable<number>;
  iban: Nullable;
}

/** The scheduled fetch of an entity's flows; `next_run_at` is also the lease of a run in flight. */
export interface FlowFetchJobsTable {
  entity_code: string;
  next_run_at: string;
  lease_token: Nullable;
  last_run_at: Nullable;
  last_error: Nullable;
}

/** An anomaly announced once per transfer and kind (`overdue`). */
export interface ReconciliationAlertsTable {
  receipt_ref: number;
  idx: number;
  kind: string;
  entity_code: string;
  created_at: string;
}

export interface ReconciliationTables {
  flows: FlowsTable;
  flow_rows: FlowRowsTable;
  flow_fetch_jobs: FlowFetchJobsTable;
  reconciliation_alerts: ReconciliationAlertsTable;
}

export type FlowRow = Selectable<FlowsTable>;
export type FlowRowRow = Selectable<FlowRowsTable>;
