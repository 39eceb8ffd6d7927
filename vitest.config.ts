import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/sdk/test/**/*.test.ts', 'packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
