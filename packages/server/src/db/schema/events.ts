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

export interface EventTables {
  events: EventsTable;
}

export type EventRow = Selectable<EventsTable>;
