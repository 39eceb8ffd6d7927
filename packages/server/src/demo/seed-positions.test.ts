import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/harness.js';
import { seedDemo } from './seed-all.js';

describe('demo data of the entity side', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('seeds services and positions in every state, and seeding again changes nothing', async () => {
    const notes = await seedDemo(h.deps.db, h.deps.config);
    expect(notes.join('\n')).toMatch(/02345670125/);
    const statuses = async () =>
      Object.fromEntries(
        (
          await h.deps.db
            .selectFrom('positions')
            .select(['iupd', 'status'])
            .where('iupd', 'like', 'DEMO-%')
            .execute()
        ).map((r) => [r.iupd, r.status]),
      );
    const first = await statuses();
    expect(first).toMatchObject({
      'DEMO-IMU-ROSSI': 'paid',
      'DEMO-COSAP-BOSCO': 'unpaid',
      'DEMO-LAMPADE-BOSCO': 'expired',
      'DEMO-CDS-BOSCO-ANNULLATO': 'cancelled',
      'DEMO-ONERI-COMPANY': 'partially_paid',
    });
    const debtors = await h.deps.db.selectFrom('positions').select('debtor_fiscal_code').distinct().execute();
    expect(debtors.map((d) => d.debtor_fiscal_code)).toEqual(
      expect.arrayContaining(['RSSMRA85T10A562S', 'BSCMTT83A12L719R', '02345670125']),
    );
    const services = await h.deps.db.selectFrom('services').select('code').execute();
    expect(services.map((s) => s.code)).toEqual(expect.arrayContaining(['CERTIFICATI', 'CDS', 'MENSA']));
    const count = async () =>
      (
        await h.deps.db
          .selectFrom('payment_options')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const options = await count();
    await seedDemo(h.deps.db, h.deps.config);
    expect(await statuses()).toEqual(first);
    expect(await count()).toBe(options);
  });
});
