import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';

describe('public entity routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('lists the hosted entities', async () => {
    const res = await h.request('/api/v1/entities');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      items: [expect.objectContaining({ code: TEST_ENTITY.code, name: 'Comune di Esempio' })],
    });
  });

  it("shows an entity's public settings and nothing private", async () => {
    const res = await h.request(`/api/v1/entities/${TEST_ENTITY.code}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      code: TEST_ENTITY.code,
      name: 'Comune di Esempio',
      spontaneousPayments: true,
      hasPostalAccount: true,
    });
    expect(body.privacy).toMatchObject({ version: '2026-01' });
    expect(JSON.stringify(body)).not.toMatch(/pagopa_settings|allowed_origins|IT60X/);
  });

  it('answers 404 entity_not_found for an unknown or malformed entity code', async () => {
    for (const code of ['01199250158', 'abc', '8001234567', '800123456760']) {
      const res = await h.request(`/api/v1/entities/${code}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        error: { code: 'entity_not_found', requestId: expect.any(String) },
      });
    }
  });

  it('answers in the language asked for', async () => {
    const en = await h.request('/api/v1/entities/01199250158', {
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
    });
    expect(((await en.json()) as { error: { message: string } }).error.message).toBe('Entity not found.');
    const de = await h.request('/api/v1/entities/01199250158?lang=de');
    expect(((await de.json()) as { error: { message: string } }).error.message).toBe(
      'Körperschaft nicht gefunden.',
    );
    const it_ = await h.request('/api/v1/entities/01199250158');
    expect(((await it_.json()) as { error: { message: string } }).error.message).toBe('Ente non trovato.');
  });
});
