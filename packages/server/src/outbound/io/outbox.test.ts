/**
 * Messages on the IO app through the outbox, against the stand-in of IO's Services API built from its
 * spec (test/support/io-stand-in.ts): a new position and each reminder give one message per option
 * with payment_data and due_date and the practice's "Paga ora" link; the profile is checked first
 * (not allowed or absent: recorded as not sent, never retried); 500 and IO's 429 are retried (429
 * after its Retry-After, for all the entity's messages), the entity's own rate holds; the reminder
 * ledger keeps each message to one, over repeated runs and two database connections at once; bad
 * settings are refused with 4xx codes and the key is never answered back.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { modeProblems } from '../../entities/entity-settings.js';
import { as, installments, position, testKey } from '../../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { type IoStandIn, startIoStandIn } from '../../../test/support/io-stand-in.js';
import { testEngine } from '../../../test/support/test-database.js';
import { queueIoReminders, sendAllDueIoMessages, sendDueIoMessages } from './outbox.js';

const ENTE = TEST_ENTITY.code;
const FC = 'RSSMRA85T10A562S';
const KEY = 'io-service-key-0042';

let h: Harness;
let io: IoStandIn;
let call: ReturnType<typeof as>;

async function configure(extra: Record<string, unknown> = {}) {
  const res = await call('PATCH', '/api/v1/admin/entity', {
    io: { apiKey: KEY, baseUrl: io.url, ...extra },
    allowPrivateTargets: true,
  });
  expect(res.status).toBe(200);
}

const outbox = () => h.deps.db.selectFrom('io_outbox').selectAll().orderBy('id').execute();
const ledger = () =>
  h.deps.db.selectFrom('reminders').selectAll().where('channel', '=', 'io').orderBy('id').execute();
const at = (iso: string) => h.setNow(new Date(iso));
/** The `reminder.sent` events' payloads, in order. */
const reminderEvents = async () =>
  (
    await h.deps.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'reminder.sent')
      .orderBy('id')
      .execute()
  ).map((e) => JSON.parse(e.payload) as { practice: { iupd: string }; reminder: Record<string, unknown> });

/** Another server process on the same database: queues today's IO reminders and sends one round. */
async function otherProcess(now: string): Promise<{ queued: number; attempted: number; sent: number }> {
  const support = (f: string) => fileURLToPath(new URL(`../../../test/support/${f}`, import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', support('ts-resolve.mjs'), support('io-worker-process.ts'), h.deps.config.databaseUrl, now],
    { timeout: 60_000 },
  );
  return JSON.parse(stdout) as { queued: number; attempted: number; sent: number };
}

beforeEach(async () => {
  h = await createHarness();
  io = await startIoStandIn({ keys: [KEY] });
  call = as(h, await testKey(h));
  at('2026-12-01T09:00:00Z');
});

afterEach(async () => {
  await io.close();
  await h.close();
});

describe('settings', () => {
  it('the key is stored, answered masked, kept when the mask is sent back; bad values are 4xx', async () => {
    await configure({ ratePerMinute: 30 });
    const shown = (await (await call('GET', '/api/v1/admin/entity')).json()) as {
      io: Record<string, unknown>;
    };
    expect(shown.io).toEqual({
      apiKey: '********0042',
      baseUrl: io.url,
      ratePerMinute: 30,
      newPositions: true,
      reminders: true,
      daysBefore: 3,
    });
    expect(JSON.stringify(shown)).not.toContain(KEY);
    expect((await call('PATCH', '/api/v1/admin/entity', { io: { apiKey: '********0042' } })).status).toBe(
      200,
    );
    const row = await h.deps.db
      .selectFrom('entities')
      .select('io_settings')
      .where('code', '=', ENTE)
      .executeTakeFirst();
    expect(JSON.parse(row!.io_settings).apiKey).toBe(KEY);
    for (const [io, path, code] of [
      [{ apiKey: 'short' }, 'io.apiKey', 'invalid_format'],
      [{ apiKey: 'has space inside' }, 'io.apiKey', 'invalid_format'],
      [{ baseUrl: 'not a url' }, 'io.baseUrl', 'invalid_url'],
      [{ ratePerMinute: 0 }, 'io.ratePerMinute', 'too_small'],
      [{ ratePerMinute: 1.5 }, 'io.ratePerMinute', 'invalid_type'],
      [{ daysBefore: 61 }, 'io.daysBefore', 'too_large'],
    ] as const) {
      const res = await call('PATCH', '/api/v1/admin/entity', { io });
      expect(res.status, JSON.stringify(io)).toBe(422);
      const body = (await res.json()) as {
        error: { code: string; fields: { path: string; code: string }[] };
      };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.fields).toContainEqual(expect.objectContaining({ path, code }));
    }
    expect((await call('PATCH', '/api/v1/admin/entity', { io: { other: 1 } })).status).toBe(422);
    // Outside demo mode the API's URL must be https (it carries the key and fiscal codes).
    expect(modeProblems({ io: { baseUrl: 'http://io.example.it/api/v1' } }, 'production', 'en')).toEqual([
      expect.objectContaining({ path: 'io.baseUrl', code: 'https_required' }),
    ]);
    expect(modeProblems({ io: { baseUrl: 'https://io.example.it/api/v1' } }, 'production', 'en')).toEqual([]);
  });
});

describe('a new position', () => {
  it('sends one message per option, as the spec wants it, with the practice’s "Paga ora" link', async () => {
    await configure();
    io.setProfile(FC, true);
    expect((await call('POST', '/api/v1/admin/positions', position('TARI-1'))).status).toBe(201);
    expect(await sendAllDueIoMessages(h.deps)).toBe(1);
    expect(io.problems).toEqual([]);
    expect(io.messages).toHaveLength(1);
    const m = io.messages[0]!;
    expect(m.key).toBe(KEY);
    const nav = (
      await h.deps.db
        .selectFrom('payment_options')
        .select('nav')
        .where('entity_code', '=', ENTE)
        .executeTakeFirst()
    )?.nav;
    expect(m.body).toMatchObject({
      fiscal_code: FC,
      content: {
        subject: 'Nuovo avviso di pagamento: TARI 2026',
        payment_data: {
          amount: 15000,
          notice_number: nav,
          invalid_after_due_date: false,
          payee: { fiscal_code: ENTE },
        },
        // 31 December ends in Rome at 23:00 UTC.
        due_date: '2026-12-31T22:59:59.000Z',
      },
    });
    const markdown = (m.body.content as { markdown: string }).markdown;
    expect(markdown).toContain('Il Comune di Esempio ti ha inviato un nuovo avviso di pagamento.');
    expect(markdown).toContain('150,00 €');
    // The link opens the practice, ready to pay, on the entity's page.
    const token = /\[Paga ora\]\([^)]*#paga=([A-Za-z0-9_-]+)\)/.exec(markdown)?.[1];
    expect(token).toBeTruthy();
    const opened = await h.json('POST', `/api/v1/entities/${ENTE}/pay-links/open`, { token });
    expect(opened.status).toBe(200);
    expect(await outbox()).toMatchObject([{ status: 'sent', attempts: 1, io_message_id: m.id }]);
    expect(await ledger()).toMatchObject([
      { kind: 'new_position', channel: 'io', installment: 0, due_date: '2026-12-31', state: 'sent' },
    ]);
  });

  it('installments each get their message; replacing the position sends nothing again', async () => {
    await configure();
    io.setProfile(FC, true);
    const body = position('RATE-1', { installments: installments() });
    expect((await call('POST', '/api/v1/admin/positions', body)).status).toBe(201);
    const { iupd: _i, ...replacement } = body;
    expect((await call('PUT', '/api/v1/admin/positions/RATE-1', replacement)).status).toBe(200);
    expect(await sendAllDueIoMessages(h.deps)).toBe(4);
    const subjects = io.messages.map((x) => (x.body.content as { markdown: string }).markdown);
    expect(subjects.filter((s) => s.includes('**Rata:**'))).toHaveLength(3);
    expect(subjects.some((s) => s.includes('**Rata:** 2 di 3'))).toBe(true);
    expect((await ledger()).map((r) => `${r.installment} ${r.due_date}`)).toEqual([
      '0 2026-12-31',
      '1 2026-03-31',
      '2 2026-04-30',
      '3 2026-05-31',
    ]);
  });

  it('nothing is queued without a key, for a legal person, or with new-position messages off', async () => {
    expect((await call('POST', '/api/v1/admin/positions', position('A'))).status).toBe(201);
    await configure({ newPositions: false });
    expect((await call('POST', '/api/v1/admin/positions', position('B'))).status).toBe(201);
    await configure({ newPositions: true });
    const company = position('C', { debtor: { fiscalCode: '01234567897', name: 'Ditta Srl', type: 'G' } });
    expect((await call('POST', '/api/v1/admin/positions', company)).status).toBe(201);
    expect(await outbox()).toEqual([]);
  });
});

describe('the profile first', () => {
  it('sender_allowed false or no profile: recorded as not sent, never retried, no message', async () => {
    await configure();
    io.setProfile(FC, false);
    expect((await call('POST', '/api/v1/admin/positions', position('NO-1'))).status).toBe(201);
    const other = position('NO-2', { debtor: { fiscalCode: 'VRDLGU70M01F205I', name: 'Luigi Verdi' } });
    expect((await call('POST', '/api/v1/admin/positions', other)).status).toBe(201);
    expect(await sendDueIoMessages(h.deps)).toEqual({ attempted: 2, sent: 0 });
    expect(io.messages).toEqual([]);
    expect((await outbox()).map((r) => [r.status, r.last_error])).toEqual([
      ['not_sent', 'sender_not_allowed'],
      ['not_sent', 'profile_not_found'],
    ]);
    expect((await ledger()).map((r) => r.state)).toEqual(['failed', 'failed']);
    at('2026-12-03T09:00:00Z');
    expect(await sendDueIoMessages(h.deps)).toEqual({ attempted: 0, sent: 0 });
    expect(io.calls.filter((c) => c.operationId === 'getProfileByPOST')).toHaveLength(2);
  });

  it('a practice paid or cancelled before the message goes: not sent', async () => {
    await configure();
    io.setProfile(FC, true);
    expect((await call('POST', '/api/v1/admin/positions', position('GONE'))).status).toBe(201);
    expect((await call('DELETE', '/api/v1/admin/positions/GONE')).status).toBe(200);
    expect(await sendDueIoMessages(h.deps)).toEqual({ attempted: 1, sent: 0 });
    expect(await outbox()).toMatchObject([{ status: 'not_sent', last_error: 'practice_not_payable' }]);
    expect(io.calls).toEqual([]);
  });
});

describe('retries and rates', () => {
  it('500 is retried with backoff; 429 holds all the entity’s messages until Retry-After', async () => {
    await configure();
    io.setProfile(FC, true);
    for (const id of ['R-1', 'R-2'])
      expect((await call('POST', '/api/v1/admin/positions', position(id))).status).toBe(201);
    io.failNext(500);
    io.failNext(429, 1, '120');
    // profile 500 → retry later. R-2: 429 on its profile → both wait 120 s.
    expect(await sendDueIoMessages(h.deps)).toEqual({ attempted: 2, sent: 0 });
    const rows = await outbox();
    expect(rows.map((r) => [r.status, r.last_status])).toEqual([
      ['pending', 500],
      ['pending', 429],
    ]);
    const until = Date.parse('2026-12-01T09:02:00Z');
    expect(rows.every((r) => Date.parse(r.next_attempt_at) >= until)).toBe(true);
    at('2026-12-01T09:01:59Z');
    expect(await sendDueIoMessages(h.deps)).toEqual({ attempted: 0, sent: 0 });
    at('2026-12-01T10:00:00Z');
    expect(await sendAllDueIoMessages(h.deps)).toBe(2);
    expect(io.messages).toHaveLength(2);
    expect(await outbox()).toMatchObject([
      { status: 'sent', attempts: 2 },
      { status: 'sent', attempts: 2 },
    ]);
  });

  it('IO refusing the payload fails the message at once; a day of failures gives up', async () => {
    await configure();
    io.setProfile(FC, true);
    expect((await call('POST', '/api/v1/admin/positions', position('BAD'))).status).toBe(201);
    io.failNext(400, 1, undefined, 'submitMessageforUserWithFiscalCodeInBody');
    expect(await sendDueIoMessages(h.deps)).toEqual({ attempted: 1, sent: 0 });
    expect((await call('POST', '/api/v1/admin/positions', position('DAY'))).status).toBe(201);
    io.failNext(503, 100);
    for (let hour = 0; hour <= 25; hour += 5) {
      at(new Date(Date.parse('2026-12-01T09:00:00Z') + hour * 3_600_000).toISOString());
      await sendDueIoMessages(h.deps);
    }
    expect((await outbox()).map((r) => [r.status, r.last_status])).toEqual([
      ['failed', 400],
      ['failed', 503],
    ]);
    expect((await outbox())[1]!.attempts).toBeGreaterThan(2);
    expect(await ledger()).toMatchObject([{ state: 'failed' }, { state: 'failed' }]);
    expect(io.messages).toEqual([]);
  });

  it('the entity’s own rate: beyond ratePerMinute, the rest waits for the next minute', async () => {
    await configure({ ratePerMinute: 2 });
    io.setProfile(FC, true);
    for (const id of ['S-1', 'S-2', 'S-3', 'S-4', 'S-5'])
      expect((await call('POST', '/api/v1/admin/positions', position(id))).status).toBe(201);
    expect(await sendAllDueIoMessages(h.deps)).toBe(2);
    expect(io.messages).toHaveLength(2);
    at('2026-12-01T09:01:00Z');
    expect(await sendAllDueIoMessages(h.deps)).toBe(2);
    at('2026-12-01T09:02:00Z');
    expect(await sendAllDueIoMessages(h.deps)).toBe(1);
    expect(io.messages).toHaveLength(5);
    expect((await outbox()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});

describe('reminders', () => {
  it('N days before and on the due date, once each, with the ledger', async () => {
    await configure({ newPositions: false });
    io.setProfile(FC, true);
    expect((await call('POST', '/api/v1/admin/positions', position('REM-1'))).status).toBe(201);
    expect(
      (await call('POST', '/api/v1/admin/positions', position('REM-2', { description: 'Annullata' }))).status,
    ).toBe(201);
    expect((await call('DELETE', '/api/v1/admin/positions/REM-2')).status).toBe(200);
    at('2026-12-27T08:00:00Z');
    expect(await queueIoReminders(h.deps)).toBe(0);
    at('2026-12-28T08:00:00Z');
    expect(await queueIoReminders(h.deps)).toBe(1);
    expect(await queueIoReminders(h.deps)).toBe(0);
    expect(await sendAllDueIoMessages(h.deps)).toBe(1);
    const before = io.messages[0]!.body.content as { subject: string; markdown: string; due_date: string };
    expect(before.subject).toBe('Scadenza il 31/12/2026: TARI 2026');
    expect(before.markdown).toContain('scade tra 3 giorni, il 31/12/2026');
    expect(before.due_date).toBe('2026-12-31T22:59:59.000Z');
    at('2026-12-31T07:00:00Z');
    expect(await queueIoReminders(h.deps)).toBe(1);
    expect(await sendAllDueIoMessages(h.deps)).toBe(1);
    expect((io.messages[1]!.body.content as { subject: string }).subject).toBe('Scade oggi: TARI 2026');
    const rows = await ledger();
    expect(rows.map((r) => [r.kind, r.due_date, r.state])).toEqual([
      ['before_due', '2026-12-31', 'sent'],
      ['due_date', '2026-12-31', 'sent'],
    ]);
    // Each announced once to the entity's webhooks, with the IO channel.
    expect(await reminderEvents()).toEqual([
      {
        practice: expect.objectContaining({ iupd: 'REM-1', amount: 15000 }),
        reminder: {
          id: rows[0]!.id,
          kind: 'before_due',
          channel: 'io',
          installment: 0,
          dueDate: '2026-12-31',
          sentAt: '2026-12-28T08:00:00.000Z',
        },
      },
      {
        practice: expect.objectContaining({ iupd: 'REM-1' }),
        reminder: expect.objectContaining({ id: rows[1]!.id, kind: 'due_date', channel: 'io' }),
      },
    ]);
    expect(io.problems).toEqual([]);
  });

  it('never twice: two runs, and two workers queueing and sending at once', async () => {
    await configure();
    io.setProfile(FC, true);
    expect((await call('POST', '/api/v1/admin/positions', position('TWICE'))).status).toBe(201);
    // A second worker: on PostgreSQL its own connection pool to the same database; SQLite has one
    // writer, so there it shares the connection and the two interleave at every await.
    const second = testEngine() === 'postgres' ? await openDatabase(h.deps.config.databaseUrl) : null;
    try {
      const other = { ...h.deps, db: second?.db ?? h.deps.db };
      at('2026-12-28T08:00:00Z');
      const queued = await Promise.all([queueIoReminders(h.deps), queueIoReminders(other)]);
      expect(queued[0] + queued[1]).toBe(1);
      const rounds = await Promise.all([sendDueIoMessages(h.deps), sendDueIoMessages(other)]);
      expect(rounds[0].sent + rounds[1].sent).toBe(2);
      expect(await queueIoReminders(other)).toBe(0);
      expect(await sendDueIoMessages(other)).toEqual({ attempted: 0, sent: 0 });
    } finally {
      await second?.close();
    }
    expect(io.messages).toHaveLength(2);
    expect((await ledger()).map((r) => r.kind)).toEqual(['new_position', 'before_due']);
  });

  it('never twice: a second server process queueing and sending at the same time', async () => {
    await configure();
    for (const fc of [FC, 'VRDLGU70M01F205I']) io.setProfile(fc, true);
    for (const [id, fc] of [
      ['P-1', FC],
      ['P-2', 'VRDLGU70M01F205I'],
      ['P-3', FC],
    ] as const)
      expect(
        (
          await call(
            'POST',
            '/api/v1/admin/positions',
            position(id, { description: `TARI ${id}`, debtor: { fiscalCode: fc, name: 'Debitore' } }),
          )
        ).status,
      ).toBe(201);
    at('2026-12-28T08:00:00Z');
    const [there, here] = await Promise.all([
      otherProcess('2026-12-28T08:00:00.000Z'),
      (async () => {
        const queued = await queueIoReminders(h.deps);
        return { queued, ...(await sendDueIoMessages(h.deps)) };
      })(),
    ]);
    // Each reminder was queued by one of the two; what is left is sent afterwards.
    expect(there.queued + here.queued).toBe(3);
    await sendAllDueIoMessages(h.deps);
    expect(io.messages).toHaveLength(6);
    const sent = io.messages.map(
      (m) => `${m.fiscal_code} ${(m.body.content as { subject: string }).subject}`,
    );
    expect(new Set(sent).size).toBe(6);
    expect((await outbox()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    // Reminders are announced once each; new-position messages are not reminders.
    expect(
      (await reminderEvents()).map((e) => `${e.practice.iupd} ${String(e.reminder.kind)}`).sort(),
    ).toEqual(['P-1 before_due', 'P-2 before_due', 'P-3 before_due']);
    expect((await ledger()).map((r) => r.kind).sort()).toEqual([
      'before_due',
      'before_due',
      'before_due',
      'new_position',
      'new_position',
      'new_position',
    ]);
  }, 90_000);
});
