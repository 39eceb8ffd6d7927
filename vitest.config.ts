import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const include = [
  'packages/sdk/test/**/*.test.ts',
  'packages/server/src/**/*.test.ts',
  'packages/server/test/**/*.test.ts',
  'packages/widgets/node-test/**/*.test.ts',
];

/**
 * DB_ENGINE=postgres (`npm run test:pg`) runs again, on PostgreSQL, every server test that makes its
 * database with the shared helpers (test/support/harness.ts, test/support/test-database.ts); the others do not
 * touch a database the engine chooses.
 */
function databaseTests(): string[] {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (
        e.name.endsWith('.test.ts') &&
        /\/(harness|test-database)\.js'/.test(readFileSync(path, 'utf8'))
      )
        out.push(relative(root, path));
    }
  };
  for (const dir of ['packages/server/src', 'packages/server/test']) walk(join(root, dir));
  return out.sort();
}

export default defineConfig({
  resolve: { conditions: ['@pagatore/source'] },
  ssr: { resolve: { conditions: ['@pagatore/source'] } },
  test: {
    include: process.env.DB_ENGINE === 'postgres' ? databaseTests() : include,
    environment: 'node',
    // DB_ENGINE=postgres: a throwaway PostgreSQL cluster for the run.
    globalSetup: ['packages/server/test/support/pg-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
