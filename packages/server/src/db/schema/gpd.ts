/**
 * pagoPA's copy of the positions (GPD): the outbox of changes to send there, and the state of the
 * receipts read back from it. Times are ISO-8601 UTC.
 */
import type { Generated, Selectable } from 'kysely';

/** create, update (a replaced position) or cancel (invalidate, or delete when never valid). */
export type GpdOp = 'create' | 'update' | 'cancel';

/** pending (waiting, or in flight until `next_attempt_at`), done, failed (GPD refused it for good). */
export type GpdOutboxStatus = 'pending' | 'done' | 'failed';

export interface GpdOutboxTable {
  id: Generated<number>;
  entity_code: string;
  iupd: string;
  op: GpdOp;
  /** The GPD PaymentPositionModel as of the change (JSON); null for a cancellation. */
  body: string | null;
  validity_date: string | null;
  status: GpdOutboxStatus;
  attempts: number;
  /** When the next attempt may start; while an attempt runs, when its lease ends. */
  next_attempt_at: string;
  lease_token: string | null;
  retry_since: string | null;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  /** JSON array of the calls the change took (`POST 409`, `PUT 200`). */
  calls: string | null;
  gpd_status: string | null;
  done_at: string | null;
  created_at: string;
}

export interface GpdReceiptPollsTable {
  entity_code: string;
  lease_until: string;
  lease_token: string | null;
  from_date: string | null;
  last_run_at: string | null;
  last_error: string | null;
  recorded: number;
}

export interface GpdTables {
  gpd_outbox: GpdOutboxTable;
  gpd_receipt_polls: GpdReceiptPollsTable;
}

export type GpdOutboxRow = Selectable<GpdOutboxTable>;
export type GpdReceiptPollRow = Selectable<GpdReceiptPollsTable>;
