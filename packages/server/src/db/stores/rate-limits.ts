/**
 * Storage of the rate-limit counters (`rate_limits`): one row per bucket and fixed window. One
 * portable upsert per hit (`insert … on conflict … do update … returning`) on SQLite and
 * PostgreSQL, so every process behind a load balancer counts the same hits. Every anonymous search
 * counts one, so on a SQLite file the hit and the reads run as statements prepared once (on the
 * connection of the transaction they are part of, else the hit on the writer connection when no
 * transaction holds it and the reads as `quickReader` says) instead of being built by Kysely each
 * time.
 */
import { sql } from 'kysely';
import {
  type Db,
  engineOf,
  sqliteAutocommitOf,
  type SqliteStatements,
  sqliteStatementsOf,
  type Tx,
} from '../database.js';
import { quickReader } from '../read-connection.js';

const COUNT_HIT = `insert into "rate_limits" ("bucket", "window_start", "count") values (?, ?, 1)
  on conflict ("bucket", "window_start") do update set "count" = "rate_limits"."count" + 1
  returning "count"`;
const READ_COUNT = 'select "count" from "rate_limits" where "bucket" = ? and "window_start" = ?';
const DELETE_BEFORE = 'delete from "rate_limits" where "window_start" < ?';

/** `countHit` on a SQLite connection's statements (of a transaction the caller runs). */
export function countHitOn(statements: SqliteStatements, bucket: string, windowStart: number): number {
  return (statements(COUNT_HIT).get(bucket, windowStart) as { count: number }).count;
}

/** `deleteWindowsBefore` on a SQLite connection's statements. */
export function deleteWindowsBeforeOn(statements: SqliteStatements, before: number): void {
  statements(DELETE_BEFORE).run(before);
}

/** `readCounts` on a SQLite connection's statements. */
export function readCountsOn(
  statements: SqliteStatements,
  buckets: readonly string[],
  windowStart: number,
): Map<string, number> {
  const out = new Map(buckets.map((b) => [b, 0]));
  if (buckets.length === 0) return out;
  const rows = statements(
    `select "bucket", "count" from "rate_limits" where "window_start" = ? and "bucket" in (${buckets.map(() => '?').join(', ')})`,
  ).all(windowStart, ...buckets) as { bucket: string; count: number }[];
  for (const r of rows) out.set(r.bucket, Number(r.count));
  return out;
}

/**
 * Counts one hit of a bucket in the window starting at `windowStart` (Unix seconds); returns the
 * window's count, this hit included.
 * @example const n = await countHit(db, 'login:ip:127.0.0.1', 1767261600);
 */
export async function countHit(db: Db | Tx, bucket: string, windowStart: number): Promise<number> {
  const statements = db.isTransaction ? sqliteStatementsOf(db as Tx) : sqliteAutocommitOf(db);
  if (statements) return countHitOn(statements, bucket, windowStart);
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.columns(['bucket', 'window_start']).doUpdateSet({ count: sql<number>`rate_limits.count + 1` }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A bucket's count in the window starting at `windowStart`, 0 when it has none. */
export async function readCount(db: Db | Tx, bucket: string, windowStart: number): Promise<number> {
  const statements = quickReader(db);
  if (statements) {
    const found = statements(READ_COUNT).get(bucket, windowStart) as { count: number } | undefined;
    return found?.count ?? 0;
  }
  const row = await db
    .selectFrom('rate_limits')
    .select('count')
    .where('bucket', '=', bucket)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * The counts of several buckets in the window starting at `windowStart`, in one statement, by
 * bucket (0 for a bucket with none).
 */
export async function readCounts(
  db: Db | Tx,
  buckets: readonly string[],
  windowStart: number,
): Promise<Map<string, number>> {
  const statements = quickReader(db);
  if (statements) return readCountsOn(statements, buckets, windowStart);
  const out = new Map(buckets.map((b) => [b, 0]));
  if (buckets.length === 0) return out;
  const rows = await db
    .selectFrom('rate_limits')
    .select(['bucket', 'count'])
    .where('window_start', '=', windowStart)
    .where('bucket', 'in', buckets)
    .execute();
  for (const r of rows) out.set(r.bucket, Number(r.count));
  return out;
}

/** Forgets every window of a bucket. */
export async function deleteBucket(db: Db | Tx, bucket: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('bucket', '=', bucket).execute();
}

/**
 * Deletes the windows that started before `before` (Unix seconds). On PostgreSQL through the
 * function `rate_limits_sweep` (migration 0031), which takes the index on `window_start` even when
 * the table's statistics are those of an empty table.
 */
export async function deleteWindowsBefore(db: Db | Tx, before: number): Promise<void> {
  if (engineOf(db) === 'postgres') await sql`select rate_limits_sweep(${before})`.execute(db);
  else await db.deleteFrom('rate_limits').where('window_start', '<', before).execute();
}
