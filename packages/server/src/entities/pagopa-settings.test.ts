import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../test/support/entity.js';
import { findEntity } from './entities.js';
import { as, testKey } from '../../test/support/admin-fixtures.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { pagopaSettingsOf } from './pagopa-settings.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('pagoPA settings through the admin API', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  beforeAll(async () => {
    h = await createHarness();
    api = as(h, await testKey(h));
  });
  afterAll(() => h.close());

  it('defaults to "not configured" on UAT, idPA = the entity code', async () => {
    const me = (await (await api('GET', '/api/v1/admin/entity')).json()) as Json;
    expect(me.pagopa).toEqual({
      idPA: TEST_ENTITY.code,
      idBrokerPA: null,
      idStation: null,
      checkoutSubscriptionKey: null,
      environment: 'UAT',
      gpdSync: false,
      gpdSubscriptionKey: null,
      gpdUrl: null,
      gpdReceiptsUrl: null,
      ownStation: true,
    });
  });

  it('sets, masks the subscription key, merges key by key and clears with null', async () => {
    let res = await api('PATCH', '/api/v1/admin/entity', {
      pagopa: {
        idBrokerPA: '15376371009',
        idStation: '15376371009_01',
        checkoutSubscriptionKey: 'abcdef0123456789',
        environment: 'production',
      },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).pagopa).toEqual({
      idPA: TEST_ENTITY.code,
      idBrokerPA: '15376371009',
      idStation: '15376371009_01',
      checkoutSubscriptionKey: '********6789',
      environment: 'production',
      gpdSync: false,
      gpdSubscriptionKey: null,
      gpdUrl: null,
      gpdReceiptsUrl: null,
      ownStation: true,
    });
    // Sending back what GET answered keeps the stored key.
    const me = (await (await api('GET', '/api/v1/admin/entity')).json()) as Json;
    res = await api('PATCH', '/api/v1/admin/entity', {
      pagopa: { ...me.pagopa, idStation: '15376371009_02' },
    });
    expect(res.status).toBe(200);
    let stored = pagopaSettingsOf((await findEntity(h.deps.db, TEST_ENTITY.code))!);
    expect(stored).toMatchObject({
      checkoutSubscriptionKey: 'abcdef0123456789',
      idStation: '15376371009_02',
    });
    res = await api('PATCH', '/api/v1/admin/entity', { pagopa: { checkoutSubscriptionKey: null } });
    expect(((await res.json()) as Json).pagopa).toMatchObject({
      checkoutSubscriptionKey: null,
      idBrokerPA: '15376371009',
    });
    stored = pagopaSettingsOf((await findEntity(h.deps.db, TEST_ENTITY.code))!);
    expect(stored.checkoutSubscriptionKey).toBeNull();
  });

  it('refuses invalid settings field by field', async () => {
    for (const [pagopa, path] of [
      [{ idPA: '123' }, 'pagopa.idPA'],
      [{ idStation: 'has space' }, 'pagopa.idStation'],
      [{ environment: 'test' }, 'pagopa.environment'],
      [{ unknown: 1 }, 'pagopa.unknown'],
    ] as const) {
      const res = await api('PATCH', '/api/v1/admin/entity', { pagopa });
      expect(res.status, JSON.stringify(pagopa)).toBe(422);
      const body = (await res.json()) as Json;
      expect(body.error.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
  });
});
