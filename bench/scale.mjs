// How cost grows (`npm run bench -- --scale`): the table filled step by step to 100k, 1M and 10M
// positions spread over 1,000 entities, each step by Pagatore's own CSV import (entity by entity);
// after each step the import rate of that step, the admin lookup by NAV and the citizen's search
// (p50/p99 at 50 connections, one server process), the notice rate from stored positions (per
// core) and the database's size, on SQLite and on PostgreSQL (a throwaway cluster,
// scripts/pg-cluster.mjs). Lookups should stay flat as the table grows: they go through the
// (entity_code, nav) index, never a scan.
// BENCH_SCALE_SIZES (default 100000,1000000,10000000; --quick 20000,100000), BENCH_SCALE_ENGINES
// (default sqlite,postgres), BENCH_SECONDS (default 5 per load; --quick 2). 10M positions take hours
// on a small machine (about 2 GB of SQLite file): run the sizes that fit.
// Rate limits: as in import-lookup.bench.mjs, every search comes from its own client address.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createApiKey,
  DEMO_ENTITY,
  importPositions,
  loadConfig,
  migrate,
  openDatabase,
  renderNoticeForPosition,
  seedDemoEntity,
} from '@pagatore/server';
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
const lib = (f) => fileURLToPath(new URL(`./lib/${f}`, import.meta.url));

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
  const child = spawn(process.execPath, [lib(script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit').catch(() => {});
    },
  };
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
    let created = 0;
    for (let n = 0; n < ENTITIES; n++) {
      const from = filled + n * per;
      const to = Math.min(total, from + per);
      if (to <= from) break;
      const report = await importPositions(handle.db, entities[n], csv(from, to), { format: 'csv' });
      created += report.created;
    }
    const importRps = (created / (performance.now() - t)) * 1000;
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
    try {
      admin = await load({
        url: server.url,
        paths: sample.map((k) => `/api/v1/admin/positions?nav=${k.nav}`),
        headers: { authorization: `Bearer ${key}` },
        connections: CONNECTIONS,
        // A fresh process compiles its code on the first requests.
        warmupMs: 3000,
        durationMs: SECONDS * 1000,
      });
      search = await load({
        url: server.url,
        request: searches(DEMO_ENTITY.code, sample),
        connections: CONNECTIONS,
        warmupMs: 1000,
        durationMs: SECONDS * 1000,
      });
    } finally {
      await server.stop();
    }
    const bytes = await databaseSize(engine, url, file);
    const label = `${engine} ${fmt(total)}`;
    console.log(
      `${label.padEnd(18)} import ${fmt(importRps).padStart(7)} rows/s   lookup p50 ${ms(admin.p50)} p99 ${ms(admin.p99)}   ` +
        `search p50 ${ms(search.p50)} p99 ${ms(search.p99)}   notices ${fmt(noticeRate)}/s per core   ` +
        `database ${fmt(bytes / 1e6)} MB${admin.errors + search.errors ? `   ${admin.errors + search.errors} not 200` : ''}`,
    );
    figure({
      area: `scale ${engine}`,
      name: `${fmt(total)} positions / ${fmt(ENTITIES)} entities`,
      value:
        `import ${fmt(importRps)} rows/s; lookup p50/p99 ${ms(admin.p50)}/${ms(admin.p99)}; ` +
        `search ${ms(search.p50)}/${ms(search.p99)}; notices ${fmt(noticeRate)}/s; ${fmt(bytes / 1e6)} MB`,
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
