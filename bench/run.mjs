// Runs every bench/*.bench.mjs in name order, each in its own Node process (`npm run bench`), then
// prints one table of every figure with its baseline, its goal and OK/MISSED.
//   --quick          small sizes (under two minutes on a quiet 2-core machine), to run before submitting
//   --scale          only bench/scale.mjs: the cost curve at 100k, 1M, 10M positions (long)
//   --only <name>    only the benches whose file name contains <name>
// The benchmarks use the built packages: run `npm run build` first. Not part of CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const scale = args.includes('--scale');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

const dir = dirname(fileURLToPath(import.meta.url));
const files = scale
  ? ['scale.mjs']
  : readdirSync(dir)
      .filter((f) => f.endsWith('.bench.mjs') && (!only || f.includes(only)))
      .sort();
const tmp = mkdtempSync(join(tmpdir(), 'pagatore-bench-report-'));
const report = join(tmp, 'figures.jsonl');
const env = { ...process.env, BENCH_REPORT: report, ...(quick ? { BENCH_QUICK: '1' } : {}) };

const conditions = () =>
  `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
console.log(`${quick ? 'Quick run' : scale ? 'Scale run' : 'Full run'}: ${conditions()}`);

let failed = 0;
const started = performance.now();
/** Each bench's wall time, so a slow one shows where a run's time goes. */
const took = [];
/**
 * CPU seconds of this process's ended children and theirs (cutime + cstime of /proc/self/stat):
 * a bench's CPU time, with the servers and browsers it ran. On a busy machine the wall time grows,
 * the CPU time much less: it tells what a quiet run would take.
 */
const childrenCpu = () => {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return NaN;
  }
};
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const t = performance.now();
  const c = childrenCpu();
  const r = spawnSync(process.execPath, ['--expose-gc', join(dir, file)], { stdio: 'inherit', env });
  const seconds = (performance.now() - t) / 1000;
  const cpu = childrenCpu() - c;
  took.push(`${file.replace(/\.(bench\.)?mjs$/, '')} ${seconds.toFixed(0)} s`);
  console.log(`=== ${file}: ${seconds.toFixed(1)} s (CPU ${cpu.toFixed(1)} s) ===`);
  if (r.status !== 0) {
    failed++;
    console.error(`${file} failed (exit ${r.status ?? r.signal})`);
  }
}
const total = (performance.now() - started) / 1000;

let figures = [];
try {
  figures = readFileSync(report, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
} catch {
  // No bench wrote a figure.
}
rmSync(tmp, { recursive: true, force: true });
// The quick run is what developers run before submitting: its own length is one of its goals.
if (quick && !only && !scale)
  figures.push({
    area: 'bench',
    name: 'quick run, wall time (quiet machine)',
    value: `${total.toFixed(0)} s`,
    baseline: took.join(', '),
    goal: '< 120 s',
    ok: total < 120,
  });

if (figures.length) {
  const head = ['', 'figure', 'measured', 'baseline (same run)', 'goal', ''];
  const rows = figures.map((f) => [
    f.area,
    f.name,
    f.value,
    f.baseline ?? '',
    f.goal ?? '',
    f.ok === undefined ? '' : f.ok ? 'OK' : 'MISSED',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const print = (r) =>
    console.log(
      r
        .map((c, i) => String(c).padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
  console.log(`\n=== Summary (${total.toFixed(0)} s: ${took.join(', ')}; ${conditions()}) ===`);
  print(head);
  for (const r of rows) print(r);
  const missed = figures.filter((f) => f.ok === false).length;
  const goals = figures.filter((f) => f.ok !== undefined).length;
  console.log(missed ? `\n${missed} of ${goals} goal(s) MISSED` : goals ? '\nEvery goal met' : '');
}

process.exit(failed ? 1 : 0);
