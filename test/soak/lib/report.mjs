// The soak's tables, as plain text: invariants, requests per kind, memory over time, kills.
import { percentile } from './http.mjs';

/** A text table with a header line; numbers right-aligned. */
export function table(header, rows) {
  const cells = [header, ...rows].map((r) => r.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) =>
    r
      .map((c, i) => (/^[-\d.,×%]+$/.test(c) && i > 0 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

const ms = (x) => (Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(1) : String(Math.round(x)));

export function requestsTable(kinds) {
  const rows = [...kinds.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, s]) => {
      const sorted = [...s.ms].sort((a, b) => a - b);
      const codes = [...s.codes.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ');
      return [
        kind,
        s.n,
        s.s2,
        s.s3,
        s.s4,
        s.s5,
        s.err,
        ms(percentile(sorted, 50)),
        ms(percentile(sorted, 95)),
        ms(percentile(sorted, 99)),
        ms(sorted[sorted.length - 1] ?? NaN),
        codes,
      ];
    });
  const total = [...kinds.values()].reduce(
    (t, s) => [t[0] + s.n, t[1] + s.s2, t[2] + s.s3, t[3] + s.s4, t[4] + s.s5, t[5] + s.err],
    [0, 0, 0, 0, 0, 0],
  );
  rows.push(['total', ...total, '', '', '', '', '']);
  return table(
    [
      'kind',
      'n',
      '2xx',
      '3xx',
      '4xx',
      '5xx',
      'conn err',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'codes (4xx / faults)',
    ],
    rows,
  );
}

/** RSS in about ten steps over the run, with each process's peak. */
export function rssTable(samples) {
  if (samples.length === 0) return '(no samples)';
  const step = Math.max(1, Math.floor(samples.length / 10));
  const picked = samples.filter((_, i) => i % step === 0 || i === samples.length - 1);
  const mb = (b) => (b / 1048576).toFixed(1);
  const peaks = new Map();
  for (const s of samples) peaks.set(s.generation, Math.max(peaks.get(s.generation) ?? 0, s.rss));
  return table(
    ['t (s)', 'process', 'RSS MB', 'peak of that process MB'],
    picked.map((s) => [
      (s.t / 1000).toFixed(0),
      `#${s.generation} pid ${s.pid}`,
      mb(s.rss),
      mb(peaks.get(s.generation)),
    ]),
  );
}
