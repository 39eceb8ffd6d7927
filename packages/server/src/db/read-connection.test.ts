import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../test/support/entity.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { testEngine } from '../../test/support/test-database.js';
import { openDatabase } from './database.js';
import { dataVersion, readConnection } from './read-connection.js';
import { selectActiveKeyWithEntity } from './stores/api-keys.js';

const sqlite = testEngine() === 'sqlite';

describe('read connection', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const NAME = 'select name from entities where code = ?';
  const COUNT = 'select count(*) as n from scratch';

  it.runIf(sqlite)('is one per database, with statements kept', () => {
    const conn = readConnection(h.deps.db);
    expect(conn).not.toBeNull();
    expect(readConnection(h.deps.db)).toBe(conn);
    expect(conn?.statement(NAME)).toBe(conn?.statement(NAME));
    // It reads the file through a memory map.
    expect(conn?.statement('pragma mmap_size').get()).toEqual({ mmap_size: 0x7fff0000 });
  });

  it.runIf(sqlite)(
    'sees what the writer commits, from the WAL and after checkpoints that grow the file',
    async () => {
      const conn = readConnection(h.deps.db);
      if (!conn) throw new Error('no read connection');
      const sqlite = h.database.sqlite;
      if (!sqlite) throw new Error('not SQLite');
      sqlite.exec('create table scratch (id integer primary key, v text not null)');
      const name = () => (conn.statement(NAME).get(TEST_ENTITY.code) as { name: string }).name;
      const count = () => (conn.statement(COUNT).get() as { n: number }).n;
      const before = count();
      const v0 = conn.dataVersion();
      expect(conn.dataVersion()).toBe(v0);
      // Enough rows to grow the file by many pages once checkpointed.
      const insert = sqlite.prepare('insert into scratch (v) values (?)');
      sqlite.transaction(() => {
        for (let i = 0; i < 500; i++) insert.run(`${i}`.padEnd(2000, 'x'));
      })();
      const v1 = conn.dataVersion();
      expect(v1).not.toBe(v0);
      expect(count()).toBe(before + 500);
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      expect(count()).toBe(before + 500);
      await h.deps.db
        .updateTable('entities')
        .set({ name: 'Nuovo nome' })
        .where('code', '=', TEST_ENTITY.code)
        .execute();
      expect(conn.dataVersion()).not.toBe(v1);
      expect(name()).toBe('Nuovo nome');
      sqlite.exec('delete from scratch');
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.exec('vacuum');
      expect(count()).toBe(0);
      expect(name()).toBe('Nuovo nome');
    },
  );

  it.runIf(sqlite)('is not there for an in-memory database', async () => {
    const memory = await openDatabase(':memory:');
    expect(readConnection(memory.db)).toBeNull();
    expect(dataVersion(memory.db)).toBeNull();
    await memory.close();
  });

  it('is not used inside a transaction, whose reads see its own writes', async () => {
    await expect(
      h.deps.db.transaction().execute(async (tx) => {
        expect(readConnection(tx)).toBeNull();
        await tx
          .insertInto('api_keys')
          .values({
            id: 'readconntxkey0001',
            entity_code: TEST_ENTITY.code,
            label: 'tx',
            secret_hash: '00',
            created_at: new Date().toISOString(),
            revoked_at: null,
            last_used_at: null,
          })
          .execute();
        expect((await selectActiveKeyWithEntity(tx, 'readconntxkey0001'))?.code).toBe(TEST_ENTITY.code);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await selectActiveKeyWithEntity(h.deps.db, 'readconntxkey0001')).toBeUndefined();
  });

  it.runIf(!sqlite)('is not there on PostgreSQL, where nothing read may be kept', () => {
    expect(readConnection(h.deps.db)).toBeNull();
    expect(dataVersion(h.deps.db)).toBeNull();
  });
});
