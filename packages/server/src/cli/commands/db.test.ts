import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PositionInput } from '@pagatore/sdk';
import { sql } from 'kysely';
import pg from 'pg';
import * as v from 'valibot';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSession } from '../../accounts/sessions.js';
import { createApp } from '../../app.js';
import { loadConfig } from '../../config/index.js';
import type { AppDeps } from '../../core/deps.js';
import { type DatabaseHandle, type Db, migrate, openDatabase, transaction } from '../../db/database.js';
import { DEMO_ACCOUNTS } from '../../demo/seed-accounts.js';
import { seedDemo } from '../../demo/seed-all.js';
import { DEMO_ENTITY } from '../../demo/seed.js';
import { findEntity } from '../../entities/entities.js';
import { memoryLogger } from '../../log/logger.js';
import { writePositions } from '../../positions/positions.js';
import { VERSION } from '../../version.js';
import { createEndpoint } from '../../webhooks/endpoints.js';
import { fanOut } from '../../webhooks/deliveries.js';
import { testDatabaseUrl, testEngine } from '../../../test/support/test-database.js';
import { parseArgs } from '../args.js';
import { dbCommand } from './db.js';

const ENTE = DEMO_ENTITY.code;
const BASE = `/api/v1/entities/${ENTE}`;
const MARIO = DEMO_ACCOUNTS[0];

/** The app on a database, as a server process runs it (sandbox receipts at once). */
function appOn(handle: DatabaseHandle, databaseUrl: string) {
  const config = loadConfig({}, { mode: 'demo', databaseUrl, logLevel: 'silent', sandboxReceiptDelayMs: 0 });
  const deps: AppDeps = {
    config,
    db: handle.db,
    logger: memoryLogger(),
    now: () => new Date(),
    version: VERSION,
  };
  const app = createApp(deps);
  const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  return { deps, app, json };
}

let seq = 0;

/** A new unpaid position for Mario; its id and NAV. */
async function newPosition(db: Db): Promise<{ id: number; nav: string; iupd: string }> {
  const entity = (await findEntity(db, ENTE))!;
  const iupd = `COPY-TEST-${++seq}-${Date.now()}`;
  const input = v.parse(PositionInput, {
    iupd,
    debtor: { fiscalCode: MARIO.fiscalCode, name: 'Mario Rossi' },
    description: `Pratica copiata ${seq}`,
    single: {
      amount: 4_200,
      dueDate: '2099-12-31',
      transfers: [{ iban: DEMO_ENTITY.iban, amount: 4_200, remittance: 'Copia', taxonomy: '9/0101002IM/' }],
    },
  });
  await transaction(db, async (tx) => {
    const r = await writePositions(tx, entity, [{ row: 1, position: input }], 'create', new Date());
    expect(r.errors).toEqual([]);
  });
  const row = await db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select(['positions.id', 'payment_options.nav'])
    .where('positions.iupd', '=', iupd)
    .executeTakeFirstOrThrow();
  return { id: row.id, nav: row.nav, iupd };
}

/** Starts a payment of one NAV and follows the sandbox to the outcome. */
async function pay(
  a: ReturnType<typeof appOn>,
  nav: string,
  auth: Record<string, string>,
  outcome: 'paid' | 'cancelled',
) {
  const start = await a.json('POST', `${BASE}/payments`, { options: [nav] }, auth);
  expect(start.status).toBe(201);
  const { id, redirectUrl } = (await start.json()) as { id: string; redirectUrl: string };
  const url = new URL(redirectUrl);
  const page = await a.app.request(url.pathname + url.search);
  const token = /name="t" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await a.app.request(url.pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: token, outcome }).toString(),
  });
  expect(res.status).toBe(303);
  return id;
}

/** Every row of every table, in a stable order, read through Kysely (numbers as the app reads them). */
async function dump(db: Db, tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(db)).rows;
    out[t] = rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).sort()))).sort();
  }
  return out;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('pagatore db copy', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const saved = process.env.DATABASE_URL;
  const run = async (...argv: string[]) => {
    out = [];
    err = [];
    return dbCommand(parseArgs(argv));
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pagatore-dbcopy-'));
  });
  beforeEach(() => {
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  });
  afterAll(() => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad arguments with usage or a clear message (exit 2), without creating files', async () => {
    expect(await run('copy')).toBe(2);
    expect(err.join('\n')).toContain('Usage:');
    expect(await run('copy', '--to', 'mysql://u:secret@db/x')).toBe(2);
    expect(err.join('\n')).toContain('--to must be a postgres:// URL, not mysql://u:***@db/x');
    expect(await run('copy', '--to', 'postgres://u:secret@db:notaport/x')).toBe(2);
    expect(err.join('\n')).toMatch(/--to is not a valid URL: postgres:\/\/u:\*\*\*@db:notaport\/x/);
    expect(err.join('\n')).not.toContain('secret');

    const missing = join(dir, 'missing.sqlite');
    expect(await run('copy', '--to', 'postgres://127.0.0.1/x', '--from', missing)).toBe(2);
    expect(err.join('\n')).toBe(`No SQLite database at ${missing}.`);
    expect(existsSync(missing)).toBe(false);

    process.env.DATABASE_URL = 'postgres://127.0.0.1/already';
    expect(await run('copy', '--to', 'postgres://127.0.0.1/x')).toBe(2);
    expect(err.join('\n')).toMatch(/source must be an SQLite file/);
    process.env.DATABASE_URL = `file:${missing}`;
    expect(await run('copy', '--to', 'postgres://127.0.0.1/x')).toBe(2);
    expect(existsSync(missing)).toBe(false);
  });

  it('an unreachable server or a file that is not SQLite: a one-line error, exit 1, no stack trace', async () => {
    const file = join(dir, 'empty-source.sqlite');
    const h = await openDatabase(`file:${file}`);
    await migrate(h.db);
    await h.close();
    const port = await freePort();
    expect(await run('copy', '--to', `postgres://pagatore:pw@127.0.0.1:${port}/x`, '--from', file)).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(
      new RegExp(
        `^Cannot reach PostgreSQL at postgres://pagatore:\\*\\*\\*@127\\.0\\.0\\.1:${port}/x: .*ECONNREFUSED`,
      ),
    );

    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'this is not a database, just text long enough to have a header page'.repeat(20));
    expect(await run('copy', '--to', `postgres://127.0.0.1:${port}/x`, '--from', junk)).toBe(1);
    expect(err.join('\n')).toMatch(
      /^Cannot open the SQLite database .*junk\.sqlite: file is not a database$/,
    );
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });

  describe.skipIf(testEngine() !== 'postgres')('into PostgreSQL', () => {
    let file: string;
    let source: DatabaseHandle;
    let src: ReturnType<typeof appOn>;
    let target: { url: string; drop(): Promise<void> };
    let auth: Record<string, string>;
    let paidNav: string;
    let tables: string[];

    beforeAll(async () => {
      // A deployment's SQLite file: the demo, a paid and a cancelled payment with their receipt,
      // events, a webhook endpoint with its deliveries, a session, the mail outbox.
      file = join(dir, 'pagatore.sqlite');
      source = await openDatabase(`file:${file}`);
      await migrate(source.db);
      src = appOn(source, `file:${file}`);
      await seedDemo(source.db, src.deps.config);
      await createEndpoint(source.db, ENTE, { url: 'https://gestionale.example.it/hook' }, new Date());
      const account = await source.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', MARIO.username)
        .executeTakeFirstOrThrow();
      const { token } = await createSession(source.db, account.id, new Date(), {
        idleSeconds: 86_400,
        maxSeconds: 86_400,
      });
      auth = { authorization: `Bearer ${token}` };
      const paid = await newPosition(source.db);
      paidNav = paid.nav;
      await pay(src, paid.nav, auth, 'paid');
      await pay(src, (await newPosition(source.db)).nav, auth, 'cancelled');
      await fanOut(source.db, new Date());
      tables = (
        source
          .sqlite!.prepare(
            `select name from sqlite_master where type = 'table' and name not like 'sqlite%' and name not like 'kysely%'`,
          )
          .all() as { name: string }[]
      ).map((r) => r.name);
      target = await testDatabaseUrl(dir);
    });
    afterAll(async () => {
      await source?.close();
      await target?.drop();
    });

    it('copies every row of every table, equal, with the counts printed; the server then works on the copy', async () => {
      const before = await dump(source.db, tables);
      for (const t of [
        'positions',
        'payments',
        'receipts',
        'events',
        'webhook_deliveries',
        'sessions',
        'mail_outbox',
      ])
        expect(before[t]?.length, t).toBeGreaterThan(0);
      expect(await run('copy', '--from', file, '--to', target.url)).toBe(0);
      const report = out.join('\n');
      for (const t of tables)
        expect(report).toMatch(new RegExp(`^${t} +${before[t]!.length} +${before[t]!.length}$`, 'm'));
      expect(report).toMatch(/every count matches/);

      const copy = await openDatabase(target.url);
      try {
        expect(await dump(copy.db, tables)).toEqual(before);

        const a = appOn(copy, target.url);
        // The fiscal code + Codice Avviso lookup finds the paid practice.
        const found = await a.json('POST', `${BASE}/practices/search`, {
          fiscalCode: MARIO.fiscalCode,
          nav: paidNav,
        });
        expect(found.status).toBe(200);
        expect(((await found.json()) as { practice: { status: string } }).practice.status).toBe('paid');
        // The session made on SQLite is valid on the copy.
        expect((await a.app.request(`${BASE}/me/practices`, { headers: auth })).status).toBe(200);
        // New rows take ids after the copied ones: the identity sequences were moved past them.
        const maxOf = async (t: string) =>
          Number(
            (await sql<{ m: number }>`select max(id) as m from ${sql.table(t)}`.execute(copy.db)).rows[0]?.m,
          );
        const [positions, receipts, events] = [
          await maxOf('positions'),
          await maxOf('receipts'),
          await maxOf('events'),
        ];
        const fresh = await newPosition(copy.db);
        expect(fresh.id).toBe(positions + 1);
        await pay(a, fresh.nav, auth, 'paid');
        expect(await maxOf('receipts')).toBe(receipts + 1);
        expect(await maxOf('events')).toBeGreaterThan(events);
      } finally {
        await copy.close();
      }

      // A second copy into the now busy database is refused and writes nothing…
      const busy = await openDatabase(target.url);
      try {
        const count = async () =>
          Number((await sql<{ n: number }>`select count(*) as n from positions`.execute(busy.db)).rows[0]?.n);
        const held = await count();
        expect(await run('copy', '--from', file, '--to', target.url)).toBe(3);
        expect(err.join('\n')).toMatch(
          /^The target database already holds data \(.*positions: \d+ rows.*\); nothing was copied\. .*--replace/,
        );
        expect(await count()).toBe(held);
        // …unless asked: --replace makes it the SQLite file's data again.
        expect(await run('copy', '--from', file, '--to', target.url, '--replace')).toBe(0);
        expect(await dump(busy.db, tables)).toEqual(before);
      } finally {
        await busy.close();
      }
    });

    it("refuses a database that holds someone else's tables (exit 3)", async () => {
      const other = await testDatabaseUrl(dir);
      const client = new pg.Client({ connectionString: other.url });
      await client.connect();
      try {
        await client.query('create table invoices (id integer primary key)');
        expect(await run('copy', '--from', file, '--to', other.url)).toBe(3);
        expect(err.join('\n')).toMatch(/tables that are not Pagatore's \(invoices\); nothing was copied/);
        const { rows } = await client.query(
          "select count(*)::int as n from information_schema.tables where table_schema = 'public'",
        );
        expect(rows[0].n).toBe(1);
      } finally {
        await client.end();
        await other.drop();
      }
    });
  });
});
