/**
 * Storage of pagoPA's copy of the positions (GPD): the outbox of changes (queued in the transaction
 * of the change, claimed one per position at a time, finished by the holder of the lease) and the
 * lease row per entity of the receipts read-back.
 */
import type { Insertable } from 'kysely';
import type { Db, Tx } from '../database.js';
import type { GpdOutboxRow, GpdOutboxTable, GpdReceiptPollRow } from '../schema/index.js';

/** Queues changes; call it inside the transaction that makes them. */
export async function insertGpdChanges(tx: Tx, rows: Insertable<GpdOutboxTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await tx
      .insertInto('gpd_outbox')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** Due changes that head their position (no earlier change of it pending), oldest first (SQLite). */
export async function selectDueGpdChanges(db: Db, at: string, limit: number) {
  return db
    .selectFrom('gpd_outbox as o')
    .select(['o.id', 'o.next_attempt_at', 'o.attempts', 'o.retry_since', 'o.last_attempt_at'])
    .where('o.status', '=', 'pending')
    .where('o.next_attempt_at', '<=', at)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('gpd_outbox as p')
            .select('p.id')
            .whereRef('p.entity_code', '=', 'o.entity_code')
            .whereRef('p.iupd', '=', 'o.iupd')
            .whereRef('p.id', '<', 'o.id')
            .where('p.status', '=', 'pending'),
        ),
      ),
    )
    .orderBy('o.next_attempt_at')
    .orderBy('o.id')
    .limit(limit)
    .execute();
}

/** The rows of changes by id. */
export async function selectGpdChanges(db: Db, ids: readonly number[]): Promise<GpdOutboxRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('gpd_outbox')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** What an attempt's end sets on its change. */
export type GpdChangeOutcome = Partial<
  Pick<
    GpdOutboxTable,
    | 'status'
    | 'next_attempt_at'
    | 'last_status'
    | 'last_error'
    | 'calls'
    | 'gpd_status'
    | 'done_at'
    | 'attempts'
    | 'retry_since'
    | 'last_attempt_at'
  >
>;

/** Records an attempt's end, if the lease `token` still holds the change; true when it did. */
export async function finishGpdChange(
  db: Db,
  id: number,
  token: string,
  set: GpdChangeOutcome,
): Promise<boolean> {
  const r = await db
    .updateTable('gpd_outbox')
    .set({ ...set, lease_token: null })
    .where('id', '=', id)
    .where('lease_token', '=', token)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface GpdChangeFilters {
  status?: 'pending' | 'done' | 'failed' | undefined;
  iupd?: string | undefined;
  limit: number;
  offset: number;
}

/** An entity's changes, newest first, with how many match. */
export async function listGpdChanges(
  db: Db,
  entityCode: string,
  f: GpdChangeFilters,
): Promise<{ items: GpdOutboxRow[]; total: number }> {
  let q = db.selectFrom('gpd_outbox').where('entity_code', '=', entityCode);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.iupd) q = q.where('iupd', '=', f.iupd);
  const [items, count] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** An entity's backlog: pending and failed changes, and when the oldest pending one was made. */
export async function gpdBacklog(db: Db, entityCode: string) {
  const rows = await db
    .selectFrom('gpd_outbox')
    .select((eb) => [
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.min<string>('created_at').as('oldest'),
    ])
    .where('entity_code', '=', entityCode)
    .where('status', 'in', ['pending', 'failed'])
    .groupBy('status')
    .execute();
  const pending = rows.find((r) => r.status === 'pending');
  return {
    pending: Number(pending?.n ?? 0),
    failed: Number(rows.find((r) => r.status === 'failed')?.n ?? 0),
    oldestPendingAt: pending?.oldest ?? null,
  };
}

/** The receipts read-back row of an entity, if it ever ran. */
export async function selectReceiptPoll(db: Db, entityCode: string): Promise<GpdReceiptPollRow | undefined> {
  return db
    .selectFrom('gpd_receipt_polls')
    .selectAll()
    .where('entity_code', '=', entityCode)
    .executeTakeFirst();
}

/**
 * Takes the entity's receipts read-back for this process until `until`, if it is due (its lease,
 * which doubles as the time of the next run, has ended). Returns the row as taken, or undefined.
 */
export async function claimReceiptPoll(
  db: Db,
  entityCode: string,
  at: string,
  until: string,
  token: string,
): Promise<GpdReceiptPollRow | undefined> {
  await db
    .insertInto('gpd_receipt_polls')
    .values({
      entity_code: entityCode,
      lease_until: at,
      lease_token: null,
      from_date: null,
      last_run_at: null,
      last_error: null,
      recorded: 0,
    })
    .onConflict((oc) => oc.column('entity_code').doNothing())
    .execute();
  const r = await db
    .updateTable('gpd_receipt_polls')
    .set({ lease_until: until, lease_token: token })
    .where('entity_code', '=', entityCode)
    .where('lease_until', '<=', at)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  return selectReceiptPoll(db, entityCode);
}

/** Ends a read-back run: the next one is due at `nextAt`; only the holder of `token` may end it. */
export async function finishReceiptPoll(
  db: Db,
  entityCode: string,
  token: string,
  set: {
    nextAt: string;
    fromDate: string | null;
    lastRunAt: string;
    lastError: string | null;
    recorded: number;
  },
): Promise<void> {
  await db
    .updateTable('gpd_receipt_polls')
    .set((eb) => ({
      lease_until: set.nextAt,
      lease_token: null,
      from_date: set.fromDate,
      last_run_at: set.lastRunAt,
      last_error: set.lastError,
      recorded: eb('recorded', '+', set.recorded),
    }))
    .where('entity_code', '=', entityCode)
    .where('lease_token', '=', token)
    .execute();
}

/** The IUVs among `iuvs` the entity already holds a receipt for. */
export async function selectIuvsWithReceipt(
  db: Db,
  entityCode: string,
  iuvs: readonly string[],
): Promise<Set<string>> {
  if (iuvs.length === 0) return new Set();
  const rows = await db
    .selectFrom('receipts')
    .select('iuv')
    .where('entity_code', '=', entityCode)
    .where('iuv', 'in', [...iuvs])
    .execute();
  return new Set(rows.map((r) => r.iuv));
}
