import { buildNav, check, PositionQuery } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction } from '../db/database.js';
import { lookupByCode } from './lookup.js';
import { TEST_ENTITY } from '../../test/support/entity.js';
import { as, testKey, IBAN, installments, position, TAXONOMY } from '../../test/support/admin-fixtures.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { listPositions } from './positions.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('position lookup by NAV / IUV', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  const created: Json[] = [];

  beforeAll(async () => {
    h = await createHarness();
    api = as(h, await testKey(h));
    const bodies = [
      position('L-SINGLE'),
      { ...position('L-RATE', {}, 15001), installments: installments() },
      // Transfers given out of order, one to a postal account: the view keeps them by index.
      position('L-SPLIT', {
        single: {
          amount: 10000,
          dueDate: '2026-11-30',
          description: 'Saldo',
          transfers: [
            { iban: IBAN, amount: 7000, remittance: 'Quota comune', taxonomy: TAXONOMY },
            { iban: 'IT60X0542811101000000123456', amount: 3000, remittance: 'Quota B', taxonomy: TAXONOMY },
          ],
        },
        debtor: { fiscalCode: '02345670125', type: 'G', name: 'Esempio S.r.l.' },
      }),
    ];
    for (const body of bodies) {
      const res = await api('POST', '/api/v1/admin/positions', body);
      expect(res.status).toBe(201);
      created.push((await res.json()) as Json);
    }
    // A cancelled one as well.
    expect((await api('DELETE', '/api/v1/admin/positions/L-SINGLE')).status).toBe(200);
    created[0] = (await (await api('GET', '/api/v1/admin/positions/L-SINGLE')).json()) as Json;
  });
  afterAll(() => h.close());

  const list = async (query: string) => {
    const res = await api('GET', `/api/v1/admin/positions?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  };
  const codesOf = (p: Json) => [p.single, ...p.installments].filter(Boolean) as Json[];

  it('answers what the general list and GET by iupd answer, for every NAV and IUV', async () => {
    for (const p of created) {
      const byIupd = (await (await api('GET', `/api/v1/admin/positions/${p.iupd}`)).json()) as Json;
      expect(byIupd).toEqual(p);
      for (const o of codesOf(p)) {
        const expected = { items: [p], total: 1, limit: 50, offset: 0, next: null };
        // The single-parameter path, the whole schema, and the general query (another filter on).
        expect(await list(`nav=${o.nav}`)).toEqual(expected);
        expect(await list(`nav=${o.nav}&limit=50`)).toEqual(expected);
        expect(await list(`nav=${o.nav}&debtor=${p.debtor.fiscalCode}`)).toEqual(expected);
        expect(await list(`iuv=${o.iuv}`)).toEqual(expected);
        expect(await list(`iuv=${o.iuv}&status=${p.status}`)).toEqual(expected);
        // Printed with spaces, as on the notice.
        expect(await list(`nav=${encodeURIComponent(o.nav.replace(/(\d{4})/g, '$1 ').trim())}`)).toEqual(
          expected,
        );
      }
    }
    expect(created[2]?.single.transfers.map((t: Json) => t.remittance)).toEqual(['Quota comune', 'Quota B']);
  });

  // On a SQLite file, outside a transaction the lookup reads on the read connection; inside one,
  // through Kysely (as on PostgreSQL).
  it('gives the same view outside a transaction as inside one', async () => {
    for (const p of created) {
      for (const o of codesOf(p)) {
        for (const q of [{ nav: o.nav }, { iuv: o.iuv }]) {
          const parsed = check(PositionQuery, q);
          if (!parsed.ok) throw new Error('bad query');
          const listed = await listPositions(h.deps.db, TEST_ENTITY.code, parsed.value);
          const [column, value] = q.nav ? (['nav', q.nav] as const) : (['iuv', q.iuv as string] as const);
          const fast = await lookupByCode(h.deps.db, TEST_ENTITY.code, column, value);
          const kysely = await transaction(h.deps.db, (tx) =>
            lookupByCode(tx, TEST_ENTITY.code, column, value),
          );
          expect(listed).toEqual({ items: [p], total: 1, limit: 50, offset: 0, next: null });
          expect(fast).toEqual(p);
          expect(kysely).toEqual(fast);
        }
      }
    }
  });

  it('answers an empty page for an unknown NAV or another page', async () => {
    const unknown = { items: [], total: 0, limit: 50, offset: 0, next: null };
    expect(await list(`nav=${buildNav({ auxDigit: 3, code: '01' }, '9999999999999').nav}`)).toEqual(unknown);
    const nav = created[1]?.single.nav as string;
    expect(await list(`nav=${nav}&offset=1`)).toEqual({
      items: [],
      total: 1,
      limit: 50,
      offset: 1,
      next: null,
    });
  });

  it('refuses a malformed NAV or an unknown parameter as before: 422 with the field', async () => {
    const error = async (query: string) => {
      const res = await api('GET', `/api/v1/admin/positions?${query}`);
      expect(res.status).toBe(422);
      return ((await res.json()) as Json).error as Json;
    };
    for (const bad of ['nav=', 'nav=123', 'nav=301000000000000145', 'nav=abc', 'nav=%FF']) {
      expect(await error(bad)).toMatchObject({
        code: 'validation_failed',
        fields: [{ path: 'query.nav', code: expect.stringMatching(/^invalid_/) }],
      });
    }
    expect(await error('nope=1')).toMatchObject({ fields: [{ path: 'query.nope', code: 'unknown_field' }] });
    expect(await error('limit=0')).toMatchObject({ fields: [{ path: 'query.limit', code: 'too_small' }] });
  });
});
