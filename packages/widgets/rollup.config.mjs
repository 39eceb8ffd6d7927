// The all-in-one bundle an entity's site loads: `dist/bundle/pagatore.js`, with Lit's production
// build and everything else inside. Rollup rather than tsup for this one output because of how it
// splits: modules the entry already has stay in `pagatore.js` (the lazy files import them from it),
// so the page fetches one script first and one file per screen later, instead of esbuild's many
// small shared chunks. TypeScript and minification go through esbuild (already a dependency).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { dirname, join } from 'node:path';
import { build, transform } from 'esbuild';
import MagicString from 'magic-string';

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

/**
 * TypeScript to JavaScript; esbuild does the work. Class fields are defined as the language defines
 * them (`useDefineForClassFields`), so private members and static fields stay as written instead of
 * being lowered to helpers; Lit's reactive properties are `static properties` with `declare` fields.
 */
const typescript = {
  name: 'pagatore-typescript',
  async transform(code, id) {
    if (!/\.ts$/.test(id)) return null;
    const r = await transform(await minifyCss(code), {
      loader: 'ts',
      target: TARGET,
      sourcefile: id,
      sourcemap: true,
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
    });
    return { code: r.code, map: r.map };
  },
};

/** Tags of Lit's templates whose text is markup (`html`, `svg`) or a style sheet (`css`). */
const TEMPLATE_TAGS = new Set(['html', 'svg', 'css']);

/** Markup whose white space shows as written, or is not HTML's to collapse. */
const VERBATIM = /<(pre|textarea|script|style)\b/i;

/**
 * A template's static parts (the text between its `${…}`) with each run of spaces, tabs and line
 * breaks that holds a line break made one line break, outside quoted attribute values (and CSS
 * strings), which stay as written.
 * @param parts the template's parts, raw, in order
 * @param markup true for `html` and `svg`: quotes count inside a tag only
 */
export function collapseParts(parts, markup) {
  let inTag = !markup;
  let quote = '';
  return parts.map((part) => {
    let out = '';
    for (let i = 0; i < part.length;) {
      const c = part[i];
      if (quote) {
        if (c === quote) quote = '';
      } else if (inTag && (c === '"' || c === "'")) quote = c;
      else if (markup && !inTag && c === '<' && /[a-zA-Z/!]/.test(part[i + 1] ?? '')) inTag = true;
      else if (markup && inTag && c === '>') inTag = false;
      else if (/[ \t\r\n]/.test(c)) {
        const run = /^[ \t\r\n]+/.exec(part.slice(i))[0];
        out += run.includes('\n') ? '\n' : run;
        i += run.length;
        continue;
      }
      out += c;
      i++;
    }
    return out;
  });
}

/**
 * The source indentation out of Lit's `html`, `svg` and `css` templates (`collapseParts`). What a
 * browser shows is the same: HTML and CSS read such a run as one space, and where a style keeps line
 * breaks (`white-space: pre-line`) it drops the spaces around them. A template with `<pre>`,
 * `<textarea>`, `<script>` or `<style>`, or with a line continuation (`\` at a line's end), stays
 * as written; so does everything inside `${…}` and every other string. The JavaScript minifier
 * leaves template text alone, and its indentation is a tenth of a widget's bytes.
 * @param code JavaScript (the TypeScript plugin's output)
 * @param ast its ESTree, with `start` and `end` offsets (Rollup's `this.parse`)
 * @returns the new code and its source map, or null when no template changed
 * @example collapseTemplateWhitespace('html`<p>\n  ${a}\n</p>`', parseAst(…), 'a.ts').code // 'html`<p>\n${a}\n</p>`'
 */
export function collapseTemplateWhitespace(code, ast, file) {
  const s = new MagicString(code);
  let changed = false;
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node.type !== 'string') return;
    if (
      node.type === 'TaggedTemplateExpression' &&
      node.tag.type === 'Identifier' &&
      TEMPLATE_TAGS.has(node.tag.name)
    ) {
      const quasis = node.quasi.quasis;
      const raw = quasis.map((q) => code.slice(q.start, q.end));
      if (!raw.some((r) => VERBATIM.test(r) || /\\\r?\n/.test(r))) {
        const out = collapseParts(raw, node.tag.name !== 'css');
        quasis.forEach((q, i) => {
          if (out[i] === raw[i]) return;
          s.update(q.start, q.end, out[i]);
          changed = true;
        });
      }
    }
    for (const key of Object.keys(node)) if (key !== 'type') visit(node[key]);
  };
  visit(ast);
  return changed ? { code: s.toString(), map: s.generateMap({ hires: true, source: file }) } : null;
}

/** Runs `collapseTemplateWhitespace` on each source module, after TypeScript. */
const templates = {
  name: 'pagatore-template-whitespace',
  transform(code, id) {
    if (!/\.ts$/.test(id) || !/\b(html|svg|css)`/.test(code)) return null;
    return collapseTemplateWhitespace(code, this.parse(code), id);
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
  templates,
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
