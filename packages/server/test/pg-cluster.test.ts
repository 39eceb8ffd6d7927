/**
 * The throwaway PostgreSQL of the tests (scripts/pg-cluster.mjs): found on PATH or in Debian's
 * place, started on a free loopback port (as `postgres` when root), answering, and gone after stop.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module script, without types
import { findPgBin, startCluster } from '../../../scripts/pg-cluster.mjs';

const find = findPgBin as (env: Record<string, string>) => string | null;
const start = startCluster as () => Promise<{ url: string; dir: string; stop(): Promise<void> }>;

describe('throwaway PostgreSQL cluster', () => {
  it('finds initdb and pg_ctl together on PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-bin-'));
    try {
      for (const name of ['initdb', 'pg_ctl']) {
        writeFileSync(join(dir, name), '#!/bin/sh\n');
        chmodSync(join(dir, name), 0o755);
      }
      expect(find({ PATH: `/nonexistent:${dir}` })).toBe(dir);
      rmSync(join(dir, 'pg_ctl'));
      expect(find({ PATH: dir })).not.toBe(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts on 127.0.0.1, answers queries, and is deleted when stopped', async () => {
    const cluster = await start();
    try {
      expect(new URL(cluster.url).hostname).toBe('127.0.0.1');
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      const { rows } = await client.query<{ n: number }>('select 1 + 1 as n');
      await client.end();
      expect(rows[0]?.n).toBe(2);
    } finally {
      await cluster.stop();
    }
    expect(existsSync(cluster.dir)).toBe(false);
  }, 120_000);
});
