import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@pagatore/source'] },
  ssr: { resolve: { conditions: ['@pagatore/source'] } },
  test: {
    include: [
      'packages/sdk/test/**/*.test.ts',
      'packages/server/src/**/*.test.ts',
      'packages/server/test/**/*.test.ts',
      'packages/widgets/node-test/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
