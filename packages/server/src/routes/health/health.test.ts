import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { testEngine } from '../../../test/support/test-database.js';

describe('GET /healthz', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('answers ok with mode, database and version, never cached', async () => {
    const res = await h.request('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({
      status: 'ok',
      mode: 'demo',
      database: testEngine(),
      version: '0.1.0',
    });
  });

  it('gives every response a request id, and keeps a sane incoming one', async () => {
    const a = await h.request('/healthz');
    expect(a.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const b = await h.request('/healthz', { headers: { 'x-request-id': 'abc12345-proxy' } });
    expect(b.headers.get('x-request-id')).toBe('abc12345-proxy');
    const c = await h.request('/healthz', { headers: { 'x-request-id': 'bad id with spaces\n' } });
    expect(c.headers.get('x-request-id')).not.toContain(' ');
  });

  it('writes one structured log line per request with the request id', async () => {
    await h.request('/healthz', { headers: { 'x-request-id': 'log-check-0001' } });
    const line = h.logger.lines.find((l) => l.requestId === 'log-check-0001');
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      path: '/healthz',
      status: 200,
    });
    expect(typeof line?.ms).toBe('number');
  });

  it('answers 503 with the error body when the database is gone', async () => {
    const h2 = await createHarness();
    await h2.database.close();
    const res = await h2.request('/healthz');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ error: { code: 'unavailable' } });
  });
});
