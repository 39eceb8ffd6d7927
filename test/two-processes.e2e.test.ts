/**
 * Two server processes, one PostgreSQL database: the built `pagatore serve` (demo mode, so the
 * sandbox stands in for Checkout) started twice on two 127.0.0.1 ports with the same DATABASE_URL,
 * with real concurrent HTTP requests split across both. What one process holds in memory the other
 * cannot see, so each check below fails if the state it needs is not shared through the database:
 *
 * - one payment wins per practice, across its options, when the node activates all of them at once;
 * - one receipt is recorded out of many copies sent at once;
 * - an import runs on one while the other answers searches;
 * - each webhook event reaches the receiver once, though both processes run the delivery worker;
 * - payment expiry ends each payment once, though both processes sweep;
 * - a rate limit counts the hits of both processes;
 * - a session made on one works (and ends) on the other; a cart filled on one is paid via the other;
 * - SIGTERM: a request in flight gets its answer, the process exits 0; a rolling restart of both
 *   behind a client that, like a load balancer, tries the other process when a connection is
 *   refused loses no request.
 *
 * The PostgreSQL cluster is a throwaway one (scripts/pg-cluster.mjs), or PAGATORE_TEST_PG_URL.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { personalCheckLetter } from '@pagatore/sdk';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module script shared with the command line, without types
import { startCluster, withDatabase } from '../scripts/pg-cluster.mjs';
import { CLI, DEMO_ENTITY, freePort, ROOT } from './support/stack.js';

const ENTE = DEMO_ENTITY;
const API = `/api/v1/entities/${ENTE}`;
const STATION = { idBrokerPA: '15376371009', idStation: '15376371009_01' };
const IBAN = 'IT60X0542811101000000123456';
const MARIO = { username: 'mario.rossi', password: 'Demo-Pagatore-2026', fiscalCode: 'RSSMRA85T10A562S' };
const DEBTOR = `BNCLRA80A41H501${personalCheckLetter('BNCLRA80A41H501')}`;
/** Seconds a payment waits for its receipt: short, so the expiry check does not wait long. */
const TTL = 6;

// --- HTTP: one connection per request, so a closing server never meets a reused connection ---------

interface Answer {
  status: number;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, string | string[] | undefined>;
}

interface CallOptions {
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
}

function call(base: string, method: string, path: string, o: CallOptions = {}): Promise<Answer> {
  const body = o.json !== undefined ? JSON.stringify(o.json) : o.body;
  const headers: Record<string, string> = {
    ...(o.json !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    ...o.headers,
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, text, json, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

// --- The pagoPA node's side of /pagopa/node ----------------------------------------------------------

type Xml = [string, string | Xml[]];
const esc = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
const xml = (nodes: Xml[]): string =>
  nodes.map(([n, v]) => `<${n}>${typeof v === 'string' ? esc(v) : xml(v)}</${n}>`).join('');
const euros = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const ids: Xml[] = [
  ['idPA', ENTE],
  ['idBrokerPA', STATION.idBrokerPA],
  ['idStation', STATION.idStation],
];

function soap(base: string, action: string, wrapper: string, children: Xml[]) {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd">' +
    `<soapenv:Header/><soapenv:Body><pafn:${wrapper}>${xml(children)}</pafn:${wrapper}></soapenv:Body></soapenv:Envelope>`;
  return call(base, 'POST', '/pagopa/node', {
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
    body,
  }).then((a) => ({
    status: a.status,
    outcome: /<outcome>(OK|KO)<\/outcome>/.exec(a.text)?.[1] ?? null,
    fault: /<faultCode>([A-Z_]+)<\/faultCode>/.exec(a.text)?.[1] ?? null,
  }));
}

const qr = (nav: string): Xml => [
  'qrCode',
  [
    ['fiscalCode', ENTE],
    ['noticeNumber', nav],
  ],
];

const activate = (base: string, nav: string, amount: number) =>
  soap(base, 'paGetPaymentV2', 'paGetPaymentV2Request', [...ids, qr(nav), ['amount', euros(amount)]]);

function sendReceipt(base: string, r: { receiptId: string; nav: string; iuv: string; amount: number }) {
  return soap(base, 'paSendRTV2', 'paSendRTV2Request', [
    ...ids,
    [
      'receipt',
      [
        ['receiptId', r.receiptId],
        ['noticeNumber', r.nav],
        ['fiscalCode', ENTE],
        ['outcome', 'OK'],
        ['creditorReferenceId', r.iuv],
        ['paymentAmount', euros(r.amount)],
        ['description', 'Pagamento'],
        ['companyName', 'Comune di Esempio'],
        [
          'debtor',
          [
            [
              'uniqueIdentifier',
              [
                ['entityUniqueIdentifierType', 'F'],
                ['entityUniqueIdentifierValue', DEBTOR],
              ],
            ],
            ['fullName', 'Laura Bianchi'],
          ],
        ],
        [
          'transferList',
          [
            [
              'transfer',
              [
                ['idTransfer', '1'],
                ['transferAmount', euros(r.amount)],
                ['fiscalCodePA', ENTE],
                ['IBAN', IBAN],
                ['remittanceInformation', 'Pagamento'],
                ['transferCategory', '0101002IM'],
              ],
            ],
          ],
        ],
        ['idPSP', 'BCITITMM'],
        ['pspFiscalCode', '00799960158'],
        ['PSPCompanyName', 'Intesa Sanpaolo'],
        ['idChannel', '00799960158_01'],
        ['channelDescription', 'app'],
        ['paymentMethod', 'creditCard'],
        ['fee', '1.00'],
        ['paymentDateTime', new Date().toISOString().slice(0, 19)],
        ['applicationDate', new Date().toISOString().slice(0, 10)],
      ],
    ],
  ]);
}

// --- Positions ---------------------------------------------------------------------------------------

const option = (amount: number, dueDate: string, remittance: string) => ({
  amount,
  dueDate,
  transfers: [{ iban: IBAN, amount, remittance, taxonomy: '9/0101002IM/' }],
});

/** A position; with installments, a single payment of 150 € and three installments of 50 €. */
function position(iupd: string, debtor: string, installments: boolean) {
  return {
    iupd,
    debtor: { fiscalCode: debtor, name: 'Debitore' },
    description: `Pratica ${iupd}`,
    single: option(installments ? 15_000 : 4_000, '2030-12-31', `Pratica ${iupd}`),
    ...(installments
      ? {
          installments: [1, 2, 3].map((n) => option(5_000, `2030-0${n * 3}-28`, `Rata ${n} ${iupd}`)),
        }
      : {}),
  };
}

// --- The processes -----------------------------------------------------------------------------------

interface Proc {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  output: string;
  exited: Promise<number | null>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cluster: { url: string; stop(): Promise<void> } | null = null;
let databaseUrl = '';
let env: Record<string, string> = {};
let db: pg.Pool;
const procs: Proc[] = [];

function cli(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pagatore ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

async function launch(name: string, port: number): Promise<Proc> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p: Proc = {
    name,
    url,
    port,
    child,
    output: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  const keep = (c: Buffer) => (p.output = (p.output + c.toString()).slice(-50_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  for (let i = 0; ; i++) {
    const up = await call(url, 'GET', '/healthz').then(
      (a) => a.status === 200,
      () => false,
    );
    if (up) return p;
    if (child.exitCode !== null) throw new Error(`${name} exited at start:\n${p.output}`);
    if (i > 600) throw new Error(`${name} did not answer /healthz:\n${p.output}`);
    await sleep(100);
  }
}

/** SIGTERM; resolves with the exit code. */
async function terminate(p: Proc): Promise<number | null> {
  p.child.kill('SIGTERM');
  return p.exited;
}

/** True once nothing accepts connections on the port. */
function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

const [A, B] = [0, 1];
const url = (i: number) => procs[i]!.url;
/** Alternates the processes: the i-th request goes to A, the next to B. */
const either = (i: number) => url(i % 2);

let adminKey = '';
let firstEvent = 0;
const admin = () => ({ authorization: `Bearer ${adminKey}` });

async function rows<T>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await db.query(text, values)).rows as T[];
}

interface Option {
  id: number;
  iupd: string;
  installment: number;
  nav: string;
  iuv: string;
  amount: number;
}

async function optionsOf(prefix: string): Promise<Map<string, Option[]>> {
  const list = await rows<Option>(
    `select o.id, p.iupd, o.installment, o.nav, o.iuv, o.amount::int as amount
       from positions p join payment_options o on o.position_id = p.id
      where p.entity_code = $1 and p.iupd like $2 order by p.iupd, o.installment`,
    [ENTE, `${prefix}%`],
  );
  const out = new Map<string, Option[]>();
  for (const o of list) out.set(o.iupd, [...(out.get(o.iupd) ?? []), o]);
  return out;
}

// --- The webhook receiver ----------------------------------------------------------------------------

const received: { eventId: string; type: string }[] = [];
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received.push({
      eventId: String(req.headers['pagatore-event-id']),
      type: String(req.headers['pagatore-event-type']),
    });
    res.writeHead(200).end('ok');
  });
});

beforeAll(async () => {
  let adminUrl = process.env.PAGATORE_TEST_PG_URL;
  if (!adminUrl) {
    cluster = (await startCluster()) as { url: string; stop(): Promise<void> };
    adminUrl = cluster.url;
  }
  const name = `twoproc_${process.pid}_${Date.now()}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  databaseUrl = withDatabase(adminUrl, name) as string;
  db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const [portA, portB] = [await freePort(), await freePort()];
  env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PAGATORE_MODE: 'demo',
    HOST: '127.0.0.1',
    // Behind a load balancer both have the one public URL; here A's stands for it.
    PUBLIC_URL: `http://127.0.0.1:${portA}`,
    DATABASE_URL: databaseUrl,
    PAYMENT_PROVIDER: 'sandbox',
    PAYMENT_TTL: String(TTL),
    SANDBOX_RECEIPT_DELAY_MS: '200',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: 'true',
    PAGOPA_NODE_IPS: '127.0.0.1',
    WEBHOOK_POLL_MS: '200',
    DATABASE_POOL_SIZE: '10',
  };
  cli(['demo', 'seed']);
  adminKey = cli(['apikey', 'create', ENTE, '--label', 'two processes']).trim().split('\n').pop()!;
  const [a, b] = await Promise.all([launch('A', portA), launch('B', portB)]);
  procs.push(a, b);
  const settings = await call(url(A), 'PATCH', '/api/v1/admin/entity', {
    headers: admin(),
    json: { pagopa: STATION, allowPrivateTargets: true },
  });
  expect(settings.status, settings.text).toBe(200);
  // Events before the endpoint (the demo's paid practice) are not sent to it.
  firstEvent = Number((await rows<{ n: number }>('select coalesce(max(id), 0)::int as n from events'))[0]!.n);
  const hook = await call(url(B), 'POST', '/api/v1/admin/webhooks', {
    headers: admin(),
    json: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks` },
  });
  expect(hook.status, hook.text).toBe(201);
  // The practices of the checks: 8 with installments (the races), 12 single, 2 of Mario's (the cart).
  const base = [
    ...Array.from({ length: 8 }, (_, i) => position(`TP-RACE-${i}`, DEBTOR, true)),
    ...Array.from({ length: 12 }, (_, i) => position(`TP-ONE-${i}`, DEBTOR, false)),
    ...Array.from({ length: 2 }, (_, i) => position(`TP-CART-${i}`, MARIO.fiscalCode, false)),
  ];
  const imported = await call(url(B), 'POST', '/api/v1/admin/positions/import?format=json', {
    headers: admin(),
    json: base,
  });
  expect(imported.status, imported.text).toBeLessThan(300);
  expect(imported.json, imported.text).toMatchObject({ created: base.length, rejected: 0 });
}, 240_000);

afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await db?.end();
  await new Promise((r) => receiver.close(r));
  await cluster?.stop();
});

describe('two server processes on one PostgreSQL database', () => {
  it('every option of a practice activated at once through both: one payment wins per practice', async () => {
    const practices = await optionsOf('TP-RACE-');
    const race = [...practices.values()].slice(0, 4);
    expect(race.map((o) => o.length)).toEqual([4, 4, 4, 4]);
    // Each option twice, once through each process, all at the same moment.
    const answers = await Promise.all(
      race.flatMap((options) =>
        options.flatMap((o, k) =>
          [0, 1].map(async (j) => ({ iupd: o.iupd, ...(await activate(either(k + j), o.nav, o.amount)) })),
        ),
      ),
    );
    for (const options of race) {
      const mine = answers.filter((a) => a.iupd === options[0]!.iupd);
      expect(mine.filter((a) => a.outcome === 'OK')).toHaveLength(1);
      expect(mine.filter((a) => a.outcome === 'KO').every((a) => a.fault === 'PAA_PAGAMENTO_IN_CORSO')).toBe(
        true,
      );
    }
    const open = await rows<{ iupd: string; n: number }>(
      `select p.iupd, count(distinct i.payment_id)::int as n
         from payment_items i join positions p on p.id = i.position_id
        where p.iupd like 'TP-RACE-%' group by p.iupd`,
    );
    expect(open).toHaveLength(race.length);
    expect(open.every((r) => r.n === 1)).toBe(true);
  });

  it('one receipt sent 16 times at once through both is recorded once', async () => {
    const practices = await optionsOf('TP-ONE-');
    const targets = [...practices.values()].slice(0, 3).map((o) => o[0]!);
    const answers = await Promise.all(
      targets.flatMap((o) =>
        Array.from({ length: 16 }, (_, i) =>
          sendReceipt(either(i), {
            receiptId: `TPRCPT${o.id}`,
            nav: o.nav,
            iuv: o.iuv,
            amount: o.amount,
          }).then((a) => ({ nav: o.nav, ...a })),
        ),
      ),
    );
    for (const o of targets) {
      const mine = answers.filter((a) => a.nav === o.nav);
      expect(mine.filter((a) => a.outcome === 'OK')).toHaveLength(1);
      expect(mine.filter((a) => a.fault === 'PAA_RECEIPT_DUPLICATA')).toHaveLength(15);
    }
    const stored = await rows<{ receipt_id: string; n: number }>(
      `select receipt_id, count(*)::int as n from receipts where receipt_id like 'TPRCPT%' group by receipt_id`,
    );
    expect(stored.map((r) => r.n)).toEqual([1, 1, 1]);
  });

  it('an import runs on one process while the other answers searches', async () => {
    const known = [...(await optionsOf('TP-ONE-')).values()].map((o) => o[0]!);
    const positions = Array.from({ length: 2000 }, (_, i) =>
      position(`TP-IMP-${String(i).padStart(5, '0')}`, DEBTOR, i % 4 === 0),
    );
    let importing = true;
    const imported = call(url(A), 'POST', '/api/v1/admin/positions/import?format=json', {
      headers: admin(),
      json: positions,
    }).finally(() => (importing = false));
    const searches: number[] = [];
    let n = 0;
    // Searches on B for as long as the import runs, each from its own client address.
    while (importing || searches.length === 0) {
      const o = known[n % known.length]!;
      const res = await call(url(B), 'POST', `${API}/practices/search`, {
        headers: { 'x-forwarded-for': `10.1.${Math.floor(n / 250)}.${(n % 250) + 1}` },
        json: { fiscalCode: DEBTOR, nav: o.nav },
      });
      n++;
      searches.push(res.status);
    }
    const done = await imported;
    expect(done.status, done.text).toBeLessThan(300);
    expect(done.json, done.text.slice(0, 500)).toMatchObject({ created: 2000, rejected: 0 });
    expect(searches.every((s) => s === 200)).toBe(true);
    const count = await rows<{ n: number }>(
      `select count(*)::int as n from positions where entity_code = $1 and iupd like 'TP-IMP-%'`,
      [ENTE],
    );
    expect(count[0]!.n).toBe(2000);
  });

  it('a rate limit counts the hits of both processes', async () => {
    // The search limit is 30 per client address in a fixed 10-minute window: stay inside one window.
    const intoWindow = (Date.now() / 1000) % 600;
    if (intoWindow > 590) await sleep((601 - intoWindow) * 1000);
    const o = [...(await optionsOf('TP-ONE-')).values()][5]![0]!;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(either(i), 'POST', `${API}/practices/search`, {
          headers: { 'x-forwarded-for': '10.9.9.9' },
          json: { fiscalCode: DEBTOR, nav: o.nav },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(30);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(10);
  });

  it('a session made on one process works on the other, and ends there for both', async () => {
    const ip = { 'x-forwarded-for': '10.2.0.1' };
    const login = await call(url(A), 'POST', `${API}/sessions`, {
      headers: ip,
      json: { username: MARIO.username, password: MARIO.password },
    });
    expect(login.status, login.text).toBe(201);
    const auth = { ...ip, authorization: `Bearer ${login.json.token as string}` };
    expect((await call(url(B), 'GET', `${API}/me`, { headers: auth })).status).toBe(200);
    expect((await call(url(B), 'DELETE', `${API}/sessions/current`, { headers: auth })).status).toBe(200);
    expect((await call(url(A), 'GET', `${API}/me`, { headers: auth })).status).toBe(401);
  });

  it('a cart filled on one process is paid via the other', async () => {
    const ip = { 'x-forwarded-for': '10.2.0.2' };
    const login = await call(url(A), 'POST', `${API}/sessions`, {
      headers: ip,
      json: { username: MARIO.username, password: MARIO.password },
    });
    expect(login.status, login.text).toBe(201);
    const auth = { ...ip, authorization: `Bearer ${login.json.token as string}` };
    const navs = [...(await optionsOf('TP-CART-')).values()].map((o) => o[0]!.nav);
    for (const nav of navs) {
      const add = await call(url(A), 'POST', `${API}/me/cart/items`, { headers: auth, json: { nav } });
      expect(add.status, add.text).toBeLessThan(300);
    }
    const cart = await call(url(B), 'GET', `${API}/me/cart`, { headers: auth });
    expect(cart.status).toBe(200);
    expect(cart.text).toContain(navs[0]);
    expect(cart.text).toContain(navs[1]);
    const start = await call(url(B), 'POST', `${API}/payments`, { headers: auth, json: { cart: true } });
    expect(start.status, start.text).toBe(201);
    const { id, redirectUrl } = start.json as { id: string; redirectUrl: string };
    const t = new URL(redirectUrl).searchParams.get('t') ?? '';
    // The payer's browser: the sandbox's page and outcome through A.
    const chosen = await call(url(A), 'POST', `/sandbox/checkout/${id}?lang=it`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t, outcome: 'paid' }).toString(),
    });
    expect(chosen.status, chosen.text).toBe(303);
    let state = '';
    for (let i = 0; i < 100 && state !== 'paid'; i++) {
      const got = await call(url(i % 2), 'GET', `${API}/payments/${id}?returned=true`, { headers: auth });
      state = (got.json as { state?: string } | null)?.state ?? '';
      if (state !== 'paid') await sleep(100);
    }
    expect(state).toBe('paid');
    const stored = await rows<{ nav: string }>(
      'select nav from receipts where payment_id = $1 order by nav',
      [id],
    );
    expect(stored.map((r) => r.nav)).toEqual([...navs].sort());
  });

  it('payments past their time expire once, though both processes sweep at the same moment', async () => {
    const practices = [...(await optionsOf('TP-RACE-')).values()].slice(4, 8);
    const started = await Promise.all(practices.map((o, i) => activate(either(i), o[1]!.nav, o[1]!.amount)));
    expect(started.map((a) => a.outcome)).toEqual(['OK', 'OK', 'OK', 'OK']);
    const payments = await rows<{ id: string; expires_at: string }>(
      `select distinct y.id, y.expires_at from payments y join payment_items i on i.payment_id = y.id
         join positions p on p.id = i.position_id where p.iupd = any($1)`,
      [practices.map((o) => o[0]!.iupd)],
    );
    expect(payments).toHaveLength(4);
    const due = Math.max(...payments.map((p) => Date.parse(p.expires_at)));
    await sleep(Math.max(0, due - Date.now()) + 200);
    // Each activation sweeps expired payments first: 8 at once, 4 on each process, two per practice
    // (of which one wins: the expired payment no longer holds the practice).
    const again = await Promise.all(
      practices.flatMap((o, i) =>
        [0, 1].map(async (j) => ({
          iupd: o[0]!.iupd,
          ...(await activate(either(i + j), o[0]!.nav, o[0]!.amount)),
        })),
      ),
    );
    for (const o of practices)
      expect(
        again.filter((a) => a.iupd === o[0]!.iupd && a.outcome === 'OK'),
        JSON.stringify(again),
      ).toHaveLength(1);
    const states = await rows<{ state: string }>('select state from payments where id = any($1)', [
      payments.map((p) => p.id),
    ]);
    expect(states.map((s) => s.state)).toEqual(['expired', 'expired', 'expired', 'expired']);
    const expired = await rows<{ id: string; n: number }>(
      `select payload::json->'payment'->>'id' as id, count(*)::int as n from events
        where type = 'payment.expired' and payload::json->'payment'->>'id' = any($1) group by 1`,
      [payments.map((p) => p.id)],
    );
    expect(expired).toHaveLength(4);
    expect(expired.every((e) => e.n === 1)).toBe(true);
  });

  it('each webhook event reaches the receiver once, from two delivery workers', async () => {
    // Until every event since the endpoint was made is delivered and received (more may come
    // meanwhile). A delivery may be due again only later, as designed: one whose attempt failed
    // (a timeout on a loaded machine) after 10 s, then 20 s; one whose claim was never finished (a
    // round that failed after claiming it) once its lease ends (WEBHOOK_TIMEOUT_MS + 30 s). So the
    // wait covers those: 90 s.
    let events: string[] = [];
    const receivedIds = () => new Set(received.map((r) => r.eventId));
    for (let i = 0; i < 900; i++) {
      events = (
        await rows<{ id: string }>('select id::text as id from events where entity_code = $1 and id > $2', [
          ENTE,
          firstEvent,
        ])
      ).map((e) => e.id);
      const [pending] = await rows<{ n: number }>(
        `select count(*)::int as n from webhook_deliveries where status <> 'delivered'`,
      );
      if (pending!.n === 0 && receivedIds().size === events.length) break;
      await sleep(100);
    }
    expect(events.length).toBeGreaterThan(10);
    const byEvent = new Map<string, number>();
    for (const r of received) byEvent.set(r.eventId, (byEvent.get(r.eventId) ?? 0) + 1);
    const pending = await rows(
      `select event_id::text, status, attempts, next_attempt_at, last_error from webhook_deliveries
        where status <> 'delivered'`,
    );
    // On failure: the deliveries not done, and what the processes logged about webhooks.
    const logged = procs.flatMap((p) =>
      p.output
        .split('\n')
        .filter((l) => /webhook/i.test(l))
        .map((l) => `${p.name}: ${l}`),
    );
    expect([...byEvent.keys()].sort(), JSON.stringify({ pending, logged })).toEqual([...events].sort());
    expect([...byEvent.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  });

  it('SIGTERM: a request in flight gets its answer, new connections go to the other process, exit 0', async () => {
    const a = procs[A]!;
    const positions = Array.from({ length: 50 }, (_, i) => position(`TP-TERM-${i}`, DEBTOR, false));
    const body = Buffer.from(JSON.stringify(positions));
    // The import's request is sent in two parts: SIGTERM arrives between them, once the server has
    // read the request's head (it asks for the body: 100 Continue).
    const answer = new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        `${a.url}/api/v1/admin/positions/import?format=json`,
        {
          method: 'POST',
          agent: false,
          headers: {
            ...admin(),
            'content-type': 'application/json',
            'content-length': String(body.length),
            expect: '100-continue',
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, text, json: null, headers: res.headers });
          });
        },
      );
      req.on('error', reject);
      req.once('continue', () => {
        void (async () => {
          req.write(body.subarray(0, 100));
          a.child.kill('SIGTERM');
          while (!(await refuses(a.port))) await sleep(20);
          // A no longer accepts connections; B answers meanwhile.
          expect((await call(url(B), 'GET', '/healthz')).status).toBe(200);
          req.end(body.subarray(100));
        })().catch(reject);
      });
      req.flushHeaders();
    });
    const got = await answer;
    expect(got.status, got.text).toBeLessThan(300);
    expect(got.headers.connection).toBe('close');
    expect(await a.exited).toBe(0);
    const count = await rows<{ n: number }>(
      `select count(*)::int as n from positions where iupd like 'TP-TERM-%'`,
    );
    expect(count[0]!.n).toBe(50);
    procs[A] = await launch('A', a.port);
  });

  it('a rolling restart of both processes loses no request', async () => {
    let stop = false;
    const results = { ok: 0, failed: [] as string[], refused: 0, reset: 0 };
    let n = 0;
    const paths = [API, '/api/v1/entities', `${API}/services`, '/healthz'];
    // A client that, as a load balancer does, sends each request to the next process and tries the
    // other when the connection is refused, or reset before any answer (a connection the kernel had
    // queued when the process stopped listening: the request never reached the app). Idempotent
    // requests only, as a load balancer retries only those.
    const client = async () => {
      while (!stop) {
        const i = n++;
        const path = paths[i % paths.length]!;
        let answered: Answer | null = null;
        for (let attempt = 0; attempt < 10 && !answered; attempt++) {
          try {
            answered = await call(either(i + attempt), 'GET', path);
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code === 'ECONNREFUSED') results.refused++;
            else if (code === 'ECONNRESET') results.reset++;
            else {
              results.failed.push(`${path}: ${String(e)}`);
              break;
            }
            await sleep(5);
          }
        }
        if (answered?.status === 200) results.ok++;
        else if (answered) results.failed.push(`${path}: ${answered.status} ${answered.text.slice(0, 200)}`);
      }
    };
    const clients = Array.from({ length: 6 }, client);
    for (const i of [A, B]) {
      const p = procs[i]!;
      await sleep(300);
      expect(await terminate(p)).toBe(0);
      procs[i] = await launch(p.name, p.port);
    }
    await sleep(300);
    stop = true;
    await Promise.all(clients);
    console.info('rolling restart:', JSON.stringify({ ...results, failed: results.failed.length }));
    expect(results.failed).toEqual([]);
    expect(results.ok).toBeGreaterThan(20);
  });
});
