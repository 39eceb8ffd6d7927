/**
 * Tables of payments. A payment pays 1-5 payment options (pagoPA's per-cart limit);
 * while it runs it holds a lock row per option, so no second payment can start on them (the lock
 * is a primary key: two processes racing get one winner). A receipt is recorded once per option
 * (unique), whatever path delivered it. Money is integer cents; times ISO-8601 UTC.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

export interface PaymentsTable {
  /** Random, unguessable: it appears in the payer's URLs. */
  id: string;
  entity_code: string;
  /** Who started it in the portal; null when it started elsewhere (PSP counter, app, home banking). */
  account_id: string | null;
  state: string;
  /** Sum of the items, cents. */
  amount: number;
  provider: string;
  /** The provider's reference (sandbox session, Checkout cart). */
  provider_ref: string | null;
  /** Where the browser comes back to (an allowed origin of the entity). */
  return_url: string | null;
  payer_email: string | null;
  lang: string;
  created_at: ColumnType<string, string, never>;
  updated_at: string;
  expires_at: string;
  ended_at: string | null;
  /** The provider page the browser was sent to: the payer may go back to it while it is open. */
  redirect_url: ColumnType<string | null, string | null | undefined, string | null>;
  /**
   * When pagoPA activated it (the node's paGetPayment, the sandbox's "paid"): from then on the
   * outcome comes from pagoPA and the payer can no longer abandon it.
   */
  activated_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the retention job erased what it kept of the payer (privacy/retention.ts). */
  personal_data_erased_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PaymentItemsTable {
  payment_id: string;
  option_id: number;
  position_id: number;
  nav: string;
  amount: number;
  description: string;
  /** JSON array of { idx, iban, amount, fiscalCode } an activation sent the node; null before one. */
  transfers: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One row per option held by an open payment. */
export interface OptionLocksTable {
  option_id: number;
  payment_id: string;
  created_at: string;
}

/**
 * One row per practice with a payment running on any of its options: the options of a practice
 * exclude each other, and the primary key makes two concurrent starts on one practice fail.
 */
export interface PositionLocksTable {
  position_id: number;
  payment_id: string;
  created_at: string;
}

/**
 * A receipt (pagoPA RT), recorded once per receiptId through one path. A notice paid twice has two
 * receipts: the later one is flagged `overpaid` (money to refund).
 */
export interface ReceiptsTable {
  id: Generated<number>;
  entity_code: string;
  option_id: number;
  position_id: number;
  /** The payment of the portal it closed, if any. */
  payment_id: string | null;
  /** pagoPA receiptId (IUR). */
  receipt_id: string;
  nav: string;
  iuv: string;
  amount: number;
  fee: number;
  description: string;
  psp_id: string;
  psp_name: string;
  psp_fiscal_code: string | null;
  channel: string;
  method: string;
  paid_at: string;
  debtor_fiscal_code: string;
  debtor_name: string;
  payer_fiscal_code: string | null;
  payer_name: string | null;
  payer_email: string | null;
  /**
   * JSON array of { idx, iban, amount, remittance, taxonomy, fiscalCode, companyName, metadata }:
   * the receipt's transfers (`fiscalCode` the beneficiary entity, null when not told).
   */
  transfers: string;
  /**
   * Why the entity should look at it, comma-separated tokens, or null: `overpaid` (the practice was
   * already collected: refund it), `not_activated` (no activation of the notice by this station),
   * `amount_differs`, `position_<status>` (e.g. cancelled by the entity meanwhile).
   */
  flag: string | null;
  received_at: string;
  /** The receipt's own fields (ctReceiptV2); null when the provider did not tell. */
  creditor_fiscal_code: Nullable;
  company_name: Nullable;
  office_name: Nullable;
  outcome: Nullable;
  channel_description: Nullable;
  psp_partita_iva: Nullable;
  payment_note: Nullable;
  primary_ci_incurred_fee: ColumnType<number | null, number | null | undefined, number | null>;
  id_bundle: Nullable;
  id_ci_bundle: Nullable;
  application_date: Nullable;
  transfer_date: Nullable;
  /** JSON array of { key, value }. */
  metadata: Nullable;
  /** 1 when the node collected it while the station was unreachable (stand-in). */
  stand_in: ColumnType<number | null, number | null | undefined, number | null>;
  /** The whole message the receipt came in (the node's SOAP envelope). */
  raw: Nullable;
  /** When the retention job erased the debtor's and payer's data (privacy/retention.ts). */
  personal_data_erased_at: Nullable;
}

/** A nullable column that inserts may leave out. */
type Nullable = ColumnType<string | null, string | null | undefined, string | null>;

/** The citizen's cart: kept server-side (survives reload and another device). */
export interface CartItemsTable {
  account_id: string;
  option_id: number;
  position_id: number;
  nav: string;
  /** Amount when added: a change since is flagged before paying. */
  amount_at_add: number;
  added_at: string;
}

/**
 * A payment started by "Paga carrello": the cart is paid in successive pagoPA payments of at most 5
 * practices, and this is the `part`-th of `parts` as the cart stood when it started.
 */
export interface CartPaymentsTable {
  payment_id: string;
  part: number;
  parts: number;
}

/** Demo sandbox: a "paid" outcome waiting to be delivered as receipts. */
export interface SandboxOutcomesTable {
  payment_id: string;
  due_at: string;
  delivered_at: string | null;
}

export interface PaymentsTables {
  sandbox_outcomes: SandboxOutcomesTable;
  payments: PaymentsTable;
  payment_items: PaymentItemsTable;
  option_locks: OptionLocksTable;
  position_locks: PositionLocksTable;
  receipts: ReceiptsTable;
  cart_items: CartItemsTable;
  cart_payments: CartPaymentsTable;
}

export type PaymentRow = Selectable<PaymentsTable>;
export type PaymentItemRow = Selectable<PaymentItemsTable>;
export type ReceiptRow = Selectable<ReceiptsTable>;
export type CartItemRow = Selectable<CartItemsTable>;
