/**
 * The positions' bulk write path on PostgreSQL: rows go in by COPY (db/pg-copy.ts) with ids taken
 * from the tables' sequences beforehand, and a chunk's lookups go by their indexes on a large table.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { testEngine } from '../../../test/support/test-database.js';
import { transaction } from '../database.js';
import { nextIds } from '../pg-copy.js';
import type { NewPositionRow } from '../schema/index.js';
import { insertOptions, insertPositions, insertTransfers, pgSelectIn } from './positions.js';

const ENTE = TEST_ENTITY.code;
const NOW = '2026-01-10T10:00:00.000Z';

const position = (iupd: string, over: Partial<NewPositionRow> = {}): NewPositionRow => ({
  entity_code: ENTE,
  iupd,
  status: 'unpaid',
  debtor_fiscal_code: 'RSSMRA85T10A562S',
  debtor_type: 'F',
  debtor_name: 'Mario Rossi',
  description: 'TARI 2026',
  due_date: '2026-12-31',
  amount: 1500,
  created_at: NOW,
  updated_at: NOW,
  ...over,
});

describe.skipIf(testEngine() !== 'postgres')('positions on PostgreSQL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('copies fields holding tabs, line breaks and backslashes as they are, nulls as null, each row under its own id', async () => {
    const odd = 'a\tb\nc\r\nd \\N e\\\\f \\. g';
    const ids = await transaction(h.deps.db, async (tx) => {
      const positions = await insertPositions(tx, [
        position('COPY-1', { description: odd, debtor_email: null, debtor_city: 'Città' }),
        position('COPY-2', { debtor_name: '\\N', debtor_email: 'a@b.it' }),
      ]);
      const byIupd = new Map(positions.map((p) => [p.iupd, p.id]));
      const options = await insertOptions(
        tx,
        ['COPY-1', 'COPY-2'].map((iupd, i) => ({
          position_id: byIupd.get(iupd) as number,
          entity_code: ENTE,
          installment: 0,
          amount: 1500,
          due_date: '2026-12-31',
          description: i === 0 ? odd : null,
          iuv: `0100000000000${i}`,
          nav: `30100000000000${i}`,
          status: 'unpaid',
          paid_at: null,
        })),
      );
      await insertTransfers(
        tx,
        options.map((o) => ({
          option_id: o.id,
          idx: 1,
          iban: TEST_ENTITY.iban,
          postal: 0,
          amount: 1500,
          remittance: `${odd} ${o.nav}`,
          taxonomy: '9/0101002IM/',
        })),
      );
      return { byIupd, options };
    });
    const rows = await h.deps.db
      .selectFrom('positions as p')
      .innerJoin('payment_options as o', 'o.position_id', 'p.id')
      .innerJoin('transfers as t', 't.option_id', 'o.id')
      .select([
        'p.id',
        'p.iupd',
        'p.description',
        'p.debtor_name',
        'p.debtor_email',
        'p.debtor_city',
        'o.id as option_id',
        'o.nav',
        'o.description as o_description',
        't.remittance',
      ])
      .where('p.iupd', 'like', 'COPY-%')
      .orderBy('p.iupd')
      .execute();
    const optionOf = new Map(ids.options.map((o) => [o.nav, o.id]));
    expect(rows).toEqual([
      {
        id: ids.byIupd.get('COPY-1'),
        iupd: 'COPY-1',
        description: odd,
        debtor_name: 'Mario Rossi',
        debtor_email: null,
        debtor_city: 'Città',
        option_id: optionOf.get('301000000000000'),
        nav: '301000000000000',
        o_description: odd,
        remittance: `${odd} 301000000000000`,
      },
      {
        id: ids.byIupd.get('COPY-2'),
        iupd: 'COPY-2',
        description: 'TARI 2026',
        debtor_name: '\\N',
        debtor_email: 'a@b.it',
        debtor_city: null,
        option_id: optionOf.get('301000000000001'),
        nav: '301000000000001',
        o_description: null,
        remittance: `${odd} 301000000000001`,
      },
    ]);
  });

  it('a COPY the database refuses fails its transaction, which leaves nothing, and the connections go on', async () => {
    await expect(
      transaction(h.deps.db, async (tx) => {
        await insertPositions(tx, [position('DUP-1')]);
        await insertPositions(tx, [position('DUP-2'), position('DUP-2')]);
      }),
    ).rejects.toThrow(/positions_entity_iupd/);
    const count = async () =>
      (await h.deps.db.selectFrom('positions').select('iupd').where('iupd', 'like', 'DUP-%').execute())
        .length;
    expect(await count()).toBe(0);
    // Every connection of the pool is usable after the refusal, for COPY and for queries.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        transaction(h.deps.db, (tx) => insertPositions(tx, [position(`DUP-${10 + i}`)])),
      ),
    );
    expect(await count()).toBe(12);
  });

  it('ids taken by transactions at the same time are all different, and none is given again by the table', async () => {
    const taken = await Promise.all(
      Array.from({ length: 4 }, () => transaction(h.deps.db, (tx) => nextIds(tx, 'positions', 300))),
    );
    const all = taken.flat();
    expect(new Set(all).size).toBe(1200);
    const { id } = await h.deps.db
      .insertInto('positions')
      .values(position('SEQ-AFTER'))
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(Math.max(...all)).toBeLessThan(id);
  });

  it("a chunk's lookups by iupd, NAV and position go by their indexes on a table of 30,000 positions", async () => {
    await sql`insert into positions (entity_code, iupd, status, debtor_fiscal_code, debtor_type, debtor_name,
        description, due_date, amount, created_at, updated_at)
      select ${ENTE}, 'PLAN-' || g, 'unpaid', 'RSSMRA85T10A562S', 'F', 'Mario Rossi', 'TARI 2026 utenza ' || g,
        '2026-12-31', 1500, ${NOW}, ${NOW}
      from generate_series(1, 30000) g`.execute(h.deps.db);
    await sql`insert into payment_options (position_id, entity_code, installment, amount, due_date, iuv, nav, status)
      select id, entity_code, 0, 1500, '2026-12-31', lpad(id::text, 15, '0'), '3' || lpad(id::text, 17, '0'), 'unpaid'
      from positions where iupd like 'PLAN-%'`.execute(h.deps.db);
    await sql`analyze positions, payment_options`.execute(h.deps.db);
    const { min } = await h.deps.db
      .selectFrom('positions')
      .select((eb) => eb.fn.min('id').as('min'))
      .where('iupd', 'like', 'PLAN-%')
      .executeTakeFirstOrThrow();
    const plan = async (q: ReturnType<typeof pgSelectIn>) => {
      const c = q.compile(h.deps.db);
      const { rows } = await h.deps.db.executeQuery<{ 'QUERY PLAN': string }>({
        ...c,
        sql: `explain ${c.sql}`,
      });
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    };
    // A chunk of 1,000 rows: new iupds and counter NAVs (none there yet), the ids of replaced positions.
    const iupds = Array.from({ length: 1000 }, (_, i) => `PLAN-${40000 + i}`);
    const navs = Array.from({ length: 1000 }, (_, i) => `39${String(i).padStart(16, '0')}`);
    const ids = Array.from({ length: 1000 }, (_, i) => Number(min) + i * 29);
    for (const [q, index] of [
      [pgSelectIn('positions', ['id', 'iupd', 'status'], ENTE, 'iupd', iupds), 'positions_entity_iupd'],
      [
        pgSelectIn('payment_options', ['nav', 'position_id'], ENTE, 'nav', navs),
        'payment_options_entity_nav',
      ],
      [
        pgSelectIn('payment_options', ['position_id', 'installment', 'iuv', 'nav'], ENTE, 'position_id', ids),
        'payment_options_position',
      ],
    ] as const) {
      const text = await plan(q);
      expect(text).toContain(`Index Scan using ${index}`);
      expect(text).not.toMatch(/Seq Scan on (positions|payment_options)/);
    }
  });
});
