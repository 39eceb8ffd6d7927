/**
 * Webhooks never reach inside the network unless the entity allows its own: refused at
 * registration (admin API: 422 `private_address` on `url`, nothing stored) and again at every
 * delivery, after resolution (an endpoint registered while allowed, or a name that resolves to an
 * internal address, gets no request).
 */
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction } from '../db/database.js';
import { TEST_ENTITY } from '../../test/support/entity.js';
import { appendEvent } from '../events/outbox.js';
import { as, testKey } from '../../test/support/admin-fixtures.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { deliverAllDue } from './deliveries.js';
import { startReceiver, type TestReceiver } from './test-receiver.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const INTERNAL = [
  'http://127.0.0.1:8080/hooks',
  'http://0.0.0.0:8080/',
  'http://[::1]/hooks',
  'http://[::ffff:127.0.0.1]/',
  'http://169.254.169.254/latest/meta-data/',
  'http://10.0.0.5/hooks',
  'http://192.168.1.20/hooks',
  'http://172.16.5.4/',
  'http://100.64.1.1/',
  'http://[fd00::1]/',
  'http://[fe80::1]/',
  'http://224.0.0.1/',
  'http://2130706433/',
  'http://0x7f.1/',
  'http://localhost:8080/hooks',
];

async function emit(h: Harness, iupd: string) {
  await transaction(h.deps.db, (tx) =>
    appendEvent(tx, {
      entityCode: TEST_ENTITY.code,
      type: 'payment.paid',
      payload: { practice: { iupd, nav: '301000000000000144', iuv: '01000000000000144', amount: 500 } },
      now: new Date(),
    }),
  );
}

describe('webhook targets inside the network', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  let receiver: TestReceiver;
  beforeAll(async () => {
    h = await createHarness();
    api = as(h, await testKey(h));
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await h.close();
  });

  it('registration: 422 private_address on url for every internal form, nothing stored', async () => {
    expect((await (await api('GET', '/api/v1/admin/entity')).json()).allowPrivateTargets).toBe(false);
    for (const url of INTERNAL) {
      const res = await api('POST', '/api/v1/admin/webhooks', { url });
      expect(res.status, url).toBe(422);
      const body = (await res.json()) as Json;
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.fields, url).toEqual([
        { path: 'url', code: 'private_address', message: expect.stringMatching(/rete interna/) },
      ]);
    }
    expect(await h.deps.db.selectFrom('webhook_endpoints').selectAll().execute()).toEqual([]);
    // A public endpoint is accepted; changing it to an internal URL is refused and leaves it as it was.
    const created = (await (
      await api('POST', '/api/v1/admin/webhooks', { url: 'https://tributi.comune.example.it/hooks' })
    ).json()) as Json;
    const patch = await api('PATCH', `/api/v1/admin/webhooks/${created.id}`, {
      url: 'http://169.254.169.254/',
    });
    expect(patch.status).toBe(422);
    expect(((await patch.json()) as Json).error.fields[0].code).toBe('private_address');
    expect(((await (await api('GET', `/api/v1/admin/webhooks/${created.id}`)).json()) as Json).url).toBe(
      'https://tributi.comune.example.it/hooks',
    );
    // Production: https to an internal address is refused the same way.
    h.deps.config.mode = 'production';
    try {
      const res = await api(
        'POST',
        '/api/v1/admin/webhooks',
        { url: 'https://10.0.0.5/hooks' },
        { 'accept-language': 'en' },
      );
      expect(res.status).toBe(422);
      expect(((await res.json()) as Json).error.fields[0]).toMatchObject({
        code: 'private_address',
        message: expect.stringMatching(/internal network/),
      });
    } finally {
      h.deps.config.mode = 'demo';
    }
    expect((await api('DELETE', `/api/v1/admin/webhooks/${created.id}`)).status).toBe(204);
  });

  it('the entity setting allows its own network; turned off again, deliveries there stop after resolution', async () => {
    const settings = await api('PATCH', '/api/v1/admin/entity', { allowPrivateTargets: true });
    expect(((await settings.json()) as Json).allowPrivateTargets).toBe(true);
    // `localhost` resolves to loopback: the delivery is refused after resolution, not by its spelling.
    const url = `http://localhost:${receiver.port}/hooks`;
    const created = await api('POST', '/api/v1/admin/webhooks', { url });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as Json).id as string;

    await api('PATCH', '/api/v1/admin/entity', { allowPrivateTargets: false });
    await emit(h, 'A');
    expect(await deliverAllDue(h.deps)).toBe(1);
    expect(receiver.received).toEqual([]);
    const [d] = ((await (await api('GET', `/api/v1/admin/webhooks/${id}/deliveries`)).json()) as Json).items;
    expect(d).toMatchObject({ status: 'pending', lastStatus: null, attempts: 1 });
    expect(d.lastError).toMatch(/^blocked: localhost resolves to (127\.0\.0\.1|::1), not a public address$/);

    await api('PATCH', '/api/v1/admin/entity', { allowPrivateTargets: true });
    h.setNow(new Date(Date.now() + 3_600_000));
    await deliverAllDue(h.deps);
    h.setNow(new Date());
    expect(receiver.received).toHaveLength(1);
    expect((await api('DELETE', `/api/v1/admin/webhooks/${id}`)).status).toBe(204);
    await api('PATCH', '/api/v1/admin/entity', { allowPrivateTargets: false });
  });

  it('a public-looking name that resolves to an internal address gets no request', async () => {
    const url = `http://hooks.comune.test:${receiver.port}/hooks`;
    const created = await api('POST', '/api/v1/admin/webhooks', { url });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as Json).id as string;
    await emit(h, 'B');
    const asked: string[] = [];
    const resolve = (host: string, cb: (e: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) => {
      asked.push(host);
      cb(null, [{ address: '127.0.0.1', family: 4 }]);
    };
    const before = receiver.received.length;
    expect(await deliverAllDue({ ...h.deps, resolve })).toBe(1);
    expect(asked).toEqual(['hooks.comune.test']);
    expect(receiver.received).toHaveLength(before);
    const [d] = ((await (await api('GET', `/api/v1/admin/webhooks/${id}/deliveries`)).json()) as Json).items;
    expect(d.lastError).toBe('blocked: hooks.comune.test resolves to 127.0.0.1, not a public address');
  });
});
