import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { as, otherEntityKey, testKey } from '../../../test/support/admin-fixtures.js';
import { account, addPosition, at } from '../../../test/support/practice-fixtures.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CF = 'RSSMRA85T10A562S';
const tokenOf = (url: string) => new URL(url).hash.replace('#paga=', '');

describe('"Paga ora" links', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  let other: ReturnType<typeof as>;
  let nav = '';
  const open = (token: string, ip = '198.51.100.1') =>
    h.json('POST', at('/pay-links/open'), { token }, { 'x-forwarded-for': ip });

  beforeAll(async () => {
    h = await createHarness({ config: { trustProxy: true } });
    api = as(h, await testKey(h));
    other = as(h, await otherEntityKey(h));
    nav = (await addPosition(h, 'PL-1', CF)).navs[0]!;
    await addPosition(h, 'PL-RATE', CF, { installments: 3 });
    await addPosition(h, 'PL-PAID', CF);
  });
  afterAll(() => h.close());

  it('creates a link to the portal page whose fragment opens the practice, debtor masked', async () => {
    const res = await api('POST', '/api/v1/admin/positions/PL-1/pay-links', {});
    expect(res.status).toBe(201);
    const link = (await res.json()) as Json;
    expect(link.url.startsWith(`${h.deps.config.siteUrl}/pagamenti.html#paga=`)).toBe(true);
    expect(link.url).not.toContain(CF);
    expect(link.id).toMatch(/^pl_[a-z2-7]{16}$/);
    expect(link.installment).toBeNull();
    const stored = await h.deps.db
      .selectFrom('pay_links')
      .selectAll()
      .where('id', '=', link.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(link.token);

    const opened = await open(tokenOf(link.url));
    expect(opened.status).toBe(200);
    const body = (await opened.json()) as Json;
    expect(body.practice.description).toBe('Pratica PL-1');
    expect(body.practice.payable).toBe(true);
    expect(body.practice.debtor).toEqual({ fiscalCode: 'RSS***********2S', name: 'D******* d* p****' });
    expect(JSON.stringify(body)).not.toContain(CF);
    expect(h.logger.lines.some((e) => e.msg === 'pay link opened' && e.link === link.id)).toBe(true);
  });

  it('announces the first opening of a link as a paylink.opened event, once', async () => {
    const link = (await (
      await api('POST', '/api/v1/admin/positions/PL-RATE/pay-links', { installment: 2 })
    ).json()) as Json;
    expect(link.installment).toBe(2);
    const first = (await (await open(link.token)).json()) as Json;
    expect(first.installment).toBe(2);
    expect(first.practice.found).toBe(2);
    await open(link.token);
    const events = await h.deps.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'paylink.opened')
      .where('practice_key', '=', 'PL-RATE')
      .execute();
    expect(events).toHaveLength(1);
    const payload = JSON.parse(events[0]!.payload) as Json;
    expect(payload.payLink).toMatchObject({ id: link.id, installment: 2 });
    expect(payload.practice).toMatchObject({ iupd: 'PL-RATE', amount: 1001 });
    const row = await h.deps.db
      .selectFrom('pay_links')
      .select('opened_count')
      .where('id', '=', link.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.opened_count)).toBe(2);
  });

  it('answers an altered or unknown token as not found, an expired link as expired', async () => {
    const link = (await (
      await api('POST', '/api/v1/admin/positions/PL-1/pay-links', { validDays: 1 })
    ).json()) as Json;
    const altered = (link.token[0] === 'a' ? 'b' : 'a') + link.token.slice(1);
    expect(((await (await open(altered)).json()) as Json).error.code).toBe('paylink_not_found');
    const malformed = await open('not-a-token');
    expect(malformed.status).toBe(422);
    h.setNow(new Date(Date.now() + 2 * 86_400_000));
    try {
      const expired = await open(link.token);
      expect(expired.status).toBe(410);
      expect(((await expired.json()) as Json).error.code).toBe('paylink_expired');
    } finally {
      h.setNow(new Date());
    }
  });

  it('revokes a link; another entity can neither revoke nor open it', async () => {
    const link = (await (await api('POST', '/api/v1/admin/positions/PL-1/pay-links', {})).json()) as Json;
    expect((await other('DELETE', `/api/v1/admin/pay-links/${link.id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/v1/admin/pay-links/${link.id}`)).status).toBe(204);
    const revoked = await open(link.token);
    expect(revoked.status).toBe(410);
    expect(((await revoked.json()) as Json).error.code).toBe('paylink_revoked');
    expect((await api('DELETE', '/api/v1/admin/pay-links/pl_aaaaaaaaaaaaaaaa')).status).toBe(404);
  });

  it('answers already_paid for a link whose practice was paid after it was sent, and refuses new ones', async () => {
    const link = (await (await api('POST', '/api/v1/admin/positions/PL-PAID/pay-links', {})).json()) as Json;
    await h.deps.db.updateTable('positions').set({ status: 'paid' }).where('iupd', '=', 'PL-PAID').execute();
    const paid = await open(link.token);
    expect(paid.status).toBe(409);
    expect(((await paid.json()) as Json).error.code).toBe('already_paid');
    const again = await api('POST', '/api/v1/admin/positions/PL-PAID/pay-links', {});
    expect(((await again.json()) as Json).error.code).toBe('already_paid');
    expect((await api('POST', '/api/v1/admin/positions/NOPE/pay-links', {})).status).toBe(404);
    expect((await api('POST', '/api/v1/admin/positions/PL-RATE/pay-links', { installment: 9 })).status).toBe(
      404,
    );
    const bad = await api('POST', '/api/v1/admin/positions/PL-1/pay-links', { validDays: 0 });
    expect(bad.status).toBe(422);
  });

  it('makes links in bulk, listing the positions it skipped', async () => {
    const res = await api('POST', '/api/v1/admin/pay-links', {
      iupds: ['PL-1', 'PL-RATE', 'PL-PAID', 'NOPE', 'PL-1'],
    });
    expect(res.status).toBe(201);
    const r = (await res.json()) as Json;
    expect(r.items.map((l: Json) => l.iupd)).toEqual(['PL-1', 'PL-RATE']);
    expect(r.skipped).toEqual([
      { iupd: 'PL-PAID', code: 'already_paid' },
      { iupd: 'NOPE', code: 'not_found' },
    ]);
    for (const l of r.items) expect((await open(l.token)).status).toBe(200);
    expect((await api('POST', '/api/v1/admin/pay-links', { iupds: [] })).status).toBe(422);
  });

  it("keeps a link's practice in a logged-in citizen's list without proving the fiscal code", async () => {
    const link = (await (
      await api('POST', '/api/v1/admin/positions/PL-RATE/pay-links', { installment: 1 })
    ).json()) as Json;
    const me = await account(h, { fiscalCode: CF, username: 'paylinker' });
    const res = await h.json('POST', at('/me/practices/pay-link'), { token: link.token }, me.auth);
    expect(res.status).toBe(200);
    const practice = (await res.json()) as Json;
    expect(practice.description).toBe('Pratica PL-RATE');
    expect(practice.found).toBe(1);
    const proven = await h.deps.db
      .selectFrom('account_fiscal_codes')
      .selectAll()
      .where('account_id', '=', me.id)
      .execute();
    expect(proven).toHaveLength(0);
    expect((await h.json('POST', at('/me/practices/pay-link'), { token: link.token })).status).toBe(401);
  });

  it('asks for the portal page when the entity has none', async () => {
    await h.deps.db
      .updateTable('entities')
      .set({ portal_url: null })
      .where('code', '=', TEST_ENTITY.code)
      .execute();
    try {
      const res = await api('POST', '/api/v1/admin/positions/PL-1/pay-links', {});
      expect(res.status).toBe(409);
      expect(((await res.json()) as Json).error.code).toBe('portal_url_missing');
    } finally {
      await h.deps.db
        .updateTable('entities')
        .set({ portal_url: `${h.deps.config.siteUrl}/pagamenti.html` })
        .where('code', '=', TEST_ENTITY.code)
        .execute();
    }
  });

  it('counts openings in the search budget of the client address', async () => {
    const link = (await (await api('POST', '/api/v1/admin/positions/PL-1/pay-links', {})).json()) as Json;
    const ip = '203.0.113.77';
    for (let i = 0; i < 30; i++) expect((await open(link.token, ip)).status).toBe(200);
    const limited = await open(link.token, ip);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    const search = await h.json(
      'POST',
      at('/practices/search'),
      { fiscalCode: CF, nav },
      { 'x-forwarded-for': ip },
    );
    expect(search.status).toBe(429);
  });
});
