/**
 * Storage of reporting flows (FdR): the revisions as received, their rows and matches, the receipts
 * rows are matched against, and the scheduled fetch of each entity, whose claim is a conditional
 * update of its `next_run_at` (one process runs a fetch at a time, on SQLite and PostgreSQL alike).
 */
import type { Insertable } from 'kysely';
import type { Db, Tx } from '../database.js';
import type { FlowRow, FlowRowRow, FlowRowsTable, FlowsTable, ReceiptRow } from '../schema/index.js';

export function selectFlowByHash(db: Db | Tx, entity: string, sha256: string): Promise<FlowRow | undefined> {
  return db
    .selectFrom('flows')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}

export function selectFlowBySource(db: Db | Tx, entity: string, key: string): Promise<FlowRow | undefined> {
  return db
    .selectFrom('flows')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('source_key', '=', key)
    .executeTakeFirst();
}

export function selectFlow(db: Db | Tx, entity: string, id: number): Promise<FlowRow | undefined> {
  return db
    .selectFrom('flows')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Revisions of a flow id, newest first. */
export function selectRevisions(tx: Tx, entity: string, flowId: string): Promise<FlowRow[]> {
  return tx
    .selectFrom('flows')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('flow_id', '=', flowId)
    .orderBy('revision', 'desc')
    .execute();
}

export async function insertFlow(tx: Tx, row: Insertable<FlowsTable>): Promise<number> {
  const r = await tx.insertInto('flows').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Inserts rows in chunks (each row has 13 values: well under every engine's parameter limit). */
export async function insertFlowRows(tx: Tx, rows: Insertable<FlowRowsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await tx
      .insertInto('flow_rows')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Takes a flow's revisions out of the current set (their rows stay, as history). */
export async function retireRevisions(tx: Tx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.updateTable('flows').set({ current: 0 }).where('id', 'in', ids).execute();
  await tx.updateTable('flow_rows').set({ current: 0 }).where('flow_ref', 'in', ids).execute();
}

/** Current rows of these IUVs, in the order they settle: settlement date, flow, position. */
export function selectCurrentRowsByIuv(
  tx: Tx,
  entity: string,
  iuvs: string[],
): Promise<(FlowRowRow & { settlement_date: string | null })[]> {
  if (iuvs.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('flow_rows as r')
    .innerJoin('flows as f', 'f.id', 'r.flow_ref')
    .selectAll('r')
    .select('f.settlement_date')
    .where('r.entity_code', '=', entity)
    .where('r.current', '=', 1)
    .where('r.iuv', 'in', iuvs)
    .orderBy('f.settlement_date')
    .orderBy('f.id')
    .orderBy('r.position')
    .execute();
}

/** The entity's receipts of these IUVs. */
export function selectReceiptsByIuv(tx: Tx | Db, entity: string, iuvs: string[]): Promise<ReceiptRow[]> {
  if (iuvs.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('receipts')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('iuv', 'in', iuvs)
    .execute();
}

/** The IBAN of each transfer of the entity's options with these IUVs (for money without a receipt). */
export function selectOptionIbans(
  tx: Tx | Db,
  entity: string,
  iuvs: string[],
): Promise<{ iuv: string; idx: number; iban: string }[]> {
  if (iuvs.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('payment_options as o')
    .innerJoin('transfers as t', 't.option_id', 'o.id')
    .select(['o.iuv', 't.idx', 't.iban'])
    .where('o.entity_code', '=', entity)
    .where('o.iuv', 'in', iuvs)
    .execute();
}

export async function updateRowMatch(
  tx: Tx,
  id: number,
  m: { result: string; receipt_ref: number | null; expected_amount: number | null; iban: string | null },
): Promise<void> {
  await tx.updateTable('flow_rows').set(m).where('id', '=', id).execute();
}

/** Recounts the anomalies (rows not `matched`) of these flows. */
export async function recountAnomalies(tx: Tx, flowIds: number[]): Promise<void> {
  for (const id of flowIds) {
    const r = await tx
      .selectFrom('flow_rows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('flow_ref', '=', id)
      .where('result', '!=', 'matched')
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('flows')
      .set({ anomalies: Number(r.n) })
      .where('id', '=', id)
      .execute();
  }
}

/** Current rows that name these receipts (by receipts.id). */
export function selectRowsOfReceipts(
  db: Db | Tx,
  receiptRefs: number[],
): Promise<
  (FlowRowRow & { flow_id: string | null; settlement_id: string | null; settlement_date: string | null })[]
> {
  if (receiptRefs.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('flow_rows as r')
    .innerJoin('flows as f', 'f.id', 'r.flow_ref')
    .selectAll('r')
    .select(['f.flow_id', 'f.settlement_id', 'f.settlement_date'])
    .where('r.current', '=', 1)
    .where('r.receipt_ref', 'in', receiptRefs)
    .orderBy('f.settlement_date')
    .orderBy('r.id')
    .execute();
}

/** Makes sure each entity has its fetch schedule (due now for a new one). */
export async function ensureFetchJobs(db: Db, entities: string[], at: string): Promise<void> {
  if (entities.length === 0) return;
  await db
    .insertInto('flow_fetch_jobs')
    .values(entities.map((e) => ({ entity_code: e, next_run_at: at })))
    .onConflict((oc) => oc.column('entity_code').doNothing())
    .execute();
}

/** Entities whose fetch is due. */
export async function selectDueFetchJobs(
  db: Db,
  at: string,
): Promise<{ entity_code: string; next_run_at: string }[]> {
  return db
    .selectFrom('flow_fetch_jobs')
    .select(['entity_code', 'next_run_at'])
    .where('next_run_at', '<=', at)
    .orderBy('next_run_at')
    .execute();
}

/**
 * Claims an entity's due fetch: one conditional update moves `next_run_at` to the end of the lease
 * and writes the claim's token. On SQLite one writer runs it; on PostgreSQL a concurrent update of
 * the same row waits for the first to commit and re-checks the condition, which no longer holds: in
 * both, one process gets the run. A crashed run's lease simply ends.
 */
export async function claimFetchJob(
  db: Db,
  entity: string,
  claim: { at: string; until: string; token: string },
): Promise<boolean> {
  const r = await db
    .updateTable('flow_fetch_jobs')
    .set({ next_run_at: claim.until, lease_token: claim.token })
    .where('entity_code', '=', entity)
    .where('next_run_at', '<=', claim.at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Ends a run: the next one is due at `next`; only the holder of the claim writes. */
export async function finishFetchJob(
  db: Db,
  entity: string,
  token: string,
  done: { next: string; at: string; error: string | null },
): Promise<void> {
  await db
    .updateTable('flow_fetch_jobs')
    .set({ next_run_at: done.next, lease_token: null, last_run_at: done.at, last_error: done.error })
    .where('entity_code', '=', entity)
    .where('lease_token', '=', token)
    .execute();
}
