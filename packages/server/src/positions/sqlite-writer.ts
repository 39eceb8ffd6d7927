/**
 * The bulk import's writer on SQLite: a second connection to the same file, answering the storage
 * operations of `writeSteps` with statements prepared once, each chunk in one synchronous
 * transaction. Synchronous matters twice: no other request can run in the middle of a chunk, and
 * the write lock is never held across an await, so the app's own connection never waits for it.
 * When the app's connection is in a write transaction, BEGIN fails at once (no busy wait that
 * would block the event loop) and the caller yields and tries again.
 */
import SQLite from 'better-sqlite3';
import type { Lang } from '@pagatore/sdk';
import { type Db, SQLITE_MAX_PARAMETERS, sqliteFileOf } from '../db/database.js';
import type { EntityRow } from '../db/schema/index.js';
import { type WriteItem, type WriteMode, type WriteResult, writeSteps } from './positions.js';
import type { StoreOp } from './store-op.js';
import { StatementCache } from '../db/statement-cache.js';

export interface SqliteWriter {
  /** Writes one batch in one transaction; throws `SqliteWriterBusy` when the database is locked. */
  write(entity: EntityRow, items: readonly WriteItem[], mode: WriteMode, now: Date, lang: Lang): WriteResult;
  close(): void;
}

/** Rows per multi-row INSERT. */
const ROWS_PER_INSERT = 50;

/** The database was locked by another writer: yield and try again. */
export class SqliteWriterBusy extends Error {
  override readonly name = 'SqliteWriterBusy';
}

/** A writer for a database on a SQLite file, or null (PostgreSQL, in-memory). */
export function openSqliteWriter(db: Db): SqliteWriter | null {
  const file = sqliteFileOf(db);
  if (file === null) return null;
  const conn = new SQLite(file, { fileMustExist: true });
  conn.pragma('foreign_keys = ON');
  conn.pragma('synchronous = NORMAL');
  // Never sleep inside a synchronous call: a locked database is reported at once.
  conn.pragma('busy_timeout = 0');
  const statements = new StatementCache(conn);
  const prepared = (text: string) => statements.prepare(text);
  const q = (c: string) => `"${c}"`;

  function run(op: StoreOp): unknown {
    switch (op.op) {
      case 'selectIn': {
        const out: unknown[] = [];
        for (let start = 0; start < op.values.length; start += 500) {
          const part = op.values.slice(start, start + 500);
          const text = `select ${op.columns.map(q).join(', ')} from ${q(op.table)} where ${q(op.eq.column)} = ? and ${q(op.inColumn)} in (${part.map(() => '?').join(', ')})`;
          out.push(...prepared(text).all(op.eq.value, ...part));
        }
        return out;
      }
      case 'reserve': {
        prepared(
          'insert into iuv_counters (entity_code, next_value) values (?, 1) on conflict do nothing',
        ).run(op.entityCode);
        const row = prepared(
          'update iuv_counters set next_value = next_value + ? where entity_code = ? returning next_value',
        ).get(op.count, op.entityCode) as { next_value: number };
        return Number(row.next_value) - op.count;
      }
      case 'deleteOptions': {
        const st = prepared('delete from payment_options where position_id = ?');
        for (const id of op.positionIds) st.run(id);
        return undefined;
      }
      case 'updatePosition': {
        const cols = Object.keys(op.values);
        const st = prepared(`update positions set ${cols.map((c) => `${q(c)} = ?`).join(', ')} where id = ?`);
        st.run(...cols.map((c) => (op.values as Record<string, unknown>)[c] ?? null), op.id);
        return undefined;
      }
      case 'insert':
        return insert(op);
    }
  }

  /**
   * Rows go in by ROWS_PER_INSERT per statement (one multi-row INSERT costs far less than as many
   * single-row ones). Ids are given here, from the table's largest id: the write transaction holds
   * the database's write lock, so nobody else can take them, and each row's id is known without
   * RETURNING (whose rows come in no set order).
   */
  function insert(op: Extract<StoreOp, { op: 'insert' }>): Record<string, unknown>[] {
    const withId = op.returning.includes('id');
    const columns = withId ? ['id', ...op.columns] : [...op.columns];
    const width = columns.length;
    const per = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(SQLITE_MAX_PARAMETERS / width)));
    const head = `insert into ${q(op.table)} (${columns.map(q).join(', ')}) values `;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const firstId = withId
      ? Number(
          prepared(`select max(id) from ${q(op.table)}`)
            .pluck()
            .get() ?? 0,
        ) + 1
      : 0;
    const rows = op.rows;
    const fill = (values: unknown[], from: number, count: number) => {
      let k = 0;
      for (let r = from; r < from + count; r++) {
        const row = rows[r] as Record<string, unknown>;
        if (withId) values[k++] = firstId + r;
        for (const c of op.columns) values[k++] = row[c] ?? null;
      }
    };
    let r = 0;
    if (rows.length >= per) {
      const many = prepared(head + new Array<string>(per).fill(tuple).join(', '));
      const values = new Array<unknown>(per * width);
      for (; r + per <= rows.length; r += per) {
        fill(values, r, per);
        many.run(values);
      }
    }
    if (r < rows.length) {
      const one = prepared(head + tuple);
      const values = new Array<unknown>(width);
      for (; r < rows.length; r++) {
        fill(values, r, 1);
        one.run(values);
      }
    }
    if (op.returning.length === 0) return [];
    // Only the id is generated; the other returned columns are the row's own.
    return rows.map((row, i) => {
      const back: Record<string, unknown> = {};
      for (const c of op.returning) back[c] = c === 'id' ? firstId + i : row[c];
      return back;
    });
  }

  return {
    write(entity, items, mode, now, lang) {
      const tx = conn.transaction(() => {
        const steps = writeSteps(entity, items, mode, now, lang);
        let step = steps.next();
        while (!step.done) step = steps.next(run(step.value));
        return step.value;
      });
      try {
        return tx.immediate();
      } catch (e) {
        if (String((e as { code?: string }).code).startsWith('SQLITE_BUSY')) throw new SqliteWriterBusy();
        throw e;
      }
    },
    close: () => conn.close(),
  };
}
