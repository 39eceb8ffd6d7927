import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNav, parseNav } from '@pagatore/sdk';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import {
  as,
  testKey,
  IBAN,
  installments,
  otherEntityKey,
  position,
} from '../../../test/support/admin-fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('admin positions', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  let other: ReturnType<typeof as>;
  beforeAll(async () => {
    h = await createHarness();
    api = as(h, await testKey(h));
    other = as(h, await otherEntityKey(h));
  });
  afterAll(() => h.close());

  async function errorOf(res: Response): Promise<{ status: number; code: string; fields: Json[] }> {
    const body = (await res.json()) as Json;
    return { status: res.status, code: body.error?.code, fields: body.error?.fields ?? [] };
  }

  it('creates a position and assigns IUV and NAV in the entity scheme', async () => {
    const res = await api('POST', '/api/v1/admin/positions', position('P-1'));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/v1/admin/positions/P-1');
    const p = (await res.json()) as Json;
    expect(p).toMatchObject({
      iupd: 'P-1',
      status: 'unpaid',
      debtor: { fiscalCode: 'RSSMRA85T10A562S', type: 'F', name: 'Mario Rossi' },
      single: { amount: 15000, dueDate: '2026-12-31', status: 'unpaid' },
      installments: [],
    });
    const parsed = parseNav(p.single.nav);
    expect(parsed.ok && parsed.value).toMatchObject({ auxDigit: 3, code: '01', iuv: p.single.iuv });
    expect(p.single.transfers).toEqual([
      { iban: IBAN, postal: false, amount: 15000, remittance: 'TARI 2026', taxonomy: '0101002IM' },
    ]);
  });

  it('creates one with 3 installments and a single option, each with its own NAV', async () => {
    const res = await api('POST', '/api/v1/admin/positions', {
      ...position('P-RATE', {}, 15001),
      installments: installments(),
    });
    expect(res.status).toBe(201);
    const p = (await res.json()) as Json;
    const navs = [p.single.nav, ...p.installments.map((o: Json) => o.nav)];
    expect(new Set(navs).size).toBe(4);
    expect(p.installments.map((o: Json) => o.installment)).toEqual([1, 2, 3]);
  });

  it('keeps a NAV the entity gives, and refuses it on a second position', async () => {
    const { nav, iuv } = buildNav({ auxDigit: 3, code: '01' }, '1234567890123');
    const body = position('P-NAV');
    body.single!.nav = nav;
    const res = await api('POST', '/api/v1/admin/positions', body);
    expect(res.status).toBe(201);
    expect(((await res.json()) as Json).single.iuv).toBe(iuv);
    const again = position('P-NAV-2');
    again.single!.iuv = iuv;
    const dup = await errorOf(await api('POST', '/api/v1/admin/positions', again));
    expect(dup).toMatchObject({ status: 409, code: 'already_exists' });
    expect(dup.fields[0]).toMatchObject({ path: 'single.nav' });
    expect(
      await h.deps.db.selectFrom('positions').select('id').where('iupd', '=', 'P-NAV-2').execute(),
    ).toEqual([]);
  });

  it('refuses a NAV of another scheme (aux digit or segregation code)', async () => {
    const body = position('P-BADSCHEME');
    body.single!.nav = '347123456789012389'; // valid mod 93, segregation 47
    const e = await errorOf(await api('POST', '/api/v1/admin/positions', body));
    expect(e).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(e.fields).toEqual([expect.objectContaining({ path: 'single.nav', code: 'invalid_nav' })]);
  });

  it('answers 409 for an iupd that exists', async () => {
    expect(await errorOf(await api('POST', '/api/v1/admin/positions', position('P-1')))).toMatchObject({
      status: 409,
      code: 'already_exists',
    });
  });

  const bad: [string, (p: Json) => void, string, string][] = [
    [
      'invalid fiscal code',
      (p) => (p.debtor.fiscalCode = 'RSSMRA85T10A562X'),
      'debtor.fiscalCode',
      'invalid_fiscal_code',
    ],
    ['NAV of the wrong shape', (p) => (p.single.nav = '30100000000000014'), 'single.nav', 'invalid_nav'],
    [
      'NAV with wrong check digits',
      (p) => (p.single.nav = '301000000000000145'),
      'single.nav',
      'invalid_nav_check',
    ],
    ['invalid IUV', (p) => (p.single.iuv = '12AB'), 'single.iuv', 'invalid_iuv'],
    [
      'invalid IBAN',
      (p) => (p.single.transfers[0].iban = 'IT60X0542811101000000123457'),
      'single.transfers.0.iban',
      'invalid_iban',
    ],
    [
      'invalid taxonomy',
      (p) => (p.single.transfers[0].taxonomy = '0101002XX'),
      'single.transfers.0.taxonomy',
      'invalid_taxonomy',
    ],
    ['negative cents', (p) => (p.single.amount = -100), 'single.amount', 'invalid_cents'],
    ['fractional cents', (p) => (p.single.amount = 150.5), 'single.amount', 'invalid_cents'],
    ['cents as a string', (p) => (p.single.amount = '150'), 'single.amount', 'invalid_cents'],
    [
      'transfers not summing to the amount',
      (p) => (p.single.transfers[0].amount = 14999),
      'single.transfers',
      'mismatch',
    ],
    ['an unknown field', (p) => (p.colour = 'blue'), 'colour', 'unknown_field'],
    ['an unknown nested field', (p) => (p.debtor.nickname = 'Mario'), 'debtor.nickname', 'unknown_field'],
    ['no option', (p) => delete p.single, 'single', 'required'],
    [
      'six transfers',
      (p) => (p.single.transfers = Array(6).fill(p.single.transfers[0])),
      'single.transfers',
      'too_many',
    ],
    ['an impossible date', (p) => (p.single.dueDate = '2026-02-30'), 'single.dueDate', 'invalid_date'],
    ['due before validity', (p) => (p.validityDate = '2027-01-01'), 'validityDate', 'invalid_date'],
    ['G with a personal code', (p) => (p.debtor.type = 'G'), 'debtor.type', 'invalid_choice'],
    ['a bad iupd', (p) => (p.iupd = 'a b/c'), 'iupd', 'invalid_format'],
  ];
  for (const [name, mutate, path, code] of bad) {
    it(`refuses ${name} with 422 and writes nothing`, async () => {
      const body = structuredClone(position(`BAD-${name.replace(/\W+/g, '-')}`)) as Json;
      mutate(body);
      const before = await h.deps.db
        .selectFrom('positions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const e = await errorOf(await api('POST', '/api/v1/admin/positions', body));
      expect(e.status).toBe(422);
      expect(e.code).toBe('validation_failed');
      expect(e.fields).toContainEqual(expect.objectContaining({ path, code }));
      const after = await h.deps.db
        .selectFrom('positions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(after.n).toBe(before.n);
    });
  }

  it('refuses malformed JSON, a wrong content type and an oversized body', async () => {
    const raw = (body: string, type: string) =>
      h.request('/api/v1/admin/positions', {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${apiKey}` },
        body,
      });
    expect((await errorOf(await raw('{"iupd":', 'application/json'))).code).toBe('invalid_json');
    expect((await errorOf(await raw('iupd=1', 'application/x-www-form-urlencoded'))).code).toBe(
      'unsupported_media_type',
    );
    const huge = JSON.stringify({ ...position('HUGE'), description: 'x'.repeat(2_000_000) });
    const e = await errorOf(await raw(huge, 'application/json'));
    expect(e).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('gets, lists with filters and pages', async () => {
    const got = (await (await api('GET', '/api/v1/admin/positions/P-RATE')).json()) as Json;
    expect(got.installments).toHaveLength(3);
    const list = (await (await api('GET', '/api/v1/admin/positions?limit=2')).json()) as Json;
    expect(list).toMatchObject({ limit: 2, offset: 0 });
    expect(list.items).toHaveLength(2);
    expect(list.total).toBeGreaterThanOrEqual(3);
    const byNav = (await (
      await api('GET', `/api/v1/admin/positions?nav=${got.installments[1].nav}`)
    ).json()) as Json;
    expect(byNav.items.map((p: Json) => p.iupd)).toEqual(['P-RATE']);
    const byIuv = (await (await api('GET', `/api/v1/admin/positions?iuv=${got.single.iuv}`)).json()) as Json;
    expect(byIuv.items.map((p: Json) => p.iupd)).toEqual(['P-RATE']);
    const byDebtor = (await (
      await api('GET', '/api/v1/admin/positions?debtor=rssmra85t10a562s&status=unpaid')
    ).json()) as Json;
    expect(byDebtor.total).toBeGreaterThanOrEqual(3);
    const none = (await (await api('GET', '/api/v1/admin/positions?debtor=BSCMTT83A12L719R')).json()) as Json;
    expect(none).toMatchObject({ items: [], total: 0 });
    const bad = await errorOf(await api('GET', '/api/v1/admin/positions?limit=0&colour=red'));
    expect(bad.status).toBe(422);
    expect(bad.fields.map((f) => f.path).sort()).toEqual(['query.colour', 'query.limit']);
  });

  it('updates a position, keeping its NAV when none is given', async () => {
    const before = (await (await api('GET', '/api/v1/admin/positions/P-1')).json()) as Json;
    const { iupd: _iupd, ...body } = position('P-1', { description: 'TARI 2026 (rettifica)' }, 12000);
    const res = await api('PUT', '/api/v1/admin/positions/P-1', body);
    expect(res.status).toBe(200);
    const after = (await res.json()) as Json;
    expect(after).toMatchObject({ description: 'TARI 2026 (rettifica)', single: { amount: 12000 } });
    expect(after.single.nav).toBe(before.single.nav);
    expect((await errorOf(await api('PUT', '/api/v1/admin/positions/NOPE', body))).status).toBe(404);
  });

  it('refuses to update or cancel a paid or in-payment position (409), and writes nothing', async () => {
    for (const [iupd, status] of [
      ['PAID-1', 'paid'],
      ['INPAY-1', 'in_payment'],
    ] as const) {
      expect((await api('POST', '/api/v1/admin/positions', position(iupd))).status).toBe(201);
      await h.deps.db.updateTable('positions').set({ status }).where('iupd', '=', iupd).execute();
      const { iupd: _i, ...body } = position(iupd, { description: 'changed' });
      const e = await errorOf(await api('PUT', `/api/v1/admin/positions/${iupd}`, body));
      expect(e).toMatchObject({ status: 409, code: 'invalid_state' });
      expect((await errorOf(await api('DELETE', `/api/v1/admin/positions/${iupd}`))).status).toBe(409);
      const row = await h.deps.db
        .selectFrom('positions')
        .selectAll()
        .where('iupd', '=', iupd)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ description: 'TARI 2026', status });
    }
  });

  it('cancels a position', async () => {
    const res = await api('DELETE', '/api/v1/admin/positions/P-RATE');
    expect(res.status).toBe(200);
    const p = (await res.json()) as Json;
    expect(p.status).toBe('cancelled');
    expect([p.single, ...p.installments].every((o: Json) => o.status === 'cancelled')).toBe(true);
    expect((await errorOf(await api('DELETE', '/api/v1/admin/positions/P-RATE'))).code).toBe('invalid_state');
  });

  it('answers 401 without a key or with a wrong or revoked one', async () => {
    const paths = ['/api/v1/admin/positions', '/api/v1/admin/positions/P-1', '/api/v1/admin/entity'];
    for (const path of paths) {
      const headerSets: Record<string, string>[] = [
        {},
        { authorization: 'Bearer nope' },
        { authorization: 'Bearer pgk_aaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
        { authorization: `Bearer ${apiKey.slice(0, -1)}${apiKey.endsWith('a') ? 'b' : 'a'}` },
      ];
      for (const headers of headerSets) {
        const e = await errorOf(await h.request(path, { headers }));
        expect(e).toMatchObject({ status: 401, code: 'invalid_api_key' });
      }
    }
  });

  it("answers 404 to another entity's key on an existing position, and keeps lists apart", async () => {
    expect((await errorOf(await other('GET', '/api/v1/admin/positions/P-1'))).status).toBe(404);
    const { iupd: _i, ...body } = position('P-1');
    expect((await errorOf(await other('PUT', '/api/v1/admin/positions/P-1', body))).status).toBe(404);
    expect((await errorOf(await other('DELETE', '/api/v1/admin/positions/P-1'))).status).toBe(404);
    const list = (await (await other('GET', '/api/v1/admin/positions')).json()) as Json;
    expect(list).toMatchObject({ items: [], total: 0 });
    // The same iupd is a different position for another entity.
    expect((await other('POST', '/api/v1/admin/positions', position('P-1'))).status).toBe(201);
  });

  let apiKey = '';
  beforeAll(async () => {
    apiKey = await testKey(h);
  });
});
