import { buildNav } from '@pagatore/sdk';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PRACTICE_LIMITS } from './limits.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { addPosition, at, ENTE } from '../../test/support/practice-fixtures.js';
import { testEngine } from '../../test/support/test-database.js';

const MARIO = 'RSSMRA85T10A562S';
const LUCA = 'BSCMTT83A12L719R';
/** A well-formed Codice Avviso of the test entity that no position has. */
const UNKNOWN = buildNav({ auxDigit: 3, code: '01' }, '0000000777777');

let ipSeq = 0;
const freshIp = () => `10.9.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

async function countOf(h: Harness, bucket: string): Promise<number> {
  const row = await h.deps.db
    .selectFrom('rate_limits')
    .select('count')
    .where('bucket', '=', bucket)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

describe('citizen search: concurrent hits', () => {
  let h: Harness;
  let tari: Awaited<ReturnType<typeof addPosition>>;
  beforeAll(async () => {
    h = await createHarness({ config: { trustProxy: true } });
    tari = await addPosition(h, 'TARI-1', MARIO, { installments: 2 });
  });
  afterAll(() => h.close());
  afterEach(() => h.setNow(null));

  const searchFrom = (ip: string, b: unknown) =>
    h.json('POST', at('/practices/search'), b, { 'x-forwarded-for': ip });

  it('N parallel searches from one client count exactly N hits, and exactly the limit are answered', async () => {
    h.setNow(new Date('2026-05-04T10:00:00Z'));
    const ip = freshIp();
    const n = PRACTICE_LIMITS.searchPerClient.limit + 10;
    const statuses = await Promise.all(
      Array.from({ length: n }, () => searchFrom(ip, { fiscalCode: MARIO, nav: tari.navs[1] })),
    ).then((all) => all.map((r) => r.status));
    expect(await countOf(h, `practice-search:ip:${ip}`)).toBe(n);
    expect(statuses.filter((s) => s === 200)).toHaveLength(PRACTICE_LIMITS.searchPerClient.limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  it('parallel misses count one miss each, for the code and for the client', async () => {
    h.setNow(new Date('2026-05-04T11:00:00Z'));
    // Ten misses on the code: within its limit, whatever order they run in.
    const ips = Array.from({ length: 5 }, freshIp);
    const statuses = await Promise.all(
      ips.flatMap((ip) => [
        searchFrom(ip, { fiscalCode: LUCA, nav: UNKNOWN.nav }),
        searchFrom(ip, { fiscalCode: LUCA, nav: UNKNOWN.nav }),
      ]),
    ).then((all) => all.map((r) => r.status));
    // Under the limits every search is a miss, and every miss is counted, once per bucket.
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 404));
    expect(await countOf(h, `practice-search:cf:${ENTE}:${LUCA}`)).toBe(10);
    for (const ip of ips)
      expect(await countOf(h, `practice-search:cf-client:${ENTE}:${LUCA}:ip:${ip}`)).toBe(2);
  });
});

describe.skipIf(testEngine() !== 'postgres')('citizen search: PostgreSQL round trips', () => {
  let h: Harness;
  let tari: Awaited<ReturnType<typeof addPosition>>;
  beforeAll(async () => {
    h = await createHarness({ config: { trustProxy: true } });
    tari = await addPosition(h, 'TARI-1', MARIO, { installments: 2 });
  });
  afterAll(() => h.close());
  afterEach(() => {
    vi.restoreAllMocks();
    h.setNow(null);
  });

  /** The statements sent to PostgreSQL (each one round trip) while `fn` runs, and what `fn` gave. */
  async function statementsOf<T>(fn: () => Promise<T>): Promise<{ sent: string[]; result: T }> {
    // The sweep of old rate-limit windows runs one search in a hundred: not in these.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const query = vi.spyOn(pg.Client.prototype, 'query');
    try {
      const result = await fn();
      const sent = query.mock.calls.map(([q]) =>
        typeof q === 'string'
          ? q
          : String((q as { name?: string; text?: string }).name ?? (q as { text?: string }).text),
      );
      return { sent, result };
    } finally {
      query.mockRestore();
    }
  }

  const searchFrom = (ip: string, b: unknown) =>
    h.json('POST', at('/practices/search'), b, { 'x-forwarded-for': ip });

  it('a found practice is one named statement; a miss two; a refusal one', async () => {
    h.setNow(new Date('2026-05-05T10:00:00Z'));
    // The entity is read once and kept (ENTITY_KEPT_MS): the first search reads it.
    expect((await searchFrom(freshIp(), { fiscalCode: MARIO, nav: tari.navs[0] })).status).toBe(200);

    const found = await statementsOf(async () => {
      const res = await searchFrom(freshIp(), { fiscalCode: MARIO, nav: tari.navs[1] });
      return {
        status: res.status,
        body: (await res.json()) as { practice: { found: number; installments: unknown[] } },
      };
    });
    expect(found.result.status).toBe(200);
    expect(found.result.body.practice.found).toBe(2);
    expect(found.result.body.practice.installments).toHaveLength(2);
    expect(found.sent).toEqual(['pagatore.search.nav']);

    const byBoth = await statementsOf(() =>
      searchFrom(freshIp(), { fiscalCode: MARIO, nav: tari.navs[0], iuv: tari.iuvs[0] }),
    );
    expect(byBoth.result.status).toBe(200);
    expect(byBoth.sent).toEqual(['pagatore.search.nav_iuv']);

    const miss = await statementsOf(() => searchFrom(freshIp(), { fiscalCode: LUCA, iuv: tari.iuvs[0] }));
    expect(miss.result.status).toBe(404);
    expect(miss.sent).toEqual(['pagatore.search.iuv', 'pagatore.search.miss']);

    const ip = freshIp();
    for (let i = 0; i < PRACTICE_LIMITS.searchPerClient.limit; i++)
      await searchFrom(ip, { fiscalCode: MARIO, nav: tari.navs[0] });
    const refused = await statementsOf(() => searchFrom(ip, { fiscalCode: MARIO, nav: tari.navs[0] }));
    expect(refused.result.status).toBe(429);
    expect(refused.sent).toEqual(['pagatore.search.nav']);
  });
});
