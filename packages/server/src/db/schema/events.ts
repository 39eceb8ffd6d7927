import type { Generated, Selectable } from 'kysely';

/** The outbox of money events (payments ended, receipts received), in commit order. */
export interface EventsTable {
  id: Generated<number>;
  entity_code: string;
  type: string;
  /** The practice's iupd: events of one practice are delivered in order. */
  practice_key: string;
  /** JSON of the event's data. */
  payload: string;
  created_at: string;
}

/** A mail a change promises (the receipt to its payer), sent by the outbox worker with retries. */
export interface MailOutboxTable {
  id: Generated<number>;
  /** What is mailed: `receipt` (`ref_id` = receipts.id). */
  kind: string;
  ref_id: number;
  entity_code: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  /** Due time, or the end of the lease while an attempt is in flight. */
  next_attempt_at: string;
  lease_token: string | null;
  retry_since: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
}

export interface EventTables {
  events: EventsTable;
  mail_outbox: MailOutboxTable;
}

export type EventRow = Selectable<EventsTable>;

export type MailOutboxRow = Selectable<MailOutboxTable>;
