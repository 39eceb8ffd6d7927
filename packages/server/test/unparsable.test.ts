/**
 * What Node's parser refuses gets the API's error body, and a malformed escape in a path is an
 * unknown resource: regressions the fuzz suite (test/fuzz/) found, kept as plain cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';
import { rawRequest } from './fuzz/raw-http.js';

describe('requests the app cannot read', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  let port: number;
  beforeAll(async () => {
    h = await createHarness();
    server = await h.listen();
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  const host: [string, string] = ['Host', '127.0.0.1'];

  it.each([
    ['a Content-Length that is not a number', '/healthz', [['Content-Length', 'abc']]],
    [
      'two different Content-Lengths',
      '/healthz',
      [
        ['Content-Length', '1'],
        ['Content-Length', '2'],
      ],
    ],
    ['headers over 16 KB', '/healthz', [['X-Pad', 'x'.repeat(20_000)]]],
    ['a request target over 16 KB', `/api/v1/entities/${'%E2%80%AE'.repeat(3_000)}`, []],
  ] as [string, string, [string, string][]][])(
    '%s: 400 bad_request with the error body',
    async (_n, target, headers) => {
      const res = await rawRequest(port, {
        method: 'POST',
        target,
        headers: [host, ...headers],
        body: Buffer.from('{}'),
      });
      expect(res?.status).toBe(400);
      expect(res?.headers['content-type']).toMatch(/application\/json/);
      const body = JSON.parse(res?.body.toString() ?? '') as { error: { code: string; requestId: string } };
      expect(body.error.code).toBe('bad_request');
      expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('a malformed escape in the entity segment, with an Origin, is refused, not a 500', async () => {
    for (const target of [
      '/api/v1/entities/%zz/sessions',
      '/api/v1/entities/%E0%A4%A/me',
      '/widgets/%zz.js',
    ]) {
      const res = await rawRequest(port, {
        method: target.endsWith('sessions') ? 'POST' : 'GET',
        target,
        headers: [
          host,
          ['Origin', 'https://www.comune.esempio.it'],
          ['Content-Type', 'application/json'],
          ['Content-Length', '2'],
        ],
        body: Buffer.from('{}'),
      });
      expect(res?.status, target).toBeGreaterThanOrEqual(400);
      expect(res?.status, target).toBeLessThan(500);
      expect((JSON.parse(res?.body.toString() ?? '') as { error: { code: string } }).error.code).toMatch(
        /^[a-z_]+$/,
      );
    }
  });
});
