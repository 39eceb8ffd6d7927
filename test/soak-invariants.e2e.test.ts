/**
 * The soak's invariant checks (test/soak/lib/invariants.mjs) on a database the test writes: a sound
 * state passes every check, and each kind of damage fails its own check (and only that one), so a
 * soak that reports "ok" has looked.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants, type Seen } from './soak/lib/invariants.mjs';
import { CLI, ROOT } from './support/stack.js';

const ENTE = '80012345676';
const NOW = '2026-11-26T10:00:00.000Z';
const dir = mkdtempSync(join(tmpdir(), 'pagatore-soak-inv-'));
const sound = join(dir, 'sound.sqlite');

type Db = InstanceType<typeof Database>;

function position(db: Db, iupd: string, options: { installment: number; status: string }[]): number[] {
  const id = Number(
    db
      .prepare(
        `insert into positions (entity_code, iupd, status, debtor_fiscal_code, debtor_type, debtor_name, description, due_date, amount, created_at, updated_at)
         values (?, ?, 'unpaid', 'RSSMRA80A01H501U', 'F', 'Mario Rossi', 'Prova', '2030-12-31', 15000, ?, ?)`,
      )
      .run(ENTE, iupd, NOW, NOW).lastInsertRowid,
  );
  return options.map((o, i) =>
    Number(
      db
        .prepare(
          `insert into payment_options (position_id, entity_code, installment, amount, due_date, iuv, nav, status)
           values (?, ?, ?, 5000, '2030-12-31', ?, ?, ?)`,
        )
        .run(id, ENTE, o.installment, `01${id}${i}`.padEnd(17, '0'), `301${id}${i}`.padEnd(18, '0'), o.status)
        .lastInsertRowid,
    ),
  );
}

function receipt(db: Db, optionId: number, receiptId: string, flag: string | null = null): void {
  const o = db.prepare('select position_id, nav, iuv from payment_options where id = ?').get(optionId) as {
    position_id: number;
    nav: string;
    iuv: string;
  };
  db.prepare(
    `insert into receipts (entity_code, option_id, position_id, receipt_id, nav, iuv, amount, fee, description, psp_id, psp_name, channel, method, paid_at, debtor_fiscal_code, debtor_name, transfers, flag, received_at)
     values (?, ?, ?, ?, ?, ?, 5000, 100, 'Prova', 'PSP', 'Banca', 'CH', 'CP', ?, 'RSSMRA80A01H501U', 'Mario Rossi', '[]', ?, ?)`,
  ).run(ENTE, optionId, o.position_id, receiptId, o.nav, o.iuv, NOW, flag, NOW);
}

function event(db: Db, practice: string, delivered: boolean): number {
  const id = Number(
    db
      .prepare(
        "insert into events (entity_code, type, practice_key, payload, created_at) values (?, 'receipt.received', ?, '{}', ?)",
      )
      .run(ENTE, practice, NOW).lastInsertRowid,
  );
  db.prepare(
    `insert into webhook_deliveries (endpoint_id, event_id, entity_code, event_type, practice_key, status, attempts, next_attempt_at, created_at)
     values ('wh_soak', ?, ?, 'receipt.received', ?, ?, 1, ?, ?)`,
  ).run(id, ENTE, practice, delivered ? 'delivered' : 'pending', NOW, NOW);
  return id;
}

/** What a run saw, matching the sound database. */
function seenOf(): Seen {
  const at = Date.parse(NOW);
  return {
    ente: ENTE,
    webhookId: 'wh_soak',
    receiptsSent: new Map([['R-1', { outcome: 'OK', answers: ['OK'], errors: 0, why: 'node payment' }]]),
    duplicateBursts: [{ receiptId: 'R-1', copies: 20, ok: 1, errors: 0 }],
    activationBursts: [{ iupd: 'MULTI', attempts: 5, winners: 1, won: ['node option 1'] }],
    sandboxPaid: [{ id: 'pay0' }],
    imports: [{ prefix: 'IMP-', format: 'csv', iupds: ['IMP-1', 'IMP-2'], options: [1, 1], status: 200 }],
    checkedAt: at + 3_600_000,
    receiverLog: [
      { t: 1, eventId: '1', type: 'receipt.received', deliveryId: '1', status: 503, signed: true },
      { t: 2, eventId: '1', type: 'receipt.received', deliveryId: '1', status: 200, signed: true },
      { t: 3, eventId: '2', type: 'receipt.received', deliveryId: '2', status: 200, signed: true },
    ],
    failures: [{ kind: 'search', start: at + 1000, end: at + 1100, what: 'connection: ECONNRESET' }],
    inWindow: (from, to) => from <= at + 5000 && to >= at,
    windows: 1,
  };
}

async function failing(file: string, seen: Seen): Promise<string[]> {
  return (await checkInvariants(file, seen)).rows.filter((r) => !r.ok).map((r) => r.name);
}

/** A copy of the sound database with one change. */
function damaged(change: (db: Db) => void): string {
  const file = join(dir, `d${Math.random().toString(36).slice(2)}.sqlite`);
  copyFileSync(sound, file);
  const db = new Database(file);
  change(db);
  db.close();
  return file;
}

beforeAll(() => {
  const env = { PATH: process.env.PATH ?? '', DATABASE_URL: `file:${sound}` };
  execFileSync(process.execPath, [CLI, 'migrate'], { cwd: ROOT, env });
  execFileSync(
    process.execPath,
    [CLI, 'entity', 'create', '--code', ENTE, '--name', 'Comune', '--segregation', '01'],
    { cwd: ROOT, env },
  );
  const db = new Database(sound);
  db.prepare(
    "insert into webhook_endpoints (id, entity_code, url, secret, types, enabled, cursor, created_at, updated_at) values ('wh_soak', ?, 'http://127.0.0.1/h', 'whsec_x', '[]', 1, 2, ?, ?)",
  ).run(ENTE, NOW, NOW);
  // A practice paid by installment 1, and the single payment paid afterwards (flagged overpaid).
  const [single, inst1] = position(db, 'MULTI', [
    { installment: 0, status: 'cancelled' },
    { installment: 1, status: 'paid' },
    { installment: 2, status: 'unpaid' },
  ]);
  receipt(db, inst1!, 'R-1');
  receipt(db, single!, 'R-2', 'overpaid');
  position(db, 'IMP-1', [{ installment: 0, status: 'unpaid' }]);
  position(db, 'IMP-2', [{ installment: 0, status: 'unpaid' }]);
  db.prepare(
    "insert into payments (id, entity_code, state, amount, provider, created_at, updated_at, expires_at) values ('pay0', ?, 'expired', 5000, 'sandbox', ?, ?, ?)",
  ).run(ENTE, NOW, NOW, NOW);
  db.prepare(
    "insert into payment_items (payment_id, option_id, position_id, nav, amount, description) select 'pay0', id, position_id, nav, amount, 'x' from payment_options where id = ?",
  ).run(inst1);
  event(db, 'MULTI', true);
  event(db, 'MULTI', true);
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('soak invariants', () => {
  it('a sound database passes every check', async () => {
    const { rows } = await checkInvariants(sound, seenOf());
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    expect(rows).toHaveLength(11);
  });

  it('each kind of damage fails its own check', async () => {
    const cases: [string, string, Seen?][] = [
      [
        damaged((db) => db.prepare("delete from receipts where receipt_id = 'R-1'").run()),
        'every paid notice has exactly one receipt (extra ones flagged overpaid)',
        { ...seenOf(), receiptsSent: new Map(), sandboxPaid: [] },
      ],
      [
        damaged((db) => {
          // The single payment and an installment both collected, nothing flagged.
          db.prepare("update receipts set flag = null where receipt_id = 'R-2'").run();
          db.prepare(
            "update payment_options set status = 'paid' where installment = 0 and position_id = (select id from positions where iupd = 'MULTI')",
          ).run();
        }),
        'no practice collected twice unless flagged overpaid',
      ],
      [
        sound,
        'one receipt per receiptId; concurrent copies answered OK once',
        { ...seenOf(), duplicateBursts: [{ receiptId: 'R-1', copies: 20, ok: 2, errors: 0 }] },
      ],
      [
        sound,
        'every receipt sent by the node is kept (never refused or lost)',
        {
          ...seenOf(),
          receiptsSent: new Map([
            ['R-9', { outcome: 'OK', answers: ['PAA_RECEIPT_DUPLICATA'], errors: 0, why: 'second receipt' }],
          ]),
        },
      ],
      [
        sound,
        'every receipt sent by the node is kept (never refused or lost)',
        {
          ...seenOf(),
          receiptsSent: new Map([['R-8', { outcome: 'OK', answers: ['OK'], errors: 0, why: 'x' }]]),
        },
      ],
      [
        sound,
        'every sandbox "paid" outcome has its receipts',
        { ...seenOf(), sandboxPaid: [{ id: 'pay0' }, { id: 'pay9' }] },
      ],
      [
        damaged((db) => {
          // Two payments on options of one practice, open at the same time.
          const [a, b] = db
            .prepare(
              "select o.id, o.position_id, o.nav from payment_options o join positions p on p.id = o.position_id where p.iupd = 'MULTI' and o.installment > 0",
            )
            .all() as { id: number; position_id: number; nav: string }[];
          for (const [id, o, at] of [
            ['pa', a!, '2026-11-26T10:00:00.000Z'],
            ['pb', b!, '2026-11-26T10:00:05.000Z'],
          ] as const) {
            db.prepare(
              "insert into payments (id, entity_code, state, amount, provider, created_at, updated_at, expires_at, ended_at) values (?, ?, 'failed', 5000, 'pagopa', ?, ?, '2026-11-26T10:00:15.000Z', '2026-11-26T10:00:12.000Z')",
            ).run(id, ENTE, at, at);
            db.prepare(
              "insert into payment_items (payment_id, option_id, position_id, nav, amount, description) values (?, ?, ?, ?, 5000, 'x')",
            ).run(id, o.id, o.position_id, o.nav);
          }
        }),
        'one payment at a time per practice (concurrent activations across its options: one wins)',
      ],
      [
        damaged((db) => db.prepare("update payments set state = 'redirected'").run()),
        'no payment open past its TTL',
      ],
      [
        damaged((db) => db.prepare("delete from positions where iupd = 'IMP-1'").run()),
        'every import whole or absent per chunk (1,000 positions)',
      ],
      [
        damaged((db) =>
          db.prepare("update webhook_deliveries set status = 'pending' where event_id = 2").run(),
        ),
        'every event delivered, signed, in order per practice',
      ],
      [
        sound,
        'every event delivered, signed, in order per practice',
        { ...seenOf(), receiverLog: seenOf().receiverLog.reverse() },
      ],
      [
        sound,
        '0 × 5xx (or PAA_SYSTEM_ERROR) outside the kill windows',
        {
          ...seenOf(),
          failures: [
            { kind: 'search', start: Date.parse(NOW) + 9000, end: Date.parse(NOW) + 9100, what: 'HTTP 500' },
          ],
        },
      ],
      [
        sound,
        '0 connection errors outside the kill windows',
        {
          ...seenOf(),
          failures: [
            {
              kind: 'login',
              start: Date.parse(NOW) + 9000,
              end: Date.parse(NOW) + 9100,
              what: 'connection: EPIPE',
            },
          ],
        },
      ],
    ];
    for (const [file, name, seen] of cases)
      expect(await failing(file, seen ?? seenOf()), name).toEqual([name]);
  });
});
