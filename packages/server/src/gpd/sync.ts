/**
 * Sends the queued changes of positions to pagoPA's copy (GPD). Every step is a conditional update in
 * the database, as for webhook deliveries, so any number of processes may run it and a restart
 * loses nothing:
 *
 * - claim: a due change is taken by moving its `next_attempt_at` to the end of a lease (PostgreSQL:
 *   `for update skip locked`; SQLite: a conditional update on the values read); only the holder of
 *   `lease_token` records the outcome. A process that dies mid-attempt leaves the lease to run out.
 * - order: a change is due only when no earlier change of the same position is still pending, so one
 *   change per position is in flight at a time and they reach GPD in the order they were made.
 * - idempotence: each change is brought about whatever GPD already holds, by GPD's own answers:
 *   a create GPD already has (409) becomes an update, an update of a position GPD lacks (404) a
 *   create, a cancellation of one it never had (404) is done, one already invalid is done.
 * - retries: no answer, 429, 5xx, 401/403 (the key, fixable by the entity) are retried with the
 *   webhooks' backoff, for as long as it takes; GPD refusing the change itself (400, or a state
 *   that forbids it) fails it, with GPD's reason, and the position's later changes go on.
 */
import { newToken } from '../core/tokens.js';
import type { Config } from '../config/index.js';
import { romeDayStart } from '../core/rome-calendar.js';
import { type Db, engineOf } from '../db/database.js';
import type { EntityRow, GpdOutboxRow } from '../db/schema/index.js';
import {
  finishGpdChange,
  type GpdChangeOutcome,
  selectDueGpdChanges,
  selectGpdChanges,
} from '../db/stores/gpd.js';
import { claimGpdChangesPostgres, claimRowSqlite } from '../db/stores/queues.js';
import { findEntity } from '../entities/entities.js';
import { pagopaSettingsOf } from '../entities/pagopa-settings.js';
import type { Logger } from '../log/logger.js';
import type { OutboundOptions } from '../outbound/request.js';
import { backoffMs } from '../webhooks/deliveries.js';
import { type GpdAnswer, gpdCall, type GpdTarget, positionsPath, problemOf, statusOf } from './client.js';
import { type GpdPosition, withValidity } from './model.js';

/** What the sender needs of the app. */
export interface GpdSyncDeps {
  db: Db;
  config: Pick<Config, 'webhookTimeoutMs'>;
  logger: Logger;
  now: () => Date;
  version: string;
  /** Name resolution (tests); the system's by default. */
  resolve?: OutboundOptions['resolve'];
}

/** Changes of one process sent at once (each of a different position). */
const CONCURRENCY = 8;
/** A change of an entity that turned the sync off meanwhile waits this long before it is looked at again. */
const SYNC_OFF_DELAY_MS = 3_600_000;

interface Claimed {
  row: GpdOutboxRow;
  token: string;
  attempts: number;
  retrySince: string;
  before: { retrySince: string | null; lastAttemptAt: string | null };
}

/** The lease of one change: up to three calls, each with its timeout, and a margin. */
function leaseMs(deps: GpdSyncDeps): number {
  return 3 * deps.config.webhookTimeoutMs + 30_000;
}

/** Takes up to `limit` due changes (each the oldest pending one of its position) for this process. */
export async function claimDueChanges(deps: GpdSyncDeps, limit: number): Promise<Claimed[]> {
  const now = deps.now();
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs(deps)).toISOString();
  if (engineOf(deps.db) === 'postgres') {
    const token = newToken(15);
    const rows = await claimGpdChangesPostgres(deps.db, { at, until, token, limit });
    const full = new Map(
      (
        await selectGpdChanges(
          deps.db,
          rows.map((r) => r.id),
        )
      ).map((r) => [r.id, r]),
    );
    return rows
      .filter((r) => full.has(r.id))
      .map((r) => ({
        row: full.get(r.id) as GpdOutboxRow,
        token,
        attempts: r.attempts,
        retrySince: r.retry_since,
        before: { retrySince: r.before_retry_since, lastAttemptAt: r.before_last_attempt_at },
      }))
      .sort((a, b) => a.row.id - b.row.id);
  }
  const due = await selectDueGpdChanges(deps.db, at, limit);
  const taken: {
    id: number;
    token: string;
    attempts: number;
    retrySince: string;
    before: Claimed['before'];
  }[] = [];
  for (const d of due) {
    const token = newToken(15);
    if (!(await claimRowSqlite(deps.db, 'gpd_outbox', d, { at, until, token }))) continue;
    taken.push({
      id: d.id,
      token,
      attempts: d.attempts + 1,
      retrySince: d.retry_since ?? at,
      before: { retrySince: d.retry_since, lastAttemptAt: d.last_attempt_at },
    });
  }
  const full = new Map(
    (
      await selectGpdChanges(
        deps.db,
        taken.map((t) => t.id),
      )
    ).map((r) => [r.id, r]),
  );
  return taken.filter((t) => full.has(t.id)).map((t) => ({ ...t, row: full.get(t.id) as GpdOutboxRow }));
}

/** How a change ended this time. */
type Outcome =
  | { kind: 'done'; gpdStatus: string | null; status: number }
  | { kind: 'retry'; error: string; status: number | null }
  | { kind: 'failed'; error: string; status: number };

/** GPD could not take the change now, but may later: overloaded, down, or the key refused. */
function transient(a: GpdAnswer): boolean {
  return a.status === 408 || a.status === 429 || a.status === 401 || a.status === 403 || a.status >= 500;
}

/** The answer as an outcome, for the statuses a step does not handle itself. */
function otherwise(a: GpdAnswer): Outcome {
  return transient(a)
    ? { kind: 'retry', error: problemOf(a), status: a.status }
    : { kind: 'failed', error: problemOf(a), status: a.status };
}

/** GPD's own word for a position it deleted (it answers no status for a deleted position). */
export const GPD_DELETED = 'DELETED';

/**
 * Brings one change about on GPD, by its answers; `calls` gets each call made. A network error
 * (thrown) is retried by the caller.
 */
async function apply(
  deps: GpdSyncDeps,
  target: GpdTarget,
  row: GpdOutboxRow,
  calls: string[],
): Promise<Outcome> {
  const now = deps.now();
  const timeoutMs = deps.config.webhookTimeoutMs;
  const call = async (method: string, path: string, body?: unknown): Promise<GpdAnswer> => {
    const a = await gpdCall({ timeoutMs, ...(deps.resolve ? { resolve: deps.resolve } : {}) }, target, {
      method,
      path,
      body,
    });
    calls.push(`${method} ${path.replace(/^\/organizations\/[^/]+\/debtpositions/, '') || '/'} ${a.status}`);
    return a;
  };
  const org = target.entityCode;
  const body = row.body ? withValidity(JSON.parse(row.body) as GpdPosition, row.validity_date, now) : null;
  /** A created or updated position GPD left as a draft is published. */
  const published = async (a: GpdAnswer): Promise<Outcome> => {
    if (statusOf(a) !== 'DRAFT') return { kind: 'done', gpdStatus: statusOf(a), status: a.status };
    const p = await call('POST', positionsPath(org, row.iupd, '/publish'));
    if (p.status === 200) return { kind: 'done', gpdStatus: statusOf(p) ?? 'PUBLISHED', status: 200 };
    return otherwise(p);
  };
  /** Why GPD refuses to change the position: the state it holds it in. */
  const heldAs = async (a: GpdAnswer): Promise<Outcome> => {
    const g = await call('GET', positionsPath(org, row.iupd));
    const held = g.status === 200 ? statusOf(g) : null;
    return {
      kind: 'failed',
      error: `${problemOf(a)}${held ? ` (GPD holds it as ${held})` : ''}`,
      status: a.status,
    };
  };
  const create = async (fallback: boolean): Promise<Outcome> => {
    const a = await call('POST', `${positionsPath(org)}?toPublish=true`, body);
    if (a.status === 201 || a.status === 200) return published(a);
    // GPD has the iupd already (an answer lost on the way, or loaded before): it is an update.
    if (a.status === 409 && fallback) return update(false);
    return otherwise(a);
  };
  const update = async (fallback: boolean): Promise<Outcome> => {
    const a = await call('PUT', `${positionsPath(org, row.iupd)}?toPublish=true`, body);
    if (a.status === 200) return published(a);
    if (a.status === 404 && fallback) return create(false);
    // 404 after a 409 on create: the IUV or NAV is another position's on GPD.
    if (a.status === 404)
      return {
        kind: 'failed',
        error: `${problemOf(a)} (its IUV or NAV is another position's on GPD)`,
        status: 404,
      };
    if (a.status === 409) return heldAs(a);
    return otherwise(a);
  };
  const remove = async (): Promise<Outcome> => {
    const a = await call('DELETE', positionsPath(org, row.iupd));
    if (a.status === 200 || a.status === 404)
      return { kind: 'done', gpdStatus: GPD_DELETED, status: a.status };
    if (a.status === 409) return heldAs(a);
    return otherwise(a);
  };
  const cancel = async (): Promise<Outcome> => {
    // Never payable yet (its validity date ahead): nobody saw it payable, it goes.
    if (row.validity_date && Date.parse(romeDayStart(row.validity_date)) > now.getTime()) return remove();
    const a = await call('POST', positionsPath(org, row.iupd, '/invalidate'));
    if (a.status === 200) return { kind: 'done', gpdStatus: statusOf(a) ?? 'INVALID', status: 200 };
    if (a.status === 404) return { kind: 'done', gpdStatus: null, status: 404 };
    if (a.status !== 409) return otherwise(a);
    // Not invalidable: already invalid (done), a draft or expired (deleted), or paid there.
    const g = await call('GET', positionsPath(org, row.iupd));
    const held = g.status === 200 ? statusOf(g) : null;
    if (held === 'INVALID') return { kind: 'done', gpdStatus: held, status: 409 };
    if (held === 'DRAFT' || held === 'EXPIRED') return remove();
    if (g.status === 404) return { kind: 'done', gpdStatus: null, status: 404 };
    return {
      kind: 'failed',
      error: `${problemOf(a)}${held ? ` (GPD holds it as ${held})` : ''}`,
      status: 409,
    };
  };
  switch (row.op) {
    case 'create':
      return create(true);
    case 'update':
      return update(true);
    case 'cancel':
      return cancel();
  }
}

/** Records an attempt's outcome, if this process still holds the change. */
async function finish(deps: GpdSyncDeps, c: Claimed, o: Outcome, calls: string[]): Promise<void> {
  const now = deps.now();
  const at = now.toISOString();
  const common = { calls: JSON.stringify(calls), last_status: o.status };
  const set: GpdChangeOutcome =
    o.kind === 'done'
      ? {
          ...common,
          status: 'done',
          done_at: at,
          next_attempt_at: at,
          gpd_status: o.gpdStatus,
          last_error: null,
        }
      : o.kind === 'failed'
        ? { ...common, status: 'failed', next_attempt_at: at, last_error: o.error }
        : {
            ...common,
            next_attempt_at: new Date(now.getTime() + backoffMs(c.attempts)).toISOString(),
            last_error: o.error,
          };
  await finishGpdChange(deps.db, c.row.id, c.token, set);
}

/**
 * Gives a claimed change back unattempted (the attempt not counted): due in `delayMs` (0: at once,
 * this process is stopping and another may take it).
 */
async function release(deps: GpdSyncDeps, c: Claimed, delayMs: number): Promise<void> {
  await finishGpdChange(deps.db, c.row.id, c.token, {
    attempts: c.attempts - 1,
    next_attempt_at: new Date(deps.now().getTime() + delayMs).toISOString(),
    retry_since: c.before.retrySince,
    last_attempt_at: c.before.lastAttemptAt,
  });
}

/**
 * One round: claims what is due and sends it, several positions at once, one change per position.
 * Returns how many changes were attempted and how many are done. Once `signal` aborts (the process
 * is stopping), the calls in flight finish and the changes not yet started are given back.
 */
export async function syncGpdOnce(
  deps: GpdSyncDeps,
  limit = 100,
  signal?: AbortSignal,
): Promise<{ attempted: number; done: number }> {
  const claimed = await claimDueChanges(deps, limit);
  const entities = new Map<string, EntityRow | undefined>();
  for (const code of new Set(claimed.map((c) => c.row.entity_code)))
    entities.set(code, await findEntity(deps.db, code));
  let attempted = 0;
  let done = 0;
  let next = 0;
  const lane = async () => {
    while (next < claimed.length) {
      const c = claimed[next++] as Claimed;
      if (signal?.aborted) {
        await release(deps, c, 0);
        continue;
      }
      const entity = entities.get(c.row.entity_code);
      const settings = entity ? pagopaSettingsOf(entity) : null;
      // The entity turned the sync off after the change was queued: it waits, unsent.
      if (!entity || !settings?.gpdSync) {
        await release(deps, c, SYNC_OFF_DELAY_MS);
        continue;
      }
      attempted++;
      const calls: string[] = [];
      let outcome: Outcome;
      try {
        outcome = await apply(
          deps,
          {
            settings,
            entityCode: settings.idPA,
            allowPrivate: entity.allow_private_targets === 1,
            userAgent: `Pagatore/${deps.version}`,
          },
          c.row,
          calls,
        );
      } catch (e) {
        const err = e as Error & { code?: string; cause?: { code?: string } };
        const reason = err.name === 'TimeoutError' ? 'timeout' : (err.code ?? err.cause?.code ?? err.message);
        outcome = { kind: 'retry', error: String(reason).slice(0, 300), status: null };
      }
      if (outcome.kind === 'done') done++;
      else
        deps.logger.warn('gpd change not done', {
          change: c.row.id,
          iupd: c.row.iupd,
          op: c.row.op,
          attempt: c.attempts,
          outcome: outcome.kind,
          error: outcome.error,
        });
      await finish(deps, c, outcome, calls);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return { attempted, done };
}

/** Rounds until nothing is due now (tests, and the CLI). */
export async function syncGpdAllDue(deps: GpdSyncDeps, maxRounds = 1000): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxRounds; i++) {
    const r = await syncGpdOnce(deps);
    total += r.attempted;
    if (r.attempted === 0) break;
  }
  return total;
}
