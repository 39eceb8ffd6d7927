/**
 * The reminder ledger (`reminders`): whoever means to send a message about a due date first claims
 * it here, and sends only if the claim is theirs. A claim is one `insert … on conflict do nothing
 * returning id` on the unique key (entity, position, option, due date, kind, channel): on SQLite
 * (one writer) and PostgreSQL (the unique index decides between concurrent inserts, the loser waits
 * for the winner's commit and gets no row) exactly one caller, in any process, gets the id; the
 * others get null and skip. Called inside the transaction that queues the message, the claim and
 * the queued message commit or vanish together.
 */
import type { Db, Tx } from '../database.js';
import type { ReminderChannel, ReminderKind, ReminderRow } from '../schema/reminders.js';

/** What a message is about; unique in the ledger. */
export interface ReminderKey {
  entityCode: string;
  positionId: number;
  /** 0 the single payment, 1..n an installment. */
  installment: number;
  /** `YYYY-MM-DD`, the option's due date. */
  dueDate: string;
  kind: ReminderKind;
  channel: ReminderChannel;
}

/**
 * Claims a message: the new ledger row's id (state `pending`) when this caller is the first, null
 * when the message was already claimed (sent, pending or failed) by anyone.
 * @example const id = await claimReminder(tx, { entityCode, positionId, installment: 0, dueDate: '2026-12-31', kind: 'before_due', channel: 'io' }, { now });
 *          if (id !== null) { queue the message with ref id }
 */
export async function claimReminder(
  db: Db | Tx,
  key: ReminderKey,
  opts: { now: Date; accountId?: string | null },
): Promise<number | null> {
  const at = opts.now.toISOString();
  const row = await db
    .insertInto('reminders')
    .values({
      entity_code: key.entityCode,
      position_id: key.positionId,
      installment: key.installment,
      due_date: key.dueDate,
      kind: key.kind,
      channel: key.channel,
      account_id: opts.accountId ?? null,
      state: 'pending',
      last_error: null,
      created_at: at,
      updated_at: at,
      sent_at: null,
    })
    .onConflict((oc) =>
      oc.columns(['entity_code', 'position_id', 'installment', 'due_date', 'kind', 'channel']).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** Records that a claimed message was delivered (`sent`) or given up (`failed`, with why). */
export async function finishReminder(
  db: Db | Tx,
  id: number,
  outcome: { state: 'sent' } | { state: 'failed'; error: string },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db
    .updateTable('reminders')
    .set(
      outcome.state === 'sent'
        ? { state: 'sent', sent_at: at, updated_at: at, last_error: null }
        : { state: 'failed', updated_at: at, last_error: outcome.error.slice(0, 500) },
    )
    .where('id', '=', id)
    .execute();
}

/** A ledger row by id, or undefined. */
export async function findReminder(db: Db | Tx, id: number): Promise<ReminderRow | undefined> {
  return db.selectFrom('reminders').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The ledger rows of a position, oldest first. */
export async function remindersOfPosition(
  db: Db | Tx,
  entityCode: string,
  positionId: number,
): Promise<ReminderRow[]> {
  return db
    .selectFrom('reminders')
    .selectAll()
    .where('entity_code', '=', entityCode)
    .where('position_id', '=', positionId)
    .orderBy('id')
    .execute();
}
