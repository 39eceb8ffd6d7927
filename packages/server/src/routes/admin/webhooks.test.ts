/**
 * /api/v1/admin/webhooks through the SDK's admin client over real HTTP: create (secret once), list,
 * update, deliveries with filters, redelivery of a delivery and of an older event, delete; and bad
 * input to every route: wrong key 401, another entity's webhook 404, bad URL 422, never a 500.
 */
import {
  createAdminClient,
  PagatoreError,
  verifyWebhookSignature,
  type PagatoreAdminClient,
  type WebhookEvent,
} from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction } from '../../db/database.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { appendEvent } from '../../events/outbox.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { deliverAllDue } from '../../webhooks/deliveries.js';
import { startReceiver, type TestReceiver } from '../../webhooks/test-receiver.js';
import { as, testKey, otherEntityKey } from '../../../test/support/admin-fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function emit(h: Harness, iupd: string, type: 'payment.paid' | 'receipt.received' = 'payment.paid') {
  await transaction(h.deps.db, (tx) =>
    appendEvent(tx, {
      entityCode: TEST_ENTITY.code,
      type,
      payload: { practice: { iupd, nav: '301000000000000144', iuv: '01000000000000144', amount: 500 } },
      now: new Date(),
    }),
  );
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof PagatoreError) return e.status;
    throw e;
  }
}

describe('admin webhooks', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  let receiver: TestReceiver;
  let admin: PagatoreAdminClient;
  let other: PagatoreAdminClient;
  let api: ReturnType<typeof as>;
  let key: string;
  beforeAll(async () => {
    h = await createHarness();
    server = await h.listen();
    receiver = await startReceiver();
    key = await testKey(h);
    api = as(h, key);
    admin = createAdminClient({ baseUrl: server.url, apiKey: key, lang: 'en' });
    other = createAdminClient({ baseUrl: server.url, apiKey: await otherEntityKey(h) });
    // The receiver listens on 127.0.0.1: both entities allow their own network.
    await admin.entitySettings.update({ allowPrivateTargets: true });
    await other.entitySettings.update({ allowPrivateTargets: true });
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
    await h.close();
  });

  it('create shows the secret once; list, get, update, deliveries, redeliver, delete', async () => {
    await emit(h, 'BEFORE');
    const created = await admin.webhooks.create({ url: receiver.url, description: 'Gestionale tributi' });
    expect(created).toMatchObject({
      url: receiver.url,
      types: [],
      enabled: true,
      description: 'Gestionale tributi',
    });
    expect(created.id).toMatch(/^wh_[a-z2-7]{16}$/);
    expect(created.secret).toMatch(/^whsec_[a-z2-7]{30,}$/);
    const listed = await admin.webhooks.list();
    expect(listed.items.map((w) => w.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(JSON.stringify(await admin.webhooks.get(created.id))).not.toContain(created.secret);

    await emit(h, 'A', 'receipt.received');
    await emit(h, 'A');
    await emit(h, 'B');
    expect(await deliverAllDue(h.deps)).toBe(3);
    for (const r of receiver.received) {
      const ok = await verifyWebhookSignature({
        payload: r.body,
        header: r.headers['pagatore-signature'] as string,
        secret: created.secret,
      });
      expect(ok.ok).toBe(true);
    }
    // Events from before the endpoint existed are not sent.
    const got = receiver.received.map((r) => (JSON.parse(r.body) as WebhookEvent).data.practice?.iupd);
    expect(got.sort()).toEqual(['A', 'A', 'B']);

    const all = await admin.webhooks.deliveries(created.id);
    expect(all).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect(all.items[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, practice: 'B' });
    expect((await admin.webhooks.deliveries(created.id, { practice: 'A' })).total).toBe(2);
    expect((await admin.webhooks.deliveries(created.id, { type: 'receipt.received' })).total).toBe(1);
    expect((await admin.webhooks.deliveries(created.id, { status: 'failed' })).total).toBe(0);
    expect((await admin.webhooks.deliveries(created.id, { limit: 1, offset: 1 })).items).toHaveLength(1);

    const again = await admin.webhooks.redeliver(created.id, all.items[0]!.id);
    expect(again).toMatchObject({ status: 'pending', attempts: 0 });
    const before = await h.deps.db
      .selectFrom('events')
      .select('id')
      .where('practice_key', '=', 'BEFORE')
      .executeTakeFirstOrThrow();
    const old = await admin.webhooks.redeliverEvent(created.id, before.id);
    expect(old).toMatchObject({ status: 'pending', eventId: before.id, practice: 'BEFORE' });
    await deliverAllDue(h.deps);
    expect(receiver.received).toHaveLength(5);
    expect((await admin.webhooks.deliveries(created.id, { event: before.id })).items[0]?.status).toBe(
      'delivered',
    );

    const paused = await admin.webhooks.update(created.id, {
      enabled: false,
      types: ['payment.paid', 'payment.paid'],
    });
    expect(paused).toMatchObject({ enabled: false, types: ['payment.paid'] });
    expect((await admin.webhooks.update(created.id, { description: null })).description).toBeNull();

    await admin.webhooks.delete(created.id);
    expect(await status(admin.webhooks.get(created.id))).toBe(404);
    expect(
      await h.deps.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('endpoint_id', '=', created.id)
        .execute(),
    ).toEqual([]);
  });

  it('another entity gets 404 for every route of an endpoint not its own', async () => {
    const mine = await admin.webhooks.create({ url: receiver.url });
    await emit(h, 'C');
    await deliverAllDue(h.deps);
    const [delivery] = (await admin.webhooks.deliveries(mine.id)).items;
    const event = await h.deps.db
      .selectFrom('events')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(await status(other.webhooks.get(mine.id))).toBe(404);
    expect(await status(other.webhooks.update(mine.id, { enabled: false }))).toBe(404);
    expect(await status(other.webhooks.deliveries(mine.id))).toBe(404);
    expect(await status(other.webhooks.redeliver(mine.id, delivery!.id))).toBe(404);
    expect(await status(other.webhooks.redeliverEvent(mine.id, event.id))).toBe(404);
    expect(await status(other.webhooks.delete(mine.id))).toBe(404);
    expect((await other.webhooks.list()).items).toEqual([]);
    // Its own endpoint cannot reach our events nor our deliveries either.
    const theirs = await other.webhooks.create({ url: receiver.url });
    expect(await status(other.webhooks.redeliverEvent(theirs.id, event.id))).toBe(404);
    expect(await status(other.webhooks.redeliver(theirs.id, delivery!.id))).toBe(404);
    expect(await status(admin.webhooks.redeliver(mine.id, 999_999))).toBe(404);
    expect((await admin.webhooks.get(mine.id)).enabled).toBe(true);
  });

  it('wrong or missing key: 401 on every webhook route and the export', async () => {
    const id = 'wh_aaaaaaaaaaaaaaaa';
    const paths: [string, string, unknown?][] = [
      ['GET', '/api/v1/admin/webhooks'],
      ['POST', '/api/v1/admin/webhooks', { url: receiver.url }],
      ['GET', `/api/v1/admin/webhooks/${id}`],
      ['PATCH', `/api/v1/admin/webhooks/${id}`, { enabled: false }],
      ['DELETE', `/api/v1/admin/webhooks/${id}`],
      ['GET', `/api/v1/admin/webhooks/${id}/deliveries`],
      ['POST', `/api/v1/admin/webhooks/${id}/deliveries/1/redeliver`],
      ['POST', `/api/v1/admin/webhooks/${id}/events/1/redeliver`],
      ['GET', '/api/v1/admin/receipts?from=2026-01-01&to=2026-01-31'],
    ];
    for (const [method, path, body] of paths) {
      for (const auth of [
        undefined,
        'Bearer wrong',
        'Bearer pgk_aaaaaaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      ]) {
        const res = await h.json(method, path, body, auth ? { authorization: auth } : {});
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(((await res.json()) as Json).error.code).toBe('invalid_api_key');
      }
    }
  });

  it('bad URLs and bodies: 422 with the field, never a 500; https only in production', async () => {
    for (const url of [
      'ftp://example.it/x',
      'not a url',
      'javascript:alert(1)',
      'https://user:pw@example.it/',
      '',
      'x'.repeat(3000),
      42,
    ]) {
      const res = await api('POST', '/api/v1/admin/webhooks', { url });
      expect(res.status, String(url)).toBe(422);
      expect(((await res.json()) as Json).error.fields[0].path).toBe('url');
    }
    const bad: unknown[] = [
      {},
      { url: receiver.url, types: ['payment.unknown'] },
      { url: receiver.url, types: 'payment.paid' },
      { url: receiver.url, enabled: 'yes' },
      { url: receiver.url, secret: 'mine' },
      { url: receiver.url, description: 'x'.repeat(201) },
    ];
    for (const body of bad)
      expect((await api('POST', '/api/v1/admin/webhooks', body)).status, JSON.stringify(body)).toBe(422);
    const broken = await h.request('/api/v1/admin/webhooks', {
      method: 'POST',
      body: '{',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    });
    expect(broken.status).toBe(400);
    const created = (await (
      await api('POST', '/api/v1/admin/webhooks', { url: receiver.url })
    ).json()) as Json;
    for (const body of [{ url: 'ftp://x' }, { enabled: 1 }, { types: [1] }, { nope: true }]) {
      expect((await api('PATCH', `/api/v1/admin/webhooks/${created.id}`, body)).status).toBe(422);
    }
    for (const path of [
      '/api/v1/admin/webhooks/nope',
      '/api/v1/admin/webhooks/wh_AAAAAAAAAAAAAAAA/deliveries',
      `/api/v1/admin/webhooks/${created.id}/deliveries?status=lost`,
      `/api/v1/admin/webhooks/${created.id}/deliveries?limit=0`,
      `/api/v1/admin/webhooks/${created.id}/deliveries?event=-1`,
    ]) {
      expect((await api('GET', path)).status, path).toBe(422);
    }
    for (const path of [
      `/api/v1/admin/webhooks/${created.id}/deliveries/0/redeliver`,
      `/api/v1/admin/webhooks/${created.id}/events/abc/redeliver`,
    ]) {
      expect((await api('POST', path)).status, path).toBe(422);
    }
    expect((await api('GET', '/api/v1/admin/webhooks/wh_aaaaaaaaaaaaaaaa')).status).toBe(404);

    h.deps.config.mode = 'production';
    try {
      const http = await api('POST', '/api/v1/admin/webhooks', { url: 'http://erp.example.it/hooks' });
      expect(http.status).toBe(422);
      expect(((await http.json()) as Json).error.fields).toMatchObject([
        { path: 'url', code: 'invalid_url' },
      ]);
      expect(
        (await api('PATCH', `/api/v1/admin/webhooks/${created.id}`, { url: 'http://erp.example.it/' }))
          .status,
      ).toBe(422);
      expect(
        (await api('POST', '/api/v1/admin/webhooks', { url: 'https://erp.example.it/hooks' })).status,
      ).toBe(201);
    } finally {
      h.deps.config.mode = 'demo';
    }
  });

  it('an entity has at most 20 endpoints: the next one is a 409', async () => {
    const fresh = await createHarness();
    try {
      const call = as(fresh, await testKey(fresh));
      for (let i = 0; i < 20; i++)
        expect(
          (await call('POST', '/api/v1/admin/webhooks', { url: `https://e.example.it/${i}` })).status,
        ).toBe(201);
      const res = await call('POST', '/api/v1/admin/webhooks', { url: 'https://e.example.it/21' });
      expect(res.status).toBe(409);
      expect(((await res.json()) as Json).error.code).toBe('conflict');
    } finally {
      await fresh.close();
    }
  });
});
