/**
 * A read-only SQLite connection beside Kysely's, for the admin API's hottest reads (the API key of
 * every request, the position lookup by NAV/IUV). Its statements are prepared once: through Kysely
 * each query is built, compiled and prepared again on every call, which costs more than running it.
 * In WAL mode a reader never blocks nor waits for the writer and sees committed data only; this one
 * reads the file through a memory map.
 * PostgreSQL and in-memory SQLite have none: callers keep their Kysely path.
 */
import SQLite from 'better-sqlite3';
import { type Db, sqlitePath } from './database.js';

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

/** Where the database is: the app's handle, its engine and its URL (an app's deps). */
export interface DatabaseRef {
  db: Db;
  dbKind: 'sqlite' | 'postgres';
  config: { databaseUrl: string };
}

const connections = new WeakMap<object, ReadConnection | null>();

function open(deps: Pick<DatabaseRef, 'dbKind' | 'config'>): ReadConnection | null {
  if (deps.dbKind !== 'sqlite') return null;
  const file = sqlitePath(deps.config.databaseUrl);
  if (file === ':memory:') return null;
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
  const statements = new Map<string, SQLite.Statement<unknown[]>>();
  const version = conn.prepare<[], number>('pragma data_version').pluck();
  return {
    statement(sql) {
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = conn.prepare(sql);
        statements.set(sql, stmt);
      }
      return stmt;
    },
    dataVersion: () => version.get() as number,
  };
}

/**
 * The read connection of this app's database (opened on first use), or null where there is none.
 * @example const conn = readConnection(c.get('deps')); if (conn) conn.statement(SQL).get(id);
 */
export function readConnection(deps: DatabaseRef): ReadConnection | null {
  let conn = connections.get(deps.db);
  if (conn === undefined) {
    conn = open(deps);
    connections.set(deps.db, conn);
  }
  return conn;
}
