import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabaseUrl, testEngine } from '../../test/support/test-database.js';
import { openDatabase } from './database.js';

describe.skipIf(testEngine() !== 'postgres')('PostgreSQL pool size (DATABASE_POOL_SIZE)', () => {
  let dir: string;
  let store: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pagatore-pool-'));
    store = await testDatabaseUrl(dir);
  });
  afterAll(async () => {
    await store.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a process opens at most poolSize connections: a third transaction waits for one of the two', async () => {
    const handle = await openDatabase(store.url, { poolSize: 2 });
    try {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const pids: number[] = [];
      const running = [1, 2, 3].map(() =>
        handle.db.transaction().execute(async (tx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
          pids.push(rows[0]!.pid);
          await gate;
        }),
      );
      await vi.waitFor(() => expect(pids).toHaveLength(2));
      const first = new Set(pids);
      expect(first.size).toBe(2);
      open();
      await Promise.all(running);
      // The third ran on a connection the first two released, not on a third one.
      expect(pids).toHaveLength(3);
      expect(first.has(pids[2]!)).toBe(true);
    } finally {
      await handle.close();
    }
  });
});
