#!/usr/bin/env node
// `npm run soak [-- --seconds 600 --connections 50 --seed N --json out.json]`: one Pagatore server
// (the built `pagatore serve`, demo mode, an SQLite file, or with DB_ENGINE=postgres a PostgreSQL
// database: in the cluster at PAGATORE_TEST_PG_URL, else in a throwaway one of its own) under mixed
// traffic at N concurrent connections for a chosen time, killed with SIGKILL at random moments and
// restarted on the same database and port; then the invariants, read from the database, as a table.
// Exit code 1 when one fails.
// Everything runs on 127.0.0.1: the server, a real SMTP server for its mail, the webhook receiver.
// See docs/operations.md ("Soak run").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildNav, OPEN_PAYMENT_STATES } from '@pagatore/sdk';
import pg from 'pg';
import { startCluster, withDatabase } from '../../scripts/pg-cluster.mjs';
import { soakClient } from './lib/http.mjs';
import { checkInvariants } from './lib/invariants.mjs';
import { nodeClient, STATION } from './lib/node.mjs';
import { startInbox, startReceiver } from './lib/peers.mjs';
import { openReader } from './lib/reader.mjs';
import { requestsTable, rssTable, table } from './lib/report.mjs';
import { cli, freePort, serverUnderSoak } from './lib/server.mjs';
import { clientIp, ENTE, fiscalCode, IBAN, ORIGIN, position, random, toCsv } from './lib/data.mjs';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '600' },
    connections: { type: 'string', default: '50' },
    seed: { type: 'string' },
    ttl: { type: 'string', default: '15' },
    requests: { type: 'string' },
    json: { type: 'string' },
    'no-kills': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const SEED = args.seed !== undefined ? Number(args.seed) : Math.floor(Math.random() * 2 ** 31);
const TTL = Number(args.ttl);
/** The run also ends after this many requests (by default more than the server can answer in the time). */
const MAX_REQUESTS = args.requests !== undefined ? Number(args.requests) : SECONDS * 5000;
if (!(SECONDS > 0) || !(CONNECTIONS > 0) || !Number.isInteger(SEED) || !(TTL > 0) || !(MAX_REQUESTS > 0)) {
  console.error(
    'usage: soak.mjs [--seconds N] [--connections N] [--seed N] [--ttl N] [--requests N] [--json file] [--no-kills] [--keep]',
  );
  process.exit(2);
}

const rnd = random(SEED);
const t0 = Date.now();
const log = (s) => console.log(`[soak ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${s}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const API = `/api/v1/entities/${ENTE}`;

/**
 * The database of the run: an SQLite file in the data folder, or with DB_ENGINE=postgres a new
 * database in the cluster at PAGATORE_TEST_PG_URL (the end-to-end run's), else in a throwaway
 * cluster started here. `drop()` removes it (and stops a cluster of its own).
 */
async function soakDatabase() {
  if (process.env.DB_ENGINE !== 'postgres')
    return { engine: 'sqlite', url: `file:${join(dir, 'soak.sqlite')}`, drop: async () => {} };
  const cluster = process.env.PAGATORE_TEST_PG_URL ? null : await startCluster();
  const adminUrl = process.env.PAGATORE_TEST_PG_URL ?? cluster.url;
  const name = `soak_${process.pid}_${Date.now()}`;
  const admin = async (sql) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  return {
    engine: 'postgres',
    url: withDatabase(adminUrl, name),
    drop: async () => {
      if (cluster) await cluster.stop();
      else await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

// --- The stage: data folder, SMTP, receiver, server ------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'pagatore-soak-'));
const database = await soakDatabase();
const port = await freePort();
const inbox = await startInbox();
const receiver = await startReceiver({ t0, logFile: join(dir, 'receiver.jsonl') });
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? dir,
  PAGATORE_MODE: 'demo',
  HOST: '127.0.0.1',
  PORT: String(port),
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  DATABASE_URL: database.url,
  SMTP_URL: inbox.url,
  MAIL_FROM: 'Comune di Soak <pagamenti@comune-soak.example.it>',
  PAYMENT_PROVIDER: 'sandbox',
  PAYMENT_TTL: String(TTL),
  SANDBOX_RECEIPT_DELAY_MS: '300',
  LOG_LEVEL: 'warn',
  // Clients come from many addresses behind a proxy (X-Forwarded-For); the node from 127.0.0.1.
  TRUST_PROXY: 'true',
  PAGOPA_NODE_IPS: '127.0.0.1',
  WEBHOOK_POLL_MS: '500',
  WEBHOOK_TIMEOUT_MS: '5000',
};
cli(env, [
  'entity',
  'create',
  '--code',
  ENTE,
  '--name',
  'Comune di Soak',
  '--segregation',
  '01',
  '--iban',
  IBAN,
  '--origins',
  ORIGIN,
  '--portal-url',
  `${ORIGIN}/pagamenti`,
]);
const adminKey = cli(env, ['apikey', 'create', ENTE, '--label', 'soak']).trim().split('\n').pop();
const server = serverUnderSoak({ env, port, graceMs: 2000, t0, log });
await server.start();
const client = soakClient({ baseUrl: server.url, connections: CONNECTIONS, t0, gate: server.whenUp });
const node = nodeClient(client, ENTE);
const admin = { authorization: `Bearer ${adminKey}` };

/** A 2xx answer. */
const ok = (res) => !res.error && res.status >= 200 && res.status < 300;

async function must(res, what) {
  if (res.error || res.status >= 300)
    throw new Error(`${what}: ${res.status} ${res.error ?? res.text.slice(0, 500)}`);
  return res;
}

// The station the node calls, and a webhook to the receiver on 127.0.0.1: a private address, which
// the entity allows for its own network.
await must(
  await client.request('admin', 'PATCH', '/api/v1/admin/entity', {
    headers: admin,
    json: {
      pagopa: { idBrokerPA: STATION.idBrokerPA, idStation: STATION.idStation },
      allowPrivateTargets: true,
    },
  }),
  'settings',
);
const hook = await must(
  await client.request('admin', 'POST', '/api/v1/admin/webhooks', {
    headers: admin,
    json: { url: receiver.url, description: 'soak receiver' },
  }),
  'webhook',
);
receiver.setSecret(hook.json.secret);
const entityInfo = await must(await client.request('public', 'GET', API), 'entity');
const privacyVersion = entityInfo.json.privacy?.version ?? '1';

// --- What the run records --------------------------------------------------------------------------

const seen = {
  ente: ENTE,
  webhookId: hook.json.id,
  /** receiptId → what was sent and every answer. */
  receiptsSent: new Map(),
  duplicateBursts: [],
  activationBursts: [],
  sandboxPaid: [],
  imports: [],
};

// --- Practices: the pools the scenarios take them from ---------------------------------------------

const reader = await openReader(database.url);
const DEBTORS = Array.from({ length: 300 }, (_, i) => fiscalCode(1, i));
/** Fiscal codes with no practice, for the searches that miss. */
const STRANGERS = Array.from({ length: 50 }, (_, i) => fiscalCode(2, i));
const pools = { multi: [], plain: [], known: [] };

/** Loads the practices whose iupd starts with `prefix` into the pools. */
async function loadPractices(prefix) {
  const rows = await reader.all(
    `select p.iupd, p.debtor_fiscal_code fc, o.id, o.installment, o.nav, o.iuv, o.amount
       from positions p join payment_options o on o.position_id = p.id
      where p.entity_code = ? and p.iupd like ? order by p.id, o.installment`,
    ENTE,
    `${prefix}%`,
  );
  const byIupd = new Map();
  for (const r of rows) {
    const p = byIupd.get(r.iupd) ?? { iupd: r.iupd, fc: r.fc, options: [] };
    p.options.push({ id: r.id, installment: r.installment, nav: r.nav, iuv: r.iuv, amount: r.amount });
    byIupd.set(r.iupd, p);
  }
  for (const p of byIupd.values()) {
    pools.known.push(p);
    (p.options.length > 1 ? pools.multi : pools.plain).push(p);
  }
  return byIupd.size;
}

/** The stored transfers of an option, as a receipt lists them. */
async function transfersOf(optionId) {
  return (
    await reader.all(
      'select iban, amount, remittance, taxonomy from transfers where option_id = ? order by idx',
      optionId,
    )
  ).map((t) => ({ iban: t.iban, amount: t.amount, remittance: t.remittance, category: t.taxonomy }));
}

const take = (pool) => (pool.length ? pool.splice(rnd.int(0, pool.length - 1), 1)[0] : null);

let importSeq = 0;
/** Positions for an import: alternately with installments and without, debtors from the list. */
function importBatch(n) {
  const prefix = `SOAK-${++importSeq}-`;
  const positions = Array.from({ length: n }, (_, i) =>
    position(
      `${prefix}${String(i).padStart(5, '0')}`,
      DEBTORS[(importSeq * 7 + i) % DEBTORS.length],
      i % 2 === 0,
    ),
  );
  return { prefix, positions };
}

async function runImport(n, format) {
  const { prefix, positions } = importBatch(n);
  const body = format === 'csv' ? toCsv(positions) : JSON.stringify(positions);
  const record = {
    prefix,
    format,
    iupds: positions.map((p) => p.iupd),
    options: positions.map((p) => 1 + (p.installments?.length ?? 0)),
    status: 0,
  };
  seen.imports.push(record);
  const res = await client.request(
    `import-${format}`,
    'POST',
    `/api/v1/admin/positions/import?format=${format}`,
    {
      headers: { ...admin, 'content-type': format === 'csv' ? 'text/csv' : 'application/json' },
      body,
      timeoutMs: 180_000,
    },
  );
  record.status = res.status;
  if (ok(res) && res.json?.rejected > 0) record.rejected = res.json.errors?.slice(0, 3);
  if (ok(res)) await loadPractices(prefix);
  return res;
}

const poolSize = Math.min(8000, Math.max(1000, SECONDS * 15));
await must(await runImport(poolSize, 'json'), 'initial import');
log(`${pools.known.length} practices loaded (${pools.multi.length} with installments), seed ${SEED}`);

// --- Accounts --------------------------------------------------------------------------------------

const accounts = [];
let accountSeq = 0;

async function register(ip) {
  const n = ++accountSeq;
  const fc = fiscalCode(3, n);
  const a = {
    username: `soak.${SEED % 100000}.${n}`,
    email: `soak-${n}@example.it`,
    password: `Pw-${(rnd.next() * 1e12).toFixed(0)}-x9!`,
    fc,
    token: null,
    ip,
  };
  const h = { 'x-forwarded-for': ip };
  const reg = await client.request('register', 'POST', `${API}/accounts`, {
    headers: h,
    json: {
      fiscalCode: fc,
      subjectKind: 'person',
      firstName: 'Carla',
      lastName: 'Soak',
      address: 'Via del Carico 1',
      country: 'IT',
      city: 'Esempio',
      province: 'RM',
      postalCode: '00100',
      phone: '+39 06 1234567',
      email: a.email,
      username: a.username,
      password: a.password,
      privacyConsent: true,
      privacyVersion,
      lang: 'it',
    },
  });
  if (!ok(reg)) return null;
  let token = await inbox.activationToken(a.email, 10_000);
  if (!token) {
    // The server may have been killed before the mail left: ask for it again.
    await client.request('resend-activation', 'POST', `${API}/accounts/activation-requests`, {
      headers: h,
      json: { email: a.email },
    });
    token = await inbox.activationToken(a.email, 10_000);
  }
  if (!token) return null;
  const act = await client.request('activate', 'POST', `${API}/accounts/activation`, {
    headers: h,
    json: { token },
  });
  if (!ok(act)) return null;
  if (!(await login(a))) return null;
  accounts.push(a);
  return a;
}

async function login(a, wrong = false) {
  const res = await client.request('login', 'POST', `${API}/sessions`, {
    headers: { 'x-forwarded-for': a.ip },
    json: { username: a.username, password: wrong ? `${a.password}?` : a.password },
  });
  if (ok(res) && !wrong) a.token = res.json.token;
  return ok(res);
}

/** An account with a session, from the list (or a new one when there is none yet). */
async function someAccount(ip) {
  const a = accounts.length ? rnd.pick(accounts) : await register(ip);
  if (a && !a.token) await login(a);
  return a?.token ? a : null;
}

const auth = (a, ip) => ({ authorization: `Bearer ${a.token}`, 'x-forwarded-for': ip });

for (let i = 0; i < 5; i++) await register(clientIp(rnd));
log(`${accounts.length} accounts registered through the mail`);

// --- Scenarios -------------------------------------------------------------------------------------

/** A receipt to the node endpoint; a connection error is retried, as the node does. */
async function sendReceipt(r, why) {
  const s = seen.receiptsSent.get(r.receiptId) ?? { outcome: r.outcome ?? 'OK', answers: [], errors: 0, why };
  seen.receiptsSent.set(r.receiptId, s);
  for (let attempt = 0; attempt < 40; attempt++) {
    const a = await node.sendRT(r);
    if (!a.error && a.status === 200 && (a.outcome === 'OK' || a.fault !== 'PAA_SYSTEM_ERROR')) {
      s.answers.push(a.outcome === 'OK' ? 'OK' : a.fault);
      return a;
    }
    s.errors++;
    await sleep(250 + attempt * 100);
  }
  return null;
}

let receiptSeq = 0;
const receiptId = (tag) => `SOAK${tag}${String(++receiptSeq).padStart(8, '0')}${rnd.int(1000, 9999)}`;

/** The whole portal journey for some options: link, pay (or cart), the sandbox, the return page. */
async function portalPayment(a, ip, practices, navs, viaCart) {
  for (const p of practices) {
    const nav = p.options.find((o) => navs.includes(o.nav))?.nav ?? p.options[0].nav;
    const link = await client.request('link', 'POST', `${API}/me/practices`, {
      headers: auth(a, ip),
      json: { fiscalCode: p.fc, nav },
    });
    if (link.status === 401) a.token = null;
    if (!ok(link)) return null;
  }
  if (viaCart) {
    for (const nav of navs) {
      const add = await client.request('cart-add', 'POST', `${API}/me/cart/items`, {
        headers: auth(a, ip),
        json: { nav },
      });
      if (!ok(add)) return null;
    }
  }
  const start = await client.request('pay-start', 'POST', `${API}/payments`, {
    headers: auth(a, ip),
    json: viaCart ? { cart: true } : { options: navs },
  });
  if (start.status !== 201) return { started: false, start };
  const { id, redirectUrl } = start.json;
  const path = redirectUrl.replace(server.url, '');
  const t = new URL(redirectUrl).searchParams.get('t') ?? '';
  await client.request('sandbox-page', 'GET', path, { headers: { 'x-forwarded-for': ip } });
  const outcome = rnd.chance(0.85) ? 'paid' : rnd.chance(0.5) ? 'cancelled' : 'error';
  const form = new URLSearchParams({ t, outcome }).toString();
  const chosen = await client.request('sandbox-outcome', 'POST', `/sandbox/checkout/${id}?lang=it`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
    body: form,
  });
  if (chosen.status !== 303) return { started: true, id, outcome: null };
  if (outcome === 'paid') seen.sandboxPaid.push({ id });
  let state = null;
  for (let i = 0; i < 30; i++) {
    const got = await client.request('payment-poll', 'GET', `${API}/payments/${id}?returned=true`, {
      headers: auth(a, ip),
    });
    state = got.json?.state ?? null;
    if (state && !OPEN_PAYMENT_STATES.includes(state)) break;
    await sleep(200);
  }
  return { started: true, id, outcome, state };
}

const scenarios = {
  /** Anonymous search: right identifiers mostly, a wrong Codice Avviso sometimes; a notice PDF rarely. */
  async search(ip) {
    const p = rnd.pick(pools.known);
    if (!p) return;
    if (rnd.chance(0.15)) {
      // A well-formed Codice Avviso (right check digits) that is nobody's.
      const wrong = buildNav(
        { auxDigit: 3, code: '01' },
        `9${String(rnd.int(0, 999999999)).padStart(12, '0')}`,
      ).nav;
      await client.request('search', 'POST', `${API}/practices/search`, {
        headers: { 'x-forwarded-for': ip },
        json: { fiscalCode: rnd.pick(STRANGERS), nav: wrong },
      });
      return;
    }
    const nav = rnd.pick(p.options).nav;
    const pdf = rnd.chance(0.03);
    await client.request(
      pdf ? 'notice-pdf' : 'search',
      'POST',
      `${API}/practices/search${pdf ? '/notice.pdf' : ''}`,
      {
        headers: { 'x-forwarded-for': ip },
        json: { fiscalCode: p.fc, nav },
      },
    );
  },
  async register(ip) {
    await register(ip);
  },
  async login(ip) {
    if (!accounts.length) return;
    const a = rnd.pick(accounts);
    await login({ ...a, ip }, rnd.chance(0.1));
    if (rnd.chance(0.9)) await login(a);
  },
  /** The signed-in lists: my practices and my receipts. */
  async lists(ip) {
    const a = await someAccount(ip);
    if (!a) return;
    await client.request('my-practices', 'GET', `${API}/me/practices`, { headers: auth(a, ip) });
    await client.request('my-receipts', 'GET', `${API}/me/receipts`, { headers: auth(a, ip) });
  },
  async paySingle(ip) {
    const a = await someAccount(ip);
    const p = take(rnd.chance(0.5) ? pools.multi : pools.plain);
    if (!a || !p) return;
    const r = await portalPayment(a, ip, [p], [p.options[0].nav], false);
    if (r?.started && r.state !== 'paid' && r.outcome !== 'paid')
      (p.options.length > 1 ? pools.multi : pools.plain).push(p);
  },
  async payInstallment(ip) {
    const a = await someAccount(ip);
    const p = take(pools.multi);
    if (!a || !p) return;
    await portalPayment(a, ip, [p], [p.options[rnd.int(1, p.options.length - 1)].nav], false);
  },
  async payCart(ip) {
    const a = await someAccount(ip);
    if (!a) return;
    const ps = [take(pools.plain), take(pools.plain), rnd.chance(0.5) ? take(pools.plain) : null].filter(
      Boolean,
    );
    if (ps.length < 2) return;
    await client.request('cart-clear', 'DELETE', `${API}/me/cart`, { headers: auth(a, ip) });
    await portalPayment(
      a,
      ip,
      ps,
      ps.map((p) => p.options[0].nav),
      true,
    );
  },
  /** A payment started at a PSP: verify, activate, receipt (KO sometimes, which frees the notice). */
  async nodePayment() {
    const p = take(rnd.chance(0.7) ? pools.plain : pools.multi);
    if (!p) return;
    const o = rnd.chance(0.7) ? p.options[0] : rnd.pick(p.options);
    const v = await node.verify(o.nav);
    if (v.outcome !== 'OK') return;
    const act = await node.activate(o.nav, o.amount);
    if (act.outcome !== 'OK') return;
    const ko = rnd.chance(0.1);
    await sendReceipt(
      {
        nav: o.nav,
        iuv: o.iuv,
        amount: o.amount,
        receiptId: receiptId('N'),
        outcome: ko ? 'KO' : 'OK',
        transfers: act.transfers,
      },
      'node payment',
    );
    if (ko) (p.options.length > 1 ? pools.multi : pools.plain).push(p);
  },
  /**
   * Every option of one practice activated at the same moment from PSPs, and its installment 1 from
   * the portal: at most one may win. Each winner is then paid, as its PSP would.
   */
  async concurrentActivations(ip) {
    const p = take(pools.multi);
    if (!p) return;
    const a = await someAccount(ip);
    let portal = null;
    if (a) {
      const link = await client.request('link', 'POST', `${API}/me/practices`, {
        headers: auth(a, ip),
        json: { fiscalCode: p.fc, nav: p.options[0].nav },
      });
      if (ok(link)) portal = p.options[1];
    }
    const attempts = p.options.map((o) =>
      node.activate(o.nav, o.amount).then((r) => ({ o, r, via: 'node' })),
    );
    if (portal)
      attempts.push(
        client
          .request('pay-start', 'POST', `${API}/payments`, {
            headers: auth(a, ip),
            json: { options: [portal.nav] },
          })
          .then((res) => ({ o: portal, r: res, via: 'portal' })),
      );
    const results = await Promise.all(attempts);
    if (results.some(({ r }) => r.error)) return;
    const won = results.filter(({ r, via }) => (via === 'node' ? r.outcome === 'OK' : r.status === 201));
    seen.activationBursts.push({
      iupd: p.iupd,
      attempts: results.length,
      winners: won.length,
      won: won.map(({ o, via }) => `${via} option ${o.installment}`),
    });
    for (const { o, r, via } of won) {
      if (via === 'node')
        await sendReceipt(
          { nav: o.nav, iuv: o.iuv, amount: o.amount, receiptId: receiptId('C'), transfers: r.transfers },
          'concurrent activation winner',
        );
      else {
        const t = new URL(r.json.redirectUrl).searchParams.get('t') ?? '';
        const res = await client.request(
          'sandbox-outcome',
          'POST',
          `/sandbox/checkout/${r.json.id}?lang=it`,
          {
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
            body: new URLSearchParams({ t, outcome: 'paid' }).toString(),
          },
        );
        if (res.status === 303) seen.sandboxPaid.push({ id: r.json.id });
      }
    }
  },
  /** One receipt 20 times at once, then a second receipt (another channel) for the paid notice. */
  async duplicateReceipts() {
    const p = take(pools.plain);
    if (!p) return;
    const o = p.options[0];
    const act = await node.activate(o.nav, o.amount);
    if (act.outcome !== 'OK') return;
    const r = {
      nav: o.nav,
      iuv: o.iuv,
      amount: o.amount,
      receiptId: receiptId('D'),
      transfers: act.transfers,
    };
    const copies = 20;
    const s = { outcome: 'OK', answers: [], errors: 0, why: 'concurrent copies' };
    seen.receiptsSent.set(r.receiptId, s);
    const replies = await Promise.all(Array.from({ length: copies }, () => node.sendRT(r)));
    for (const a of replies)
      if (a.error) s.errors++;
      else s.answers.push(a.outcome === 'OK' ? 'OK' : a.fault);
    seen.duplicateBursts.push({
      receiptId: r.receiptId,
      copies,
      ok: replies.filter((a) => a.outcome === 'OK').length,
      errors: replies.filter((a) => a.error).length,
    });
    if (s.errors) await sendReceipt(r, 'concurrent copies');
    await sendReceipt(
      { ...r, receiptId: receiptId('S'), channel: '00799960158_02' },
      'second receipt for a paid notice',
    );
  },
  /** An installment paid through the node, then a receipt for the (closed) single payment. */
  async overpay() {
    const p = take(pools.multi);
    if (!p) return;
    const inst = p.options[1];
    const act = await node.activate(inst.nav, inst.amount);
    if (act.outcome !== 'OK') return;
    const paid = await sendReceipt(
      {
        nav: inst.nav,
        iuv: inst.iuv,
        amount: inst.amount,
        receiptId: receiptId('I'),
        transfers: act.transfers,
      },
      'installment before an overpayment',
    );
    if (paid?.outcome !== 'OK') return;
    const single = p.options[0];
    await sendReceipt(
      {
        nav: single.nav,
        iuv: single.iuv,
        amount: single.amount,
        receiptId: receiptId('O'),
        transfers: await transfersOf(single.id),
      },
      'single payment after an installment (overpaid)',
    );
  },
};

let importing = false;
let lastImport = 0;
scenarios.adminImport = async () => {
  if (importing || Date.now() - lastImport < 5000) return scenarios.search(clientIp(rnd));
  importing = true;
  lastImport = Date.now();
  try {
    await runImport(rnd.int(1200, 2600), seen.imports.length % 2 ? 'csv' : 'json');
  } finally {
    importing = false;
  }
};

const WEIGHTS = [
  ['search', 30],
  ['register', 3],
  ['login', 5],
  ['lists', 6],
  ['paySingle', 10],
  ['payInstallment', 6],
  ['payCart', 5],
  ['nodePayment', 14],
  ['concurrentActivations', 4],
  ['duplicateReceipts', 3],
  ['overpay', 3],
  ['adminImport', 2],
];
const totalWeight = WEIGHTS.reduce((s, [, w]) => s + w, 0);
function pickScenario() {
  let x = rnd.next() * totalWeight;
  for (const [name, w] of WEIGHTS) if ((x -= w) < 0) return name;
  return 'search';
}

// --- The run ---------------------------------------------------------------------------------------

const trafficStart = Date.now();
const deadline = trafficStart + SECONDS * 1000;
// The receiver fails (503 or a dropped connection) for a fifth of the run, at most two minutes.
const failFrom = trafficStart - t0 + Math.round(SECONDS * 1000 * 0.15);
const failUntil = failFrom + Math.min(120_000, Math.round(SECONDS * 1000 * 0.2));
receiver.failBetween(failFrom, failUntil);
const ran = new Map();
let crashes = 0;

async function worker() {
  while (Date.now() < deadline && client.sent() < MAX_REQUESTS) {
    const name = pickScenario();
    ran.set(name, (ran.get(name) ?? 0) + 1);
    try {
      await scenarios[name](clientIp(rnd));
    } catch (e) {
      log(`scenario ${name} threw: ${e instanceof Error ? e.stack : String(e)}`);
      await sleep(200);
    }
  }
}

async function chaos() {
  if (args['no-kills']) return;
  let next = trafficStart + rnd.int(8, 20) * 1000;
  while (next < deadline - 10_000) {
    while (Date.now() < next && !trafficDone) await sleep(Math.min(500, next - Date.now()));
    if (trafficDone) return;
    crashes++;
    log(`SIGKILL #${crashes}`);
    await server.crash();
    next = Date.now() + rnd.int(10, 40) * 1000;
  }
}

const progress = setInterval(() => {
  log(
    `${client.sent()} requests, ${crashes} kills, ${receiver.log.length} webhook POSTs, ${inbox.count()} mails`,
  );
}, 10_000);
log(
  `traffic for ${SECONDS} s at ${CONNECTIONS} connections; receiver fails from ${(failFrom / 1000).toFixed(0)} s to ${(failUntil / 1000).toFixed(0)} s`,
);
let trafficDone = false;
const workers = Promise.all(Array.from({ length: CONNECTIONS }, worker)).then(() => {
  trafficDone = true;
});
await Promise.all([workers, chaos()]);
clearInterval(progress);
const trafficEnd = Date.now();
log('traffic stopped; draining (webhooks, sandbox receipts, expiries)');

// --- Drain: every event delivered, every sandbox outcome delivered, one expiry sweep after restart --

receiver.recover();
const lastUp = Math.max(trafficStart, ...server.windows.map((w) => w.up ?? 0));
const drainDeadline = Date.now() + Math.max(120_000, Math.min(600_000, SECONDS * 500));
for (;;) {
  const pending = (await reader.get("select count(*) n from webhook_deliveries where status = 'pending'")).n;
  const behind = (
    await reader.get(
      'select count(*) n from events e, webhook_endpoints w where e.entity_code = w.entity_code and e.id > w.cursor',
    )
  ).n;
  const sandbox = (await reader.get('select count(*) n from sandbox_outcomes where delivered_at is null')).n;
  const swept = Date.now() > lastUp + 36_000 && Date.now() > trafficEnd + 5000;
  if (pending === 0 && behind === 0 && sandbox === 0 && swept) break;
  if (Date.now() > drainDeadline) {
    log(
      `drain timed out: ${pending} deliveries pending, ${behind} events not fanned out, ${sandbox} sandbox outcomes`,
    );
    break;
  }
  await sleep(500);
}
const checkedAt = Date.now();
await reader.close();
await server.stop();
client.close();

const result = await checkInvariants(database.url, {
  ...seen,
  checkedAt,
  receiverLog: receiver.log,
  failures: client.failures,
  races: client.races,
  t0,
  inWindow: server.inWindow,
  windows: server.windows.length,
});
await receiver.close();
await inbox.close();

// --- Report ----------------------------------------------------------------------------------------

const failed = result.rows.filter((r) => !r.ok);
const header = `Soak: ${SECONDS} s of traffic at ${CONNECTIONS} connections, seed ${SEED}, PAYMENT_TTL ${TTL} s, ${crashes} SIGKILLs`;
const out = [
  '',
  header,
  '',
  table(
    ['invariant', 'result', 'detail'],
    result.rows.map((r) => [r.name, r.ok ? 'ok' : 'FAIL', r.detail]),
  ),
  '',
  `Requests (${((trafficEnd - trafficStart) / 1000).toFixed(0)} s of traffic; latencies of answered requests)`,
  requestsTable(client.kinds),
  '',
  `Scenarios run: ${[...ran.entries()].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  `Database: ${Object.entries(result.counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}; mails ${inbox.count()}`,
  '',
  'Kills (SIGKILL → /healthz answers again)',
  server.windows.length
    ? table(
        ['#', 't (s)', 'down ms'],
        server.windows.map((w, i) => [
          i + 1,
          ((w.start - t0) / 1000).toFixed(1),
          w.up ? w.up - w.start : '-',
        ]),
      )
    : '(none)',
  '',
  'Server RSS over time (/proc/<pid>/status VmRSS)',
  rssTable(server.rss),
  '',
  `Errors the server logged: ${server.errors.length}`,
  ...server.errors.slice(0, 10),
  '',
  failed.length ? `FAILED: ${failed.map((r) => r.name).join('; ')}` : 'All invariants hold.',
].join('\n');
console.log(out);
if (args.json)
  writeFileSync(
    args.json,
    JSON.stringify(
      {
        seconds: SECONDS,
        connections: CONNECTIONS,
        seed: SEED,
        kills: crashes,
        invariants: result.rows,
        counts: result.counts,
        report: out,
      },
      null,
      2,
    ),
  );
if (args.keep)
  console.log(`Data kept in ${dir}${database.engine === 'postgres' ? ` and ${database.url}` : ''}`);
else {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed.length ? 1 : 0);
