/**
 * The reminder ledger on both engines: of many claims of one message at once (on PostgreSQL from two
 * connections, as two server processes), exactly one gets the row; other keys are other
 * messages; the outcome is recorded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase, transaction } from '../database.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { testEngine } from '../../../test/support/test-database.js';
import {
  claimReminder,
  finishReminder,
  findReminder,
  type ReminderKey,
  remindersOfPosition,
} from './reminders.js';

const ENTE = '80012345676';
const key: ReminderKey = {
  entityCode: ENTE,
  positionId: 7,
  installment: 0,
  dueDate: '2026-12-31',
  kind: 'before_due',
  channel: 'email',
};

describe('reminder ledger', () => {
  let h: Harness;
  /** Another process's connection on PostgreSQL; on SQLite (one writer, one connection per process in one thread) the same one. */
  let second: Pick<DatabaseHandle, 'db' | 'close'>;
  const now = new Date('2026-12-24T08:00:00Z');
  beforeEach(async () => {
    h = await createHarness();
    second =
      testEngine() === 'postgres'
        ? await openDatabase(h.deps.config.databaseUrl)
        : { db: h.deps.db, close: async () => undefined };
  });
  afterEach(async () => {
    await second.close();
    await h.close();
  });

  it('one claim of many wins, across two connections at once, inside transactions', async () => {
    const dbs = [h.deps.db, second.db];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        transaction(dbs[i % 2]!, (tx) => claimReminder(tx, key, { now, accountId: null })),
      ),
    );
    const won = results.filter((r) => r !== null);
    expect(won).toHaveLength(1);
    const rows = await remindersOfPosition(h.deps.db, ENTE, 7);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: won[0], state: 'pending', due_date: '2026-12-31', sent_at: null });
    // Claimed once, never again: not even after it was sent.
    await finishReminder(h.deps.db, won[0]!, { state: 'sent' }, now);
    expect(await claimReminder(second.db, key, { now })).toBeNull();
    expect(await findReminder(h.deps.db, won[0]!)).toMatchObject({
      state: 'sent',
      sent_at: now.toISOString(),
    });
  });

  it('each part of the key makes another message', async () => {
    const variants: ReminderKey[] = [
      key,
      { ...key, installment: 1 },
      { ...key, dueDate: '2027-01-31' },
      { ...key, kind: 'due_date' },
      { ...key, channel: 'io' },
      { ...key, positionId: 8 },
    ];
    for (const k of variants)
      expect(await claimReminder(h.deps.db, k, { now, accountId: 'acc-1' })).not.toBeNull();
    for (const k of variants) expect(await claimReminder(h.deps.db, k, { now })).toBeNull();
  });

  it('a claim rolled back with its transaction leaves the message free', async () => {
    await expect(
      transaction(h.deps.db, async (tx) => {
        expect(await claimReminder(tx, key, { now })).not.toBeNull();
        throw new Error('queueing failed');
      }),
    ).rejects.toThrow('queueing failed');
    const id = await claimReminder(h.deps.db, key, { now });
    expect(id).not.toBeNull();
    await finishReminder(h.deps.db, id!, { state: 'failed', error: 'smtp said no' }, now);
    expect(await findReminder(h.deps.db, id!)).toMatchObject({ state: 'failed', last_error: 'smtp said no' });
  });
});
