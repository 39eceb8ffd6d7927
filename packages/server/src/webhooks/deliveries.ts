/**
 * Webhook deliveries: the outbox's events fanned out to endpoints, then POSTed, signed, retried with
 * exponential backoff and jitter for a day, at least once and in order per practice. Every step is
 * a conditional update in the database, so any number of processes may run the worker at once and a
 * restart loses nothing:
 *
 * - fan-out: an endpoint's cursor (last event id fanned out) moves with `where cursor = <read>`; the
 *   process whose update wins inserts the deliveries (unique per event × endpoint).
 * - claim: a due delivery is taken by moving its `next_attempt_at` to the end of a lease, guarded by
 *   the value read; only the holder of `lease_token` may record the outcome. A process that dies mid
 *   attempt leaves the lease to run out, and the delivery becomes due again.
 * - order: a delivery is due only when no earlier event of the same practice is still pending for
 *   that endpoint (a failed one, given up after a day, no longer holds the others back).
 */
import { createHmac } from 'node:crypto';
import type { DeliveryView, Page, PageRequest } from '@pagatore/sdk';
import type { Insertable } from 'kysely';
import type { Config } from '../config/index.js';
import { newToken } from '../core/tokens.js';
import { type Db, engineOf } from '../db/database.js';
import { claimDeliveriesPostgres, claimRowSqlite } from '../db/stores/queues.js';
import type { WebhookDeliveriesTable, WebhookDeliveryRow } from '../db/schema/index.js';
import type { Logger } from '../log/logger.js';
import { type OutboundOptions, outboundRequest } from '../outbound/request.js';

/** What the worker needs of the app. */
export interface WebhookDeps {
  db: Db;
  config: Pick<Config, 'mode' | 'webhookTimeoutMs' | 'webhookRetrySeconds' | 'webhookConcurrency'>;
  logger: Logger;
  now: () => Date;
  version: string;
  /** Name resolution for deliveries (tests); the system's by default. */
  resolve?: OutboundOptions['resolve'];
}

/** First retry after about this long; each next one doubles, up to `MAX_DELAY_MS`. */
export const BASE_DELAY_MS = 10_000;
export const MAX_DELAY_MS = 3_600_000;
const FANOUT_BATCH = 1000;
const INSERT_CHUNK = 200;

/** Delay before retry number `attempts` (1-based): exponential, capped, with "equal jitter". */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  // Half fixed, half random: retries of many deliveries spread out instead of hitting together.
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/**
 * The signature header for a body at a time (docs/webhooks.md).
 * @example signatureHeader('whsec_…', 1764165600, body) // 't=1764165600,v1=5f…'
 */
export function signatureHeader(
  secret: string,
  unixSeconds: number,
  body: string,
  previous?: string | null,
): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  if (previous) {
    // During a rotation's grace period, the old secret's signature too: receivers not yet switched
    // still verify (the SDK's verifier accepts any of several v1 values).
    const old = createHmac('sha256', previous).update(`${unixSeconds}.${body}`).digest('hex');
    return `t=${unixSeconds},v1=${mac},v1=${old}`;
  }
  return `t=${unixSeconds},v1=${mac}`;
}

/** The JSON body of an event: built from the stored payload text, the same on every attempt. */
export function eventBody(e: {
  id: number;
  type: string;
  entity_code: string;
  created_at: string;
  payload: string;
}) {
  return `{"id":${JSON.stringify(String(e.id))},"type":${JSON.stringify(e.type)},"entity":${JSON.stringify(e.entity_code)},"createdAt":${JSON.stringify(e.created_at)},"data":${e.payload}}`;
}

/** A new delivery of an event to an endpoint, due now. */
function pendingDelivery(
  endpoint: { id: string; entity_code: string },
  event: { id: number; type: string; practice_key: string },
  at: string,
): Insertable<WebhookDeliveriesTable> {
  return {
    endpoint_id: endpoint.id,
    event_id: event.id,
    entity_code: endpoint.entity_code,
    event_type: event.type,
    practice_key: event.practice_key,
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    lease_token: null,
    retry_since: null,
    last_attempt_at: null,
    last_status: null,
    last_error: null,
    delivered_at: null,
    created_at: at,
  };
}

/**
 * Turns new events into deliveries for every endpoint (enabled or paused: a paused endpoint's
 * events wait for it). Returns how many deliveries were inserted.
 *
 * No transaction: the deliveries are inserted first (a duplicate is ignored), then the cursor moves
 * only if nobody moved it meanwhile. A crash between the two repeats harmless inserts; two processes
 * racing insert the same rows once. (A transaction held across the reads would make two SQLite
 * connections fail with SQLITE_BUSY instead of waiting.)
 */
export async function fanOut(db: Db, now: Date): Promise<number> {
  // An entity's events become visible in id order on both engines (events/outbox.ts), so the
  // cursor never passes an event still to commit.
  const behind = await db
    .selectFrom('webhook_endpoints as w')
    .select(['w.id', 'w.entity_code', 'w.cursor', 'w.types'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('events as e')
          .select('e.id')
          .whereRef('e.entity_code', '=', 'w.entity_code')
          .whereRef('e.id', '>', 'w.cursor'),
      ),
    )
    .execute();
  let created = 0;
  for (const w of behind) {
    const events = await db
      .selectFrom('events')
      .select(['id', 'type', 'practice_key'])
      .where('entity_code', '=', w.entity_code)
      .where('id', '>', w.cursor)
      .orderBy('id')
      .limit(FANOUT_BATCH)
      .execute();
    const last = events[events.length - 1];
    if (!last) continue;
    const types = JSON.parse(w.types) as string[];
    const wanted = types.length ? events.filter((e) => types.includes(e.type)) : events;
    const at = now.toISOString();
    // Chunks in id order: an event's delivery never exists before an earlier one of its practice.
    for (let i = 0; i < wanted.length; i += INSERT_CHUNK) {
      const r = await db
        .insertInto('webhook_deliveries')
        .values(wanted.slice(i, i + INSERT_CHUNK).map((e) => pendingDelivery(w, e, at)))
        .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
        .executeTakeFirst();
      created += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    await db
      .updateTable('webhook_endpoints')
      .set({ cursor: last.id })
      .where('id', '=', w.id)
      .where('cursor', '=', w.cursor)
      .execute();
  }
  return created;
}

/** The previous secret of an endpoint while its grace period lasts at `at`, else null. */
function stillSigning(
  w: { previous_secret: string | null; previous_secret_until: string | null },
  at: string,
): string | null {
  return w.previous_secret && w.previous_secret_until && w.previous_secret_until > at
    ? w.previous_secret
    : null;
}

interface Claimed {
  id: number;
  endpointId: string;
  token: string;
  attempts: number;
  retrySince: string;
  /** What the claim overwrote, put back if the attempt is not made after all. */
  before: { retrySince: string | null; lastAttemptAt: string | null };
  url: string;
  /** The entity allows its own network as a target. */
  allowPrivate: boolean;
  secret: string;
  /** The secret before a rotation, while its grace period lasts: it signs too. */
  previousSecret: string | null;
  eventId: number;
  eventType: string;
  body: string;
}

/** Takes up to `limit` due deliveries (heads of their practice, endpoint enabled) for this process. */
export async function claimDue(deps: WebhookDeps, limit: number): Promise<Claimed[]> {
  if (engineOf(deps.db) === 'postgres') return claimDuePostgres(deps, limit);
  const { db } = deps;
  const now = deps.now();
  const at = now.toISOString();
  const candidates = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .innerJoin('entities as n', 'n.code', 'w.entity_code')
    .select([
      'n.allow_private_targets',
      'd.id',
      'd.next_attempt_at',
      'd.attempts',
      'd.retry_since',
      'd.last_attempt_at',
      'd.endpoint_id',
      'w.url',
      'w.secret',
      'w.previous_secret',
      'w.previous_secret_until',
      'e.id as event_id',
      'e.type',
      'e.entity_code',
      'e.created_at',
      'e.payload',
    ])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', at)
    .where('w.enabled', '=', 1)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('webhook_deliveries as p')
            .select('p.id')
            .whereRef('p.endpoint_id', '=', 'd.endpoint_id')
            .whereRef('p.practice_key', '=', 'd.practice_key')
            .whereRef('p.event_id', '<', 'd.event_id')
            .where('p.status', '=', 'pending'),
        ),
      ),
    )
    .orderBy('d.next_attempt_at')
    .orderBy('d.id')
    .limit(limit)
    .execute();
  const lease = new Date(now.getTime() + deps.config.webhookTimeoutMs + 30_000).toISOString();
  const claimed: Claimed[] = [];
  for (const c of candidates) {
    const token = newToken(15);
    const retrySince = c.retry_since ?? at;
    if (!(await claimRowSqlite(db, 'webhook_deliveries', c, { at, until: lease, token }))) continue;
    claimed.push({
      id: c.id,
      endpointId: c.endpoint_id,
      token,
      attempts: c.attempts + 1,
      retrySince,
      before: { retrySince: c.retry_since, lastAttemptAt: c.last_attempt_at },
      url: c.url,
      allowPrivate: c.allow_private_targets === 1,
      secret: c.secret,
      previousSecret: stillSigning(c, at),
      eventId: c.event_id,
      eventType: c.type,
      body: eventBody({ ...c, id: c.event_id }),
    });
  }
  return claimed;
}

/**
 * PostgreSQL: one statement locks due rows with `for update skip locked` and moves them to the end of
 * a lease, so concurrent workers take disjoint rows without waiting on each other; the rows' other
 * data is read afterwards. A row being claimed by another worker is skipped, and once claimed it is
 * no longer due; the claim and the lease are the same as on SQLite.
 */
async function claimDuePostgres(deps: WebhookDeps, limit: number): Promise<Claimed[]> {
  const { db } = deps;
  const now = deps.now();
  const at = now.toISOString();
  const lease = new Date(now.getTime() + deps.config.webhookTimeoutMs + 30_000).toISOString();
  const token = newToken(15);
  const rows = await claimDeliveriesPostgres(db, { at, until: lease, token, limit });
  if (rows.length === 0) return [];
  const details = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .innerJoin('entities as n', 'n.code', 'w.entity_code')
    .select([
      'd.id',
      'd.endpoint_id',
      'n.allow_private_targets',
      'w.url',
      'w.secret',
      'w.previous_secret',
      'w.previous_secret_until',
      'e.id as event_id',
      'e.type',
      'e.entity_code',
      'e.created_at',
      'e.payload',
    ])
    .where(
      'd.id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const byId = new Map(details.map((d) => [d.id, d]));
  const claimed: Claimed[] = [];
  for (const r of rows) {
    const c = byId.get(r.id);
    if (!c) continue;
    claimed.push({
      id: r.id,
      endpointId: c.endpoint_id,
      token,
      attempts: r.attempts,
      retrySince: r.retry_since,
      before: { retrySince: r.before_retry_since, lastAttemptAt: r.before_last_attempt_at },
      url: c.url,
      allowPrivate: c.allow_private_targets === 1,
      secret: c.secret,
      previousSecret: stillSigning(c, at),
      eventId: c.event_id,
      eventType: c.type,
      body: eventBody({ ...c, id: c.event_id }),
    });
  }
  return claimed.sort((a, b) => a.id - b.id);
}

/**
 * One POST; the outcome as the delivery row records it. The target is checked where the connection
 * is made (outbound/request.ts): an address inside the network, unless the entity allows it, is an
 * attempt that failed without leaving this machine.
 */
async function post(
  deps: WebhookDeps,
  d: Claimed,
): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  const t = Math.floor(deps.now().getTime() / 1000);
  // The API refuses http endpoints in production; one made another way (the CLI) is not sent either.
  if (deps.config.mode === 'production' && !d.url.startsWith('https://')) {
    return { ok: false, status: null, error: 'https required in production' };
  }
  try {
    const res = await outboundRequest(d.url, {
      method: 'POST',
      timeoutMs: deps.config.webhookTimeoutMs,
      allowPrivate: d.allowPrivate,
      ...(deps.resolve ? { resolve: deps.resolve } : {}),
      headers: {
        'content-type': 'application/json',
        'user-agent': `Pagatore-Webhooks/${deps.version}`,
        'pagatore-event-id': String(d.eventId),
        'pagatore-event-type': d.eventType,
        'pagatore-delivery-id': String(d.id),
        'pagatore-signature': signatureHeader(d.secret, t, d.body, d.previousSecret),
      },
      body: d.body,
    });
    // Only the status matters; the answer is read (up to 64 KiB) so the connection is kept alive.
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, error: ok ? null : `HTTP ${res.status}` };
  } catch (e) {
    const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
    const reason =
      err.name === 'TimeoutError'
        ? 'timeout'
        : err.code === 'EBLOCKEDADDRESS'
          ? `blocked: ${err.message}`
          : (err.code ?? err.cause?.code ?? err.cause?.message ?? err.message);
    return { ok: false, status: null, error: String(reason).slice(0, 300) };
  }
}

/** Records an attempt's outcome, if this process still holds the delivery. */
async function finish(
  deps: WebhookDeps,
  d: Claimed,
  outcome: { ok: boolean; status: number | null; error: string | null },
): Promise<void> {
  const now = deps.now();
  const giveUp = now.getTime() - Date.parse(d.retrySince) >= deps.config.webhookRetrySeconds * 1000;
  const next = outcome.ok
    ? { status: 'delivered' as const, delivered_at: now.toISOString(), next_attempt_at: now.toISOString() }
    : giveUp
      ? { status: 'failed' as const, next_attempt_at: now.toISOString() }
      : { next_attempt_at: new Date(now.getTime() + backoffMs(d.attempts)).toISOString() };
  await deps.db
    .updateTable('webhook_deliveries')
    .set({ ...next, lease_token: null, last_status: outcome.status, last_error: outcome.error })
    .where('id', '=', d.id)
    .where('lease_token', '=', d.token)
    .execute();
}

/**
 * Gives a claimed delivery back unattempted, the attempt not counted: due again in a while (its
 * endpoint did not answer), or at once (`now`: this process is stopping, another may take it).
 */
async function release(deps: WebhookDeps, d: Claimed, when: 'later' | 'now' = 'later'): Promise<void> {
  const at = deps.now().getTime() + (when === 'later' ? BASE_DELAY_MS : 0);
  await deps.db
    .updateTable('webhook_deliveries')
    .set({
      attempts: d.attempts - 1,
      next_attempt_at: new Date(at).toISOString(),
      retry_since: d.before.retrySince,
      last_attempt_at: d.before.lastAttemptAt,
      lease_token: null,
    })
    .where('id', '=', d.id)
    .where('lease_token', '=', d.token)
    .execute();
}

/**
 * Runs one round: fan out new events, claim what is due, POST it (several at once: the claimed
 * deliveries are of different practices), record the outcomes. Once an endpoint does not answer
 * at all (refused, timeout), its other deliveries of the round are given back untried, so a dead
 * receiver costs one timeout per round, not one per practice, and others are not kept waiting.
 * Returns how many were attempted. Once `signal` aborts (the process is stopping), the POSTs in
 * flight finish and the deliveries not yet started are given back, due at once for any process.
 */
export async function deliverOnce(
  deps: WebhookDeps,
  limit = 200,
  signal?: AbortSignal,
): Promise<{ attempted: number; delivered: number }> {
  await fanOut(deps.db, deps.now());
  const claimed = await claimDue(deps, limit);
  const unreachable = new Set<string>();
  let attempted = 0;
  let delivered = 0;
  let next = 0;
  const lane = async () => {
    while (next < claimed.length) {
      const d = claimed[next++] as Claimed;
      if (signal?.aborted) {
        await release(deps, d, 'now');
        continue;
      }
      if (unreachable.has(d.endpointId)) {
        await release(deps, d);
        continue;
      }
      attempted++;
      const outcome = await post(deps, d);
      if (outcome.ok) delivered++;
      else {
        if (outcome.status === null) unreachable.add(d.endpointId);
        deps.logger.warn('webhook attempt failed', {
          delivery: d.id,
          attempt: d.attempts,
          error: outcome.error,
        });
      }
      await finish(deps, d, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, deps.config.webhookConcurrency) }, lane));
  return { attempted, delivered };
}

/** Rounds until nothing is due now (tests and the worker loop). */
export async function deliverAllDue(deps: WebhookDeps, maxRounds = 10_000): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxRounds; i++) {
    const r = await deliverOnce(deps);
    total += r.attempted;
    if (r.attempted === 0) break;
  }
  return total;
}

export function toDeliveryView(row: WebhookDeliveryRow): DeliveryView {
  return {
    id: row.id,
    webhookId: row.endpoint_id,
    eventId: Number(row.event_id),
    eventType: row.event_type,
    practice: row.practice_key,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastAttemptAt: row.last_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}

export interface DeliveryFilters extends PageRequest {
  status?: 'pending' | 'delivered' | 'failed';
  type?: string;
  practice?: string;
  event?: number;
}

/** An endpoint's deliveries, newest event first. */
export async function listDeliveries(
  db: Db,
  endpointId: string,
  f: DeliveryFilters,
): Promise<Page<WebhookDeliveryRow>> {
  let q = db.selectFrom('webhook_deliveries').where('endpoint_id', '=', endpointId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.type) q = q.where('event_type', '=', f.type);
  if (f.practice) q = q.where('practice_key', '=', f.practice);
  if (f.event !== undefined) q = q.where('event_id', '=', f.event);
  const [items, count] = await Promise.all([
    q.selectAll().orderBy('event_id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n), limit: f.limit, offset: f.offset };
}

/** Queues a delivery again now, with a fresh day of retries; undefined when not found. */
export async function redeliver(
  db: Db,
  endpointId: string,
  deliveryId: number,
  now: Date,
): Promise<WebhookDeliveryRow | undefined> {
  const at = now.toISOString();
  // One in flight keeps its lease: its outcome is recorded, and a redelivery would only duplicate it.
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: at, retry_since: null, lease_token: null })
    .where('id', '=', deliveryId)
    .where('endpoint_id', '=', endpointId)
    .where((eb) => eb.or([eb('status', '!=', 'pending'), eb('lease_token', 'is', null)]))
    .execute();
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', '=', deliveryId)
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst();
}

/** Queues an event of the endpoint's entity for it (a new delivery, or the existing one again). */
export async function redeliverEvent(
  db: Db,
  endpoint: { id: string; entity_code: string },
  eventId: number,
  now: Date,
): Promise<WebhookDeliveryRow | undefined> {
  const event = await db
    .selectFrom('events')
    .select(['id', 'type', 'practice_key'])
    .where('id', '=', eventId)
    .where('entity_code', '=', endpoint.entity_code)
    .executeTakeFirst();
  if (!event) return undefined;
  const at = now.toISOString();
  await db
    .insertInto('webhook_deliveries')
    .values(pendingDelivery(endpoint, event, at))
    .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
    .execute();
  const row = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('endpoint_id', '=', endpoint.id)
    .where('event_id', '=', event.id)
    .executeTakeFirstOrThrow();
  return redeliver(db, endpoint.id, row.id, now);
}
