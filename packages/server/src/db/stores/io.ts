/**
 * The outbox of messages for the IO app (`io_outbox`): queued next to their reminder-ledger row,
 * claimed by the outbox worker with a lease (PostgreSQL: `claimIoMessagesPostgres` in queues.ts;
 * SQLite: `claimRowSqlite`), finished only by the lease's holder.
 */
import type { Db, Tx } from '../database.js';
import type { IoOutboxRow, IoOutboxStatus } from '../schema/io.js';

/** Queues the message of a ledger row; a second call for the same row queues nothing. */
export async function insertIoMessage(
  tx: Db | Tx,
  m: { reminderId: number; entityCode: string; at: string },
): Promise<void> {
  await tx
    .insertInto('io_outbox')
    .values({
      reminder_id: m.reminderId,
      entity_code: m.entityCode,
      status: 'pending',
      attempts: 0,
      next_attempt_at: m.at,
      lease_token: null,
      retry_since: null,
      last_attempt_at: null,
      last_status: null,
      last_error: null,
      io_message_id: null,
      done_at: null,
      created_at: m.at,
    })
    .onConflict((oc) => oc.column('reminder_id').doNothing())
    .execute();
}

/** Due messages (SQLite's claim reads them first, then takes each with a conditional update). */
export async function selectDueIoMessages(db: Db, at: string, limit: number) {
  return db
    .selectFrom('io_outbox')
    .select(['id', 'reminder_id', 'entity_code', 'attempts', 'next_attempt_at', 'retry_since'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** How an attempt ended, as stored. */
export interface IoMessageOutcome {
  status: IoOutboxStatus;
  nextAttemptAt: string;
  lastStatus: number | null;
  lastError: string | null;
  ioMessageId?: string | null;
  doneAt?: string | null;
  /** Given back unattempted: the attempt is not counted. */
  uncount?: boolean;
}

/** Records an attempt's outcome if `token` still holds the row; true when it did. */
export async function finishIoMessage(
  db: Db | Tx,
  id: number,
  token: string,
  o: IoMessageOutcome,
): Promise<boolean> {
  const r = await db
    .updateTable('io_outbox')
    .set((eb) => ({
      status: o.status,
      next_attempt_at: o.nextAttemptAt,
      lease_token: null,
      last_status: o.lastStatus,
      last_error: o.lastError,
      ...(o.ioMessageId !== undefined ? { io_message_id: o.ioMessageId } : {}),
      ...(o.doneAt !== undefined ? { done_at: o.doneAt } : {}),
      ...(o.uncount ? { attempts: eb('attempts', '-', 1) } : {}),
    }))
    .where('id', '=', id)
    .where('lease_token', '=', token)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Holds back an entity's pending messages not in flight until `until` (IO's 429, or the entity's
 * own send rate used up): none is tried before, in any process.
 */
export async function deferEntityIoMessages(db: Db, entityCode: string, until: string): Promise<void> {
  await db
    .updateTable('io_outbox')
    .set({ next_attempt_at: until })
    .where('entity_code', '=', entityCode)
    .where('status', '=', 'pending')
    .where('lease_token', 'is', null)
    .where('next_attempt_at', '<', until)
    .execute();
}

/** The messages of some ledger rows (tests, the admin views). */
export async function ioMessagesOfReminders(
  db: Db | Tx,
  reminderIds: readonly number[],
): Promise<IoOutboxRow[]> {
  if (reminderIds.length === 0) return [];
  return db
    .selectFrom('io_outbox')
    .selectAll()
    .where('reminder_id', 'in', reminderIds)
    .orderBy('id')
    .execute();
}
