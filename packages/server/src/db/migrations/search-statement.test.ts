import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl, testEngine } from '../../../test/support/test-database.js';
import { migrate, openDatabase } from '../database.js';
import { migrations } from './index.js';

describe.skipIf(testEngine() !== 'postgres')('migration 0033: the search without its function', () => {
  let dir: string;
  let store: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pagatore-0033-'));
    store = await testDatabaseUrl(dir);
  });
  afterAll(async () => {
    await store.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('drops practice_search_read going up and brings it back going down', async () => {
    const handle = await openDatabase(store.url);
    try {
      const functions = async () =>
        (
          await sql<{ proname: string }>`select proname from pg_proc
            where proname in ('practice_search_read', 'rate_limits_sweep') order by proname`.execute(
            handle.db,
          )
        ).rows.map((r) => r.proname);
      await migrate(handle.db);
      expect(await functions()).toEqual(['rate_limits_sweep']);
      const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
      const down = await migrator.migrateDown();
      expect(down.error).toBeUndefined();
      expect(down.results?.map((r) => r.migrationName)).toEqual(['0033-search-statement']);
      expect(await functions()).toEqual(['practice_search_read', 'rate_limits_sweep']);
      await migrate(handle.db);
      expect(await functions()).toEqual(['rate_limits_sweep']);
    } finally {
      await handle.close();
    }
  });
});
