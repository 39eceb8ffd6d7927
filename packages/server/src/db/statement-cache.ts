/**
 * The one statement cache: prepared statements kept per SQL text, for every SQLite connection db/
 * opens (Kysely's, whose statements the bulk store functions share, and the read connection).
 * Kysely's SQLite driver calls `prepare(sql)` for every query it runs; preparing costs more than
 * running a small indexed query (measured ~80 µs against ~15). The least recently used statement is dropped past `max`. A
 * statement still being iterated (a streamed query in progress) is `busy` and cannot run again: the
 * caller then gets a fresh one (kept in its place), as without the cache.
 */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Statements kept by default: the app has some hundreds of distinct queries. */
export const STATEMENT_CACHE_SIZE = 500;

export class StatementCache {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  readonly #cache = new Map<string, SQLite.Statement>();
  readonly #sqlite: SQLite.Database;
  readonly #max: number;

  constructor(sqlite: SQLite.Database, max = STATEMENT_CACHE_SIZE) {
    this.#sqlite = sqlite;
    this.#max = max;
  }

  /** Statements currently kept (for tests and diagnostics). */
  get size(): number {
    return this.#cache.size;
  }

  /** The statement for a SQL text, prepared on first use and kept. */
  prepare(sql: string): SQLite.Statement {
    const cache = this.#cache;
    const hit = cache.get(sql);
    cache.delete(sql);
    // A busy statement stays with its iterator; the fresh one takes its place here.
    const stmt = hit && !hit.busy ? hit : this.#sqlite.prepare(sql);
    cache.set(sql, stmt);
    if (cache.size > this.#max) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return stmt;
  }

  clear(): void {
    this.#cache.clear();
  }
}

export interface CachingDatabase extends SqliteDatabase {
  /** Statements currently kept (for tests and diagnostics). */
  readonly size: number;
  /** Whether a transaction is open on the connection. */
  readonly inTransaction: boolean;
  prepare(sql: string): SQLite.Statement;
}

/**
 * The connection as Kysely's `SqliteDialect` wants it, with `prepare` cached.
 * @example new SqliteDialect({ database: cachingDatabase(new SQLite(file)) })
 */
export function cachingDatabase(sqlite: SQLite.Database, max = STATEMENT_CACHE_SIZE): CachingDatabase {
  const cache = new StatementCache(sqlite, max);
  return {
    get size() {
      return cache.size;
    },
    get inTransaction() {
      return sqlite.inTransaction;
    },
    prepare: (sql: string) => cache.prepare(sql),
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}
