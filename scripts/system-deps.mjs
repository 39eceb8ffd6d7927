#!/usr/bin/env node
// `npm test`'s first step (the `pretest` script): the Debian packages its tests run — Chromium for
// widgets and journeys, poppler, zbar and dmtx to read PDFs back, xmllint for the pagoPA XSDs,
// PostgreSQL for the tests on that engine (a throwaway cluster, scripts/pg-cluster.mjs).
// Run as root it installs the missing ones with apt-get; otherwise it names them in one line and
// stops, so `npm install && npm test` is the whole set-up on a fresh Debian machine.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPgBin } from './pg-cluster.mjs';

/** A command the tests run, and the Debian package that provides it. */
export const REQUIRED = [
  { command: 'chromium', pkg: 'chromium', env: 'CHROME_PATH' },
  { command: 'pdftoppm', pkg: 'poppler-utils' },
  { command: 'pdftotext', pkg: 'poppler-utils' },
  { command: 'zbarimg', pkg: 'zbar-tools' },
  { command: 'dmtxread', pkg: 'dmtx-utils' },
  { command: 'xmllint', pkg: 'libxml2-utils' },
  // Debian keeps initdb off PATH, under /usr/lib/postgresql/<major>/bin: findPgBin looks there.
  { command: 'initdb', pkg: 'postgresql' },
];

/** Whether an executable is on PATH (or at the path an environment variable names). */
export function onPath(command, env = process.env) {
  const candidates = (env.PATH ?? '').split(delimiter).map((dir) => join(dir, command));
  return candidates.some(executable);
}

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What to do: nothing, install the missing packages (root with apt-get), or name them. */
export function plan({ has, root, apt, env = {} }) {
  const missing = [
    ...new Set(
      REQUIRED.filter((r) => !(r.env && env[r.env] && executable(env[r.env])) && !has(r.command)).map(
        (r) => r.pkg,
      ),
    ),
  ];
  if (missing.length === 0) return { action: 'none', packages: [] };
  if (root && apt) return { action: 'install', packages: missing };
  return {
    action: 'tell',
    packages: missing,
    line: `The tests need these system packages: ${apt ? 'sudo apt-get install -y --no-install-recommends' : 'install'} ${missing.join(' ')}`,
  };
}

function main() {
  const decided = plan({
    has: (c) => (c === 'initdb' ? findPgBin() !== null : onPath(c)),
    root: typeof process.getuid === 'function' && process.getuid() === 0,
    apt: onPath('apt-get'),
    env: process.env,
  });
  if (decided.action === 'none') return;
  if (decided.action === 'tell') {
    console.error(decided.line);
    process.exit(1);
  }
  console.log(`Installing the system packages the tests need: ${decided.packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...decided.packages],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
