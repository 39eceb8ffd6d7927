/**
 * The scheduled reconciliation of each entity: fetch its new flows (when its settings name a
 * source), match again the rows still waiting for their receipt, and announce the receipts past
 * their days without a flow. Every server process runs the loop; each entity's run is claimed with a
 * conditional update of its schedule row (db/stores/flows.ts), so one process runs it at a time and
 * a crashed run's claim ends with its lease.
 */
import type { AppDeps } from '../core/deps.js';
import { newToken } from '../core/tokens.js';
import { engineOf, transaction } from '../db/database.js';
import { lockEntityEventsPostgres } from '../db/stores/queues.js';
import { claimFetchJob, ensureFetchJobs, finishFetchJob, selectDueFetchJobs } from '../db/stores/flows.js';
import { findEntity } from '../entities/entities.js';
import { fetchFlows } from './fetch.js';
import { announceAnomaly, rematch } from './flows.js';
import { announceOverdue } from './settlement.js';
import { reconciliationConfigOf } from './settings.js';

/** How long a run may take before another process may take the entity over. */
const LEASE_MS = 15 * 60_000;

/** Matches again the current rows that had no receipt: the receipt may have arrived since. */
export async function rematchWaiting(deps: Pick<AppDeps, 'db'>, entity: string, now: Date): Promise<void> {
  const waiting = await deps.db
    .selectFrom('flow_rows')
    .select('iuv')
    .distinct()
    .where('entity_code', '=', entity)
    .where('current', '=', 1)
    .where('receipt_ref', 'is', null)
    .limit(5000)
    .execute();
  if (waiting.length === 0) return;
  await transaction(deps.db, async (tx) => {
    // The same lock as a flow being stored: rows of one entity are matched by one at a time.
    if (engineOf(tx) === 'postgres') await lockEntityEventsPostgres(tx, entity);
    const anomalies = await rematch(
      tx,
      entity,
      waiting.map((w) => w.iuv),
    );
    for (const a of anomalies) await announceAnomaly(tx, entity, a, now);
  });
}

/** One entity's run: fetch (if a source is set), rematch, overdue. Errors of the fetch are its result. */
export async function reconcileEntity(
  deps: Pick<AppDeps, 'db' | 'now'>,
  code: string,
): Promise<string | null> {
  const entity = await findEntity(deps.db, code);
  if (!entity) return null;
  let error: string | null = null;
  if (reconciliationConfigOf(entity).source !== 'off') {
    try {
      const report = await fetchFlows(deps.db, entity, deps.now);
      if (report.errors.length) error = report.errors.join('; ').slice(0, 2000);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  await rematchWaiting(deps, code, deps.now());
  await announceOverdue(deps.db, code, deps.now());
  return error;
}

/**
 * One round: each entity whose run is due and that this process claims is run; answers how many.
 * @example await runDueReconciliations(deps) // from the server's loop, or a test
 */
export async function runDueReconciliations(
  deps: Pick<AppDeps, 'db' | 'now' | 'logger'>,
  signal?: AbortSignal,
): Promise<number> {
  const now = deps.now();
  const at = now.toISOString();
  const codes = (await deps.db.selectFrom('entities').select('code').execute()).map((e) => e.code);
  await ensureFetchJobs(deps.db, codes, at);
  let ran = 0;
  for (const job of await selectDueFetchJobs(deps.db, at)) {
    if (signal?.aborted) break;
    const token = newToken();
    const claimed = await claimFetchJob(deps.db, job.entity_code, {
      at,
      until: new Date(now.getTime() + LEASE_MS).toISOString(),
      token,
    });
    if (!claimed) continue;
    ran++;
    let error: string | null;
    try {
      error = await reconcileEntity(deps, job.entity_code);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (error) deps.logger.warn('reconciliation run failed', { entity: job.entity_code, error });
    const entity = await findEntity(deps.db, job.entity_code);
    const minutes = entity ? reconciliationConfigOf(entity).intervalMinutes : 60;
    const end = deps.now();
    await finishFetchJob(deps.db, job.entity_code, token, {
      next: new Date(end.getTime() + minutes * 60_000).toISOString(),
      at: end.toISOString(),
      error,
    });
  }
  return ran;
}
