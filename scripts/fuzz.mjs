// `npm run fuzz`: the property-based fuzz suite of the HTTP API and the node's SOAP endpoint
// (packages/server/test/fuzz/) for as long as asked, with new random seeds, each printed.
//   npm run fuzz -- --minutes 30     run 30 minutes (default 10)
//   npm run fuzz -- --seed 12345     replay one seed (the bounded pass, that seed only)
// `npm test` runs the bounded pass (a fixed seed and a random one) without this script.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const value = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const seed = value('seed');
const minutes = value('minutes') ?? (seed === undefined ? '10' : undefined);
if (minutes !== undefined && !(Number(minutes) > 0)) {
  console.error('--minutes wants a positive number');
  process.exit(2);
}
if (seed !== undefined && !/^[0-9]+$/.test(seed)) {
  console.error('--seed wants a number (as printed by a failing run)');
  process.exit(2);
}
const env = { ...process.env };
if (minutes !== undefined) env.FUZZ_MINUTES = minutes;
if (seed !== undefined) env.FUZZ_SEED = seed;
console.log(seed !== undefined ? `fuzz: replaying seed ${seed}` : `fuzz: ${minutes} minutes`);
const r = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'packages/server/test/fuzz/fuzz.test.ts'],
  { cwd: root, env, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
