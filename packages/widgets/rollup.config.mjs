// The all-in-one bundle an entity's site loads: `dist/bundle/pagatore.js`, with Lit's production
// build and everything else inside. Rollup rather than tsup for this one output because of how it
// splits: modules the entry already has stay in `pagatore.js` (the lazy files import them from it),
// so the page fetches one script first and one file per screen later, instead of esbuild's many
// small shared chunks. TypeScript and minification go through esbuild (already a dependency).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { dirname, join } from 'node:path';
import { build, transform } from 'esbuild';

// Browsers from 2021 on: their class fields and private members stay as written, smaller than the
// helpers that stand in for them on older targets.
const TARGET = ['es2022', 'chrome92', 'edge92', 'firefox90', 'safari15'];

/**
 * Minifies the style sheets of Lit's `css` tagged templates that hold no `${…}` (each one a whole
 * sheet) with esbuild's CSS minifier: the JavaScript minifier leaves template text as written.
 */
async function minifyCss(code) {
  const sheets = [...code.matchAll(/\bcss`([^`$\\]*)`/g)];
  let out = code;
  for (const [whole, sheet] of sheets.reverse()) {
    const r = await transform(sheet, { loader: 'css', minify: true, logLevel: 'silent' });
    out = out.replace(whole, `css\`${r.code.trim()}\``);
  }
  return out;
}

/** TypeScript to JavaScript with the package's decorator settings; esbuild does the work. */
const typescript = {
  name: 'pagatore-typescript',
  async transform(code, id) {
    if (!/\.ts$/.test(id)) return null;
    const r = await transform(await minifyCss(code), {
      loader: 'ts',
      target: TARGET,
      sourcefile: id,
      sourcemap: true,
      tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    });
    return { code: r.code, map: r.map };
  },
};

/** Minifies each output file (identifiers, syntax, whitespace) without touching exports' names. */
const minify = {
  name: 'pagatore-minify',
  async renderChunk(code) {
    const r = await transform(code, {
      minify: true,
      format: 'esm',
      target: TARGET,
      legalComments: 'none',
      sourcemap: true,
    });
    return { code: r.code, map: r.map };
  },
};

/** A module of the sources, bundled by esbuild and evaluated here. */
async function evaluate(file) {
  const r = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'error',
  });
  return import(`data:text/javascript;base64,${Buffer.from(r.outputFiles[0].text).toString('base64')}`);
}

/**
 * The strings of the English or German catalog (`src/locales/en.ts`, `de.ts`) in the order of the
 * Italian catalog's keys, which `pagatore.js` already carries: what the bundle ships for them, and
 * `src/locales/packed.ts` gives the keys back. A key one language has and Italian lacks, or the
 * reverse, is an error.
 * @example await packedCatalog('/…/src/locales/en.ts') // ['Back', 'Continue', …]
 */
export async function packedCatalog(file) {
  const keys = Object.keys((await evaluate(join(dirname(file), 'it.ts'))).it);
  const catalog = (await evaluate(file)).default;
  const known = new Set(keys);
  const extra = Object.keys(catalog).filter((k) => !known.has(k));
  const missing = keys.filter((k) => typeof catalog[k] !== 'string');
  if (extra.length || missing.length)
    throw new Error(`${file}: keys not in Italian: ${extra.join(', ')}; missing: ${missing.join(', ')}`);
  return keys.map((k) => catalog[k]);
}

/** Ships English and German as their strings only (`packedCatalog`); the keys are a third of them. */
const packCatalogs = {
  name: 'pagatore-pack-catalogs',
  async load(id) {
    if (!/[\\/]src[\\/]locales[\\/](en|de)\.ts$/.test(id)) return null;
    return `export default ${JSON.stringify(await packedCatalog(id))};`;
  },
};

const plugins = () => [
  nodeResolve({
    browser: true,
    extensions: ['.ts', '.js'],
    exportConditions: ['@pagatore/source', 'production', 'browser', 'import', 'default'],
  }),
  typescript,
  minify,
];

function onwarn(warning, warn) {
  // Lit's decorators file and TS helpers use `this` at the top level of a module.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
}

const citizen = {
  input: { pagatore: 'src/bundle.ts' },
  plugins: [packCatalogs, ...plugins()],
  output: {
    dir: 'dist/bundle',
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    // pagatore.login-<hash>.js: the screen or data a file holds, and its content hash.
    chunkFileNames: (chunk) => `pagatore.${chunk.name.replace(/\.component$/, '')}-[hash].js`,
  },
  onwarn,
};

// The staff console (`/console`): a build of its own, one file, so nothing of it is shared with,
// or split out of, the citizen bundle above.
const staffConsole = {
  input: { console: 'src/console/bundle.ts' },
  plugins: plugins(),
  output: {
    dir: 'dist/bundle',
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    inlineDynamicImports: true,
  },
  onwarn,
};

export default [citizen, staffConsole];
