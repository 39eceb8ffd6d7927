/**
 * The layering rule of docs/architecture.md as code: which part of the tree a file belongs to, and
 * which imports between parts must never exist. Used by the ESLint rule `pagatore/layers`
 * (eslint.config.js, so `npm run lint` fails on a forbidden import) and by `--count` below, which
 * lists the forbidden imports of any checkout: `node scripts/lint/layers.mjs --count [dir]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Server folders (under packages/server/src) that are not the domain. */
const SERVER_PARTS = {
  core: 'core',
  db: 'db',
  http: 'http',
  routes: 'routes',
  config: 'base',
  log: 'base',
  'version.ts': 'base',
  'app.ts': 'root',
  'server.ts': 'root',
  'cli.ts': 'root',
  'index.ts': 'root',
  cli: 'root',
  demo: 'root',
};

/** Test files and test support: they may reach anything to set a case up. */
const TEST_FILE = /(\.test\.[cm]?[jt]s|[/\\](fixtures|test-support)\.[cm]?[jt]s)$/;

/**
 * The part a file belongs to: `sdk`, `widgets`, the server's `root` (composition: app, server,
 * CLI, demo), `http`, `routes`, `domain`, `core`, `db`, `base` (config, log); `tests`; or null
 * (examples, end-to-end tests, benches, scripts: outside the rule).
 */
export function partOf(file, root = ROOT) {
  const rel = relative(root, file).split(sep).join('/');
  if (rel.startsWith('..')) return null;
  if (TEST_FILE.test(rel) || /^packages\/[^/]+\/test\//.test(rel)) return 'tests';
  if (rel.startsWith('packages/sdk/')) return 'sdk';
  if (rel.startsWith('packages/widgets/')) return 'widgets';
  const m = /^packages\/server\/src\/([^/]+)/.exec(rel);
  if (m) return SERVER_PARTS[m[1]] ?? 'domain';
  if (rel.startsWith('packages/server/')) return 'root';
  return null;
}

/** The part an import specifier names from a file, or null (a third-party package, Node's own). */
export function targetOf(file, specifier, root = ROOT) {
  if (specifier === '@pagatore/sdk' || specifier.startsWith('@pagatore/sdk/')) return 'sdk';
  if (specifier === '@pagatore/server' || specifier.startsWith('@pagatore/server/')) return 'server';
  if (specifier === '@pagatore/widgets' || specifier.startsWith('@pagatore/widgets/')) return 'widgets';
  if (!specifier.startsWith('.')) return null;
  const target = resolve(dirname(file), specifier);
  const rel = relative(root, target).split(sep).join('/');
  const part = partOf(target, root);
  // Inside the server, tests are a target like any other (test support imported by code).
  return part === 'tests' && rel.startsWith('packages/server/') ? 'tests' : part === 'tests' ? null : part;
}

const SERVER = ['root', 'http', 'routes', 'domain', 'core', 'db', 'base', 'server'];

/** For each part, the parts it must never import, and why. */
export const FORBIDDEN = {
  domain: {
    parts: ['http', 'routes', 'root', 'tests'],
    why: 'the domain never imports the HTTP shell (http/, routes/), the composition root or test support',
  },
  core: {
    parts: ['domain', 'http', 'routes', 'root', 'tests'],
    why: 'core/ is shared by every area and imports none of them',
  },
  db: {
    parts: ['domain', 'core', 'http', 'routes', 'root', 'tests'],
    why: 'db/ owns storage and imports nothing above it (no domain, no core, no HTTP)',
  },
  routes: {
    parts: ['db', 'root', 'tests'],
    why: 'routes reach storage only through the domain, never db/',
  },
  http: {
    parts: ['db', 'routes', 'root', 'tests'],
    why: 'the HTTP shell reaches storage only through the domain, never db/',
  },
  base: {
    parts: ['domain', 'core', 'db', 'http', 'routes', 'root', 'tests'],
    why: 'config/ and log/ are below everything and import none of it',
  },
  sdk: { parts: [...SERVER, 'widgets'], why: 'the SDK never imports the server or the widgets' },
  widgets: { parts: SERVER, why: 'the widgets import only the SDK, never the server' },
};

/** Why an import from `file` of `specifier` is forbidden, or null when it is allowed. */
export function forbidden(file, specifier, root = ROOT) {
  const from = partOf(file, root);
  const rule = from ? FORBIDDEN[from] : undefined;
  if (!rule) return null;
  const to = targetOf(file, specifier, root);
  if (!to || to === from || !rule.parts.includes(to)) return null;
  return `${from} → ${to}: ${rule.why}`;
}

/** The ESLint plugin: `pagatore/layers` reports every forbidden import, export-from and import(). */
export const plugin = {
  meta: { name: 'pagatore-layers' },
  rules: {
    layers: {
      meta: {
        type: 'problem',
        docs: { description: 'Forbids the imports between parts that docs/architecture.md rules out' },
        schema: [],
      },
      create(context) {
        const check = (node) => {
          const value = node?.value;
          if (typeof value !== 'string') return;
          const why = forbidden(context.filename, value);
          if (why) context.report({ node, message: `Forbidden import '${value}' (${why}).` });
        };
        return {
          ImportDeclaration: (n) => check(n.source),
          ExportNamedDeclaration: (n) => check(n.source),
          ExportAllDeclaration: (n) => check(n.source),
          ImportExpression: (n) => check(n.source),
        };
      },
    },
  },
};

/** Every forbidden import of a checkout (by a plain scan of the sources), for reports. */
export function scan(root) {
  const found = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        const text = readFileSync(p, 'utf8');
        const re =
          /(?:^|[^.\w])(?:import|export)\s*(?:type\s+)?(?:[^'";]*?\sfrom\s*)?\(?\s*['"]([^'"]+)['"]/g;
        for (const m of text.matchAll(re)) {
          const why = forbidden(p, m[1], root);
          if (why) found.push(`${relative(root, p)}: '${m[1]}' (${why})`);
        }
      }
    }
  };
  walk(join(root, 'packages'));
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--count') {
  const found = scan(resolve(process.argv[3] ?? ROOT));
  for (const f of found) console.log(f);
  console.log(`${found.length} forbidden import(s)`);
}
