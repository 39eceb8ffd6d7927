/**
 * A read-only SQLite connection beside Kysely's, for the admin API's hottest reads (the API key of
 * every request, the position lookup by NAV/IUV). Its statements are prepared once (the one
 * statement cache): through Kysely each query is built, compiled and prepared again on every call,
 * which costs more than running it. In WAL mode a reader never blocks nor waits for the writer and
 * sees committed data only; this one reads the file through a memory map.
 * PostgreSQL and in-memory SQLite have none: the store functions take their Kysely path there. Only
 * db/'s store modules use it.
 */
import SQLite from 'better-sqlite3';
import { type Db, sqliteAutocommitOf, sqliteFileOf, sqliteStatementsOf, type Tx } from './database.js';
import { StatementCache } from './statement-cache.js';

export interface ReadConnection {
  /** The statement for a fixed SQL text, prepared on first use and kept. */
  statement(sql: string): SQLite.Statement<unknown[]>;
  /**
   * SQLite's `PRAGMA data_version` on this connection: it changes whenever another connection —
   * this process's writer, the CLI, another server — commits a change to the database, so what was
   * read from it holds for as long as the number stays the same.
   */
  dataVersion(): number;
}

/** SQLite's largest memory map (SQLITE_MAX_MMAP_SIZE): the file is mapped up to this size. */
const MMAP_SIZE = 0x7fff0000;

const connections = new WeakMap<object, ReadConnection | null>();

function open(file: string | null): ReadConnection | null {
  if (file === null) return null;
  let conn: SQLite.Database;
  try {
    conn = new SQLite(file, { readonly: true, fileMustExist: true });
    conn.pragma('busy_timeout = 1000');
    // Pages are read through a memory map of the file (up to SQLite's 2 GB limit) instead of a
    // read() into SQLite's own cache each: the lookups land on random pages of big tables, which a
    // page cache of some MB misses (and drops whole whenever another connection commits). Pages
    // newer than the file are still read from the WAL. A local file system is assumed, as WAL mode
    // already needs.
    conn.pragma(`mmap_size = ${MMAP_SIZE}`);
  } catch {
    // The file is not there (yet) or unreadable: the Kysely path still works.
    return null;
  }
  const statements = new StatementCache(conn);
  const version = conn.prepare<[], number>('pragma data_version').pluck();
  return {
    statement: (sql) => statements.prepare(sql) as SQLite.Statement<unknown[]>,
    dataVersion: () => version.get() as number,
  };
}

/**
 * The read connection of a database (opened on first use), or null where there is none and for a
 * transaction (a read inside one must see the transaction's own writes).
 * @example const conn = readConnection(db); if (conn) conn.statement(SQL).get(id);
 */
export function readConnection(db: Db | Tx): ReadConnection | null {
  if (db.isTransaction) return null;
  const key = db.getExecutor().adapter;
  let conn = connections.get(key);
  if (conn === undefined) {
    conn = open(sqliteFileOf(db));
    connections.set(key, conn);
  }
  return conn;
}

/**
 * A number that changes whenever anything commits a change to the database (this process, the CLI,
 * another server), for caches of what was read from it; null where the engine gives none
 * (PostgreSQL, in-memory SQLite): there nothing read may be kept.
 */
export function dataVersion(db: Db): number | null {
  return readConnection(db)?.dataVersion() ?? null;
}

/**
 * Statements for a small read: inside a transaction, on the transaction's own connection (the read
 * sees its writes); outside one, on the writer connection while no transaction holds it (its page
 * cache stays valid across its own commits, where the read connection's is dropped whenever another
 * connection commits: a route that writes and then reads, as every anonymous search counting its
 * rate-limit hit, pays that on each request), else on the read connection; null where neither is
 * there (PostgreSQL).
 */
export function quickReader(db: Db | Tx): ((sql: string) => SQLite.Statement<unknown[]>) | null {
  if (db.isTransaction)
    return sqliteStatementsOf(db as Tx) as ((sql: string) => SQLite.Statement<unknown[]>) | null;
  const writer = sqliteAutocommitOf(db);
  if (writer) return writer as (sql: string) => SQLite.Statement<unknown[]>;
  const conn = readConnection(db);
  return conn ? (sql) => conn.statement(sql) : null;
}
