import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { enforce, hit, peek, reset } from './rate-limit.js';
import { transaction } from '../db/database.js';

describe('rate limiter (counters in the database)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ seed: false });
  });
  afterAll(() => h.close());

  it('counts per bucket and window, and tells how long to wait', async () => {
    const l = { limit: 3, windowSeconds: 60 };
    const t0 = new Date('2026-01-01T10:00:10Z');
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await hit(h.deps.db, 'b1', l, t0));
    expect(seen.map((s) => s.allowed)).toEqual([true, true, true, false]);
    expect(seen[3]).toMatchObject({ count: 4, retryAfter: 50 });
    expect((await peek(h.deps.db, 'b1', l, t0)).allowed).toBe(false);
    expect((await peek(h.deps.db, 'b2', l, t0)).allowed).toBe(true);
    // Next window.
    expect((await hit(h.deps.db, 'b1', l, new Date('2026-01-01T10:01:00Z'))).count).toBe(1);
    await reset(h.deps.db, 'b1');
    expect((await peek(h.deps.db, 'b1', l, t0)).count).toBe(0);
  });

  it('throws 429 rate_limited with Retry-After over the limit', async () => {
    const l = { limit: 1, windowSeconds: 600 };
    h.setNow(new Date('2026-01-01T10:00:00Z'));
    await enforce(h.deps, 'b3', l);
    const err = await enforce(h.deps, 'b3', l).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'rate_limited', status: 429, retryAfter: 600 });
  });

  it('counts a hit made while another caller holds a transaction open, whatever that transaction does', async () => {
    const l = { limit: 5, windowSeconds: 60 };
    const t0 = new Date('2026-01-01T11:00:00Z');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let begun!: () => void;
    const open = new Promise<void>((r) => (begun = r));
    // A transaction that writes, waits across awaits, then rolls back.
    const rolledBack = transaction(h.deps.db, async (tx) => {
      await tx.insertInto('rate_limits').values({ bucket: 'in-tx', window_start: 1, count: 1 }).execute();
      begun();
      await held;
      throw new Error('roll back');
    }).catch((e: unknown) => e);
    await open;
    const counted = hit(h.deps.db, 'beside-tx', l, t0);
    release();
    expect(await rolledBack).toMatchObject({ message: 'roll back' });
    // The hit is not part of the rolled-back transaction: it waited for it, or ran on its own.
    expect((await counted).count).toBe(1);
    expect((await peek(h.deps.db, 'beside-tx', l, t0)).count).toBe(1);
    expect((await peek(h.deps.db, 'in-tx', l, new Date(1000))).count).toBe(0);
  });
});
