/** The SDK's admin client against the real server on 127.0.0.1: every method, typed. */
import { createAdminClient, PagatoreError } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/entities/api-keys.js';
import { TEST_ENTITY } from './support/entity.js';
import { createHarness, type Harness } from './support/harness.js';

const IBAN = TEST_ENTITY.iban;
const transfer = (amount: number) => [{ iban: IBAN, amount, remittance: 'TARI', taxonomy: '9/0101002IM/' }];

describe('createAdminClient', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  let admin: ReturnType<typeof createAdminClient>;
  beforeAll(async () => {
    h = await createHarness();
    server = await h.listen();
    const { key } = await createApiKey(h.deps.db, TEST_ENTITY.code, 'sdk', new Date());
    admin = createAdminClient({ baseUrl: server.url, apiKey: key, lang: 'en' });
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  it("covers pagoPA copy (GPD): a position's sync state, its resync, the outbox and its backlog", async () => {
    await admin.positions.create({
      iupd: 'SDK-GPD',
      debtor: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi' },
      description: 'TARI 2026',
      single: { amount: 1000, dueDate: '2026-12-31', transfers: transfer(1000) },
    });
    // The sync is off: nothing queued, and a resync is refused.
    expect(await admin.gpd.position('SDK-GPD')).toMatchObject({
      enabled: false,
      state: 'not_sent',
      changes: [],
    });
    await expect(admin.gpd.resync('SDK-GPD')).rejects.toMatchObject({ status: 409, code: 'conflict' });
    // On (pointed at an address nobody serves): the resync is queued and stays pending.
    await admin.entitySettings.update({ pagopa: { gpdSync: true, gpdUrl: 'http://127.0.0.1:9/gpd/v1' } });
    const state = await admin.gpd.resync('SDK-GPD');
    expect(state).toMatchObject({ enabled: true, state: 'pending', gpdStatus: null });
    expect(state.changes.map((c) => c.op)).toEqual(['update']);
    const changes = await admin.gpd.changes({ status: 'pending' });
    expect(changes).toMatchObject({ enabled: true, total: 1, backlog: { pending: 1, failed: 0 } });
    expect(changes.items[0]?.iupd).toBe('SDK-GPD');
    await expect(admin.gpd.position('NOPE')).rejects.toBeInstanceOf(PagatoreError);
    await admin.entitySettings.update({ pagopa: { gpdSync: false } });
  });

  it('covers positions: create, get, list, update, cancel, import', async () => {
    const p = await admin.positions.create({
      iupd: 'SDK-1',
      debtor: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi' },
      description: 'TARI 2026',
      single: { amount: 1000, dueDate: '2026-12-31', transfers: transfer(1000) },
    });
    expect(p.single?.nav).toMatch(/^301[0-9]{15}$/);
    expect((await admin.positions.get('SDK-1')).iupd).toBe('SDK-1');
    const list = await admin.positions.list({ nav: p.single?.nav });
    expect(list.items.map((x) => x.iupd)).toEqual(['SDK-1']);
    const updated = await admin.positions.update('SDK-1', {
      debtor: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi' },
      description: 'TARI 2026 bis',
      single: { amount: 2000, dueDate: '2026-12-31', transfers: transfer(2000) },
    });
    expect(updated.single?.amount).toBe(2000);
    expect((await admin.positions.cancel('SDK-1')).status).toBe('cancelled');
    const report = await admin.positions.import(
      'iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,transfer1_iban,transfer1_taxonomy\n' +
        `SDK-2,BSCMTT83A12L719R,Matteo Bosco,TARI,500,2026-12-31,${IBAN},9/0101002IM/\n`,
      'csv',
    );
    expect(report).toMatchObject({ created: 1, rejected: 0 });
    const nd = await admin.positions.import(
      JSON.stringify({
        iupd: 'SDK-3',
        debtor: { fiscalCode: 'BSCMTT83A12L719R', name: 'Matteo Bosco' },
        description: 'TARI',
        single: { amount: 700, dueDate: '2026-12-31', transfers: transfer(700) },
      }),
      'ndjson',
    );
    expect(nd).toMatchObject({ created: 1 });
  });

  it('raises PagatoreError with the code, status and fields', async () => {
    const e = await admin.positions
      .create({
        iupd: 'SDK-BAD',
        debtor: { fiscalCode: 'RSSMRA85T10A562X', name: 'Mario Rossi' },
        description: 'x',
        single: { amount: 1000, dueDate: '2026-12-31', transfers: transfer(1000) },
      })
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(PagatoreError);
    expect(e).toMatchObject({ status: 422, code: 'validation_failed' });
    expect((e as PagatoreError).fields[0]).toMatchObject({ path: 'debtor.fiscalCode' });
    const missing = await admin.positions.get('NOPE').catch((err: unknown) => err);
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    const wrong = createAdminClient({ baseUrl: server.url, apiKey: 'pgk_nope' });
    expect(await wrong.entitySettings.get().catch((err: unknown) => err)).toMatchObject({
      status: 401,
      code: 'invalid_api_key',
    });
  });

  it('covers services and entity settings', async () => {
    const s = await admin.services.create({
      code: 'SDK-SVC',
      name: 'Diritti',
      amount: { kind: 'fixed', amount: 1000 },
      position: { description: 'Diritti', iban: IBAN, taxonomy: '9/0101002IM/' },
    });
    expect(s.code).toBe('SDK-SVC');
    expect((await admin.services.list()).items.map((x) => x.code)).toContain('SDK-SVC');
    expect((await admin.services.get('SDK-SVC')).enabled).toBe(true);
    const u = await admin.services.update('SDK-SVC', {
      name: 'Diritti di segreteria',
      enabled: false,
      amount: { kind: 'fixed', amount: 1200 },
      position: { description: 'Diritti', iban: IBAN, taxonomy: '9/0101002IM/' },
    });
    expect(u.enabled).toBe(false);
    await admin.services.delete('SDK-SVC');
    expect(await admin.services.get('SDK-SVC').catch((err: unknown) => err)).toMatchObject({ status: 404 });
    expect((await admin.entitySettings.get()).code).toBe(TEST_ENTITY.code);
    expect((await admin.entitySettings.update({ sector: 'Tributi' })).sector).toBe('Tributi');
  });
});
