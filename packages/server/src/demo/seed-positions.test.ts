import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { listReceipts } from '../receipts/receipts.js';
import { DEMO_ACCOUNTS } from './seed-accounts.js';
import { seedDemo } from './seed-all.js';
import { DEMO_PAID_DAYS_AGO } from './seed-positions.js';

describe('demo data of the entity side', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ seed: false });
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
    const receipts = async () => (await h.deps.db.selectFrom('receipts').select('nav').execute()).length;
    const before = await receipts();
    await seedDemo(h.deps.db, h.deps.config);
    expect(await statuses()).toEqual(first);
    expect(await count()).toBe(options);
    expect(await receipts()).toBe(before);
  });

  it('every demo citizen it prints owns practices under the name it prints', async () => {
    const notes = (await seedDemo(h.deps.db, h.deps.config)).join('\n');
    for (const a of DEMO_ACCOUNTS) {
      const name = a.companyName ?? `${a.firstName} ${a.lastName}`;
      expect(notes).toContain(`${a.username}`);
      expect(notes).toMatch(new RegExp(`${a.fiscalCode}\\s+${name.replace(/\./g, '\\.')}`));
      const owned = await h.deps.db
        .selectFrom('positions')
        .select(['debtor_name'])
        .where('debtor_fiscal_code', '=', a.fiscalCode)
        .execute();
      expect(owned.length, a.username).toBeGreaterThan(0);
      expect(new Set(owned.map((p) => p.debtor_name)), a.username).toEqual(new Set([name]));
    }
  });

  it("the paid practices have their receipts, in the payer's history, paid days before", async () => {
    const now = new Date();
    await seedDemo(h.deps.db, h.deps.config);
    for (const [username, iupd] of [
      ['mario.rossi', 'DEMO-IMU-ROSSI'],
      ['esempio.costruzioni', 'DEMO-ONERI-COMPANY'],
    ] as const) {
      const account = await h.deps.db
        .selectFrom('accounts')
        .select(['id', 'entity_code'])
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      const history = await listReceipts(h.deps.db, account, { limit: 20, offset: 0 });
      const position = await h.deps.db
        .selectFrom('positions')
        .select('id')
        .where('iupd', '=', iupd)
        .executeTakeFirstOrThrow();
      const mine = await h.deps.db
        .selectFrom('receipts')
        .select('id')
        .where('position_id', '=', position.id)
        .execute();
      expect(mine, iupd).toHaveLength(1);
      const item = history.items.find((r) => r.id === mine[0]?.id);
      expect(item, iupd).toBeDefined();
      expect(item?.fee).toBeGreaterThan(0);
      const row = await h.deps.db
        .selectFrom('receipts')
        .select('flag')
        .where('id', '=', mine[0]?.id ?? 0)
        .executeTakeFirstOrThrow();
      expect(row.flag).toBeNull();
      const days = (now.getTime() - Date.parse(item?.paidAt ?? '')) / 86_400_000;
      expect(Math.round(days)).toBe(DEMO_PAID_DAYS_AGO);
    }
  });
});
