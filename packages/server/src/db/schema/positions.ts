/**
 * Tables of the entity side: API keys, debt positions, their payment options
 * (single payment and installments), transfers, services, and the per-entity IUV counter.
 * Money is integer cents; dates of due and validity `YYYY-MM-DD` (Europe/Rome); times ISO-8601 UTC;
 * booleans 0/1; JSON as text. Each option row carries everything a notice prints for it.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** An entity's API key: only the SHA-256 of its secret is kept. */
export interface ApiKeysTable {
  /** Public part of the key (`pgk_<id>_<secret>`), for lookup and revocation. */
  id: string;
  entity_code: string;
  label: string;
  /** Hex SHA-256 of the secret part. */
  secret_hash: string;
  created_at: ColumnType<string, string, never>;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** Next IUV base number per entity: server-assigned IUVs count up from it. */
export interface IuvCountersTable {
  entity_code: string;
  next_value: number;
}

/** A debt position (pratica). `status` is derived from its options by positions/states.ts. */
export interface PositionsTable {
  id: Generated<number>;
  entity_code: string;
  /** The entity's own id (GPD iupd), unique per entity. */
  iupd: string;
  status: string;
  debtor_fiscal_code: string;
  /** F natural person, G legal person. */
  debtor_type: string;
  debtor_name: string;
  debtor_address: string | null;
  debtor_city: string | null;
  debtor_postal_code: string | null;
  debtor_province: string | null;
  debtor_country: string | null;
  debtor_email: string | null;
  description: string;
  service_code: string | null;
  validity_date: string | null;
  /** Earliest due date of its options, for lists and filters. */
  due_date: string;
  /** Amount of the single option, or the sum of the installments when there is none. */
  amount: number;
  created_at: ColumnType<string, string, never>;
  updated_at: string;
  /** When a receipt first collected it beyond what it asked (see receipts' `overpaid` flag), or null. */
  overpaid_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A way to pay a position: the single payment (installment 0) or installment 1..n. */
export interface PaymentOptionsTable {
  id: Generated<number>;
  position_id: number;
  entity_code: string;
  /** 0 for the single payment, 1..n for installments. */
  installment: number;
  amount: number;
  due_date: string;
  description: string | null;
  iuv: string;
  nav: string;
  status: string;
  paid_at: string | null;
}

/** One beneficiary of an option (1..5 per option); amounts add up to the option's. */
export interface TransfersTable {
  option_id: number;
  /** 1..5, the idTransfer of pagoPA. */
  idx: number;
  iban: string;
  /** 1 when the IBAN is a postal current account's. */
  postal: number;
  amount: number;
  remittance: string;
  /** Taxonomy code without the `9/…/` wrapper. */
  taxonomy: string;
}

/** A service for spontaneous payments; `definition` is the SDK's ServiceInput as JSON. */
export interface ServicesTable {
  entity_code: string;
  code: string;
  name: string;
  enabled: number;
  definition: string;
  created_at: ColumnType<string, string, never>;
  updated_at: string;
}

/** An import the console started: its progress while it runs, then its report (JSON) or error. */
export interface ImportJobsTable {
  id: string;
  entity_code: string;
  status: 'running' | 'done' | 'failed';
  format: 'json' | 'ndjson' | 'csv';
  total_bytes: number;
  bytes: number;
  received: number;
  created: number;
  updated: number;
  rejected: number;
  report: string | null;
  error: string | null;
  created_at: ColumnType<string, string, never>;
  finished_at: string | null;
}

export interface PositionTables {
  import_jobs: ImportJobsTable;
  api_keys: ApiKeysTable;
  iuv_counters: IuvCountersTable;
  positions: PositionsTable;
  payment_options: PaymentOptionsTable;
  transfers: TransfersTable;
  services: ServicesTable;
}

export type PositionRow = Selectable<PositionsTable>;
export type NewPositionRow = Insertable<PositionsTable>;
export type PaymentOptionRow = Selectable<PaymentOptionsTable>;
export type NewPaymentOptionRow = Insertable<PaymentOptionsTable>;
export type TransferRow = Selectable<TransfersTable>;
export type ServiceRow = Selectable<ServicesTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type NewApiKeyRow = Insertable<ApiKeysTable>;
