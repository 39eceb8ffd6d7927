// Entity side: bulk import of 1,000,000 positions beside raw better-sqlite3 prepared
// inserts of the same rows in one transaction; then the lookup of a position by (entity, NAV)
// over HTTP with those rows, beside a bare Hono + better-sqlite3 handler doing the same query.
// Targets: import >= 33% of raw, lookup >= 70% of bare. Uses the built packages (npm run build).
// BENCH_ROWS (default 1,000,000) and BENCH_SECONDS (default 10) shorten a run.
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { load } from './lib/load.mjs';
import { IBAN, row, sampleIds as spread, TAXONOMY, writeCsv as writeRows } from './lib/positions.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const dir = mkdtempSync(join(tmpdir(), 'pagatore-bench-'));
const lib = (f) => fileURLToPath(new URL(`./lib/${f}`, import.meta.url));
const fmt = (n) => Math.round(n).toLocaleString('en-US');

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
  const ms = performance.now() - t;
  await handle.close();
  rmSync(join(dir, 'raw.sqlite'), { force: true });
  return { ms, rps: (ROWS / ms) * 1000 };
}

async function pagatoreImport(csv) {
  const handle = await freshDatabase('pagatore.sqlite');
  const entity = await handle.db
    .selectFrom('entities')
    .selectAll()
    .where('code', '=', DEMO_ENTITY.code)
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
  const { key } = await createApiKey(handle.db, DEMO_ENTITY.code, 'bench', new Date());
  const navs = (
    await handle.db.selectFrom('payment_options').select('nav').where('id', 'in', sampleIds(2000)).execute()
  ).map((r) => r.nav);
  await handle.close();
  return { ms, rps: (ROWS / ms) * 1000, key, navs };
}

const sampleIds = (n) => spread(n, ROWS);
const writeCsv = (file) => writeRows(file, ROWS);

async function serveAndLoad(script, args, headers, navs) {
  // BENCH_PROFILE=<dir> writes a CPU profile of each server.
  const prof = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...prof, lib(script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
  try {
    return await load({
      url: `http://127.0.0.1:${port}`,
      paths: navs.map((nav) => `/api/v1/admin/positions?nav=${nav}`),
      headers,
      connections: CONNECTIONS,
      warmupMs: 2000,
      durationMs: SECONDS * 1000,
    });
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => {});
  }
}

const line = (label, value) => console.log(`  ${label.padEnd(44)} ${value}`);

try {
  console.log(
    `Positions: ${fmt(ROWS)} (single option, one transfer); lookups: ${CONNECTIONS} connections, ${SECONDS} s`,
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
  const importRatio = imp.rps / raw.rps;
  line(
    'ratio (target >= 33%)',
    `${(importRatio * 100).toFixed(1)}% ${importRatio >= 0.33 ? 'OK' : 'BELOW TARGET'}`,
  );

  const db = join(dir, 'pagatore.sqlite');
  const bare = await serveAndLoad('serve-bare.mjs', [db, DEMO_ENTITY.code], {}, imp.navs);
  const ours = await serveAndLoad(
    'serve-pagatore.mjs',
    [db],
    { authorization: `Bearer ${imp.key}` },
    imp.navs,
  );
  const adminOnly = await serveAndLoad(
    'serve-admin-only.mjs',
    [db],
    { authorization: `Bearer ${imp.key}` },
    imp.navs,
  );
  console.log(`\nLookup by (entity, NAV) over HTTP, ${fmt(ROWS)} positions`);
  for (const [label, r] of [
    ['bare Hono + better-sqlite3', bare],
    ['pagatore GET /api/v1/admin/positions?nav=', ours],
    ['  same admin routes, no app-wide middleware', adminOnly],
  ]) {
    line(
      label,
      `${fmt(r.rps)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms${r.errors ? `, ${r.errors} errors` : ''}`,
    );
  }
  const lookupRatio = ours.rps / bare.rps;
  line(
    'ratio (target >= 70%)',
    `${(lookupRatio * 100).toFixed(1)}% ${lookupRatio >= 0.7 ? 'OK' : 'BELOW TARGET'}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
