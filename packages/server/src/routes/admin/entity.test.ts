import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { as, testKey, otherEntityKey } from '../../../test/support/admin-fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('admin entity settings', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  let other: ReturnType<typeof as>;
  beforeAll(async () => {
    h = await createHarness();
    api = as(h, await testKey(h));
    other = as(h, await otherEntityKey(h));
  });
  afterAll(() => h.close());

  it("reads the key's own entity, with its private settings", async () => {
    const me = (await (await api('GET', '/api/v1/admin/entity')).json()) as Json;
    expect(me).toMatchObject({
      code: TEST_ENTITY.code,
      auxDigit: 3,
      segregationCode: '01',
      ibans: [TEST_ENTITY.iban],
      postalAccount: { number: TEST_ENTITY.postalAccount },
    });
    expect(((await (await other('GET', '/api/v1/admin/entity')).json()) as Json).code).toBe('12345670488');
  });

  it('changes only the settings given', async () => {
    const res = await api('PATCH', '/api/v1/admin/entity', {
      info: 'Piazza Nuova 2',
      allowedOrigins: ['https://www.comune.esempio.it'],
    });
    expect(res.status).toBe(200);
    const s = (await res.json()) as Json;
    expect(s).toMatchObject({
      info: 'Piazza Nuova 2',
      allowedOrigins: ['https://www.comune.esempio.it'],
      name: TEST_ENTITY.name,
    });
  });

  it('refuses bad settings with field errors and writes nothing', async () => {
    for (const [body, path, code] of [
      [{ ibans: ['IT00X'] }, 'ibans.0', 'invalid_iban'],
      [{ allowedOrigins: ['https://x.it/path'] }, 'allowedOrigins.0', 'invalid_origin'],
      [{ auxDigit: 7 }, 'auxDigit', 'invalid_choice'],
      [{ segregationCode: null }, 'segregationCode', 'required'],
      [{ code: '80012345678' }, 'code', 'unknown_field'],
    ] as const) {
      const res = await api('PATCH', '/api/v1/admin/entity', body);
      expect(res.status).toBe(422);
      expect(((await res.json()) as Json).error.fields).toContainEqual(
        expect.objectContaining({ path, code }),
      );
    }
    const me = (await (await api('GET', '/api/v1/admin/entity')).json()) as Json;
    expect(me).toMatchObject({ segregationCode: '01', ibans: [TEST_ENTITY.iban] });
  });

  it('takes a logo only from an https: URL (http: in demo mode), refusing the rest and writing nothing', async () => {
    for (const logoUrl of ['javascript:alert(1)', 'data:image/png;base64,iVBORw0KGgo=', 'ftp://x.it/l.png']) {
      const res = await api('PATCH', '/api/v1/admin/entity', { logoUrl });
      expect(res.status, logoUrl).toBe(422);
      expect(((await res.json()) as Json).error.fields).toEqual([
        expect.objectContaining({ path: 'logoUrl', code: 'https_required' }),
      ]);
    }
    const demo = await api('PATCH', '/api/v1/admin/entity', {
      logoUrl: 'http://localhost:8787/assets/logo.svg',
    });
    expect(demo.status).toBe(200);
    const prod = await createHarness({
      config: {
        mode: 'production',
        smtpUrl: 'smtp://127.0.0.1:9',
        paymentProvider: 'pagopa',
        publicUrl: 'https://pay.example.it',
      },
    });
    try {
      const papi = as(prod, await testKey(prod));
      const before = ((await (await papi('GET', '/api/v1/admin/entity')).json()) as Json).logoUrl;
      const res = await papi('PATCH', '/api/v1/admin/entity', {
        logoUrl: 'http://www.comune.esempio.it/logo.png',
      });
      expect(res.status).toBe(422);
      expect(((await res.json()) as Json).error.fields).toEqual([
        expect.objectContaining({ path: 'logoUrl', code: 'https_required' }),
      ]);
      expect(((await (await papi('GET', '/api/v1/admin/entity')).json()) as Json).logoUrl).toBe(before);
      const ok = await papi('PATCH', '/api/v1/admin/entity', {
        logoUrl: 'https://www.comune.esempio.it/logo.png',
      });
      expect(((await ok.json()) as Json).logoUrl).toBe('https://www.comune.esempio.it/logo.png');
    } finally {
      await prod.close();
    }
  });

  it('takes the privacy notice per language and the article of the name; the public page shows both', async () => {
    const res = await api('PATCH', '/api/v1/admin/entity', {
      article: 'il',
      privacy: {
        version: '2026-02',
        text: { it: 'Informativa.', en: 'Privacy notice.', de: 'Datenschutz.' },
      },
    });
    expect(res.status).toBe(200);
    expect((await res.json()) as Json).toMatchObject({
      article: 'il',
      privacy: {
        version: '2026-02',
        text: { it: 'Informativa.', en: 'Privacy notice.', de: 'Datenschutz.' },
      },
    });
    const pub = (await (await h.request(`/api/v1/entities/${TEST_ENTITY.code}`)).json()) as Json;
    expect(pub).toMatchObject({
      article: 'il',
      privacy: {
        version: '2026-02',
        text: { it: 'Informativa.', en: 'Privacy notice.', de: 'Datenschutz.' },
      },
    });
    // Italian alone again: a plain string, the translations gone.
    await api('PATCH', '/api/v1/admin/entity', {
      privacy: { version: '2026-03', text: 'Solo italiano.' },
      article: null,
    });
    const back = (await (await h.request(`/api/v1/entities/${TEST_ENTITY.code}`)).json()) as Json;
    expect(back).toMatchObject({ article: null, privacy: { version: '2026-03', text: 'Solo italiano.' } });
  });

  it('refuses an unknown article or language in the privacy notice', async () => {
    for (const [body, path, code] of [
      [{ article: 'el' }, 'article', 'invalid_choice'],
      [{ privacy: { version: '1', text: { en: 'No Italian' } } }, 'privacy.text', 'invalid_type'],
      [{ privacy: { version: '1', text: { it: 'x', fr: 'y' } } }, 'privacy.text', 'invalid_type'],
    ] as const) {
      const res = await api('PATCH', '/api/v1/admin/entity', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(((await res.json()) as Json).error.fields).toContainEqual(
        expect.objectContaining({ path, code }),
      );
    }
  });

  it('answers 401 to a revoked key', async () => {
    const { revokeApiKey } = await import('../../entities/api-keys.js');
    const key = await testKey(h);
    expect((await as(h, key)('GET', '/api/v1/admin/entity')).status).toBe(200);
    expect(await revokeApiKey(h.deps.db, key, new Date())).toBe(true);
    expect((await as(h, key)('GET', '/api/v1/admin/entity')).status).toBe(401);
  });
});
