/**
 * Test harness: a real database, migrated, with the test entity (or what `seed` writes instead),
 * and the app built on it: an SQLite file in a temporary folder, or with DB_ENGINE=postgres a new
 * database in the test run's PostgreSQL cluster (test-database.ts). `request()` calls the app without a socket; `listen()` serves it on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppParts } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import type { AppDeps } from '../../src/core/deps.js';
import { type DatabaseHandle, type Db, migrate, openDatabase } from '../../src/db/database.js';
import { memoryLogger } from '../../src/log/logger.js';
import { closeServer, listen } from '../../src/server.js';
import { VERSION } from '../../src/version.js';
import { seedTestEntity } from './entity.js';
import { testDatabaseUrl } from './test-database.js';

export interface Harness {
  dir: string;
  deps: AppDeps;
  database: DatabaseHandle;
  app: ReturnType<typeof createApp>;
  logger: ReturnType<typeof memoryLogger>;
  /** Moves the clock used by the app (null: the real clock again). */
  setNow(date: Date | null): void;
  request(path: string, init?: RequestInit): Promise<Response>;
  /** JSON request helper. */
  json(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  listen(): Promise<{ url: string; close(): Promise<void> }>;
  close(): Promise<void>;
}

export async function createHarness(
  opts: {
    config?: Partial<Config>;
    /** What the database starts with: the test entity by default, nothing with `false`. */
    seed?: false | ((db: Db, config: Config) => Promise<void>);
    parts?: (deps: AppDeps) => AppParts;
  } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-test-'));
  const store = await testDatabaseUrl(dir);
  const config = loadConfig(
    {},
    {
      mode: 'demo',
      databaseUrl: store.url,
      logLevel: 'silent',
      // Tests want the sandbox's receipt at once; they move time to test the wait.
      sandboxReceiptDelayMs: 0,
      ...opts.config,
    },
  );
  const database = await openDatabase(config.databaseUrl);
  await migrate(database.db);
  let now: Date | null = null;
  const logger = memoryLogger();
  const deps: AppDeps = {
    config,
    db: database.db,
    logger,
    now: () => now ?? new Date(),
    version: VERSION,
  };
  if (opts.seed !== false) await (opts.seed ?? seedTestEntity)(database.db, config);
  const app = createApp(deps, opts.parts?.(deps));
  return {
    dir,
    deps,
    database,
    app,
    logger,
    setNow: (d) => {
      now = d;
    },
    request: async (path, init) => app.request(path, init),
    json: async (method, path, body, headers = {}) =>
      app.request(path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    listen: async () => {
      const { server, port } = await listen(app.fetch, '127.0.0.1', 0);
      return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
    },
    close: async () => {
      await database.close();
      await store.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
