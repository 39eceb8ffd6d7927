import { defineConfig } from 'vitest/config';

// End-to-end tests: the built server (demo mode) and example site as child processes, Debian
// Chromium through playwright-core. One file at a time: each starts its own stack.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
