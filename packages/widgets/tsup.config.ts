import { defineConfig, type Options } from 'tsup';

/**
 * Files the bundle fetches only when asked for: the English and German strings and the
 * common-passwords list. Each is data only and built as a file of its own next to `pagatore.js`;
 * the bundle's `import()` of them is kept as a relative URL, so they load from wherever
 * `pagatore.js` was loaded, with no configuration on the site.
 */
const LAZY_DATA: Record<string, { entry: string; from: RegExp; importer: RegExp }> = {
  'pagatore.en': { entry: 'src/locales/en.ts', from: /^\.\/en\.js$/, importer: /locales[\\/]index\.ts$/ },
  'pagatore.de': { entry: 'src/locales/de.ts', from: /^\.\/de\.js$/, importer: /locales[\\/]index\.ts$/ },
  'pagatore.common-passwords': {
    entry: '../sdk/src/schemas/common-passwords.ts',
    from: /^@pagatore\/sdk\/common-passwords$/,
    importer: /./,
  },
};

const bundleOptions: Options = {
  outDir: 'dist/bundle',
  format: ['esm'],
  target: 'es2021',
  platform: 'browser',
  noExternal: [/.*/],
  minify: true,
  sourcemap: true,
  dts: false,
  clean: false,
  esbuildOptions(o) {
    o.conditions = ['production', 'browser'];
    o.legalComments = 'none';
  },
};

export default defineConfig([
  {
    // The library: side-effect-free classes for bundlers; consumers bring lit.
    entry: { index: 'src/index.ts', define: 'src/define-all.ts' },
    format: ['esm'],
    target: 'es2022',
    platform: 'browser',
    dts: true,
    sourcemap: true,
    clean: false,
    external: ['lit', '@lit/context', '@pagatore/sdk'],
  },
  {
    // The bundle an entity's site loads: everything inside, Lit's production build.
    ...bundleOptions,
    entry: { pagatore: 'src/bundle.ts' },
    splitting: true,
    esbuildPlugins: [
      {
        name: 'pagatore-lazy-data',
        setup(build) {
          for (const [name, { from, importer }] of Object.entries(LAZY_DATA))
            build.onResolve({ filter: from }, (args) =>
              importer.test(args.importer) && args.kind === 'dynamic-import'
                ? { path: `./${name}.js`, external: true }
                : undefined,
            );
        },
      },
    ],
  },
  {
    // The data files above, each standalone (no shared chunk to fetch first).
    ...bundleOptions,
    entry: Object.fromEntries(Object.entries(LAZY_DATA).map(([name, { entry }]) => [name, entry])),
    splitting: false,
  },
]);
