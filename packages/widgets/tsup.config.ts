import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: side-effect-free classes for bundlers; consumers bring lit.
    entry: { index: 'src/index.ts', define: 'src/define-all.ts' },
    format: ['esm'],
    target: 'es2022',
    platform: 'browser',
    dts: true,
    sourcemap: true,
    clean: true,
    external: ['lit', '@lit/context', '@pagatore/sdk'],
  },
  {
    // The bundle an entity's site loads: everything inside, Lit's production build, one file.
    entry: { pagatore: 'src/bundle.ts' },
    outDir: 'dist/bundle',
    format: ['esm'],
    target: 'es2021',
    platform: 'browser',
    noExternal: [/.*/],
    minify: true,
    sourcemap: true,
    dts: false,
    clean: true,
    splitting: false,
    esbuildOptions(o) {
      o.conditions = ['production', 'browser'];
      o.legalComments = 'none';
    },
  },
]);
