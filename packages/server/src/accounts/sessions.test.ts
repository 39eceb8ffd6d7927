import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../test/support/entity.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { createSession, sweepSessions, validateSession } from './sessions.js';

describe('sessions', () => {
  let h: Harness;
  const life = { idleSeconds: 1800, maxSeconds: 43_200 };
  const t0 = new Date('2026-03-01T08:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

  beforeAll(async () => {
    h = await createHarness();
    const now = t0.toISOString();
    await h.deps.db
      .insertInto('accounts')
      .values({
        id: 'acc-1',
        entity_code: TEST_ENTITY.code,
        status: 'active',
        username: 'u',
        email: 'u@example.it',
        email_normalized: 'u@example.it',
        fiscal_code: null,
        subject_kind: 'person',
        first_name: null,
        last_name: null,
        company_name: null,
        address: null,
        country: null,
        city: null,
        province: null,
        postal_code: null,
        phone: null,
        lang: 'it',
        password_hash: null,
        privacy_version: '1',
        privacy_accepted_at: now,
        created_at: now,
        activated_at: now,
        closed_at: null,
        updated_at: now,
      })
      .execute();
  });
  afterAll(() => h.close());

  it('accepts only the exact token, slides on use, and sweeps dead sessions', async () => {
    const { token } = await createSession(h.deps.db, 'acc-1', t0, life);
    const [id, secret] = token.split('.') as [string, string];
    // Change the last character to a different one (a fixed 'x' is sometimes the right one).
    const wrong = secret.endsWith('a') ? 'b' : 'a';
    expect(await validateSession(h.deps.db, `${id}.${secret.slice(0, -1)}${wrong}`, t0, life)).toBe(null);
    expect(await validateSession(h.deps.db, id, t0, life)).toBe(null);
    expect(await validateSession(h.deps.db, token, at(25), life)).toMatchObject({ accountId: 'acc-1' });
    expect(await validateSession(h.deps.db, token, at(50), life)).toMatchObject({ accountId: 'acc-1' });
    const stale = await createSession(h.deps.db, 'acc-1', t0, life);
    await sweepSessions(h.deps.db, at(45), life);
    const left = await h.deps.db.selectFrom('sessions').select('id').execute();
    expect(left.map((r) => r.id)).toEqual([id]);
    expect(await validateSession(h.deps.db, stale.token, at(45), life)).toBe(null);
  });
});
