#!/usr/bin/env node
// The `pagatore` command (`npx pagatore …` from the repository root after `npm install`): runs
// the built CLI, dist/cli.js. A file that exists before any build, so npm links the command at
// install time; in the repository it builds what is missing first (build lines on stderr, so the
// CLI's own output, e.g. an API key on the last line, stays clean on stdout).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  const builder = fileURLToPath(new URL('../../../scripts/build-changed.mjs', import.meta.url));
  if (!existsSync(builder)) {
    console.error('pagatore: dist/cli.js is missing: build the package first (npm run build).');
    process.exit(1);
  }
  const r = spawnSync(process.execPath, [builder], { stdio: ['ignore', process.stderr, 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import(cli.href);
