/**
 * E-mail reminders end to end on a real SMTP server (smtp-server) with the clock moved: the entity
 * turns them on, the citizen asks for them; N days before and on the due date one mail goes, in the
 * citizen's language, with the "Paga ora" link and the notice PDF; never for paid, cancelled or
 * in-progress practices; never twice, however many rounds and processes run; one click unsubscribes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { remindersOfPosition } from '../db/stores/reminders.js';
import { as, testKey } from '../../test/support/admin-fixtures.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { account, addPosition, at, ENTE } from '../../test/support/practice-fixtures.js';
import { type Inbox, startInbox } from '../../test/support/smtp-inbox.js';
import { decodePdf } from '../../test/support/notice-pdf.js';
import { testEngine } from '../../test/support/test-database.js';
import { runDueReminders } from './job.js';
import { sendDueReminderMails } from './mail.js';

const MARIO = 'RSSMRA85T10A562S';
const ANNA = 'RSSNNA10A41H501S';

let h: Harness;
let inbox: Inbox;
let second: Pick<DatabaseHandle, 'db' | 'close'>;

beforeEach(async () => {
  inbox = await startInbox();
  h = await createHarness({ config: { smtpUrl: inbox.url } });
  // Another server process on the same database: its own connection on PostgreSQL; on SQLite (one
  // writer, and here one thread) the same one.
  second =
    testEngine() === 'postgres'
      ? await openDatabase(h.deps.config.databaseUrl)
      : { db: h.deps.db, close: async () => undefined };
});
afterEach(async () => {
  await second.close();
  await h.close();
  await inbox.close();
});

const day = (d: string) => new Date(`${d}T08:00:00Z`);

/** Turns the entity's reminders on (7 days before) through the admin API. */
async function enableReminders(body: unknown = { email: true, daysBefore: 7 }) {
  return as(h, await testKey(h))('PATCH', '/api/v1/admin/entity', { reminders: body });
}

/** A citizen who proved their fiscal code and asked for reminders. */
async function citizen(fiscalCode: string, username: string, lang = 'it', daysBefore = 7) {
  const a = await account(h, { fiscalCode, username, proven: true });
  await h.deps.db.updateTable('accounts').set({ lang }).where('id', '=', a.id).execute();
  const res = await h.json('PUT', at('/me/reminders'), { email: true }, a.auth);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ email: true, offered: true, daysBefore });
  return a;
}

/** One round of every "process": the job twice at once (two processes), then the outbox. */
async function rounds() {
  const other = { ...h.deps, db: second.db };
  const queued = await Promise.all([runDueReminders(h.deps), runDueReminders(other)]);
  const sent = await sendDueReminderMails(h.deps);
  return { queued: queued[0] + queued[1], sent: sent.sent };
}

function header(m: ParsedMail, name: string): string | undefined {
  return m.headerLines.find((l) => l.key === name)?.line.replace(/^[^:]+:\s*/, '');
}

async function setStatus(positionId: number, status: string) {
  await h.deps.db
    .updateTable('payment_options')
    .set({ status })
    .where('position_id', '=', positionId)
    .execute();
  await h.deps.db.updateTable('positions').set({ status }).where('id', '=', positionId).execute();
}

describe('e-mail reminders', () => {
  it('N days before and on the due date, once each, whatever runs how often', async () => {
    expect((await enableReminders()).status).toBe(200);
    await citizen(MARIO, 'mario');
    const p = await addPosition(h, 'TARI-1', MARIO, { description: 'TARI 2026' });

    // Too early: nothing owed.
    h.setNow(day('2026-12-23'));
    expect(await rounds()).toEqual({ queued: 0, sent: 0 });

    // 7 days before: one mail, though two processes ran the job.
    h.setNow(day('2026-12-24'));
    expect(await rounds()).toEqual({ queued: 1, sent: 1 });
    const m = await inbox.next('mario@example.it', /Promemoria: scadenza del 31 dicembre 2026/);
    expect(m.subject).toContain('Comune di Esempio');
    expect(m.text).toContain('"TARI 2026" scade il 31 dicembre 2026.');
    expect(m.text).toContain('150,00');
    // The pay link to the entity's portal page, and the notice.
    const link = /\S+pagamenti\.html#paga=[a-z2-7]{32}/.exec(m.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect(m.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`avviso-${p.iuvs[0]}.pdf`, 'application/pdf'],
    ]);
    expect(Buffer.from(m.attachments[0]!.content).subarray(0, 5).toString()).toBe('%PDF-');
    // The notice carries the same link as a second QR code beside pagoPA's.
    expect(decodePdf(new Uint8Array(m.attachments[0]!.content))[0]?.qr).toContain(link);
    expect(header(m, 'list-unsubscribe')).toMatch(/^<http.+\/reminders\/unsubscribe\/[a-z2-7]{32}>$/);
    expect(header(m, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // The same day again, and the next days: nothing more.
    expect(await rounds()).toEqual({ queued: 0, sent: 0 });
    h.setNow(day('2026-12-27'));
    expect(await rounds()).toEqual({ queued: 0, sent: 0 });

    // On the due date: the second one.
    h.setNow(day('2026-12-31'));
    expect(await rounds()).toEqual({ queued: 1, sent: 1 });
    await inbox.next('mario@example.it', /Scade oggi: 31 dicembre 2026/);
    expect(await rounds()).toEqual({ queued: 0, sent: 0 });
    expect(inbox.to('mario@example.it')).toHaveLength(2);

    const ledger = await remindersOfPosition(h.deps.db, ENTE, p.id);
    expect(ledger.map((r) => [r.kind, r.channel, r.due_date, r.state])).toEqual([
      ['before_due', 'email', '2026-12-31', 'sent'],
      ['due_date', 'email', '2026-12-31', 'sent'],
    ]);
    // reminder.sent for the entity's webhooks, once per reminder.
    const events = await h.deps.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('type', '=', 'reminder.sent')
      .orderBy('id')
      .execute();
    expect(events.map((e) => JSON.parse(e.payload).reminder)).toMatchObject([
      { kind: 'before_due', channel: 'email', installment: 0, dueDate: '2026-12-31' },
      { kind: 'due_date', channel: 'email', installment: 0, dueDate: '2026-12-31' },
    ]);
    expect(JSON.parse(events[0]!.payload).practice).toMatchObject({ iupd: 'TARI-1', iuv: p.iuvs[0] });
  });

  it('never for paid, cancelled or in-progress practices, nor for a citizen who did not ask', async () => {
    await enableReminders();
    await citizen(MARIO, 'mario');
    await account(h, { fiscalCode: ANNA, username: 'anna', proven: true }); // never asked
    const paid = await addPosition(h, 'PAID', MARIO);
    const cancelled = await addPosition(h, 'CANC', MARIO);
    const paying = await addPosition(h, 'PAYING', MARIO);
    await addPosition(h, 'ANNA-1', ANNA);
    await setStatus(paid.id, 'paid');
    await setStatus(cancelled.id, 'cancelled');
    await setStatus(paying.id, 'in_payment');
    for (const d of ['2026-12-24', '2026-12-31']) {
      h.setNow(day(d));
      expect(await rounds()).toEqual({ queued: 0, sent: 0 });
    }
    expect(inbox.messages).toHaveLength(0);
    expect(await h.deps.db.selectFrom('reminders').selectAll().execute()).toEqual([]);
  });

  it('a practice paid between the claim and the mail gets none', async () => {
    await enableReminders();
    await citizen(MARIO, 'mario');
    const p = await addPosition(h, 'TARI-1', MARIO);
    h.setNow(day('2026-12-24'));
    expect(await runDueReminders(h.deps)).toBe(1);
    await setStatus(p.id, 'paid');
    expect((await sendDueReminderMails(h.deps)).attempted).toBe(1);
    expect(inbox.messages).toHaveLength(0);
    expect(await remindersOfPosition(h.deps.db, ENTE, p.id)).toMatchObject([
      { state: 'failed', last_error: 'practice paid' },
    ]);
  });

  it('off at the entity: nothing, whatever the citizens asked', async () => {
    await citizenWhenOff();
    await addPosition(h, 'TARI-1', MARIO);
    h.setNow(day('2026-12-24'));
    expect(await rounds()).toEqual({ queued: 0, sent: 0 });
  });

  async function citizenWhenOff() {
    const a = await account(h, { fiscalCode: MARIO, username: 'mario', proven: true });
    const res = await h.json('PUT', at('/me/reminders'), { email: true }, a.auth);
    expect(await res.json()).toEqual({ email: true, offered: false, daysBefore: 7 });
  }

  it("in the citizen's language", async () => {
    await enableReminders({ email: true, daysBefore: 3 });
    await citizen(MARIO, 'mario', 'en', 3);
    await citizen(ANNA, 'anna', 'de', 3);
    await addPosition(h, 'TARI-M', MARIO, { description: 'Waste tax' });
    await addPosition(h, 'TARI-A', ANNA, { description: 'Müllgebühr' });
    h.setNow(day('2026-12-28'));
    expect(await rounds()).toEqual({ queued: 2, sent: 2 });
    const en = await inbox.next('mario@example.it', /^Reminder: due on 31 December 2026/);
    expect(en.text).toContain('"Waste tax" is due on 31 December 2026.');
    expect(en.text).toContain('Pay now');
    const de = await inbox.next('anna@example.it', /^Erinnerung: fällig am 31\. Dezember 2026/);
    expect(de.text).toContain('„Müllgebühr“ ist am 31. Dezember 2026 fällig.');
  });

  it("one click unsubscribes: the mail client's POST, or the page's button", async () => {
    await enableReminders();
    // The session is made on the day the mail comes.
    h.setNow(day('2026-12-24'));
    const a = await citizen(MARIO, 'mario');
    await addPosition(h, 'TARI-1', MARIO);
    await rounds();
    const m = await inbox.next('mario@example.it');
    const url = new URL(header(m, 'list-unsubscribe')!.slice(1, -1));
    // The footer carries the same link.
    expect(m.text).toContain(url.toString());

    // Opening the link shows a button and changes nothing (link scanners open links too).
    const page = await h.request(url.pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('Non inviarmi più promemoria');
    expect(await (await h.json('GET', at('/me/reminders'), undefined, a.auth)).json()).toMatchObject({
      email: true,
    });

    // RFC 8058: the mail client POSTs the form body.
    const post = await h.request(url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('non riceverai più promemoria');
    expect(await (await h.json('GET', at('/me/reminders'), undefined, a.auth)).json()).toMatchObject({
      email: false,
    });
    // Again: the same page, nothing to undo.
    expect((await h.request(url.pathname, { method: 'POST' })).status).toBe(200);
    const audit = await h.deps.db
      .selectFrom('account_audit')
      .select(['event', 'detail'])
      .where('account_id', '=', a.id)
      .where('event', 'in', ['reminders_on', 'reminders_off'])
      .orderBy('created_at')
      .execute();
    expect(audit.map((x) => [x.event, JSON.parse(x.detail).source])).toEqual([
      ['reminders_on', 'profile'],
      ['reminders_off', 'one_click'],
    ]);

    // The due date comes: no mail.
    h.setNow(day('2026-12-31'));
    expect(await rounds()).toEqual({ queued: 0, sent: 0 });
    expect(inbox.to('mario@example.it')).toHaveLength(1);

    // A made-up or altered token: a page saying so, nothing changed.
    const bad = await h.request(at(`/reminders/unsubscribe/${'a'.repeat(32)}`), { method: 'POST' });
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain('non è valido');
    const malformed = await h.request(at('/reminders/unsubscribe/not-a-token'));
    expect(malformed.status).toBe(422);
  });

  it('refuses bad input: settings and preference', async () => {
    const res = await enableReminders({ email: 'yes', daysBefore: 0 });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as {
      error: { code: string; fields: { path: string; code: string }[] };
    };
    expect(error.code).toBe('validation_failed');
    expect(error.fields.map((f) => [f.path, f.code])).toEqual([
      ['reminders.email', 'invalid_type'],
      ['reminders.daysBefore', 'too_small'],
    ]);
    const a = await account(h, { fiscalCode: MARIO, username: 'mario', proven: true });
    const bad = await h.json('PUT', at('/me/reminders'), { email: 'yes' }, a.auth);
    expect(bad.status).toBe(422);
    expect((await h.json('PUT', at('/me/reminders'), { email: true })).status).toBe(401);
    // The admin API answers the settings back.
    await enableReminders({ email: true, daysBefore: 10 });
    const me = await as(h, await testKey(h))('GET', '/api/v1/admin/entity');
    expect(((await me.json()) as { reminders: unknown }).reminders).toEqual({ email: true, daysBefore: 10 });
  });
});
