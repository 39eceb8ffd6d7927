/**
 * The position list as the console searches it: every filter (fiscal code, text, IUPD, NAV, status,
 * due and amount ranges), every order, keyset paging through the whole list without a gap or a
 * repeat, bad input refused with field codes, another entity's positions never seen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import {
  as,
  IBAN,
  otherEntityKey,
  position,
  testKey,
  TAXONOMY,
} from '../../../test/support/admin-fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NAMES = ['Bianchi Anna', 'Rossi Mario', 'Verdi Luca', 'Neri Sara', 'Gialli Paolo'];
const CF = [
  'BNCNNA80A41H501R',
  'RSSMRA85T10A562S',
  'VRDLCU90B12F205Q',
  'NRESRA75C45L219Y',
  'GLLPLA70D10G273W',
];

describe('admin positions: search, sort, keyset paging', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  let other: ReturnType<typeof as>;
  beforeAll(async () => {
    h = await createHarness();
    api = as(h, await testKey(h));
    other = as(h, await otherEntityKey(h));
    // 23 positions: amounts and due dates in an order of their own, names repeating (ties).
    for (let i = 0; i < 23; i++) {
      const amount = 1000 + ((i * 7) % 23) * 100;
      const due = `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 5) % 28)).padStart(2, '0')}`;
      const res = await api('POST', '/api/v1/admin/positions', {
        ...position(`S-${String(i).padStart(2, '0')}`, {
          debtor: { fiscalCode: CF[i % 5] as string, name: NAMES[i % 5] as string },
        }),
        single: {
          amount,
          dueDate: due,
          transfers: [{ iban: IBAN, amount, remittance: 'TARI', taxonomy: TAXONOMY }],
        },
      });
      expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    }
    await other('POST', '/api/v1/admin/positions', position('S-OTHER'));
  });
  afterAll(() => h.close());

  async function list(query: string, caller = api): Promise<Json> {
    const res = await caller('GET', `/api/v1/admin/positions?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  }

  /** Every page of a sort, following `next`. */
  async function walk(query: string): Promise<Json[]> {
    const items: Json[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const page = await list(`${query}&limit=5${next ? `&cursor=${next}` : ''}`);
      expect(page.total).toBeGreaterThanOrEqual(page.items.length);
      items.push(...page.items);
      next = page.next;
      pages++;
    } while (next && pages < 20);
    return items;
  }

  const amountOf = (p: Json) => p.single.amount as number;
  const dueOf = (p: Json) => p.single.dueDate as string;

  it('pages every order with a cursor: all positions once, in order, ties by creation', async () => {
    const all = await walk('sort=created');
    expect(all.map((p) => p.iupd)).toEqual(
      Array.from({ length: 23 }, (_, i) => `S-${String(i).padStart(2, '0')}`),
    );
    const created = all.map((p) => p.iupd);
    for (const [sort, keyOf] of [
      ['due', dueOf],
      ['amount', amountOf],
      ['name', (p: Json) => p.debtor.name],
    ] as const) {
      const asc = await walk(`sort=${sort}`);
      const expected = [...all].sort((a, b) => {
        const x = keyOf(a);
        const y = keyOf(b);
        return x < y ? -1 : x > y ? 1 : created.indexOf(a.iupd) - created.indexOf(b.iupd);
      });
      expect(asc.map((p) => p.iupd)).toEqual(expected.map((p) => p.iupd));
      const desc = await walk(`sort=-${sort}`);
      expect(desc.map((p) => p.iupd)).toEqual(expected.reverse().map((p) => p.iupd));
    }
    expect((await walk('sort=-created')).map((p) => p.iupd)).toEqual([...created].reverse());
    // The default is newest first; the last page has no next.
    const first = await list('limit=30');
    expect(first.items[0].iupd).toBe('S-22');
    expect(first.next).toBeNull();
  });

  it('filters: fiscal code, text, IUPD, NAV, status, due and amount ranges, combined with a sort', async () => {
    const rossi = await walk(`debtor=${CF[1]}&sort=-amount`);
    expect(rossi.length).toBe(5);
    expect(rossi.every((p) => p.debtor.fiscalCode === CF[1])).toBe(true);
    expect(rossi.map(amountOf)).toEqual([...rossi.map(amountOf)].sort((a, b) => b - a));
    expect((await walk('q=Verdi&sort=due')).every((p) => p.debtor.name === 'Verdi Luca')).toBe(true);
    const one = await list('iupd=S-07');
    expect(one.items.map((p: Json) => p.iupd)).toEqual(['S-07']);
    const nav = one.items[0].single.nav as string;
    expect((await list(`nav=${nav}&sort=name`)).items.map((p: Json) => p.iupd)).toEqual(['S-07']);
    const inRange = await walk(
      'amountFrom=1500&amountTo=2000&dueFrom=2026-03-01&dueTo=2026-08-31&sort=amount',
    );
    expect(inRange.length).toBeGreaterThan(0);
    for (const p of inRange) {
      expect(amountOf(p)).toBeGreaterThanOrEqual(1500);
      expect(amountOf(p)).toBeLessThanOrEqual(2000);
      expect(dueOf(p) >= '2026-03-01' && dueOf(p) <= '2026-08-31').toBe(true);
    }
    const all = await walk('sort=amount');
    expect(inRange.map((p) => p.iupd)).toEqual(
      all
        .filter(
          (p) =>
            amountOf(p) >= 1500 &&
            amountOf(p) <= 2000 &&
            dueOf(p) >= '2026-03-01' &&
            dueOf(p) <= '2026-08-31',
        )
        .map((p) => p.iupd),
    );
    await api('DELETE', '/api/v1/admin/positions/S-03');
    expect((await list('status=cancelled&sort=due')).items.map((p: Json) => p.iupd)).toEqual(['S-03']);
    expect((await list('status=unpaid&sort=due&limit=50')).total).toBe(22);
  });

  it('refuses bad input with field codes, never a 500', async () => {
    const cases: [string, string, string][] = [
      ['sort=price', 'query.sort', 'invalid_choice'],
      ['amountFrom=12.50', 'query.amountFrom', 'invalid_cents'],
      ['amountTo=-1', 'query.amountTo', 'invalid_cents'],
      ['cursor=not*base64', 'query.cursor', 'invalid_format'],
      ['cursor=abc', 'query.cursor', 'invalid_format'],
      ['dueFrom=2026-02-30', 'query.dueFrom', 'invalid_date'],
      ['iupd=', 'query.iupd', 'required'],
    ];
    for (const [query, path, code] of cases) {
      const res = await api('GET', `/api/v1/admin/positions?${query}`);
      expect(res.status, query).toBe(422);
      const body = (await res.json()) as Json;
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.fields[0], query).toMatchObject({ path, code });
    }
    // A cursor of another order, a cursor with an offset.
    const page = await list('sort=due&limit=2');
    for (const query of [`sort=amount&cursor=${page.next}`, `sort=due&cursor=${page.next}&offset=2`]) {
      const res = await api('GET', `/api/v1/admin/positions?${query}`);
      expect(res.status, query).toBe(422);
    }
  });

  it("another entity's key sees none of these positions, whatever the filter or cursor", async () => {
    const page = await list('sort=due&limit=2');
    expect((await list('sort=due', other)).items.map((p: Json) => p.iupd)).toEqual(['S-OTHER']);
    expect(
      (await list(`sort=due&cursor=${page.next}`, other)).items.every((p: Json) => p.iupd === 'S-OTHER'),
    ).toBe(true);
    expect((await list('iupd=S-07', other)).total).toBe(0);
    expect((await list(`debtor=${CF[0]}`, other)).total).toBe(0);
  });
});
