/**
 * Rate limits with fixed-window counters kept in the database (db/stores/rate-limits.ts), so every
 * server process behind a load balancer counts the same hits. The domain limits what it owns (login
 * failures, registrations); the HTTP shell limits clients by address (`http/rate-limit.ts`).
 */
import type { Db, SqliteStatements } from '../db/database.js';
import {
  countHit,
  countHitOn,
  deleteBucket,
  deleteWindowsBefore,
  deleteWindowsBeforeOn,
  readCount,
  readCounts,
  readCountsOn,
} from '../db/stores/rate-limits.js';
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

/**
 * The window of a limit that holds `now`: its start (Unix seconds, the counters' `window_start`) and
 * the seconds until it ends.
 */
export function windowOf(now: Date, l: Limit): { start: number; retryAfter: number } {
  const seconds = Math.floor(now.getTime() / 1000);
  const start = seconds - (seconds % l.windowSeconds);
  return { start, retryAfter: Math.max(1, start + l.windowSeconds - seconds) };
}

/**
 * What `hit` says of a bucket's count in the window of `now`, this hit included: for a hit counted
 * by another statement (the search's on PostgreSQL, db/stores/practice-search.ts).
 */
export function stateOfHit(count: number, l: Limit, now: Date): LimitState {
  return { count, allowed: count <= l.limit, retryAfter: windowOf(now, l).retryAfter };
}

/** What `peek` says of a bucket's count in the window of `now`, read by another statement. */
export function stateOfPeek(count: number, l: Limit, now: Date): LimitState {
  return { count, allowed: count < l.limit, retryAfter: windowOf(now, l).retryAfter };
}

/** One call in a hundred: sweeping old windows on every hit would cost a statement each. */
const sweepsNow = () => Math.random() < 0.01;

/**
 * Deletes the windows that started a day before `windowStart` (Unix seconds), now and then (one
 * call in a hundred): old windows are useless, and sweeping on every hit would cost a statement
 * each. Called once per counted hit; the sweep to wait for, when this call sweeps.
 */
export function sweepNowAndThen(db: Db, windowStart: number): Promise<void> | undefined {
  return sweepsNow() ? deleteWindowsBefore(db, windowStart - 86_400) : undefined;
}

/**
 * Counts one hit in a bucket and says whether it is within the limit.
 * @example const s = await hit(db, `login:ip:${ip}`, { limit: 30, windowSeconds: 600 }, new Date());
 */
export async function hit(db: Db, bucket: string, l: Limit, now: Date): Promise<LimitState> {
  const { start, retryAfter } = windowOf(now, l);
  const count = await countHit(db, bucket, start);
  await sweepNowAndThen(db, start);
  return { count, allowed: count <= l.limit, retryAfter };
}

/** `hit` on a SQLite connection's statements, for a transaction run synchronously by the caller. */
export function hitOn(statements: SqliteStatements, bucket: string, l: Limit, now: Date): LimitState {
  const { start } = windowOf(now, l);
  const count = countHitOn(statements, bucket, start);
  if (sweepsNow()) deleteWindowsBeforeOn(statements, start - 86_400);
  return stateOfHit(count, l, now);
}

/** Reads a bucket's count in the current window without counting. */
export async function peek(db: Db, bucket: string, l: Limit, now: Date): Promise<LimitState> {
  const { start, retryAfter } = windowOf(now, l);
  const count = await readCount(db, bucket, start);
  return { count, allowed: count < l.limit, retryAfter };
}

/**
 * Reads several buckets' counts without counting, in one statement per window length: what `peek`
 * says of each, in the order given.
 * @example const [all, mine] = await peekMany(db, [[codeBucket, PER_CODE], [clientBucket, PER_CLIENT]], now);
 */
export async function peekMany(
  db: Db,
  buckets: readonly (readonly [string, Limit])[],
  now: Date,
): Promise<LimitState[]> {
  const counts = new Map<number, Map<string, number>>();
  for (const [start, names] of bucketsByWindow(buckets, now))
    counts.set(start, await readCounts(db, names, start));
  return limitStates(buckets, counts, now);
}

/** `peekMany` on a SQLite connection's statements. */
export function peekManyOn(
  statements: SqliteStatements,
  buckets: readonly (readonly [string, Limit])[],
  now: Date,
): LimitState[] {
  const counts = new Map<number, Map<string, number>>();
  for (const [start, names] of bucketsByWindow(buckets, now))
    counts.set(start, readCountsOn(statements, names, start));
  return limitStates(buckets, counts, now);
}

/** The buckets' names by the start of their current window (one read per window). */
function bucketsByWindow(buckets: readonly (readonly [string, Limit])[], now: Date): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [bucket, l] of buckets) {
    const { start } = windowOf(now, l);
    const names = out.get(start);
    if (names) names.push(bucket);
    else out.set(start, [bucket]);
  }
  return out;
}

function limitStates(
  buckets: readonly (readonly [string, Limit])[],
  counts: Map<number, Map<string, number>>,
  now: Date,
): LimitState[] {
  return buckets.map(([bucket, l]) => {
    const w = windowOf(now, l);
    const count = counts.get(w.start)?.get(bucket) ?? 0;
    return { count, allowed: count < l.limit, retryAfter: w.retryAfter };
  });
}

/** Forgets a bucket (e.g. the failures of a login after it succeeds). */
export async function reset(db: Db, bucket: string): Promise<void> {
  await deleteBucket(db, bucket);
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
