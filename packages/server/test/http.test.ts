import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_KEPT_MS } from '../src/entities/entities.js';
import { TEST_ENTITY } from './support/entity.js';
import { createHarness, type Harness } from './support/harness.js';

const SITE = 'http://127.0.0.1:8788';
const EVIL = 'https://evil.example';

describe('HTTP behaviour shared by every route', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      config: {
        widgetsDir: new URL('../../widgets/test/fixtures', import.meta.url).pathname,
        bodyLimitBytes: 1024,
      },
    });
  });
  afterAll(() => h.close());

  it('unknown paths get 404 not_found with the error body', async () => {
    const res = await h.request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'Risorsa non trovata.', requestId: expect.any(String) },
    });
  });

  it('a known path with the wrong method gets 405 and Allow', async () => {
    const res = await h.request('/api/v1/entities', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect(await res.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('sets security headers on API responses', async () => {
    const res = await h.request('/api/v1/entities');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-site');
  });

  describe('CORS', () => {
    it("follows a change of the entity's origins within ENTITY_KEPT_MS, in every process", async () => {
      const start = new Date('2026-12-07T10:00:00Z');
      const path = `/api/v1/entities/${TEST_ENTITY.code}`;
      const allowed = async () =>
        (await h.request(path, { headers: { origin: SITE } })).headers.get('access-control-allow-origin');
      const setOrigins = (origins: string[]) =>
        h.deps.db
          .updateTable('entities')
          .set({ allowed_origins: JSON.stringify(origins) })
          .where('code', '=', TEST_ENTITY.code)
          .execute();
      try {
        h.setNow(start);
        expect(await allowed()).toBe(SITE);
        // Staff (or another process) removes the origin: the entity this process read is kept...
        await setOrigins([]);
        h.setNow(new Date(start.getTime() + ENTITY_KEPT_MS - 1));
        expect(await allowed()).toBe(SITE);
        // ...for ENTITY_KEPT_MS at most.
        h.setNow(new Date(start.getTime() + ENTITY_KEPT_MS));
        expect(await allowed()).toBeNull();
      } finally {
        await setOrigins([SITE]);
        h.setNow(new Date(start.getTime() + 3 * ENTITY_KEPT_MS));
        expect(await allowed()).toBe(SITE);
        h.setNow(null);
      }
    });

    it("answers the entity's registered origin on its routes", async () => {
      const res = await h.request(`/api/v1/entities/${TEST_ENTITY.code}`, { headers: { origin: SITE } });
      expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(res.headers.get('vary')).toContain('Origin');
    });

    it('does not answer other origins', async () => {
      const res = await h.request(`/api/v1/entities/${TEST_ENTITY.code}`, { headers: { origin: EVIL } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('preflights allow the bearer header for registered origins only', async () => {
      const ok = await h.request(`/api/v1/entities/${TEST_ENTITY.code}/accounts`, {
        method: 'OPTIONS',
        headers: {
          origin: SITE,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
      const bad = await h.request(`/api/v1/entities/${TEST_ENTITY.code}/accounts`, {
        method: 'OPTIONS',
        headers: { origin: EVIL, 'access-control-request-method': 'POST' },
      });
      expect(bad.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('refuses writes from a foreign page before running them', async () => {
      const res = await h.request(`/api/v1/entities/${TEST_ENTITY.code}/accounts`, {
        method: 'POST',
        headers: { origin: EVIL, 'content-type': 'text/plain' },
        body: '{}',
      });
      expect(res.status).toBe(403);
      const body = (await res.json()) as { error: { code: string; requestId: string } };
      expect(body).toMatchObject({ error: { code: 'origin_not_allowed' } });
      // Refused before any handler, and logged as every request is.
      expect(h.logger.lines.find((l) => l.requestId === body.error.requestId)).toMatchObject({
        msg: 'request',
        method: 'POST',
        status: 403,
      });
    });

    it('serves the widget bundle cross-origin to registered origins', async () => {
      const res = await h.request('/widgets/hello.js', { headers: { origin: SITE } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/javascript');
      expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
      const evil = await h.request('/widgets/hello.js', { headers: { origin: EVIL } });
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      // Files the bundle fetches later carry a content hash in their name: cached for good.
      const lazy = await h.request('/widgets/pagatore.hello-Ab_3-xYz.js', { headers: { origin: SITE } });
      expect(lazy.status).toBe(200);
      expect(lazy.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    });

    it('keeps static files inside their folder', async () => {
      for (const p of [
        '/widgets/../package.json',
        '/widgets/%2e%2e/%2e%2e/package.json',
        '/widgets/',
        '/widgets/missing.js',
      ]) {
        const res = await h.request(p);
        expect(res.status).toBe(404);
      }
    });

    it('serves logos cross-origin', async () => {
      const res = await h.request('/assets/logo-comune-esempio.svg');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    });
  });

  describe('served by Node (headers go on the socket response)', () => {
    let server: { url: string; close(): Promise<void> };
    beforeAll(async () => {
      server = await h.listen();
    });
    afterAll(() => server.close());

    const SECURITY = {
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    };
    function expectSecurity(res: Response, corp = 'same-site') {
      for (const [name, value] of Object.entries(SECURITY)) expect(res.headers.get(name)).toBe(value);
      expect(res.headers.get('cross-origin-resource-policy')).toBe(corp);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }

    it('on JSON, errors, 404s and raw files alike, once each', async () => {
      const ok = await fetch(`${server.url}/api/v1/entities`);
      expect(ok.status).toBe(200);
      expectSecurity(ok);
      expect(ok.headers.get('content-type')).toContain('application/json');
      const missing = await fetch(`${server.url}/nope`);
      expect(missing.status).toBe(404);
      expectSecurity(missing);
      const denied = await fetch(`${server.url}/api/v1/admin/positions`);
      expect(denied.status).toBe(401);
      expectSecurity(denied);
      const logo = await fetch(`${server.url}/assets/logo-comune-esempio.svg`);
      expect(logo.status).toBe(200);
      expectSecurity(logo, 'cross-origin');
      const tooBig = await fetch(`${server.url}/api/v1/entities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ x: 'a'.repeat(5000) }),
      });
      expect(tooBig.status).toBe(413);
      expectSecurity(tooBig);
      // Node sends each header once, however the app's response was made.
      const raw = await rawResponseHead(server.url, '/api/v1/entities');
      expect(raw.match(/^x-content-type-options:/gim)).toHaveLength(1);
      expect(raw.match(/^x-request-id:/gim)).toHaveLength(1);
    });

    it("keeps a page's own policy over the default one", async () => {
      const res = await fetch(`${server.url}/dev/mailbox`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("style-src 'unsafe-inline'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    });

    it('keeps a sane incoming request id, logs it, and reads the language and the origin', async () => {
      const res = await fetch(`${server.url}/nope`, {
        headers: { 'x-request-id': 'socket-check-0001', 'accept-language': 'en-GB,en;q=0.8' },
      });
      expect(res.headers.get('x-request-id')).toBe('socket-check-0001');
      expect(await res.json()).toMatchObject({
        error: { code: 'not_found', message: 'Resource not found.', requestId: 'socket-check-0001' },
      });
      expect(h.logger.lines.find((l) => l.requestId === 'socket-check-0001')).toMatchObject({
        msg: 'request',
        method: 'GET',
        path: '/nope',
        status: 404,
        ip: '127.0.0.1',
      });
      const cors = await fetch(`${server.url}/api/v1/entities/${TEST_ENTITY.code}`, {
        headers: { origin: SITE },
      });
      expect(cors.headers.get('access-control-allow-origin')).toBe(SITE);
    });
  });

  it('refuses bodies over the limit with 413, declared or streamed', async () => {
    const big = JSON.stringify({ x: 'a'.repeat(5000) });
    const res = await h.request('/api/v1/entities', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      body: big,
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(h.logger.lines.find((l) => l.requestId === body.error.requestId)).toMatchObject({
      msg: 'request',
      path: '/api/v1/entities',
      status: 413,
    });
  });
});

/** The status line and headers of a GET exactly as they came over the socket. */
function rawResponseHead(base: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, (res) => {
      const lines = [`HTTP/${res.httpVersion} ${res.statusCode}`];
      for (let i = 0; i < res.rawHeaders.length; i += 2)
        lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
      res.resume();
      res.on('end', () => resolve(lines.join('\n')));
    });
    req.on('error', reject);
    req.end();
  });
}
