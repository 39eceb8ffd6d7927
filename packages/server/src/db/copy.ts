/**
 * Moves a deployment's data from its SQLite file to PostgreSQL (`pagatore db copy --to postgres://…`).
 * Both databases are brought to the same migration first, so the tables and columns are the same;
 * every table is copied in foreign-key order, in batches, inside one PostgreSQL transaction, from one
 * read snapshot of the SQLite file; identity sequences continue after the copied ids; the row count
 * of every table is checked before the transaction commits. A failure anywhere leaves the target as
 * it was.
 */
import type SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { type DatabaseHandle, migrate } from './database.js';

/** Why a copy did not happen, with the exit code the CLI gives it. */
export class DbCopyError extends Error {
  /** 3: the target holds data (nothing written); 1: anything else went wrong (nothing written). */
  readonly exitCode: 1 | 3;
  override readonly name = 'DbCopyError';
  constructor(message: string, exitCode: 1 | 3) {
    super(message);
    this.exitCode = exitCode;
  }
}

export interface CopiedTable {
  table: string;
  /** Rows in the SQLite snapshot. */
  source: number;
  /** Rows in PostgreSQL after the copy, counted before commit. */
  target: number;
}

export interface CopyOptions {
  /** Delete what the target's Pagatore tables hold first (in the same transaction). */
  replace?: boolean;
  /** Rows per INSERT (lowered for wide tables to stay under PostgreSQL's 65,535 parameters). */
  batchRows?: number;
  /** Called after each table is copied. */
  onTable?: (t: CopiedTable) => void;
}

/** Migration bookkeeping: each side keeps its own, written by `migrate`. */
const BOOKKEEPING = new Set(['kysely_migration', 'kysely_migration_lock']);
/** Names the copy puts into SQL: the migrations' own, lower case. */
const NAME = /^[a-z_][a-z0-9_]*$/;
const MAX_PARAMETERS = 30_000;

// Frozen shape: the copy reads tables by name, whatever the schema types say.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Copies every row of an SQLite database into a PostgreSQL one.
 * @example await copySqliteToPostgres(sqliteHandle, pgHandle, { onTable: (t) => console.log(t) });
 */
export async function copySqliteToPostgres(
  source: DatabaseHandle,
  target: DatabaseHandle,
  opts: CopyOptions = {},
): Promise<CopiedTable[]> {
  if (!source.sqlite) throw new Error('the source must be an SQLite database');
  if (target.kind !== 'postgres') throw new Error('the target must be a PostgreSQL database');
  const sqlite = source.sqlite;
  const pg = target.db as AnyDb;

  await refuseForeignTables(pg);
  try {
    await migrate(source.db);
  } catch (e) {
    throw new DbCopyError(`The SQLite database could not be migrated: ${messageOf(e)}`, 1);
  }
  await migrate(target.db);

  const tables = sqlite
    .prepare(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`,
    )
    .pluck()
    .all() as string[];
  const copied = tables.filter((t) => !BOOKKEEPING.has(t));
  for (const t of copied)
    if (!NAME.test(t)) throw new DbCopyError(`Unexpected table name in the SQLite file: ${t}`, 1);

  const targetColumns = await columnsOf(pg);
  const columns = new Map<string, string[]>();
  for (const t of copied) {
    const have = targetColumns.get(t);
    if (!have) throw new DbCopyError(`Table ${t} of the SQLite file has no counterpart in PostgreSQL`, 1);
    const cols = (sqlite.prepare(`pragma table_info("${t}")`).all() as { name: string }[]).map((c) => c.name);
    const missing = cols.filter((c) => !have.has(c));
    if (missing.length)
      throw new DbCopyError(`Table ${t}: columns missing in PostgreSQL: ${missing.join(', ')}`, 1);
    columns.set(t, cols);
  }
  const order = await foreignKeyOrder(pg, copied);

  const holding = await tablesWithRows(pg, copied);
  if (holding.length && !opts.replace) {
    throw new DbCopyError(
      `The target database already holds data (${holding.map((h) => `${h.table}: ${h.rows} row${h.rows === 1 ? '' : 's'}`).join(', ')}); nothing was copied. ` +
        'Copy into an empty database, or pass --replace to delete what it holds first.',
      3,
    );
  }

  // One read snapshot of the SQLite file (WAL): writes after this moment are not in the copy.
  sqlite.exec('begin');
  try {
    const sourceCounts = new Map(
      order.map((t) => [t, Number(sqlite.prepare(`select count(*) from "${t}"`).pluck().get())]),
    );
    const sequences = sqliteSequences(sqlite);
    return await pg.transaction().execute(async (tx) => {
      if (holding.length) {
        await sql`truncate table ${sql.join(order.map((t) => sql.table(t)))} restart identity`.execute(tx);
      }
      const out: CopiedTable[] = [];
      for (const t of order) {
        const cols = columns.get(t) ?? [];
        await copyTable(sqlite, tx, t, cols, opts.batchRows ?? 1000);
        const rows = Number(
          (await sql<{ n: unknown }>`select count(*) as n from ${sql.table(t)}`.execute(tx)).rows[0]?.n,
        );
        const done = { table: t, source: sourceCounts.get(t) ?? 0, target: rows };
        if (done.source !== done.target) {
          throw new DbCopyError(
            `Table ${t}: ${done.source} rows in SQLite but ${done.target} in PostgreSQL; nothing was copied`,
            1,
          );
        }
        out.push(done);
        opts.onTable?.(done);
      }
      await resetIdentities(tx, order, sequences);
      return out;
    });
  } catch (e) {
    if (e instanceof DbCopyError) throw e;
    throw new DbCopyError(`The copy failed and was rolled back, nothing was written: ${messageOf(e)}`, 1);
  } finally {
    sqlite.exec('rollback');
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A database with tables but no migration table is someone else's: never written. */
async function refuseForeignTables(pg: AnyDb): Promise<void> {
  const tables = (
    await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(pg)
  ).rows.map((r) => r.name);
  if (tables.length && !tables.includes('kysely_migration')) {
    throw new DbCopyError(
      `The target database has tables that are not Pagatore's (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}); nothing was copied. Copy into an empty database.`,
      3,
    );
  }
}

async function columnsOf(pg: AnyDb): Promise<Map<string, Set<string>>> {
  const rows = (
    await sql<{
      t: string;
      c: string;
    }>`select table_name as t, column_name as c from information_schema.columns
      where table_schema = current_schema()`.execute(pg)
  ).rows;
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(r.t) ?? new Set<string>();
    set.add(r.c);
    out.set(r.t, set);
  }
  return out;
}

/** The tables, parents before children (PostgreSQL's foreign keys), otherwise by name. */
async function foreignKeyOrder(pg: AnyDb, tables: string[]): Promise<string[]> {
  const edges = (
    await sql<{ child: string; parent: string }>`select c.relname as child, p.relname as parent
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      join pg_class p on p.oid = k.confrelid
      join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = current_schema()`.execute(pg)
  ).rows;
  const wanted = new Set(tables);
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges)
    if (wanted.has(e.child) && wanted.has(e.parent) && e.child !== e.parent)
      parents.get(e.child)?.add(e.parent);
  const out: string[] = [];
  const placed = new Set<string>();
  while (out.length < tables.length) {
    const next = tables.find(
      (t) => !placed.has(t) && [...(parents.get(t) ?? [])].every((p) => placed.has(p)),
    );
    if (!next) throw new DbCopyError('The foreign keys between the tables form a cycle', 1);
    out.push(next);
    placed.add(next);
  }
  return out;
}

async function tablesWithRows(pg: AnyDb, tables: string[]): Promise<{ table: string; rows: number }[]> {
  const out: { table: string; rows: number }[] = [];
  for (const t of tables) {
    const n = Number(
      (await sql<{ n: unknown }>`select count(*) as n from ${sql.table(t)}`.execute(pg)).rows[0]?.n,
    );
    if (n > 0) out.push({ table: t, rows: n });
  }
  return out;
}

/** SQLite's AUTOINCREMENT high-water marks: ids deleted at the end are not given again. */
function sqliteSequences(sqlite: SQLite.Database): Map<string, number> {
  const exists = sqlite.prepare(`select 1 from sqlite_master where name = 'sqlite_sequence'`).get();
  if (!exists) return new Map();
  const rows = sqlite.prepare('select name, seq from sqlite_sequence').all() as {
    name: string;
    seq: number;
  }[];
  return new Map(rows.map((r) => [r.name, Number(r.seq)]));
}

/** Integers exactly as stored: the safe ones as numbers, larger ones as decimal text. */
function value(v: unknown): unknown {
  if (typeof v !== 'bigint') return v;
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v.toString();
}

async function copyTable(
  sqlite: SQLite.Database,
  tx: AnyDb,
  table: string,
  cols: string[],
  batchRows: number,
): Promise<void> {
  if (cols.length === 0) return;
  const size = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / cols.length)));
  const stmt = sqlite
    .prepare(`select ${cols.map((c) => `"${c}"`).join(', ')} from "${table}"`)
    .raw(true)
    .safeIntegers(true);
  let batch: Record<string, unknown>[] = [];
  for (const row of stmt.iterate() as Iterable<unknown[]>) {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < cols.length; i++) out[cols[i] as string] = value(row[i]);
    batch.push(out);
    if (batch.length >= size) {
      await tx.insertInto(table).values(batch).execute();
      batch = [];
    }
  }
  if (batch.length) await tx.insertInto(table).values(batch).execute();
}

/**
 * Identity columns continue after the copied ids (explicit ids do not move a sequence): the next
 * id is one past the largest copied, or past SQLite's AUTOINCREMENT mark when that is higher.
 */
async function resetIdentities(tx: AnyDb, tables: string[], sequences: Map<string, number>): Promise<void> {
  const identities = (
    await sql<{
      t: string;
      c: string;
    }>`select table_name as t, column_name as c from information_schema.columns
      where table_schema = current_schema() and (is_identity = 'YES' or column_default like 'nextval(%')`.execute(
      tx,
    )
  ).rows.filter((r) => tables.includes(r.t));
  for (const { t, c } of identities) {
    const max = Number(
      (
        await sql<{ m: unknown }>`select coalesce(max(${sql.ref(c)}), 0) as m from ${sql.table(t)}`.execute(
          tx,
        )
      ).rows[0]?.m,
    );
    const next = Math.max(max, sequences.get(t) ?? 0) + 1;
    await sql`select setval(pg_get_serial_sequence(${t}, ${c}), ${next}, false)`.execute(tx);
  }
}
