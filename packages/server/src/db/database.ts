/**
 * Opens the database named by DATABASE_URL and owns its pragmas, migrations and transactions.
 * SQLite (better-sqlite3, WAL, foreign keys) is the embedded default; the SQL we write stays
 * portable so the same Kysely code runs on PostgreSQL.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import type PgModule from 'pg';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  type PostgresPool,
  SqliteDialect,
  sql,
  type Transaction,
} from 'kysely';
import { type Checkpointer, SAFETY_NET_PAGES, startCheckpointer } from './checkpointer.js';
import { migrations } from './migrations/index.js';
import { type CopyFrom, copyingClient } from './pg-copy.js';
import type { Database } from './schema/index.js';
import { type CachingDatabase, cachingDatabase } from './statement-cache.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/**
 * Bound parameters SQLite takes in one statement (SQLITE_MAX_VARIABLE_NUMBER, 32,766 since SQLite
 * 3.32; better-sqlite3 bundles a newer one): statements built from lists stay below it.
 */
export const SQLITE_MAX_PARAMETERS = 32_766;

/** The engines a database runs on: decided once, when `openDatabase` reads the URL. */
export type Engine = 'sqlite' | 'postgres';

interface Opened {
  engine: Engine;
  /** The SQLite file (null for PostgreSQL and an in-memory database). */
  file: string | null;
  /** Kysely's SQLite connection, with its statement cache (null for PostgreSQL). */
  sqlite: CachingDatabase | null;
  /** The PostgreSQL pool of the citizen's anonymous search (null for SQLite): `pgSearchPoolOf`. */
  searchPool: PgPool | null;
}

/** A PostgreSQL statement prepared once per connection under its name (node-postgres' query config). */
export interface NamedStatement {
  name: string;
  text: string;
  values: unknown[];
}

/** What of the node-postgres pool the store functions' named statements use. */
export interface PgPool {
  query<R>(statement: NamedStatement): Promise<{ rows: R[] }>;
}

/**
 * What `openDatabase` decided for each database, by its Kysely adapter: the database and every
 * transaction of it share that one adapter object.
 */
const opened = new WeakMap<object, Opened>();

function openedOf(db: Db | Tx): Opened {
  const found = opened.get(db.getExecutor().adapter);
  if (!found) throw new Error('not a database opened by openDatabase()');
  return found;
}

/** The engine a database (or one of its transactions) runs on. */
export function engineOf(db: Db | Tx): Engine {
  return openedOf(db).engine;
}

/** The SQLite file of a database, or null (PostgreSQL, in memory). */
export function sqliteFileOf(db: Db | Tx): string | null {
  return openedOf(db).file;
}

/** A statement on a SQLite connection, prepared once per SQL text and kept (the one statement cache). */
export type SqliteStatements = (sql: string) => SQLite.Statement;

/**
 * The statements of the SQLite connection a transaction runs on, or null (PostgreSQL, or not a
 * transaction). Kysely serialises transactions on the one connection, so what runs on it while the
 * transaction is open is part of that transaction. For the store functions' fast paths only (the
 * bulk writes); a statement shared with Kysely by its SQL text must keep its default modes (no
 * `pluck`, no `raw`).
 */
export function sqliteStatementsOf(tx: Tx): SqliteStatements | null {
  if (!tx.isTransaction) return null;
  const conn = openedOf(tx).sqlite;
  return conn ? (sql) => conn.prepare(sql) : null;
}

/**
 * The statements of the SQLite writer connection for one autocommit statement outside any
 * transaction, or null: PostgreSQL, a transaction, or a transaction of another caller open on the
 * connection (Kysely holds the connection from its BEGIN to its COMMIT across awaits, and a
 * statement run on it then would become part of that transaction): those take Kysely's path, which
 * waits for its turn. For the store functions' hottest single writes (a rate-limit hit); the same
 * rule as `sqliteStatementsOf` for statements shared with Kysely by their SQL text.
 */
export function sqliteAutocommitOf(db: Db | Tx): SqliteStatements | null {
  if (db.isTransaction) return null;
  const conn = openedOf(db).sqlite;
  return conn && !conn.inTransaction ? (sql) => conn.prepare(sql) : null;
}

/**
 * The pool of the citizen's anonymous search on PostgreSQL, or null: SQLite, or a transaction (a
 * statement on the pool would run on another connection, outside it). For its named statements,
 * parsed and planned once per connection where Kysely's unnamed ones are parsed and planned on
 * every run. Its connections plan with sequential scans off: a named statement keeps the plan its
 * connection made until the tables' statistics change, and one made while a table was small (a new
 * install, the rate-limit table just emptied and analyzed) scans the whole table on every search
 * as the table grows, until autovacuum analyzes it again. Every lookup of the search has its
 * unique index, which plans made without sequential scans always take. A pool of its own, so that
 * no other statement is planned so.
 */
export function pgSearchPoolOf(db: Db | Tx): PgPool | null {
  if (db.isTransaction) return null;
  return openedOf(db).searchPool;
}

/**
 * How a process's `DATABASE_POOL_SIZE` connections are shared: half (at least one) for the
 * citizen's anonymous search, the rest (at least one) for everything else.
 */
export function poolSizes(poolSize: number): { main: number; search: number } {
  const search = Math.max(1, Math.floor(poolSize / 2));
  return { main: Math.max(1, poolSize - search), search };
}

export interface DatabaseHandle {
  db: Db;
  kind: Engine;
  /** Absolute path of the SQLite file (sqlite only). */
  file: string | null;
  /** The underlying better-sqlite3 connection, for online backups and benchmarks (sqlite only). */
  sqlite: SQLite.Database | null;
  /** The worker checkpointing the WAL, when asked for (`checkpointInBackground`). */
  checkpointer?: Checkpointer | null;
  close(): Promise<void>;
}

/** True for a `postgres://` or `postgresql://` URL: the one test of which engine a URL names. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Parses `file:./data/x.sqlite`, `sqlite:/abs/x.db`, a plain path, or `:memory:`. */
export function sqlitePath(url: string): string {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  const path = url.replace(/^(file|sqlite):(\/\/)?/, '');
  return resolve(path);
}

export interface OpenOptions {
  /** PostgreSQL: connections the database keeps open at most (DATABASE_POOL_SIZE, default 10; `poolSizes`). */
  poolSize?: number;
  /**
   * SQLite file: WAL checkpoints in a worker thread instead of inside the commits of this
   * connection (checkpointer.ts), for the server, whose requests must not wait for them.
   */
  checkpointInBackground?: boolean;
}

/**
 * Opens (and creates) the database.
 * @example const handle = await openDatabase('file:./data/pagatore.sqlite');
 */
export async function openDatabase(url: string, opts: OpenOptions = {}): Promise<DatabaseHandle> {
  if (isPostgresUrl(url)) return openPostgres(url, opts.poolSize ?? 10);
  const file = sqlitePath(url);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const checkpointer = opts.checkpointInBackground && file !== ':memory:' ? startCheckpointer(file) : null;
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  // Kysely prepares every query again; the cache keeps one prepared statement per SQL text.
  const cached = cachingDatabase(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) });
  opened.set(db.getExecutor().adapter, {
    engine: 'sqlite',
    file: file === ':memory:' ? null : file,
    sqlite: cached,
    searchPool: null,
  });
  return {
    db,
    kind: 'sqlite',
    file: file === ':memory:' ? null : file,
    sqlite,
    checkpointer,
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  // PostgreSQL is optional: the `pg` driver is loaded only when a postgres:// URL is configured.
  let pg: typeof PgModule;
  try {
    pg = ((await import('pg')) as { default: typeof PgModule }).default;
  } catch {
    throw new Error('DATABASE_URL is postgres:// but the "pg" package is not installed: npm install pg');
  }
  // Amounts are integer cents in bigint columns and counts/sums come back as bigint or numeric:
  // the app reads them as numbers, as SQLite gives them (cents stay far below 2^53).
  const asNumber = (v: string) => Number(v);
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC
        ? asNumber
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  // Its clients also run COPY FROM STDIN (db/pg-copy.ts: the bulk import's writes) through
  // pg-copy-streams, which has no types of its own: loaded by require, typed by CopyFrom.
  const { from: copyFrom } = createRequire(import.meta.url)('pg-copy-streams') as { from: CopyFrom };
  const sizes = poolSizes(poolSize);
  const pool = new pg.Pool({
    connectionString: url,
    max: sizes.main,
    types,
    Client: copyingClient(pg, copyFrom),
  });
  // Connections are opened when a search first needs them, so a process that serves none opens
  // none; each is set up before its first statement.
  const searchPool = new pg.Pool({
    connectionString: url,
    max: sizes.search,
    types,
    onConnect: async (client) => {
      await client.query('set enable_seqscan = off');
    },
  });
  // An idle connection the server ends (restart, pg_terminate_backend) is an 'error' event of the
  // pool, which would end the process unheard: the pool drops that connection and opens another.
  pool.on('error', () => undefined);
  searchPool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as PostgresPool }) });
  opened.set(db.getExecutor().adapter, {
    engine: 'postgres',
    file: null,
    sqlite: null,
    searchPool: searchPool as unknown as PgPool,
  });
  const close = async () => {
    try {
      await db.destroy();
    } finally {
      await searchPool.end();
    }
  };
  return { db, kind: 'postgres', file: null, sqlite: null, close };
}

/** Runs every pending migration; returns the names applied. Throws on failure. */
export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

let savepoints = 0;

/**
 * Runs `fn` in one transaction: all of its writes land, or none. Kysely serialises transactions on
 * the single SQLite connection; state changes also guard with conditional updates (`where state =`)
 * so they stay correct on PostgreSQL with several processes. Called with a transaction (a staff
 * change runs whole in one, with its audit entry), `fn` runs in a savepoint of it: its writes still
 * go together or not at all, and land when the outer transaction commits.
 */
export async function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute(fn);
  const tx = db as Tx;
  const name = sql.raw(`sp_${++savepoints}`);
  await sql`savepoint ${name}`.execute(tx);
  try {
    const result = await fn(tx);
    await sql`release savepoint ${name}`.execute(tx);
    return result;
  } catch (e) {
    await sql`rollback to savepoint ${name}`.execute(tx);
    await sql`release savepoint ${name}`.execute(tx);
    throw e;
  }
}

/** Runs a trivial query: throws when the database does not answer. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
