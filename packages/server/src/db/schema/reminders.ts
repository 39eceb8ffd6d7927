import type { ColumnType, Generated, Selectable } from 'kysely';

/** What a ledger row announces: a due date ahead, the due date itself, or a new position. */
export type ReminderKind = 'before_due' | 'due_date' | 'new_position';
/** How it reaches the citizen: e-mail (outbox), or a message on the IO app. */
export type ReminderChannel = 'email' | 'io';
/** pending: claimed, not yet delivered; sent; failed: given up. */
export type ReminderState = 'pending' | 'sent' | 'failed';

/**
 * The reminder ledger: every message about a due date, one row per position, option, due date,
 * kind and channel (unique), so it is sent once whoever tries (db/stores/reminders.ts).
 */
export interface RemindersTable {
  id: Generated<number>;
  entity_code: string;
  position_id: number;
  /** The option: 0 the single payment, 1..n an installment. */
  installment: number;
  /** `YYYY-MM-DD` (Europe/Rome), the option's due date the message is about. */
  due_date: string;
  kind: ReminderKind;
  channel: ReminderChannel;
  /** The account an e-mail goes to; null for IO (it goes to the debtor's fiscal code). */
  account_id: string | null;
  state: ReminderState;
  last_error: string | null;
  created_at: ColumnType<string, string, never>;
  updated_at: string;
  sent_at: string | null;
}

/** A citizen's private calendar feed: the SHA-256 of its token, until revoked. */
export interface CalendarFeedsTable {
  token_hash: string;
  account_id: string;
  entity_code: string;
  created_at: ColumnType<string, string, never>;
  revoked_at: string | null;
}

export interface ReminderTables {
  reminders: RemindersTable;
  calendar_feeds: CalendarFeedsTable;
}

export type ReminderRow = Selectable<RemindersTable>;
