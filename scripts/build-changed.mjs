#!/usr/bin/env node
// What `npm start` builds before the demo: only the outputs whose sources changed since they were
// last built here, without type declarations (the demo runs JavaScript; `npm run build`, which
// `npm test` runs, builds everything with them), and quietly: one line per output it builds.
// Each output's sources are hashed (path and content); the hash of its last build is kept under
// node_modules/.cache, so a start with nothing changed builds nothing. `--stamp` records the
// sources as built (`npm run build` ends with it, after building everything).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const cacheOf = (root) => join(root, 'node_modules/.cache/pagatore-build');

/** tsup with the package's own config, minus declarations and cleaning (earlier .d.ts stay). */
const tsup = (dir) => ({
  cwd: join(ROOT, dir),
  args: [
    '--input-type=module',
    '-e',
    "const { build } = await import('tsup'); await build({ dts: false, clean: false, silent: true });",
  ],
});

/** The installed dependencies, as the lockfile pins them: a change (an upgrade) rebuilds all. */
const LOCK = 'package-lock.json';

/** The outputs the demo runs, in build order, with the sources each is made of. */
export const OUTPUTS = [
  {
    name: '@pagatore/sdk',
    inputs: ['packages/sdk/src', 'packages/sdk/package.json', 'packages/sdk/tsup.config.ts', LOCK],
    output: 'packages/sdk/dist/index.js',
    run: tsup('packages/sdk'),
  },
  {
    name: '@pagatore/server',
    inputs: ['packages/server/src', 'packages/server/package.json', 'packages/server/tsup.config.ts', LOCK],
    output: 'packages/server/dist/cli.js',
    run: tsup('packages/server'),
  },
  {
    name: '@pagatore/widgets (pagatore.js)',
    // The bundle takes the SDK from its sources (the @pagatore/source condition).
    inputs: [
      'packages/widgets/src',
      'packages/widgets/package.json',
      'packages/widgets/rollup.config.mjs',
      'packages/sdk/src',
      LOCK,
    ],
    output: 'packages/widgets/dist/bundle/pagatore.js',
    run: {
      cwd: join(ROOT, 'packages/widgets'),
      args: [join(ROOT, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent'],
    },
  },
];

function files(root, path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { recursive: true })
    .map((f) => join(path, String(f)))
    .filter((f) => !/\.test\.ts$/.test(f) && statSync(join(root, f)).isFile());
}

/** A hash of the sources' paths and contents (tests left out: no build reads them). */
export function sourceHash(inputs, root = ROOT) {
  const hash = createHash('sha256');
  for (const f of inputs.flatMap((i) => files(root, i)).sort()) {
    hash.update(relative(root, join(root, f)));
    hash.update('\0');
    hash.update(readFileSync(join(root, f)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const stampOf = (o, root) => join(cacheOf(root), `${o.name.replace(/[^a-z0-9]+/gi, '_')}.sha256`);

/** Records the outputs as built from the sources as they are. */
export function stamp(outputs = OUTPUTS, root = ROOT) {
  mkdirSync(cacheOf(root), { recursive: true });
  for (const o of outputs) writeFileSync(stampOf(o, root), sourceHash(o.inputs, root));
}

/** The outputs that are missing or were built from other sources than the current ones. */
export function stale(root = ROOT) {
  return OUTPUTS.filter((o) => {
    const file = stampOf(o, root);
    return (
      !existsSync(join(root, o.output)) ||
      !existsSync(file) ||
      readFileSync(file, 'utf8') !== sourceHash(o.inputs, root)
    );
  });
}

function main() {
  if (process.argv.includes('--stamp')) return stamp();
  const todo = stale();
  mkdirSync(cacheOf(ROOT), { recursive: true });
  for (const o of todo) {
    const started = Date.now();
    process.stdout.write(`Building ${o.name} … `);
    const hash = sourceHash(o.inputs);
    const r = spawnSync(process.execPath, o.run.args, { cwd: o.run.cwd, encoding: 'utf8' });
    if (r.status !== 0) {
      process.stdout.write('failed\n');
      process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
      process.exit(r.status ?? 1);
    }
    writeFileSync(stampOf(o, ROOT), hash);
    process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
