import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const root = new URL('..', import.meta.url).pathname;

/**
 * DB_ENGINE=postgres (`npm run test:e2e:pg`) runs again, on PostgreSQL, every end-to-end test that
 * starts a server: the demo stack (support/stack.ts) or the soak (soak/soak.mjs). The others touch
 * no database the engine chooses (the soak's invariant checks are tested on SQLite files they write).
 */
function serverTests(): string[] {
  const dir = new URL('.', import.meta.url);
  return readdirSync(dir)
    .filter(
      (f) =>
        f.endsWith('.e2e.test.ts') &&
        /startStack\(|soak\/soak\.mjs/.test(readFileSync(new URL(f, dir), 'utf8')),
    )
    .map((f) => `test/${f}`)
    .sort();
}

// End-to-end tests: the built server (demo mode) and example site as child processes, Debian
// Chromium through playwright-core. One file at a time: each starts its own stack.
export default defineConfig({
  test: {
    root,
    include: process.env.DB_ENGINE === 'postgres' ? serverTests() : ['test/**/*.e2e.test.ts'],
    environment: 'node',
    // DB_ENGINE=postgres: a throwaway PostgreSQL cluster for the run, a database in it per stack.
    globalSetup: ['packages/server/test/support/pg-global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
