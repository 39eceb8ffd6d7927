// PostgreSQL: bulk import of 1,000,000 positions beside PostgreSQL's own COPY of the same rows into
// the same tables (the engine's limit); then the citizen's lookup by fiscal code + Codice Avviso
// (POST /practices/search) at 50 connections, on one and on two Pagatore processes sharing the
// database, beside a bare node:http + pg handler in one round trip (one statement counts the client's
// rate-limit hit and reads the practice with its options). Prints the ratios (closed loop) and each
// search's p50/p99 at a fixed offered rate, half of the bare handler's closed-loop throughput in
// the same setup, one process or two (lib/load.mjs).
// Starts its own throwaway cluster (scripts/pg-cluster.mjs) and uses the built packages
// (npm run build). BENCH_ROWS (default 1,000,000; --quick 20,000) and BENCH_SECONDS (default 10;
// --quick 2, after a 1 s warm-up instead of 2) shorten a run; BENCH_PROFILE=<dir> writes a CPU profile of each server process.
import { startServerProcess } from './lib/server-process.mjs';
import { once } from 'node:events';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { buildNav } from '@pagatore/sdk';
import {
  DEMO_ENTITY,
  importPositions,
  loadConfig,
  migrate,
  openDatabase,
  seedDemoEntity,
} from '@pagatore/server';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startCluster, withDatabase } from '../scripts/pg-cluster.mjs';
import { fastest, load, searches, steadiest, TURNS } from './lib/load.mjs';
import { IBAN, row, sampleIds, TAXONOMY, writeCsv } from './lib/positions.mjs';
import { figure, ms, QUICK, size } from './lib/report.mjs';

const ROWS = size('BENCH_ROWS', 1_000_000, 20_000);
const SECONDS = size('BENCH_SECONDS', 10, 2);
/** Requests before the measured window: a fresh server process compiles its code on the first ones. */
const WARMUP_MS = QUICK ? 1000 : 2000;
/**
 * The warm-up of a fixed-rate load, whose p99 is the latency of a server in its steady state. A new
 * process stalls while its code is compiled in tiers, on cores that the load generator and
 * PostgreSQL share: on PostgreSQL its last burst comes 6–7 s after the load starts, for the bare
 * and for Pagatore alike (the server process's CPU up by half for half a second, with no GC and no
 * deoptimization in that window; measured on 100k positions at 1,700 req/s: the bare's p99 11–12 ms
 * after a 6 s warm-up, 7.2 ms after 10 s). So the loads warm up for 10 s.
 */
const STEADY_WARMUP_MS = QUICK ? 2000 : 10_000;
const CONNECTIONS = 50;
const ENTE = DEMO_ENTITY.code;
const dir = mkdtempSync(join(tmpdir(), 'pagatore-bench-pg-'));
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const pct = (r) => `${(r * 100).toFixed(1)}%`;

async function admin(url, text) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** A new database in the cluster, migrated, with the demo entity. */
async function freshDatabase(clusterUrl, name) {
  await admin(clusterUrl, `create database ${name}`);
  const url = withDatabase(clusterUrl, name);
  const config = loadConfig({}, { mode: 'demo', databaseUrl: url, logLevel: 'silent' });
  const handle = await openDatabase(url);
  await migrate(handle.db);
  await seedDemoEntity(handle.db, config);
  return { url, handle };
}

/** COPY text rows of one table, generated as they are sent (as the SQLite side's raw inserts build theirs). */
function copyText(line) {
  let i = 0;
  return Readable.from(
    (function* () {
      while (i < ROWS) {
        let buf = '';
        for (const end = Math.min(ROWS, i + 2000); i < end; i++) buf += line(i);
        yield buf;
      }
    })(),
  );
}

/** PostgreSQL's own bulk path: COPY FROM STDIN of the three tables in one transaction. */
async function copyBaseline(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const now = new Date().toISOString();
  const scheme = { auxDigit: 3, code: DEMO_ENTITY.segregationCode };
  global.gc?.();
  const t = performance.now();
  await client.query('begin');
  await pipeline(
    copyText((i) => {
      const r = row(i);
      return `${i + 1}\t${ENTE}\t${r.iupd}\tunpaid\t${r.cf}\t${r.type}\t${r.name}\t${r.description}\t${r.due}\t${r.amount}\t${now}\t${now}\n`;
    }),
    client.query(
      copyFrom(
        'copy positions (id, entity_code, iupd, status, debtor_fiscal_code, debtor_type, debtor_name, description, due_date, amount, created_at, updated_at) from stdin',
      ),
    ),
  );
  await pipeline(
    copyText((i) => {
      const r = row(i);
      const { iuv, nav } = buildNav(scheme, String(i + 1).padStart(13, '0'));
      return `${i + 1}\t${i + 1}\t${ENTE}\t0\t${r.amount}\t${r.due}\t${iuv}\t${nav}\tunpaid\n`;
    }),
    client.query(
      copyFrom(
        'copy payment_options (id, position_id, entity_code, installment, amount, due_date, iuv, nav, status) from stdin',
      ),
    ),
  );
  await pipeline(
    copyText((i) => {
      const r = row(i);
      return `${i + 1}\t1\t${IBAN}\t0\t${r.amount}\t${r.description}\t${TAXONOMY}\n`;
    }),
    client.query(
      copyFrom('copy transfers (option_id, idx, iban, postal, amount, remittance, taxonomy) from stdin'),
    ),
  );
  for (const table of ['positions', 'payment_options'])
    await client.query(`select setval(pg_get_serial_sequence('${table}', 'id'), ${ROWS + 1}, false)`);
  await client.query('commit');
  const ms = performance.now() - t;
  const { rows } = await client.query('select count(*)::int as n from transfers');
  await client.end();
  if (rows[0].n !== ROWS) throw new Error(`COPY wrote ${rows[0].n} of ${ROWS}`);
  return { ms, rps: (ROWS / ms) * 1000 };
}

async function pagatoreImport(handle, csv) {
  const entity = await handle.db
    .selectFrom('entities')
    .selectAll()
    .where('code', '=', ENTE)
    .executeTakeFirstOrThrow();
  global.gc?.();
  const t = performance.now();
  const report = await importPositions(handle.db, entity, createReadStream(csv, { highWaterMark: 1 << 20 }), {
    format: 'csv',
  });
  const ms = performance.now() - t;
  if (report.created !== ROWS)
    throw new Error(
      `import created ${report.created} of ${ROWS}: ${JSON.stringify(report.errors.slice(0, 3))}`,
    );
  // What citizens search with: the debtor's fiscal code and the Codice Avviso, spread over the table.
  const ids = sampleIds(2000, ROWS);
  const keys = await handle.db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select(['payment_options.nav', 'positions.debtor_fiscal_code'])
    .where('payment_options.position_id', 'in', ids)
    .execute();
  return { ms, rps: (ROWS / ms) * 1000, keys };
}

async function start(script, args) {
  const { child, url } = await startServerProcess(script, args);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit').catch(() => {});
    },
  };
}

/** Transactions committed in the database so far (a statement outside a transaction is one). */
async function commits(url) {
  const { rows } = await admin(
    url,
    'select xact_commit::bigint as n from pg_stat_database where datname = current_database()',
  );
  return Number(rows[0].n);
}

async function serveAndLoad(script, args, processes, keys, rate) {
  const servers = [];
  let r;
  let before;
  try {
    for (let n = 0; n < processes; n++) servers.push(await start(script, args));
    before = await commits(args[0]);
    r = await load({
      urls: servers.map((s) => s.url),
      request: searches(ENTE, keys),
      connections: CONNECTIONS,
      warmupMs: rate ? STEADY_WARMUP_MS : WARMUP_MS,
      durationMs: SECONDS * 1000,
      rate,
    });
  } finally {
    for (const s of servers) await s.stop();
  }
  // A backend reports its counts when it ends: read them once the servers' connections closed.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return { ...r, commitsPerRequest: ((await commits(args[0])) - before) / r.sent };
}

const line = (label, value) => console.log(`  ${label.padEnd(46)} ${value}`);

const cluster = await startCluster();
try {
  const version = (await admin(cluster.url, 'show server_version')).rows[0].server_version;
  console.log(
    `PostgreSQL ${version} (throwaway cluster: fsync off); positions: ${fmt(ROWS)} (single option, one transfer); lookups: ${CONNECTIONS} connections, ${SECONDS} s`,
  );
  const csv = join(dir, 'positions.csv');
  await writeCsv(csv, ROWS);

  const copyDb = await freshDatabase(cluster.url, 'bench_copy');
  await copyDb.handle.close();
  const copy = await copyBaseline(copyDb.url);
  await admin(cluster.url, 'drop database bench_copy');

  const ours = await freshDatabase(cluster.url, 'bench_pagatore');
  const imp = await pagatoreImport(ours.handle, csv);
  await ours.handle.close();
  await admin(ours.url, 'vacuum analyze');

  console.log('\nImport');
  line('COPY FROM STDIN, 3 tables, 1 tx', `${fmt(copy.rps)} rows/s (${(copy.ms / 1000).toFixed(1)} s)`);
  line(
    'pagatore import (CSV, validated, chunked)',
    `${fmt(imp.rps)} rows/s (${(imp.ms / 1000).toFixed(1)} s)`,
  );
  line('ratio pagatore / COPY', pct(imp.rps / copy.rps));
  figure({
    area: 'Postgres',
    name: `import ${fmt(ROWS)} positions (CSV) / COPY`,
    value: `${pct(imp.rps / copy.rps)} (${fmt(imp.rps)} rows/s)`,
    baseline: `${fmt(copy.rps)} rows/s, COPY FROM STDIN, 1 tx`,
    goal: '>= 50%',
    ok: imp.rps / copy.rps >= 0.5,
  });

  // Each configuration beside the bare in the same one: one process, or two sharing the database
  // (two processes on this machine's two cores, beside PostgreSQL and the load generator, do less
  // than one: their compilers, heaps and pools compete for the same cores, the bare's as ours).
  // Closed loops in turns (bare, ours, bare, ours; lib/load.mjs, TURNS), the faster run of each kept.
  const closed = { bare: [], bareTwo: [], one: [], two: [] };
  for (let turn = 0; turn < TURNS; turn++) {
    closed.bare.push(await serveAndLoad('serve-bare-pg.mjs', [ours.url], 1, imp.keys));
    closed.one.push(await serveAndLoad('serve-pagatore.mjs', [ours.url], 1, imp.keys));
    closed.bareTwo.push(await serveAndLoad('serve-bare-pg.mjs', [ours.url], 2, imp.keys));
    closed.two.push(await serveAndLoad('serve-pagatore.mjs', [ours.url], 2, imp.keys));
  }
  const [bare, bareTwo, one, two] = [closed.bare, closed.bareTwo, closed.one, closed.two].map(fastest);
  const both = (runs) => runs.map((r) => fmt(r.rps)).join(' and ');
  /** The offered rate of the latency runs: half of the bare's closed-loop throughput in the same setup. */
  const half = (b) => Math.max(1, Math.round(b.rps / 2));
  // Fixed rates in turns too, the run of the lower p99 of each kept; the bare at the same offered
  // rate is what this machine (server, PostgreSQL, load generator on shared cores) gives at best,
  // so a missed p99 reads against what could be had here.
  const fixed = { one: [], two: [], bare: [], bareTwo: [] };
  for (let turn = 0; turn < TURNS; turn++) {
    fixed.one.push(await serveAndLoad('serve-pagatore.mjs', [ours.url], 1, imp.keys, half(bare)));
    fixed.two.push(await serveAndLoad('serve-pagatore.mjs', [ours.url], 2, imp.keys, half(bareTwo)));
    fixed.bare.push(await serveAndLoad('serve-bare-pg.mjs', [ours.url], 1, imp.keys, half(bare)));
    fixed.bareTwo.push(await serveAndLoad('serve-bare-pg.mjs', [ours.url], 2, imp.keys, half(bareTwo)));
  }
  const [oneAtRate, twoAtRate, bareAtRate, bareTwoAtRate] = [
    fixed.one,
    fixed.two,
    fixed.bare,
    fixed.bareTwo,
  ].map(steadiest);
  const p99s = (runs) => runs.map((r) => ms(r.p99)).join(' and ');
  console.log(`\nLookup by fiscal code + Codice Avviso (POST /practices/search), ${fmt(ROWS)} positions`);
  for (const [label, r] of [
    ['bare node:http + pg (1 statement: hit + practice)', bare],
    ['bare, 2 processes', bareTwo],
    ['pagatore, 1 process', one],
    ['pagatore, 2 processes', two],
    [`pagatore, 1 process, fixed ${fmt(half(bare))} req/s`, oneAtRate],
    [`pagatore, 2 processes, fixed ${fmt(half(bareTwo))} req/s`, twoAtRate],
    [`bare, fixed ${fmt(half(bare))} req/s`, bareAtRate],
    [`bare, 2 processes, fixed ${fmt(half(bareTwo))} req/s`, bareTwoAtRate],
  ]) {
    line(
      label,
      `${fmt(r.rps)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.commitsPerRequest.toFixed(1)} commits/req${r.errors ? `, ${r.errors} not 200 ${JSON.stringify(r.statuses)}` : ''}${r.dropped ? `, ${fmt(r.dropped)} due in the warm-up not sent` : ''}`,
    );
  }
  line(
    'closed loops, req/s of each turn',
    `bare ${both(closed.bare)}; pagatore ${both(closed.one)}; bare, 2 processes ${both(closed.bareTwo)}; pagatore, 2 processes ${both(closed.two)}`,
  );
  line(
    'fixed rates, p99 of each turn',
    `pagatore ${p99s(fixed.one)}; pagatore, 2 processes ${p99s(fixed.two)}; bare ${p99s(fixed.bare)}; bare, 2 processes ${p99s(fixed.bareTwo)}`,
  );
  line('ratio pagatore 1 process / bare', pct(one.rps / bare.rps));
  line('ratio pagatore 2 processes / bare 2 processes', pct(two.rps / bareTwo.rps));
  line('ratio pagatore 2 processes / bare 1 process', pct(two.rps / bare.rps));
  line('ratio pagatore 2 processes / 1 process', pct(two.rps / one.rps));
  for (const [label, r, b, atRate, bAtRate] of [
    ['1 process', one, bare, oneAtRate, bareAtRate],
    ['2 processes', two, bareTwo, twoAtRate, bareTwoAtRate],
  ]) {
    figure({
      area: 'Postgres',
      name: `citizen search, ${label} / bare (closed loop)`,
      value: `${pct(r.rps / b.rps)} (${fmt(r.rps)} req/s, ${r.commitsPerRequest.toFixed(1)} commits/req)`,
      baseline: `bare, ${label}: ${fmt(b.rps)} req/s (node:http, 1 statement: hit + practice; each the faster of its turns), p50 ${ms(b.p50)}, p99 ${ms(b.p99)}`,
      goal: '>= 70%',
      ok: r.rps / b.rps >= 0.7 && r.errors === 0,
    });
    figure({
      area: 'Postgres',
      name: `citizen search, ${label}, p50 / p99 at a fixed ${fmt(half(b))} req/s`,
      value: `${ms(atRate.p50)} / ${ms(atRate.p99)}`,
      baseline: `half of the bare's closed-loop throughput (${label}), after ${STEADY_WARMUP_MS / 1000} s of warm-up, latency from when due; each the lower p99 of its turns; bare at this rate ${ms(bAtRate.p50)} / ${ms(bAtRate.p99)}`,
      goal: 'p99 < 10 ms',
      ok: atRate.p99 < 10 && atRate.errors === 0,
    });
  }
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
