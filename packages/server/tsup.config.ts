import { defineConfig } from 'tsup';

export default defineConfig({
  // The notice worker is its own file: bulk notice rendering starts it as a worker thread.
  entry: { index: 'src/index.ts', cli: 'src/cli.ts', 'notice-worker': 'src/notices/notice-worker.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  // The demo's identity provider is a development dependency, loaded only when installed.
  external: ['oidc-provider'],
  clean: true,
  // The CLI is executable; keep dependencies external (installed from npm).
  banner: ({ format }) => (format === 'esm' ? {} : {}),
});
