// The all-in-one bundle an entity's site loads: `dist/bundle/pagatore.js`, with Lit's production
// build and everything else inside. Rollup rather than tsup for this one output because of how it
// splits: modules the entry already has stay in `pagatore.js` (the lazy files import them from it),
// so the page fetches one script first and one file per screen later, instead of esbuild's many
// small shared chunks. TypeScript and minification go through esbuild (already a dependency).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { transform } from 'esbuild';

const TARGET = 'es2021';

/** TypeScript to JavaScript with the package's decorator settings; esbuild does the work. */
const typescript = {
  name: 'pagatore-typescript',
  async transform(code, id) {
    if (!/\.ts$/.test(id)) return null;
    const r = await transform(code, {
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
  plugins: plugins(),
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
