import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';
import { testEngine } from './test-database.js';

// The engine matrix: DB_ENGINE picks the database every harness-based test runs on.
describe('test database', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it('is the engine DB_ENGINE names, migrated, with the demo entity', async () => {
    expect(h.database.kind).toBe(testEngine());
    const entity = await h.database.db.selectFrom('entities').select(['code']).executeTakeFirst();
    expect(entity?.code).toBe('80012345676');
    // Counts (bigint on PostgreSQL) read as numbers on both engines.
    const { n } = await h.database.db
      .selectFrom('entities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(n).toBe(1);
  });
});
