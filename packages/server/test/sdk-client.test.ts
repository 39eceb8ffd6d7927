/** The SDK's clients against the real server over HTTP on 127.0.0.1. */
import { createAdminClient, createClient, PagatoreError, publicEndpoints, SessionStore } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from './support/entity.js';
import { createHarness, type Harness } from './support/harness.js';

describe('SDK clients over HTTP', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    h = await createHarness();
    server = await h.listen();
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  it('reads typed responses', async () => {
    const client = createClient({
      baseUrl: server.url,
      entity: TEST_ENTITY.code,
      session: new SessionStore('t1'),
    });
    const entity = await client.entity();
    expect(entity.name).toBe('Comune di Esempio');
    const health = await client.health();
    expect(health.status).toBe('ok');
    const list = await client.entities.list();
    expect(list.items.map((e) => e.code)).toEqual([TEST_ENTITY.code]);
    expect(client.url(publicEndpoints.getEntity, { params: { ente: TEST_ENTITY.code } })).toBe(
      `${server.url}/api/v1/entities/${TEST_ENTITY.code}`,
    );
  });

  it('throws PagatoreError with status, code, message in the client language and the request id', async () => {
    const client = createClient({
      baseUrl: server.url,
      entity: '01199250158',
      lang: 'en',
      session: new SessionStore('t2'),
    });
    const err = await client.entity().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PagatoreError);
    expect(err).toMatchObject({
      status: 404,
      code: 'entity_not_found',
      message: 'Entity not found.',
      fields: [],
    });
    expect((err as PagatoreError).requestId).toMatch(/.{8,}/);
  });

  it('turns a network failure into code unavailable, status 0', async () => {
    const client = createClient({
      baseUrl: 'http://127.0.0.1:9',
      entity: TEST_ENTITY.code,
      session: new SessionStore('t3'),
    });
    const err = await client.health().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PagatoreError', status: 0, code: 'unavailable' });
  });

  it('sends the session token as a bearer header and drops it when the server says unauthorized', async () => {
    const seen: string[] = [];
    const store = new SessionStore('t4');
    store.set({ token: 'abc', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const client = createClient({
      baseUrl: server.url,
      entity: TEST_ENTITY.code,
      session: store,
      fetch: async (url, init) => {
        seen.push(new Headers(init?.headers).get('authorization') ?? '');
        return globalThis.fetch(url, init);
      },
    });
    await client.entity();
    expect(seen).toEqual(['Bearer abc']);
    expect(store.token).toBe('abc');
  });

  it('the admin client sends its API key', async () => {
    const seen: string[] = [];
    const admin = createAdminClient({
      baseUrl: server.url,
      apiKey: 'pk_test',
      fetch: async (url, init) => {
        seen.push(new Headers(init?.headers).get('authorization') ?? '');
        return globalThis.fetch(url, init);
      },
    });
    await admin.health();
    expect(seen).toEqual(['Bearer pk_test']);
  });
});
