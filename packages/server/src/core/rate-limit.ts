/**
 * Rate limits with fixed-window counters kept in the database (`rate_limits`), so every server
 * process behind a load balancer counts the same hits. One upsert per hit: portable SQL
 * (`insert … on conflict … do update … returning`) on SQLite and PostgreSQL. The domain limits what
 * it owns (login failures, registrations); the HTTP shell limits clients by address
 * (`http/rate-limit.ts`).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { ApiError } from './errors.js';

/** The database and the clock (an app's deps). */
export interface Clock {
  db: Db;
  now: () => Date;
}

/** A limit: at most `limit` hits per `windowSeconds` for one bucket. */
export interface Limit {
  limit: number;
  windowSeconds: number;
}

export interface LimitState {
  /** Hits in the current window, this one included. */
  count: number;
  allowed: boolean;
  /** Seconds until the window ends. */
  retryAfter: number;
}

function windowOf(now: Date, l: Limit): { start: number; retryAfter: number } {
  const seconds = Math.floor(now.getTime() / 1000);
  const start = seconds - (seconds % l.windowSeconds);
  return { start, retryAfter: Math.max(1, start + l.windowSeconds - seconds) };
}

/**
 * Counts one hit in a bucket and says whether it is within the limit.
 * @example const s = await hit(db, `login:ip:${ip}`, { limit: 30, windowSeconds: 600 }, new Date());
 */
export async function hit(db: Db, bucket: string, l: Limit, now: Date): Promise<LimitState> {
  const { start, retryAfter } = windowOf(now, l);
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: start, count: 1 })
    .onConflict((oc) =>
      oc.columns(['bucket', 'window_start']).doUpdateSet({ count: sql<number>`rate_limits.count + 1` }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  // Old windows are useless; sweep now and then rather than on every hit.
  if (Math.random() < 0.01) {
    await db
      .deleteFrom('rate_limits')
      .where('window_start', '<', start - 86_400)
      .execute();
  }
  const count = Number(row.count);
  return { count, allowed: count <= l.limit, retryAfter };
}

/** Reads a bucket's count in the current window without counting. */
export async function peek(db: Db, bucket: string, l: Limit, now: Date): Promise<LimitState> {
  const { start, retryAfter } = windowOf(now, l);
  const row = await db
    .selectFrom('rate_limits')
    .select('count')
    .where('bucket', '=', bucket)
    .where('window_start', '=', start)
    .executeTakeFirst();
  const count = Number(row?.count ?? 0);
  return { count, allowed: count < l.limit, retryAfter };
}

/** Forgets a bucket (e.g. the failures of a login after it succeeds). */
export async function reset(db: Db, bucket: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('bucket', '=', bucket).execute();
}

/**
 * Counts a hit and throws 429 `rate_limited` with `Retry-After` when over the limit.
 * @example await enforce(c.get('deps'), `register:ip:${c.get('clientIp')}`, LIMITS.register);
 */
export async function enforce(deps: Clock, bucket: string, l: Limit): Promise<void> {
  const state = await hit(deps.db, bucket, l, deps.now());
  if (!state.allowed) throw new ApiError('rate_limited', { retryAfter: state.retryAfter });
}

/** Throws 429 when a bucket already reached its limit, without counting this request. */
export async function enforcePeek(deps: Clock, bucket: string, l: Limit): Promise<void> {
  const state = await peek(deps.db, bucket, l, deps.now());
  if (!state.allowed) throw new ApiError('rate_limited', { retryAfter: state.retryAfter });
}
