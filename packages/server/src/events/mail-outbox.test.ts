/**
 * The mail outbox's claims on both engines: two workers at once send each mail once, and a worker
 * told to stop gives back, due at once, the mails it claimed and had not started.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transaction } from '../db/database.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { queueMail, sendDueMails } from './mail-outbox.js';

const ENTE = '80012345676';

describe('mail outbox claims', () => {
  let h: Harness;
  const now = new Date('2026-11-26T10:00:00Z');
  beforeEach(async () => {
    h = await createHarness();
    h.setNow(now);
    await transaction(h.deps.db, async (tx) => {
      for (let ref = 1; ref <= 30; ref++)
        await queueMail(tx, { kind: 'receipt', ref, entityCode: ENTE, now });
    });
  });
  afterEach(() => h.close());

  it('two workers at once send each mail once', async () => {
    const sent: number[] = [];
    const sender = { receipt: async (ref: number) => void sent.push(ref) };
    // Three workers, each going on until a round finds nothing.
    const worker = async () => {
      while ((await sendDueMails(h.deps, sender, 7)).attempted > 0);
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(sent.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('a worker told to stop sends the mail in hand and gives the others back, due at once', async () => {
    const stopping = new AbortController();
    const sent: number[] = [];
    const sender = {
      receipt: async (ref: number) => {
        sent.push(ref);
        stopping.abort();
      },
    };
    expect(await sendDueMails(h.deps, sender, 5, stopping.signal)).toEqual({ attempted: 1, sent: 1 });
    expect(sent).toHaveLength(1);
    const rows = await h.deps.db
      .selectFrom('mail_outbox')
      .select(['status', 'attempts', 'lease_token', 'next_attempt_at'])
      .execute();
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(1);
    const pending = rows.filter((r) => r.status === 'pending');
    expect(pending).toHaveLength(29);
    expect(pending.every((r) => r.attempts === 0 && r.lease_token === null)).toBe(true);
    expect(pending.every((r) => r.next_attempt_at === now.toISOString())).toBe(true);
    // Due at once: the next round takes them.
    expect(await sendDueMails(h.deps, { receipt: async () => undefined }, 50)).toEqual({
      attempted: 29,
      sent: 29,
    });
  });
});
