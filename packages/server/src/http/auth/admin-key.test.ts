import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { type DatabaseHandle, openDatabase } from '../../db/database.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { createApiKey, revokeApiKey } from '../../entities/api-keys.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('admin API keys', () => {
  let h: Harness;
  /** A second connection to the same database: what the CLI or another server writes with. */
  let other: DatabaseHandle;
  beforeAll(async () => {
    h = await createHarness();
    other = await openDatabase(h.deps.config.databaseUrl);
  });
  afterAll(async () => {
    await other.close();
    await h.close();
  });
  const renameEntity = (name: string) =>
    other.db.updateTable('entities').set({ name }).where('code', '=', TEST_ENTITY.code).execute();

  const get = (key: string, path = '/api/v1/admin/entity') =>
    h.request(path, { headers: { authorization: `Bearer ${key}` } });
  const newKey = async () => (await createApiKey(h.deps.db, TEST_ENTITY.code, 'test', new Date())).key;
  const idOf = (key: string) => key.split('_')[1] as string;

  it('stops a key revoked by another process at the very next request', async () => {
    const key = await newKey();
    for (let i = 0; i < 3; i++) expect((await get(key)).status).toBe(200);
    await other.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', idOf(key))
      .execute();
    const res = await get(key);
    expect(res.status).toBe(401);
    expect(((await res.json()) as Json).error.code).toBe('invalid_api_key');
    // And a key created by another process works at once.
    const fresh = await newKey();
    expect((await get(fresh)).status).toBe(200);
  });

  it('stops a key revoked in this process at the very next request', async () => {
    const key = await newKey();
    expect((await get(key)).status).toBe(200);
    expect(await revokeApiKey(h.deps.db, key, new Date())).toBe(true);
    expect((await get(key)).status).toBe(401);
    expect(await revokeApiKey(h.deps.db, key, new Date())).toBe(false);
  });

  it("sees an entity's change made by another process at once", async () => {
    const key = await newKey();
    expect(((await (await get(key)).json()) as Json).name).toBe(TEST_ENTITY.name);
    await renameEntity('Comune Rinominato');
    try {
      expect(((await (await get(key)).json()) as Json).name).toBe('Comune Rinominato');
    } finally {
      await renameEntity(TEST_ENTITY.name);
    }
    expect(((await (await get(key)).json()) as Json).name).toBe(TEST_ENTITY.name);
  });

  it('refuses a wrong secret for a known id, also once the right key was verified', async () => {
    const key = await newKey();
    expect((await get(key)).status).toBe(200);
    const last = key.at(-1) === 'a' ? 'b' : 'a';
    expect((await get(`${key.slice(0, -1)}${last}`)).status).toBe(401);
    expect((await get(key)).status).toBe(200);
  });

  it('over a socket: reads the key from the request, and refuses a repeated Authorization', async () => {
    const key = await newKey();
    const server = await h.listen();
    try {
      /** Status of a request with these raw header lines (name, value, name, value…). */
      const status = (headers: string[]) =>
        new Promise<number>((resolve, reject) => {
          const req = request(
            `${server.url}/api/v1/admin/entity`,
            { headers: ['Host', 'localhost', ...headers] },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end();
        });
      expect(await status(['Authorization', `Bearer ${key}`])).toBe(200);
      expect(await status(['authorization', `bearer   ${key}`])).toBe(200);
      expect(await status(['Authorization', 'Bearer nope'])).toBe(401);
      // Two Authorization lines: not a key (Node alone would keep the first one).
      expect(await status(['Authorization', `Bearer ${key}`, 'authorization', `Bearer ${key}`])).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('refreshes last_used_at at most once a minute', async () => {
    const key = await newKey();
    const lastUsed = async () =>
      (
        await other.db
          .selectFrom('api_keys')
          .select('last_used_at')
          .where('id', '=', idOf(key))
          .executeTakeFirstOrThrow()
      ).last_used_at;
    const t0 = new Date('2026-03-01T10:00:00.000Z');
    // (Last: the clock stays moved.)
    h.setNow(t0);
    expect((await get(key)).status).toBe(200);
    expect(await lastUsed()).toBe(t0.toISOString());
    h.setNow(new Date(t0.getTime() + 30_000));
    expect((await get(key)).status).toBe(200);
    expect(await lastUsed()).toBe(t0.toISOString());
    const t2 = new Date(t0.getTime() + 61_000);
    h.setNow(t2);
    expect((await get(key)).status).toBe(200);
    expect(await lastUsed()).toBe(t2.toISOString());
  });
});
