/**
 * The position list on a million positions: each order and the filters a clerk uses walk an index
 * (SQLite's EXPLAIN QUERY PLAN names one, with no full scan of the table and no sort of the matching
 * rows), so a page costs the same whatever the table's size. The plan is the statement the list
 * runs, from positionPageQueries, with and without a keyset cursor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, PositionQuery } from '@pagatore/sdk';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrate, openDatabase } from '../db/database.js';
import { testEngine } from '../../test/support/test-database.js';
import { positionPageQueries } from './positions.js';

const CURSOR = {
  due: { v: '2026-12-31', i: 10 },
  amount: { v: 15000, i: 10 },
  name: { v: 'Mario Rossi', i: 10 },
  created: { v: 10, i: 10 },
};

describe.skipIf(testEngine() !== 'sqlite')('position list plans (SQLite)', () => {
  let dir: string;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pagatore-plan-'));
    handle = await openDatabase(`file:${join(dir, 'plan.sqlite')}`);
    await migrate(handle.db);
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function planOf(query: Record<string, unknown>): Promise<string> {
    const parsed = check(PositionQuery, query);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
    const { page } = positionPageQueries(handle.db, '80012345676', parsed.value);
    const c = page.compile();
    const res = await handle.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`EXPLAIN QUERY PLAN ${c.sql}`, [...c.parameters]),
    );
    return res.rows.map((r) => r.detail).join('\n');
  }

  function cursorFor(sort: string): string {
    const key = sort.replace('-', '') as keyof typeof CURSOR;
    return Buffer.from(JSON.stringify({ s: sort, ...CURSOR[key] })).toString('base64url');
  }

  const INDEX_OF = {
    due: 'positions_entity_due',
    amount: 'positions_entity_amount',
    name: 'positions_entity_name',
    created: 'positions_entity_created',
  };

  for (const sort of ['due', '-due', 'amount', '-amount', 'name', '-name', 'created', '-created']) {
    const key = sort.replace('-', '') as keyof typeof INDEX_OF;
    it(`sort ${sort}: first page and a cursor's page walk ${INDEX_OF[key]}, no sort`, async () => {
      for (const q of [{ sort }, { sort, cursor: cursorFor(sort) }]) {
        const plan = await planOf(q);
        expect(plan).toContain(`USING INDEX ${INDEX_OF[key]}`);
        expect(plan).not.toContain('TEMP B-TREE');
        expect(plan).not.toMatch(/SCAN positions(?! USING)/);
      }
    });
  }

  it('a status by due date walks the status index in order', async () => {
    for (const q of [
      { status: 'unpaid', sort: 'due' },
      { status: 'unpaid', sort: 'due', cursor: cursorFor('due') },
    ]) {
      const plan = await planOf(q);
      expect(plan).toContain('USING INDEX positions_entity_status_due');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });

  it('a due-date range sorted by due date seeks into the due index', async () => {
    const plan = await planOf({ dueFrom: '2026-01-01', dueTo: '2026-03-31', sort: 'due' });
    expect(plan).toMatch(
      /SEARCH positions USING INDEX positions_entity_due \(entity_code=\? AND due_date>\? AND due_date<\?\)/,
    );
  });

  it('an amount range sorted by amount seeks into the amount index', async () => {
    const plan = await planOf({ amountFrom: '1000', amountTo: '5000', sort: '-amount' });
    expect(plan).toMatch(
      /SEARCH positions USING INDEX positions_entity_amount \(entity_code=\? AND amount>\? AND amount<\?\)/,
    );
  });

  it("a debtor's positions are found by the debtor index, an IUPD by its unique index", async () => {
    expect(await planOf({ debtor: 'RSSMRA85T10A562S', sort: 'due' })).toContain(
      'USING INDEX positions_entity_debtor (entity_code=? AND debtor_fiscal_code=?)',
    );
    expect(await planOf({ iupd: 'P-1', sort: 'name' })).toContain(
      'USING INDEX positions_entity_iupd (entity_code=? AND iupd=?)',
    );
  });

  it('a NAV with other filters finds its option by the unique NAV index', async () => {
    const plan = await planOf({ nav: '301000000000000144', status: 'unpaid' });
    expect(plan).toContain('payment_options_entity_nav');
  });
});
