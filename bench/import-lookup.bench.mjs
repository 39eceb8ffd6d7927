// SQLite: bulk import of 1,000,000 positions beside raw better-sqlite3 prepared inserts of the same
// rows in one transaction (the engine's limit), with the longest pause of the event loop during the
// import (how long a search arriving then would wait); then, over HTTP at 50 connections, the admin
// lookup by (entity, NAV) and the citizen's anonymous search (POST …/practices/search, with its rate
// limits and masking), each beside the fastest plain handler for the same answer (lib/serve-bare.mjs:
// node:http, one prepared statement, no validation; the bare search also counts the client's
// rate-limit hit with one prepared upsert, as every search must). Throughput is measured closed-loop;
// the search's p50/p99 goal is measured apart at a fixed offered rate, half of the bare search's
// closed-loop throughput (latency from when each request was due, lib/load.mjs); the search's loads
// run twice in turns with the bare's and each side's best is kept (lib/load.mjs, TURNS). Goals: import >=
// 50% of raw; citizen search >= 70% of bare with p99 < 10 ms. Uses the built packages (npm run build).
// BENCH_ROWS (default 1,000,000; --quick 20,000) and BENCH_SECONDS (default 10; --quick 2, after a
// 1 s warm-up instead of 2).
// The rate limits: every search comes from its own client address (X-Forwarded-For, TRUST_PROXY on)
// and names a practice that exists, so the per-address limit (30 per 10 min) is never reached and
// the per-fiscal-code miss counters stay empty: the bench measures answers, never 429s (any answer
// other than 200 is counted and printed).
import { startServerProcess } from './lib/server-process.mjs';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { buildNav } from '@pagatore/sdk';
import {
  createApiKey,
  DEMO_ENTITY,
  importPositions,
  loadConfig,
  migrate,
  openDatabase,
  seedDemoEntity,
} from '@pagatore/server';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fastest, load, searches, steadiest, TURNS } from './lib/load.mjs';
import { IBAN, row, sampleIds as spread, TAXONOMY, writeCsv as writeRows } from './lib/positions.mjs';
import { figure, fmt, ms, pct, QUICK, size } from './lib/report.mjs';

const ROWS = size('BENCH_ROWS', 1_000_000, 20_000);
const SECONDS = size('BENCH_SECONDS', 10, 2);
/** Requests before the measured window: a fresh server process compiles its code on the first ones. */
const WARMUP_MS = QUICK ? 1000 : 2000;
/**
 * The warm-up of a fixed-rate load, whose p99 is the latency of a server in its steady state: a
 * new process keeps stalling for tens of milliseconds (its code compiled in tiers, on cores that
 * the load generator shares) for some 4 s of requests, which a closed loop's throughput hardly
 * shows but a p99 does (measured on 100k positions at 4,300 req/s: p99 85 ms after a 2 s warm-up,
 * 6.2 ms after 6 s, p50 0.8 ms both).
 */
const STEADY_WARMUP_MS = QUICK ? 2000 : 6000;
const CONNECTIONS = 50;
const dir = mkdtempSync(join(tmpdir(), 'pagatore-bench-'));

async function freshDatabase(name) {
  const databaseUrl = `file:${join(dir, name)}`;
  const config = loadConfig({}, { mode: 'demo', databaseUrl, logLevel: 'silent' });
  const handle = await openDatabase(databaseUrl);
  await migrate(handle.db);
  await seedDemoEntity(handle.db, config);
  return handle;
}

async function rawInsert() {
  const handle = await freshDatabase('raw.sqlite');
  const s = handle.sqlite;
  const now = new Date().toISOString();
  const insP = s.prepare(
    `insert into positions (entity_code, iupd, status, debtor_fiscal_code, debtor_type, debtor_name, debtor_address,
     debtor_city, debtor_postal_code, debtor_province, debtor_country, debtor_email, description, service_code,
     validity_date, due_date, amount, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insO = s.prepare(
    `insert into payment_options (position_id, entity_code, installment, amount, due_date, description, iuv, nav, status, paid_at)
     values (?,?,?,?,?,?,?,?,?,?)`,
  );
  const insT = s.prepare(
    'insert into transfers (option_id, idx, iban, postal, amount, remittance, taxonomy) values (?,?,?,?,?,?,?)',
  );
  const scheme = { auxDigit: 3, code: DEMO_ENTITY.segregationCode };
  const entity = DEMO_ENTITY.code;
  global.gc?.();
  const t = performance.now();
  s.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const r = row(i);
      const { iuv, nav } = buildNav(scheme, String(i + 1).padStart(13, '0'));
      const pid = insP.run(
        entity,
        r.iupd,
        'unpaid',
        r.cf,
        r.type,
        r.name,
        null,
        null,
        null,
        null,
        null,
        null,
        r.description,
        null,
        null,
        r.due,
        r.amount,
        now,
        now,
      ).lastInsertRowid;
      const oid = insO.run(pid, entity, 0, r.amount, r.due, null, iuv, nav, 'unpaid', null).lastInsertRowid;
      insT.run(oid, 1, IBAN, 0, r.amount, r.description, TAXONOMY);
    }
  })();
  const took = performance.now() - t;
  await handle.close();
  rmSync(join(dir, 'raw.sqlite'), { force: true });
  return { ms: took, rps: (ROWS / took) * 1000 };
}

async function pagatoreImport(csv) {
  const handle = await freshDatabase('pagatore.sqlite');
  const entity = await handle.db
    .selectFrom('entities')
    .selectAll()
    .where('code', '=', DEMO_ENTITY.code)
    .executeTakeFirstOrThrow();
  global.gc?.();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const t = performance.now();
  const report = await importPositions(handle.db, entity, createReadStream(csv, { highWaterMark: 1 << 20 }), {
    format: 'csv',
  });
  const took = performance.now() - t;
  delay.disable();
  if (report.created !== ROWS)
    throw new Error(
      `import created ${report.created} of ${ROWS}: ${JSON.stringify(report.errors.slice(0, 3))}`,
    );
  const { key } = await createApiKey(handle.db, DEMO_ENTITY.code, 'bench', new Date());
  // What citizens search with: the debtor's fiscal code and the Codice Avviso, spread over the table.
  const keys = await handle.db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select(['payment_options.nav', 'positions.debtor_fiscal_code'])
    .where('payment_options.id', 'in', sampleIds(2000))
    .execute();
  await handle.close();
  return {
    ms: took,
    rps: (ROWS / took) * 1000,
    key,
    keys,
    navs: keys.map((k) => k.nav),
    maxPause: delay.max / 1e6,
  };
}

const sampleIds = (n) => spread(n, ROWS);
const writeCsv = (file) => writeRows(file, ROWS);

async function serveAndLoad(script, args, requests) {
  const { child, port } = await startServerProcess(script, args);
  try {
    return await load({
      url: `http://127.0.0.1:${port}`,
      ...requests,
      connections: CONNECTIONS,
      warmupMs: requests.rate ? STEADY_WARMUP_MS : WARMUP_MS,
      durationMs: SECONDS * 1000,
    });
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => {});
  }
}

const line = (label, value) => console.log(`  ${label.padEnd(46)} ${value}`);
const latency = (r) =>
  `${fmt(r.rps)} req/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}${r.errors ? `, ${r.errors} not 200 ${JSON.stringify(r.statuses)}` : ''}${r.dropped ? `, ${fmt(r.dropped)} due in the warm-up not sent` : ''}`;

try {
  console.log(
    `Positions: ${fmt(ROWS)} (single option, one transfer); HTTP: ${CONNECTIONS} connections, ${SECONDS} s`,
  );
  const csv = join(dir, 'positions.csv');
  await writeCsv(csv);

  const raw = await rawInsert();
  const imp = await pagatoreImport(csv);
  console.log('\nImport');
  line(
    'raw better-sqlite3 prepared inserts, 1 tx',
    `${fmt(raw.rps)} rows/s (${(raw.ms / 1000).toFixed(1)} s)`,
  );
  line(
    'pagatore import (CSV, validated, chunked)',
    `${fmt(imp.rps)} rows/s (${(imp.ms / 1000).toFixed(1)} s)`,
  );
  line('  longest event-loop pause during the import', ms(imp.maxPause));
  const importRatio = imp.rps / raw.rps;
  line('ratio (goal >= 50%)', pct(importRatio));
  figure({
    area: 'SQLite',
    name: `import ${fmt(ROWS)} positions (CSV) / raw inserts`,
    value: `${pct(importRatio)} (${fmt(imp.rps)} rows/s)`,
    baseline: `${fmt(raw.rps)} rows/s, prepared inserts, 1 tx`,
    goal: '>= 50%',
    ok: importRatio >= 0.5,
  });
  figure({
    area: 'SQLite',
    name: 'longest event-loop pause during the import',
    value: ms(imp.maxPause),
  });

  const db = join(dir, 'pagatore.sqlite');
  const admin = { paths: imp.navs.map((nav) => `/api/v1/admin/positions?nav=${nav}`) };
  const bearer = { ...admin, headers: { authorization: `Bearer ${imp.key}` } };
  const search = { request: searches(DEMO_ENTITY.code, imp.keys) };
  const bareAdmin = await serveAndLoad('serve-bare.mjs', [db, DEMO_ENTITY.code], admin);
  const oursAdmin = await serveAndLoad('serve-pagatore.mjs', [db], bearer);
  // The search's loads in turns, each side's best kept (lib/load.mjs, TURNS): closed loops (bare,
  // ours, bare, ours), then at a fixed rate, half of the bare's best, ours beside the bare at the
  // same offered rate: what this machine (server, load generator and their shared cores) gives at
  // best, so a missed p99 reads against what could be had here.
  const runs = { bare: [], ours: [], oursAtRate: [], bareAtRate: [] };
  for (let turn = 0; turn < TURNS; turn++) {
    runs.bare.push(await serveAndLoad('serve-bare.mjs', [db, DEMO_ENTITY.code], search));
    runs.ours.push(await serveAndLoad('serve-pagatore.mjs', [db], search));
  }
  const [bareSearch, oursSearch] = [runs.bare, runs.ours].map(fastest);
  const rate = Math.max(1, Math.round(bareSearch.rps / 2));
  for (let turn = 0; turn < TURNS; turn++) {
    runs.oursAtRate.push(await serveAndLoad('serve-pagatore.mjs', [db], { ...search, rate }));
    runs.bareAtRate.push(await serveAndLoad('serve-bare.mjs', [db, DEMO_ENTITY.code], { ...search, rate }));
  }
  const [oursSearchAtRate, bareSearchAtRate] = [runs.oursAtRate, runs.bareAtRate].map(steadiest);
  console.log(`\nOver HTTP, ${fmt(ROWS)} positions, ${CONNECTIONS} connections`);
  line('admin lookup, bare (node:http, 1 statement)', latency(bareAdmin));
  line('admin lookup, GET /api/v1/admin/positions?nav=', latency(oursAdmin));
  line('citizen search, bare (node:http, hit upsert + 1 statement)', latency(bareSearch));
  line('citizen search, POST /practices/search', latency(oursSearch));
  line(`  at a fixed ${fmt(rate)} req/s (half of the bare's)`, latency(oursSearchAtRate));
  line(`  bare at the same fixed ${fmt(rate)} req/s`, latency(bareSearchAtRate));
  if (TURNS > 1) {
    const rates = (list) => list.map((r) => fmt(r.rps)).join(' and ');
    const p99s = (list) => list.map((r) => ms(r.p99)).join(' and ');
    line(
      'search, each turn',
      `closed loops: bare ${rates(runs.bare)} req/s, ours ${rates(runs.ours)} req/s; ` +
        `p99 at the fixed rate: ours ${p99s(runs.oursAtRate)}, bare ${p99s(runs.bareAtRate)}`,
    );
  }
  const adminRatio = oursAdmin.rps / bareAdmin.rps;
  const searchRatio = oursSearch.rps / bareSearch.rps;
  line('admin lookup / bare', pct(adminRatio));
  line('citizen search / bare (goal >= 70%, p99 < 10 ms)', pct(searchRatio));
  figure({
    area: 'SQLite',
    name: 'admin lookup by NAV / bare',
    value: `${pct(adminRatio)} (${fmt(oursAdmin.rps)} req/s, p50 ${ms(oursAdmin.p50)}, p99 ${ms(oursAdmin.p99)})`,
    baseline: `${fmt(bareAdmin.rps)} req/s, p50 ${ms(bareAdmin.p50)}, p99 ${ms(bareAdmin.p99)}`,
    ok: oursAdmin.errors === 0 ? undefined : false,
  });
  figure({
    area: 'SQLite',
    name: 'citizen search / bare (closed loop)',
    value: `${pct(searchRatio)} (${fmt(oursSearch.rps)} req/s, p50 ${ms(oursSearch.p50)}, p99 ${ms(oursSearch.p99)})`,
    baseline: `${fmt(bareSearch.rps)} req/s (node:http, hit upsert + 1 statement; each the faster of its turns), p50 ${ms(bareSearch.p50)}, p99 ${ms(bareSearch.p99)}`,
    goal: '>= 70%',
    ok: searchRatio >= 0.7 && oursSearch.errors === 0,
  });
  figure({
    area: 'SQLite',
    name: `citizen search p50 / p99 at a fixed ${fmt(rate)} req/s`,
    value: `${ms(oursSearchAtRate.p50)} / ${ms(oursSearchAtRate.p99)}`,
    baseline: `half of the bare's closed-loop throughput, after ${STEADY_WARMUP_MS / 1000} s of warm-up, latency from when due; each the lower p99 of its turns; bare at this rate ${ms(bareSearchAtRate.p50)} / ${ms(bareSearchAtRate.p99)}`,
    goal: 'p99 < 10 ms',
    ok: oursSearchAtRate.p99 < 10 && oursSearchAtRate.errors === 0,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
