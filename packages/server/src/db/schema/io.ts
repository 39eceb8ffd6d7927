import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * pending: to send (or in flight, leased); sent: IO accepted it; not_sent: IO said the citizen
 * cannot get it (no profile, the entity's service not allowed) or the practice no longer asks for
 * it; failed: given up (IO refused the payload, or a day of retries passed).
 */
export type IoOutboxStatus = 'pending' | 'sent' | 'not_sent' | 'failed';

/** A message to the IO app, one per `io` row of the reminder ledger. */
export interface IoOutboxTable {
  id: Generated<number>;
  /** The reminder ledger's row (position, option, due date, kind) this message delivers. */
  reminder_id: number;
  entity_code: string;
  status: IoOutboxStatus;
  attempts: number;
  next_attempt_at: string;
  lease_token: string | null;
  retry_since: string | null;
  last_attempt_at: string | null;
  /** IO's HTTP status of the last call. */
  last_status: number | null;
  last_error: string | null;
  /** IO's id of the created message. */
  io_message_id: string | null;
  done_at: string | null;
  created_at: ColumnType<string, string, never>;
}

export interface IoTables {
  io_outbox: IoOutboxTable;
}

export type IoOutboxRow = Selectable<IoOutboxTable>;
