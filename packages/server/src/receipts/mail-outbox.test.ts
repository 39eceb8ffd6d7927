/**
 * The receipt e-mail leaves through the outbox: the node's answer never waits on SMTP, a mail
 * queued before a crash is sent after the restart, a refused mail is retried (for a day), and each
 * receipt is mailed once. Real parts: receipts from the node over HTTP (paSendRTV2), SQLite files,
 * an SMTP server on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { centsToDecimal } from '@pagatore/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { TEST_ENTITY } from '../../test/support/entity.js';
import { MAIL_RETRY_SECONDS } from '../events/mail-outbox.js';
import { startOutboxWorker } from '../events/worker.js';
import { startServer } from '../server.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { configureStation, nodePosition, STATION } from '../../test/support/pagopa-fixtures.js';
import { fakeNode, type ReceiptFields } from '../../test/support/pagopa-fake-node.js';
import { type Inbox, type InboxOptions, startInbox } from '../../test/support/smtp-inbox.js';
import { sendDueReceiptMails } from './mail.js';

const ENTE = TEST_ENTITY.code;
/** The payer's address in the fake node's receipts. */
const PAYER = 'giuseppe.verdi@example.it';

let dir: string;
let inbox: Inbox | undefined;
let h: Harness | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pagatore-mail-outbox-'));
});

afterEach(async () => {
  await h?.close();
  await inbox?.close();
  h = undefined;
  inbox = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A harness on `dir`'s database, sending mail to a fresh inbox, with the node's station set. */
async function setUp(inboxOptions: InboxOptions = {}) {
  inbox = await startInbox(inboxOptions);
  h = await createHarness({
    config: {
      paymentProvider: 'pagopa',
      databaseUrl: `file:${join(dir, 'db.sqlite')}`,
      smtpUrl: inbox.url,
    },
  });
  await configureStation(h);
  const harness = h;
  const node = fakeNode(async (xml, action) => {
    const res = await harness.request('/pagopa/node', {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
      body: xml,
    });
    return { status: res.status, text: await res.text() };
  }, STATION);
  return { h: harness, inbox, node };
}

/** A practice and the node's receipt for it. */
async function receipt(h: Harness): Promise<ReceiptFields> {
  const p = await nodePosition(h);
  return {
    nav: p.nav,
    fiscalCode: ENTE,
    iuv: p.iuv,
    amount: centsToDecimal(p.amount),
    receiptId: `RCP${p.nav}`,
    transfers: [
      {
        amount: centsToDecimal(p.amount),
        iban: TEST_ENTITY.iban,
        remittance: 'Tassa di prova',
        category: '9/0101002IM/',
      },
    ],
  };
}

function outbox(h: Harness) {
  return h.deps.db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();
}

describe('the receipt e-mail through the outbox', () => {
  it('the node gets its answer while the SMTP server holds the connection; the mail arrives later', async () => {
    let held: () => void = () => undefined;
    let reached: () => void = () => undefined;
    const smtpReached = new Promise<void>((r) => (reached = r));
    const release = new Promise<void>((r) => (held = r));
    const { h, inbox, node } = await setUp({
      beforeAnswer: async () => {
        reached();
        await release;
      },
    });
    // The server's mail loop runs throughout, as in a running server.
    const worker = startOutboxWorker(
      'mail',
      async () => (await sendDueReceiptMails(h.deps)).attempted,
      20,
      h.logger,
    );
    try {
      const r = await receipt(h);
      // Were the answer to wait for the mail, it would wait for `release`, which comes after it.
      const answer = await node.sendRT(r);
      expect(answer.outcome).toBe('OK');
      await smtpReached;
      expect(inbox.to(PAYER)).toHaveLength(0);
      held();
      const mail = await inbox.next(PAYER, /Ricevuta di pagamento/, 20_000);
      expect(mail.attachments[0]?.contentType).toBe('application/pdf');
    } finally {
      held();
      await worker.stop();
    }
    const rows = await outbox(h);
    expect(rows).toMatchObject([{ kind: 'receipt', status: 'sent', attempts: 1, lease_token: null }]);
  });

  it('a mail queued before a crash is sent by the restarted server', async () => {
    const { h, node } = await setUp();
    const r = await receipt(h);
    expect((await node.sendRT(r)).outcome).toBe('OK');
    expect(await outbox(h)).toMatchObject([{ status: 'pending', attempts: 0 }]);
    // The process stops before any loop sent it (no worker in the harness).
    await h.close();
    const after = await startServer(
      loadConfig(
        {},
        {
          mode: 'demo',
          host: '127.0.0.1',
          port: 0,
          databaseUrl: `file:${join(dir, 'db.sqlite')}`,
          logLevel: 'silent',
          smtpUrl: inbox!.url,
          webhookPollMs: 50,
        },
      ),
    );
    try {
      const mail = await inbox!.next(PAYER, /Ricevuta di pagamento/, 20_000);
      expect(mail.text).toContain(`Codice Avviso`);
      // Marked sent once the SMTP server has answered.
      const rows = () => after.deps.db.selectFrom('mail_outbox').select(['status', 'attempts']).execute();
      await expect.poll(rows).toEqual([{ status: 'sent', attempts: 1 }]);
    } finally {
      await after.close();
    }
    expect(inbox!.to(PAYER)).toHaveLength(1);
  });

  it('a refused mail is retried after a backoff, and given up after a day of retries', async () => {
    let refuse = 1;
    const { h, inbox, node } = await setUp({
      beforeAnswer: async () => {
        if (refuse-- > 0) throw new Error('mailbox busy, try later');
      },
    });
    const t0 = new Date('2026-11-26T10:00:00Z');
    h.setNow(t0);
    const first = await receipt(h);
    expect((await node.sendRT(first)).outcome).toBe('OK');
    expect(await sendDueReceiptMails(h.deps)).toEqual({ attempted: 1, sent: 0 });
    const [row] = await outbox(h);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lease_token: null });
    expect(row!.last_error).toMatch(/451/);
    expect(Date.parse(row!.next_attempt_at)).toBeGreaterThan(t0.getTime());
    // Not due again before its backoff.
    expect(await sendDueReceiptMails(h.deps)).toEqual({ attempted: 0, sent: 0 });
    h.setNow(new Date(Date.parse(row!.next_attempt_at)));
    expect(await sendDueReceiptMails(h.deps)).toEqual({ attempted: 1, sent: 1 });
    expect(await outbox(h)).toMatchObject([{ status: 'sent', attempts: 2, last_error: null }]);
    expect(inbox.to(PAYER)).toHaveLength(1);

    // A server that refuses for longer than the retry period: the mail is marked failed.
    refuse = Number.POSITIVE_INFINITY;
    const second = await receipt(h);
    expect((await node.sendRT(second)).outcome).toBe('OK');
    expect(await sendDueReceiptMails(h.deps)).toEqual({ attempted: 1, sent: 0 });
    const since = Date.parse((await outbox(h))[1]!.retry_since!);
    h.setNow(new Date(since + MAIL_RETRY_SECONDS * 1000 - 1000));
    expect(await sendDueReceiptMails(h.deps)).toEqual({ attempted: 1, sent: 0 });
    const retry = (await outbox(h))[1]!;
    expect(retry).toMatchObject({ status: 'pending', attempts: 2 });
    // Its next attempt falls after the day: the last one.
    expect(Date.parse(retry.next_attempt_at)).toBeGreaterThan(since + MAIL_RETRY_SECONDS * 1000);
    h.setNow(new Date(retry.next_attempt_at));
    expect(await sendDueReceiptMails(h.deps)).toEqual({ attempted: 1, sent: 0 });
    const rows = await outbox(h);
    expect(rows[1]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(await sendDueReceiptMails(h.deps)).toEqual({ attempted: 0, sent: 0 });
  });

  it('each receipt is mailed once: the node resending it, and two processes sending at once', async () => {
    const { h, inbox, node } = await setUp();
    const r = await receipt(h);
    expect((await node.sendRT(r)).outcome).toBe('OK');
    expect((await node.sendRT(r)).faultCode).toBe('PAA_RECEIPT_DUPLICATA');
    expect(await outbox(h)).toHaveLength(1);
    // A second process: its own deps (and mailer) on the same database.
    const rounds = await Promise.all([sendDueReceiptMails(h.deps), sendDueReceiptMails({ ...h.deps })]);
    expect(rounds.reduce((n, x) => n + x.sent, 0)).toBe(1);
    expect(await sendDueReceiptMails(h.deps)).toEqual({ attempted: 0, sent: 0 });
    await inbox.next(PAYER, /Ricevuta di pagamento/);
    expect(inbox.to(PAYER)).toHaveLength(1);
    expect(await outbox(h)).toMatchObject([{ status: 'sent', attempts: 1 }]);
  });
});
