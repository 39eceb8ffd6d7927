import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { enforce, hit, peek, reset } from './rate-limit.js';

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
});
