// How cost grows (`npm run bench -- --scale`): the table filled step by step to 100k, 1M and 10M
// positions spread over 1,000 entities, each step by Pagatore's own CSV import (entity by entity);
// after each step the import rate of that step, the admin lookup by NAV and the citizen's search
// (p50/p99 at 50 connections, one server process, and the CPU each request cost the server and the
// PostgreSQL backends), the notice rate from stored positions (per core) and the database's size,
// on SQLite and on PostgreSQL (a throwaway cluster, scripts/pg-cluster.mjs). Lookups should stay
// flat as the table grows: after each step the statements of one lookup and one search are
// explained (`plans` below) and a scan of a growing table is a MISSED row of the table.
// BENCH_SCALE_SIZES (default 100000,1000000,10000000; --quick 20000,100000), BENCH_SCALE_ENGINES
// (default sqlite,postgres), BENCH_SECONDS (default 5 per load; --quick 2). The database grows by
// about 0.75 GB (SQLite) and 1.2 GB (PostgreSQL) per million positions: 10M need some 20 GB of
// disk, and the PostgreSQL fill (a few thousand rows per CPU second, entity by entity) takes an
// hour or more on 2 cores; BENCH_SCALE_SIZES=100000,1000000 is the run that fits a working day.
// Rate limits: as in import-lookup.bench.mjs, every search comes from its own client address.
import { startServerProcess } from './lib/server-process.mjs';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createApiKey,
  DEMO_ENTITY,
  importPositions,
  loadConfig,
  migrate,
  openDatabase,
  renderNoticeForPosition,
  seedDemoEntity,
  startServer,
} from '@pagatore/server';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { startCluster, withDatabase } from '../scripts/pg-cluster.mjs';
import { load, searches } from './lib/load.mjs';
import { IBAN, row, TAXONOMY } from './lib/positions.mjs';
import { figure, fmt, ms as millis, QUICK, size } from './lib/report.mjs';

/** A latency, or n/a when no request was answered in the window. */
const ms = (n) => (Number.isFinite(n) ? millis(n) : 'n/a');

const SIZES = (process.env.BENCH_SCALE_SIZES ?? (QUICK ? '20000,100000' : '100000,1000000,10000000'))
  .split(',')
  .map(Number);
const ENGINES = (process.env.BENCH_SCALE_ENGINES ?? 'sqlite,postgres').split(',');
const SECONDS = size('BENCH_SECONDS', 5, 2);
const ENTITIES = 1000;
const CONNECTIONS = 50;
const dir = mkdtempSync(join(tmpdir(), 'pagatore-bench-scale-'));

/** The n-th entity's code (the demo entity is the 0th). */
const entityCode = (n) => (n === 0 ? DEMO_ENTITY.code : `9${String(n).padStart(10, '0')}`);

/** CSV of the rows [from, to), generated as it is read. */
async function* csv(from, to) {
  yield Buffer.from(
    'iupd,debtor_fiscal_code,debtor_type,debtor_name,description,amount,due_date,transfer1_iban,transfer1_taxonomy\n',
  );
  let buf = '';
  for (let i = from; i < to; i++) {
    const r = row(i);
    buf += `${r.iupd},${r.cf},${r.type},${r.name},${r.description},${r.amount},${r.due},${IBAN},9/${TAXONOMY}/\n`;
    if (buf.length > 1 << 16) {
      yield Buffer.from(buf);
      buf = '';
    }
  }
  if (buf) yield Buffer.from(buf);
}

async function start(script, args) {
  const { child, url } = await startServerProcess(script, args);
  return {
    url,
    /** CPU seconds the server process has used. */
    cpu: () => cpuSeconds(child.pid),
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit').catch(() => {});
    },
  };
}

/** CPU seconds of a process (user + system, from /proc), 0 once it has ended. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of the PostgreSQL cluster's client backends (the postmaster's children serving a
 * TCP client), by process: `since` a former reading counts only what each used after it (a backend
 * started meanwhile from zero). Autovacuum and the other workers are left out: their work is the
 * table's upkeep, not a request's.
 */
function clusterCpu(cluster, since) {
  const now = new Map();
  if (!cluster) return { now, seconds: 0 };
  const postmaster = readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      if (stat[1] !== postmaster) continue;
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('127.0.0.1(')) continue;
      now.set(pid, cpuSeconds(pid));
    } catch {
      // The process ended meanwhile.
    }
  }
  let seconds = 0;
  for (const [pid, cpu] of now) seconds += cpu - (since?.now.get(pid) ?? 0);
  return { now, seconds };
}

async function databaseSize(engine, url, file) {
  if (engine === 'sqlite') {
    const bytes = (f) => (existsSync(f) ? statSync(f).size : 0);
    return bytes(file) + bytes(`${file}-wal`);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query('select pg_database_size(current_database())::bigint as n');
  await client.end();
  return Number(rows[0].n);
}

/**
 * The statements one admin lookup and one citizen search run, as the product sends them: a server
 * in this process answers one of each while every statement the drivers are given is recorded
 * (better-sqlite3's Statement methods, pg's Client#query); then each is explained with its own
 * parameters (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL). A table read by a full scan
 * (SQLite "SCAN t" without an index, PostgreSQL "Seq Scan on t") with more than 1,000 rows is a
 * lookup that would grow with the table. Only the statements that read the tables growing with
 * the positions (or with the searches) are kept: the server's own background work (outboxes,
 * expiry) runs meanwhile and is not what a lookup costs.
 */
const GROWING = /\b(positions|payment_options|transfers|receipts|rate_limits)\b/;
async function plans(engine, url, handle, key, sample) {
  const recorded = new Map();
  let recording = false;
  const record = (text, values) => {
    if (recording && /^\s*(select|with)\b/i.test(text) && GROWING.test(text) && !recorded.has(text))
      recorded.set(text, values);
  };
  const probe = new SQLite(':memory:').prepare('select 1');
  const statement = Object.getPrototypeOf(probe);
  const saved = { query: pg.Client.prototype.query };
  for (const m of ['get', 'all', 'run', 'iterate']) {
    saved[m] = statement[m];
    statement[m] = function (...args) {
      record(this.source, args);
      return saved[m].apply(this, args);
    };
  }
  pg.Client.prototype.query = function (config, values, ...rest) {
    if (typeof config === 'string') record(config, values ?? []);
    else if (config?.text) record(config.text, config.values ?? values ?? []);
    return saved.query.call(this, config, values, ...rest);
  };
  const config = loadConfig(
    {},
    { mode: 'demo', databaseUrl: url, host: '127.0.0.1', port: 0, logLevel: 'silent', trustProxy: true },
  );
  const server = await startServer(config);
  const base = `http://127.0.0.1:${server.port}`;
  const k = sample[Math.floor(sample.length / 2)];
  const answers = [];
  recording = true;
  try {
    answers.push(
      (
        await fetch(`${base}/api/v1/admin/positions?nav=${k.nav}`, {
          headers: { authorization: `Bearer ${key}` },
        })
      ).status,
    );
    const req = searches(DEMO_ENTITY.code, [k])(7_777_777);
    answers.push(
      (await fetch(`${base}${req.path}`, { method: 'POST', headers: req.headers, body: req.body })).status,
    );
  } finally {
    recording = false;
    await server.close();
    for (const m of ['get', 'all', 'run', 'iterate']) statement[m] = saved[m];
    pg.Client.prototype.query = saved.query;
  }
  if (answers.some((s) => s !== 200)) throw new Error(`plan probe answered ${answers.join(', ')}`);

  const scans = new Set();
  const indexes = new Set();
  /** SQLite: reads of a growing table by the entity alone (every row of the entity). */
  const ranges = new Set();
  /** PostgreSQL: the most rows one statement read (EXPLAIN ANALYZE: rows out plus rows filtered). */
  let mostRows = 0;
  for (const [text, values] of recorded) {
    if (engine === 'sqlite') {
      const args = values.length === 1 && Array.isArray(values[0]) ? values[0] : values;
      const lines = handle.sqlite
        .prepare(`explain query plan ${text}`)
        .all(...args)
        .map((r) => r.detail);
      if (process.env.BENCH_PLANS) console.log(`${text}\n  ${lines.join('\n  ')}`);
      for (const l of lines) {
        const scan = /^SCAN (\w+)\b(?! USING (COVERING )?INDEX)/.exec(l);
        if (scan) scans.add(scan[1]);
        const used = /USING (?:COVERING )?INDEX (\w+)|USING INTEGER PRIMARY KEY/.exec(l);
        if (used) indexes.add(used[1] ?? 'rowid');
        const range = /^SEARCH (\w+)(?: AS \w+)? USING (?:COVERING )?INDEX (\w+) \(entity_code=\?\)$/.exec(l);
        if (range && GROWING.test(range[1])) ranges.add(`${range[1]} by ${range[2]} (entity_code=?)`);
      }
    } else {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      let plan;
      try {
        plan = (await client.query(`explain (analyze, format json) ${text}`, values)).rows[0]['QUERY PLAN'][0]
          .Plan;
      } finally {
        await client.end();
      }
      let read = 0;
      const walk = (node) => {
        if (node['Node Type'] === 'Seq Scan') scans.add(node['Relation Name']);
        if (node['Index Name']) indexes.add(node['Index Name']);
        if (node['Relation Name'])
          read +=
            (node['Actual Rows'] +
              (node['Rows Removed by Filter'] ?? 0) +
              (node['Rows Removed by Index Recheck'] ?? 0)) *
            node['Actual Loops'];
        for (const child of node.Plans ?? []) walk(child);
      };
      walk(plan);
      if (process.env.BENCH_PLANS) console.log(`${text}\n  ${read} rows read\n  ${JSON.stringify(plan)}`);
      mostRows = Math.max(mostRows, read);
    }
  }
  // A scanned table that stays small (the entity's settings, one API key) costs the same at any size.
  const growing = [...ranges];
  const tables = new Set((await handle.db.introspection.getTables()).map((t) => t.name));
  for (const table of scans) {
    // A scan of a subquery or a CTE reads rows already found, not a table.
    if (!tables.has(table)) continue;
    const { n } = await handle.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n) > 1000) growing.push(`scan of ${table} (${fmt(Number(n))} rows)`);
  }
  // A lookup reads a position, its options and their transfers: a few rows, whatever the table's size.
  if (mostRows > 100) growing.push(`a statement read ${fmt(mostRows)} rows`);
  return {
    statements: recorded.size,
    indexes: [...indexes].sort(),
    scans: [...scans].sort(),
    mostRows: engine === 'postgres' ? mostRows : undefined,
    growing,
  };
}

async function run(engine, url, file) {
  const config = loadConfig({}, { mode: 'demo', databaseUrl: url, logLevel: 'silent' });
  const handle = await openDatabase(url);
  await migrate(handle.db);
  await seedDemoEntity(handle.db, config);
  const demo = await handle.db
    .selectFrom('entities')
    .selectAll()
    .where('code', '=', DEMO_ENTITY.code)
    .executeTakeFirstOrThrow();
  const entities = [demo];
  for (let n = 1; n < ENTITIES; n++) entities.push({ ...demo, code: entityCode(n), name: `Comune ${n}` });
  await handle.db
    .insertInto('entities')
    .values(entities.slice(1))
    .execute()
    .catch(async () => {
      // Wide rows: in parts, below each engine's parameter limit.
      for (let k = 1; k < ENTITIES; k += 50)
        await handle.db
          .insertInto('entities')
          .values(entities.slice(k, k + 50))
          .execute();
    });
  const { key } = await createApiKey(handle.db, DEMO_ENTITY.code, 'bench', new Date());

  let filled = 0;
  for (const total of SIZES) {
    // Each entity gets its share of the new rows; row numbers stay unique across entities.
    const per = Math.ceil((total - filled) / ENTITIES);
    const t = performance.now();
    const importCpu0 = process.cpuUsage();
    const clusterCpu0 = clusterCpu(engine === 'postgres' ? cluster : null);
    let created = 0;
    for (let n = 0; n < ENTITIES; n++) {
      const from = filled + n * per;
      const to = Math.min(total, from + per);
      if (to <= from) break;
      const report = await importPositions(handle.db, entities[n], csv(from, to), { format: 'csv' });
      created += report.created;
    }
    const importRps = (created / (performance.now() - t)) * 1000;
    const importCpu = process.cpuUsage(importCpu0);
    // Rows per CPU second of this process and (PostgreSQL) of the cluster's backends.
    const importPerCpu =
      created /
      ((importCpu.user + importCpu.system) / 1e6 +
        clusterCpu(engine === 'postgres' ? cluster : null, clusterCpu0).seconds);
    filled = total;

    // What the demo entity's citizens search with, spread over its rows.
    const keys = await handle.db
      .selectFrom('payment_options')
      .innerJoin('positions', 'positions.id', 'payment_options.position_id')
      .select(['payment_options.nav', 'positions.debtor_fiscal_code', 'positions.id'])
      .where('payment_options.entity_code', '=', DEMO_ENTITY.code)
      .orderBy('payment_options.id')
      .limit(100_000)
      .execute();
    const sample = keys.filter((_, i) => i % Math.max(1, Math.floor(keys.length / 2000)) === 0);

    for (let i = 0; i < 20; i++)
      await renderNoticeForPosition(handle.db, DEMO_ENTITY.code, sample[i % sample.length].id);
    let rendered = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    while (performance.now() - t0 < SECONDS * 1000) {
      const k = sample[rendered % sample.length];
      await renderNoticeForPosition(handle.db, DEMO_ENTITY.code, k.id);
      rendered++;
    }
    const cpu = process.cpuUsage(c0);
    const noticeRate = rendered / ((cpu.user + cpu.system) / 1e6);

    const server = await start('serve-pagatore.mjs', [engine === 'sqlite' ? file : url]);
    let admin;
    let search;
    // CPU per request, of the server and (PostgreSQL) of its backends: what a request costs,
    // which other work on a shared machine does not inflate as it does latencies.
    // The warm-up is a load of its own, so the CPU counted is that of the measured window only
    // (a starved process would otherwise show its compilation as the requests' cost).
    const perRequest = async (o) => {
      await load({ ...o, warmupMs: 0, durationMs: o.warmupMs });
      const pgCpu = clusterCpu(engine === 'postgres' ? cluster : null);
      const c = server.cpu();
      const r = await load({ ...o, warmupMs: 0 });
      const used = server.cpu() - c + clusterCpu(engine === 'postgres' ? cluster : null, pgCpu).seconds;
      return { ...r, cpuUs: (used / r.sent) * 1e6 };
    };
    try {
      admin = await perRequest({
        url: server.url,
        paths: sample.map((k) => `/api/v1/admin/positions?nav=${k.nav}`),
        headers: { authorization: `Bearer ${key}` },
        connections: CONNECTIONS,
        // A fresh process compiles its code on the first requests.
        warmupMs: 3000,
        durationMs: SECONDS * 1000,
      });
      search = await perRequest({
        url: server.url,
        request: searches(DEMO_ENTITY.code, sample),
        connections: CONNECTIONS,
        warmupMs: 1000,
        durationMs: SECONDS * 1000,
      });
    } finally {
      await server.stop();
    }
    // The plans are a check beside the curve: one that cannot be taken is said, not fatal.
    const plan = await plans(engine, url, handle, key, sample).catch((e) => ({
      statements: 0,
      indexes: [],
      scans: [],
      mostRows: undefined,
      growing: [`plans not taken: ${e.message}`],
    }));
    const bytes = await databaseSize(engine, url, file);
    const label = `${engine} ${fmt(total)}`;
    console.log(
      `${label.padEnd(18)} import ${fmt(importRps).padStart(7)} rows/s (${fmt(importPerCpu)} per CPU s)   ` +
        `lookup p50 ${ms(admin.p50)} p99 ${ms(admin.p99)} (${fmt(admin.cpuUs)} µs CPU)   ` +
        `search p50 ${ms(search.p50)} p99 ${ms(search.p99)} (${fmt(search.cpuUs)} µs CPU)   notices ${fmt(noticeRate)}/s per core   ` +
        `database ${fmt(bytes / 1e6)} MB${admin.errors + search.errors ? `   ${admin.errors + search.errors} not 200` : ''}`,
    );
    console.log(
      `${''.padEnd(18)} plans of the lookup and the search (${plan.statements} statements): indexes ${plan.indexes.join(', ')}; ` +
        `full scans ${plan.scans.length ? plan.scans.join(', ') : 'none'}` +
        `${plan.mostRows === undefined ? '' : `; at most ${fmt(plan.mostRows)} rows read by one statement`}` +
        `${plan.growing.length ? `; GROWS WITH THE TABLE: ${plan.growing.join(', ')}` : ''}`,
    );
    figure({
      area: `scale ${engine}`,
      name: `${fmt(total)} positions / ${fmt(ENTITIES)} entities`,
      value:
        `import ${fmt(importRps)} rows/s (${fmt(importPerCpu)}/CPU s); lookup p50/p99 ${ms(admin.p50)}/${ms(admin.p99)}, ${fmt(admin.cpuUs)} µs CPU; ` +
        `search ${ms(search.p50)}/${ms(search.p99)}, ${fmt(search.cpuUs)} µs CPU; notices ${fmt(noticeRate)}/s; ${fmt(bytes / 1e6)} MB`,
    });
    figure({
      area: `scale ${engine}`,
      name: `${fmt(total)}: lookup and search plans`,
      value: plan.growing.length
        ? plan.growing.join(', ')
        : `indexes only${plan.mostRows === undefined ? '' : `, <= ${fmt(plan.mostRows)} rows read per statement`}`,
      goal: 'no scan (index, few rows)',
      ok: plan.growing.length === 0,
    });
  }
  await handle.close();
}

let cluster;
try {
  console.log(
    `Sizes ${SIZES.map((s) => fmt(s)).join(', ')} over ${fmt(ENTITIES)} entities; ${CONNECTIONS} connections, ${SECONDS} s per load`,
  );
  for (const engine of ENGINES) {
    if (engine === 'sqlite') {
      const file = join(dir, 'scale.sqlite');
      await run('sqlite', `file:${file}`, file);
    } else {
      cluster ??= await startCluster();
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('create database bench_scale');
      await admin.end();
      await run('postgres', withDatabase(cluster.url, 'bench_scale'), null);
    }
  }
} finally {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}
