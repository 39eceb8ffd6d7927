import { defineConfig } from 'tsup';

// The library: side-effect-free classes for bundlers; consumers bring lit. The all-in-one
// `dist/bundle/pagatore.js` for sites is built by Rollup (rollup.config.mjs).
export default defineConfig({
  entry: { index: 'src/index.ts', define: 'src/define-all.ts' },
  format: ['esm'],
  target: 'es2022',
  platform: 'browser',
  dts: true,
  sourcemap: true,
  clean: true,
  external: ['lit', '@lit/context', '@pagatore/sdk'],
});
