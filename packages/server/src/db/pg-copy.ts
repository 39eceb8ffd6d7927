/**
 * PostgreSQL's bulk path, `COPY … FROM STDIN`, inside a Kysely transaction: the rows of a table go
 * to the server as text, parsed by each column's input function once, and stored by COPY's batched
 * heap writes (a page at a time) instead of an INSERT's row at a time. Kysely hands a statement's
 * SQL and parameters to the node-postgres client; the client class of the pool (`copyingClient`)
 * runs a `copy … from stdin` statement whose one parameter is a `CopyData` as a COPY (through
 * pg-copy-streams) on the same connection, so it is part of the caller's transaction. An error
 * (a unique key taken, a value out of range) fails the statement, and the transaction with it, as
 * an INSERT would.
 */
import type { Writable } from 'node:stream';
import type PgModule from 'pg';
import { CompiledQuery } from 'kysely';
import type { Tx } from './database.js';

/** The text rows of one COPY (PostgreSQL's text format: tab-separated, `\N` for null). */
export class CopyData {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** pg-copy-streams' `from`: the COPY FROM STDIN statement as a writable stream of the rows' bytes. */
export type CopyFrom = (text: string) => Writable & { rowCount: number };

const COPY_FROM_STDIN = /^copy\s[^;]*\sfrom\s+stdin$/i;

/**
 * A node-postgres client class whose `query` runs `copy … from stdin` with one CopyData parameter
 * as a COPY of those rows, and anything else as node-postgres does.
 * @example new pg.Pool({ connectionString, Client: copyingClient(pg, from) })
 */
export function copyingClient(pg: typeof PgModule, copyFrom: CopyFrom): typeof PgModule.Client {
  return class CopyingClient extends pg.Client {
    // node-postgres' overloads of query, one of which is taken over here.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(config: any, values?: any, callback?: any): any {
      if (
        typeof config === 'string' &&
        Array.isArray(values) &&
        values.length === 1 &&
        values[0] instanceof CopyData &&
        COPY_FROM_STDIN.test(config)
      )
        return runCopy(this, copyFrom(config), values[0]);
      return super.query(config, values, callback);
    }
  };
}

/** One COPY on the client: resolves as a query result (`rowCount`) once the server took the rows. */
function runCopy(
  client: PgModule.Client,
  stream: ReturnType<CopyFrom>,
  data: CopyData,
): Promise<{ command: string; rowCount: number; rows: never[] }> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.once('finish', () => resolve({ command: 'COPY', rowCount: stream.rowCount, rows: [] }));
    // Submitted to the client (queued behind its running query, as any statement), then fed.
    (client as unknown as { query(s: unknown): unknown }).query(stream);
    stream.end(Buffer.from(data.text, 'utf8'));
  });
}

/** A value as a field of COPY's text format. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, escape) : s;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escape = (c: string) => ESCAPES[c] as string;

/**
 * Copies rows into a table in the transaction: `columns` of each row, in order, after its id from
 * `ids` (same order as the rows) when given. Every row lands, or the statement fails.
 * @example await copyRows(tx, 'transfers', ['option_id', 'idx', …], rows)
 */
export async function copyRows<R extends object>(
  tx: Tx,
  table: string,
  columns: readonly (keyof R & string)[],
  rows: readonly R[],
  ids?: readonly number[],
): Promise<void> {
  if (rows.length === 0) return;
  let text = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as R;
    let line = ids ? String(ids[i]) : '';
    for (let c = 0; c < columns.length; c++) {
      if (ids || c > 0) line += '\t';
      line += field(row[columns[c] as keyof R]);
    }
    text += `${line}\n`;
  }
  const names = (ids ? ['id', ...columns] : columns).map((c) => `"${c}"`).join(', ');
  await tx.executeQuery(CompiledQuery.raw(`copy "${table}" (${names}) from stdin`, [new CopyData(text)]));
}

/**
 * `count` new ids of a table's identity column, taken from its sequence in one statement: rows
 * copied with them can be referenced (an option by its position) before they are sent. Unique
 * whoever else takes ids meanwhile, not necessarily consecutive.
 * @example const ids = await nextIds(tx, 'positions', 1000);
 */
export async function nextIds(tx: Tx, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  // The sequence is looked up once (OFFSET 0 keeps the subquery apart), not once per id.
  const { rows } = await tx.executeQuery<{ id: number }>(
    CompiledQuery.raw(
      `select nextval(s.seq) as id from (select pg_get_serial_sequence($1, 'id')::regclass as seq offset 0) s, generate_series(1, $2)`,
      [table, count],
    ),
  );
  return rows.map((r) => Number(r.id));
}
