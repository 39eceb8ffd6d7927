import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { IBAN, testKey } from '../../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { testEngine } from '../../../test/support/test-database.js';
import { importPositions } from '../../import/import.js';
import type { Db } from '../database.js';
import { refreshPlannerStatistics } from './positions.js';

const HEADER =
  'iupd,debtor_fiscal_code,debtor_name,description,installment,amount,due_date,nav,transfer1_iban,transfer1_amount,transfer1_taxonomy';
const csv = (from: number, count: number) =>
  [
    HEADER,
    ...Array.from(
      { length: count },
      (_, i) =>
        `ST-${from + i},RSSMRA85T10A562S,Mario Rossi,TARI 2026,,1500,2026-12-31,,${IBAN},1500,9/0101002IM/`,
    ),
  ].join('\n');

describe('planner statistics after a bulk import', () => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await createHarness();
    key = await testKey(h);
  });
  afterAll(() => h.close());

  const importCsv = async (body: string) => {
    const res = await h.request('/api/v1/admin/positions/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { created: number };
  };
  /** What the planner believes the positions table holds (-1: never analyzed). */
  const planned = async (db: Db) =>
    Number(
      (
        await sql<{
          n: number;
        }>`select reltuples::float8 as n from pg_class where oid = 'positions'::regclass`.execute(db)
      ).rows[0]!.n,
    );
  const positions = async () =>
    Number(
      (
        await h.deps.db
          .selectFrom('positions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it.runIf(testEngine() === 'postgres')(
    'an import of a tenth or more of the table analyzes it at once; a small one leaves it to autovacuum',
    async () => {
      expect((await importCsv(csv(0, 120))).created).toBe(120);
      // The planner knows every row the import added, without waiting for autovacuum.
      const total = await positions();
      expect(await planned(h.deps.db)).toBe(total);

      // 5 rows on top of 120+ is less than a tenth: no analyze of its own.
      expect((await importCsv(csv(1000, 5))).created).toBe(5);
      expect(await positions()).toBe(total + 5);
      expect(await planned(h.deps.db)).toBe(total);
    },
  );

  it.runIf(testEngine() === 'postgres')(
    'an import into a table never analyzed analyzes it after its first chunk, before the next ones are written',
    async () => {
      const fresh = await createHarness();
      try {
        const entity = await fresh.deps.db
          .selectFrom('entities')
          .selectAll()
          .where('code', '=', TEST_ENTITY.code)
          .executeTakeFirstOrThrow();
        expect(await planned(fresh.deps.db)).toBe(-1);
        // The file's second half comes once the planner's view after the first chunk was read.
        let release = () => {};
        const gate = new Promise<void>((r) => (release = r));
        let afterFirstChunk: Promise<number> | null = null;
        async function* body() {
          yield Buffer.from(`${csv(0, 150)}\n`);
          await gate;
          yield Buffer.from(csv(150, 150).split('\n').slice(1).join('\n'));
        }
        const report = await importPositions(fresh.deps.db, entity, body(), {
          format: 'csv',
          chunkSize: 100,
          onProgress: () => {
            afterFirstChunk ??= planned(fresh.deps.db).finally(release);
          },
        });
        expect(report.created).toBe(300);
        expect(await afterFirstChunk).toBe(100);
      } finally {
        await fresh.close();
      }
    },
  );

  it.runIf(testEngine() === 'sqlite')('SQLite needs no statistics: nothing is run', async () => {
    expect(await refreshPlannerStatistics(h.deps.db, 1000)).toBe(false);
  });
});
