// Sizes of a run and the figures it measured. `npm run bench` (bench/run.mjs) sets BENCH_QUICK for
// `--quick` and BENCH_REPORT to a file each bench appends its figures to (one JSON line each), then
// prints them as one table: figure, measured, baseline, goal, OK/MISSED.
import { appendFileSync } from 'node:fs';

/** `--quick`: small sizes, so the whole bench runs in about two minutes. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** A size from the environment, else the quick or the full default. */
export function size(name, full, quick) {
  const v = process.env[name];
  return v !== undefined && v !== '' ? Number(v) : QUICK ? quick : full;
}

/**
 * One figure of the table. `goal` says what it must reach ('>= 50%', '< 10 ms'); `ok` is whether it
 * did (undefined: a figure with no goal, printed for information).
 * @param {{ area: string, name: string, value: string, baseline?: string, goal?: string, ok?: boolean }} f
 */
export function figure(f) {
  if (process.env.BENCH_REPORT) appendFileSync(process.env.BENCH_REPORT, `${JSON.stringify(f)}\n`);
}

export const fmt = (n, digits = 0) =>
  Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const pct = (r) => `${(r * 100).toFixed(1)}%`;
export const ms = (n) => `${n.toFixed(2)} ms`;
