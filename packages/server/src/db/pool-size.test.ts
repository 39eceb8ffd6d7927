import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabaseUrl, testEngine } from '../../test/support/test-database.js';
import { openDatabase, pgSearchPoolOf, poolSizes } from './database.js';

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

  it('poolSize is shared: half (at least one) for the citizen search, the rest (at least one) for the others', () => {
    expect(poolSizes(10)).toEqual({ main: 5, search: 5 });
    expect(poolSizes(5)).toEqual({ main: 3, search: 2 });
    expect(poolSizes(4)).toEqual({ main: 2, search: 2 });
    expect(poolSizes(1)).toEqual({ main: 1, search: 1 });
  });

  it('a process opens at most poolSize connections: a third transaction waits for one of the two', async () => {
    const handle = await openDatabase(store.url, { poolSize: 4 });
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

  it("the search's connections are its own, at most its share, and plan without sequential scans", async () => {
    const handle = await openDatabase(store.url, { poolSize: 4 });
    try {
      const search = pgSearchPoolOf(handle.db);
      if (!search) throw new Error('a search pool');
      const probe = {
        name: 'pool-size.probe',
        text: "select pg_backend_pid() as pid, current_setting('enable_seqscan') as seqscan, pg_sleep(0.2)",
        values: [],
      };
      // Four at once on a share of two: two connections, each used twice.
      const rows = await Promise.all(
        [1, 2, 3, 4].map(() => search.query<{ pid: number; seqscan: string }>(probe).then((r) => r.rows[0]!)),
      );
      expect(new Set(rows.map((r) => r.pid)).size).toBe(2);
      expect(rows.map((r) => r.seqscan)).toEqual(['off', 'off', 'off', 'off']);
      // The rest of the app plans as PostgreSQL is set up to.
      const main = await sql<{
        seqscan: string;
      }>`select current_setting('enable_seqscan') as seqscan`.execute(handle.db);
      expect(main.rows[0]!.seqscan).toBe('on');
      const pids = rows.map((r) => r.pid);
      const mainPid = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db);
      expect(pids).not.toContain(mainPid.rows[0]!.pid);
    } finally {
      await handle.close();
    }
  });
});
