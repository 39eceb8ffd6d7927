import { buildNav } from '@pagatore/sdk';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PRACTICE_LIMITS } from './limits.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { addPosition, at, ENTE } from '../../test/support/practice-fixtures.js';
import { testEngine } from '../../test/support/test-database.js';
import { sql } from 'kysely';
import { pgSearchPoolOf, transaction } from '../db/database.js';
import { searchReadStatement } from '../db/stores/practice-search.js';
import { deleteWindowsBefore } from '../db/stores/rate-limits.js';

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
    expect(byBoth.sent).toEqual(['pagatore.search.both']);

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

  it('keeps to the indexes when rate_limits grows after being analyzed empty', async () => {
    // A connection's plans of the search, made while VACUUM ANALYZE says rate_limits is empty,
    // must still look each counter up by its own row once the table holds thousands of rows in the
    // counters' window: a plan scanning the table, or the window's index, would read the whole
    // window on every search until autovacuum analyzed the table again.
    const pool = pgSearchPoolOf(h.deps.db) as unknown as pg.Pool | null;
    if (!pool) throw new Error('a PostgreSQL pool');
    await pool.query('delete from rate_limits');
    await pool.query('vacuum analyze rate_limits');
    const client = await pool.connect();
    try {
      const search = (ip: string, codes: { nav?: string; iuv?: string }) =>
        client.query(
          searchReadStatement(
            {
              perClient: `practice-search:ip:${ip}`,
              perClientWindow: 0,
              perCode: `cf:${MARIO}`,
              perCodeWindow: 0,
              perClientCode: `cf-client:${MARIO}:${ip}`,
              perClientCodeWindow: 0,
            },
            ENTE,
            codes,
          ),
        );
      /** The table's sequential scans, and the rows its index scans fetched, in this transaction. */
      const reads = async () => {
        const { rows } = await client.query<{ scans: string; fetched: string }>(
          "select seq_scan as scans, idx_tup_fetch as fetched from pg_stat_xact_user_tables where relname = 'rate_limits'",
        );
        return { scans: Number(rows[0]?.scans ?? 0), fetched: Number(rows[0]?.fetched ?? 0) };
      };
      await client.query('begin');
      // More runs than PostgreSQL's five custom plans: the generic plan is made on the empty table.
      for (let i = 0; i < 8; i++) {
        await search(`10.8.0.${i}`, { nav: tari.navs[1] });
        await search(`10.8.1.${i}`, { iuv: tari.iuvs[1] });
        await search(`10.8.2.${i}`, { nav: tari.navs[1], iuv: tari.iuvs[1] });
      }
      await client.query(
        "insert into rate_limits (bucket, window_start, count) select 'filler:' || i, 0, 1 from generate_series(1, 20000) i",
      );
      const before = await reads();
      const { rows } = await search('10.8.3.1', { nav: tari.navs[1] });
      await search('10.8.3.2', { iuv: tari.iuvs[1] });
      await search('10.8.3.3', { nav: tari.navs[1], iuv: tari.iuvs[1] });
      const after = await reads();
      expect(after.scans).toBe(before.scans);
      // Three searches, each reading at most its two counters' rows (the hit's row is new).
      expect(after.fetched - before.fetched).toBeLessThanOrEqual(6);
      expect(rows[0]).toMatchObject({
        hits: 1,
        code_misses: null,
        client_misses: null,
        position: { found_installment: 2 },
      });
      await client.query('rollback');
    } finally {
      client.release();
    }
  });

  it('sweeps old windows by index when rate_limits grows after being analyzed empty', async () => {
    await sql`delete from rate_limits`.execute(h.deps.db);
    await sql`vacuum analyze rate_limits`.execute(h.deps.db);
    await transaction(h.deps.db, async (tx) => {
      const seqScans = async () =>
        Number(
          (
            await sql<{ n: string }>`select seq_scan as n from pg_stat_xact_user_tables
              where relname = 'rate_limits'`.execute(tx)
          ).rows[0]?.n ?? 0,
        );
      await sql`insert into rate_limits (bucket, window_start, count)
        select 'filler:' || i, i % 2, 1 from generate_series(1, 20000) i`.execute(tx);
      const before = await seqScans();
      await deleteWindowsBefore(tx, 1);
      expect(await seqScans()).toBe(before);
      const left = await sql<{ n: string }>`select count(*) as n from rate_limits`.execute(tx);
      expect(Number(left.rows[0]?.n)).toBe(10000);
    });
  });
});
