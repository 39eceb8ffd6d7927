/**
 * The database a test runs on, chosen by DB_ENGINE: `sqlite` (the default) is a file in the
 * test's folder; `postgres` is a new database in the cluster at PAGATORE_TEST_PG_URL (started by
 * pg-global-setup.ts), dropped when the test is done.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

export type TestEngine = 'sqlite' | 'postgres';

export function testEngine(): TestEngine {
  const engine = process.env.DB_ENGINE ?? 'sqlite';
  if (engine !== 'sqlite' && engine !== 'postgres')
    throw new Error(`DB_ENGINE must be sqlite or postgres, not ${engine}`);
  return engine;
}

function adminUrl(): string {
  const url = process.env.PAGATORE_TEST_PG_URL;
  if (!url) throw new Error('DB_ENGINE=postgres needs PAGATORE_TEST_PG_URL (set by the vitest global setup)');
  return url;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh empty database for one test: its URL, and `drop()` to delete it afterwards.
 * @example const store = await testDatabaseUrl(dir); … await store.drop();
 */
export async function testDatabaseUrl(dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (testEngine() === 'sqlite') return { url: `file:${join(dir, 'test.sqlite')}`, drop: async () => {} };
  const name = `t_${randomBytes(8).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
