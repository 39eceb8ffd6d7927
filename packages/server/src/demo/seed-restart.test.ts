import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, testKey } from '../../test/support/admin-fixtures.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { seedDemo } from './seed-all.js';
import { DEMO_ENTITY } from './seed.js';

/** A restart of `npm start` seeds again: what the operator configured since must stay. */
describe('seeding the demo again (a restart)', () => {
  let h: Harness;
  let admin: ReturnType<typeof as>;
  beforeAll(async () => {
    h = await createHarness({ seed: false });
    await seedDemo(h.deps.db, h.deps.config);
    admin = as(h, await testKey(h));
  });
  afterAll(() => h.close());

  const count = async (table: 'services' | 'positions' | 'payment_options') =>
    Number(
      (
        await h.deps.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('keeps the entity settings, services and positions changed through the admin API', async () => {
    const patch = {
      info: 'Via Nuova 2 · 00100 Esempio (RM)',
      portalUrl: 'https://www.comune.esempio.it/pagamenti',
      allowedOrigins: ['https://www.comune.esempio.it'],
      pagopa: {
        idBrokerPA: '15376371009',
        idStation: '15376371009_01',
        checkoutSubscriptionKey: 'key-abcd1234',
      },
    };
    expect((await admin('PATCH', '/api/v1/admin/entity', patch)).status).toBe(200);

    const service = await (await admin('GET', '/api/v1/admin/services/MENSA')).json();
    const changedService = { ...service, notes: 'Note scritte dal Comune.', enabled: false };
    delete changedService.createdAt;
    delete changedService.updatedAt;
    delete changedService.code;
    const put = await admin('PUT', '/api/v1/admin/services/MENSA', changedService);
    expect(put.status, await put.clone().text()).toBe(200);

    const position = await (await admin('GET', '/api/v1/admin/positions/DEMO-TARI-1')).json();
    expect(position.status).toBe('unpaid');
    const cancelled = await admin('DELETE', '/api/v1/admin/positions/DEMO-MULTA-1');
    expect(cancelled.status).toBe(200);

    const before = {
      entity: await (await admin('GET', '/api/v1/admin/entity')).json(),
      services: await count('services'),
      positions: await count('positions'),
      options: await count('payment_options'),
    };

    await seedDemo(h.deps.db, h.deps.config);

    const entity = await (await admin('GET', '/api/v1/admin/entity')).json();
    expect(entity).toEqual(before.entity);
    expect(entity).toMatchObject({
      code: DEMO_ENTITY.code,
      info: patch.info,
      portalUrl: patch.portalUrl,
      allowedOrigins: patch.allowedOrigins,
      pagopa: {
        idBrokerPA: '15376371009',
        idStation: '15376371009_01',
        checkoutSubscriptionKey: '********1234',
      },
    });
    const mensa = await (await admin('GET', '/api/v1/admin/services/MENSA')).json();
    expect(mensa).toMatchObject({ notes: 'Note scritte dal Comune.', enabled: false });
    expect((await (await admin('GET', '/api/v1/admin/positions/DEMO-MULTA-1')).json()).status).toBe(
      'cancelled',
    );
    expect(await count('services')).toBe(before.services);
    expect(await count('positions')).toBe(before.positions);
    expect(await count('payment_options')).toBe(before.options);
  });

  it('creates again only what is missing: a deleted demo service comes back, the others stay', async () => {
    expect((await admin('DELETE', '/api/v1/admin/services/CDS')).status).toBe(204);
    const services = await count('services');
    await seedDemo(h.deps.db, h.deps.config);
    expect(await count('services')).toBe(services + 1);
    expect((await (await admin('GET', '/api/v1/admin/services/MENSA')).json()).enabled).toBe(false);
  });
});
