import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cachingDatabase } from './statement-cache.js';

interface Tables {
  t: { id: number; name: string };
}

describe('statement cache', () => {
  const open: SQLite.Database[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) if (s.open) s.close();
  });

  function fresh(rows = 5) {
    const sqlite = new SQLite(':memory:');
    open.push(sqlite);
    sqlite.exec('create table t (id integer primary key, name text not null)');
    const insert = sqlite.prepare('insert into t (id, name) values (?, ?)');
    for (let i = 1; i <= rows; i++) insert.run(i, `n${i}`);
    return sqlite;
  }

  it('hands back the same statement for the same SQL, with the results of each run', () => {
    const sqlite = fresh();
    const db = cachingDatabase(sqlite);
    const a = db.prepare('select name from t where id = ?');
    expect(db.prepare('select name from t where id = ?')).toBe(a);
    expect(a.all([2])).toEqual([{ name: 'n2' }]);
    expect(db.prepare('select name from t where id = ?').all([3])).toEqual([{ name: 'n3' }]);
    sqlite.prepare('update t set name = ? where id = ?').run('changed', 3);
    expect(db.prepare('select name from t where id = ?').all([3])).toEqual([{ name: 'changed' }]);
    expect(db.size).toBe(1);
  });

  it('gives a fresh statement while the cached one is being iterated, and both answer right', () => {
    const sqlite = fresh(5);
    const db = cachingDatabase(sqlite);
    const text = 'select id, name from t where id >= ? order by id';
    const first = db.prepare(text) as unknown as SQLite.Statement<[number], { id: number; name: string }>;
    const seen: number[] = [];
    const inner: number[][] = [];
    for (const row of first.iterate(1)) {
      seen.push(row.id);
      // The same SQL again mid-iteration: the cached statement is busy.
      const again = db.prepare(text);
      expect(again).not.toBe(first);
      inner.push((again.all([row.id]) as { id: number }[]).map((r) => r.id));
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(inner[0]).toEqual([1, 2, 3, 4, 5]);
    expect(inner[3]).toEqual([4, 5]);
    // Once the iteration is over the statement kept in its place is reused.
    const after = db.prepare(text) as unknown as SQLite.Statement;
    expect(after.busy).toBe(false);
    expect(db.prepare(text)).toBe(after);
    expect(after.all([5])).toEqual([{ id: 5, name: 'n5' }]);
  });

  it('keeps at most `max` statements, dropping the least recently used', () => {
    const db = cachingDatabase(fresh(), 2);
    const a = db.prepare('select 1 as v');
    const b = db.prepare('select 2 as v');
    expect(db.prepare('select 1 as v')).toBe(a); // a is now the most recent
    db.prepare('select 3 as v'); // drops b
    expect(db.size).toBe(2);
    expect(db.prepare('select 1 as v')).toBe(a);
    expect(db.prepare('select 2 as v')).not.toBe(b);
  });

  it('sees columns added after a statement was cached', () => {
    const sqlite = fresh(1);
    const db = cachingDatabase(sqlite);
    expect(db.prepare('select * from t').all([])).toEqual([{ id: 1, name: 'n1' }]);
    sqlite.exec("alter table t add column extra text not null default 'x'");
    expect(db.prepare('select * from t').all([])).toEqual([{ id: 1, name: 'n1', extra: 'x' }]);
  });

  it('serves Kysely: queries, writes, transactions, and a stream running beside other queries', async () => {
    const sqlite = fresh(3);
    const cached = cachingDatabase(sqlite);
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: cached }) });
    const byId = (id: number) => db.selectFrom('t').select('name').where('id', '=', id).executeTakeFirst();
    expect(await byId(1)).toEqual({ name: 'n1' });
    expect(await byId(2)).toEqual({ name: 'n2' });
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ id: 4, name: 'n4' }).execute();
      await tx.updateTable('t').set({ name: 'N1' }).where('id', '=', 1).execute();
    });
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ id: 5, name: 'n5' }).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await db.selectFrom('t').select('id').orderBy('id').execute()).toEqual([
      { id: 1 },
      { id: 2 },
      { id: 3 },
      { id: 4 },
    ]);
    expect(await byId(1)).toEqual({ name: 'N1' });
    // A second Kysely on the same cached connection streams the query the first one runs.
    const other = new Kysely<Tables>({ dialect: new SqliteDialect({ database: cached }) });
    const names: string[] = [];
    for await (const row of other.selectFrom('t').select('name').where('id', '>=', 1).stream()) {
      names.push(row.name);
      const all = await db.selectFrom('t').select('name').where('id', '>=', 1).execute();
      expect(all).toHaveLength(4);
    }
    expect(names).toEqual(['N1', 'n2', 'n3', 'n4']);
    expect(await sql<{ n: number }>`select count(*) as n from t`.execute(db)).toMatchObject({
      rows: [{ n: 4 }],
    });
    await db.destroy();
    expect(sqlite.open).toBe(false);
  });
});
