/**
 * Every route of the contract, fed bad input: malformed path parameters, broken or hostile JSON,
 * wrong content types, random JSON values, missing or forged credentials. Whatever comes in, the
 * answer is never a 5xx, and every error has the one error body with a code from the closed set.
 * New endpoints are covered as soon as they are added to the SDK's contract.
 */
import { type Endpoint, endpoints, ERROR_CODES } from '@pagatore/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from './support/entity.js';
import { createHarness, type Harness } from './support/harness.js';

const PARAM_VALUES = [
  'x',
  '%00',
  '..%2F..',
  'a'.repeat(300),
  '-1',
  '0',
  TEST_ENTITY.code,
  '01199250158',
  '301000000000000144',
];
const RAW_BODIES = [
  '{',
  '[]',
  'null',
  '"text"',
  '{"__proto__":{"polluted":1}}',
  '{"a":' + '['.repeat(2000) + ']'.repeat(2000) + '}',
  '\u0000',
  '',
];
const AUTH = [undefined, 'Bearer garbage', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer ' + 'a'.repeat(5000)];

function fillPath(path: string, value: string): string {
  return path.replace(/\{[a-zA-Z]+\}/g, (m) =>
    m === '{ente}' && value.length > 40 ? TEST_ENTITY.code : value,
  );
}

async function expectWellFormed(res: Response, what: string): Promise<void> {
  expect(res.status, what).toBeLessThan(500);
  if (res.status >= 400) {
    const body = (await res.json()) as { error?: { code?: string; message?: string; requestId?: string } };
    expect(Object.keys(ERROR_CODES), what).toContain(body.error?.code);
    expect(typeof body.error?.message, what).toBe('string');
    expect(typeof body.error?.requestId, what).toBe('string');
  } else {
    await res.arrayBuffer();
  }
}

describe('bad input to every route of the contract', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const all = Object.values(endpoints) as Endpoint[];

  it.each(all.map((ep) => [`${ep.method} ${ep.path}`, ep] as const))(
    '%s: hostile parameters, bodies and credentials',
    async (_name, ep) => {
      for (const value of PARAM_VALUES) {
        for (const auth of AUTH) {
          const res = await h.request(fillPath(ep.path, value), {
            method: ep.method,
            headers: auth ? { authorization: auth } : {},
          });
          await expectWellFormed(res, `${ep.method} ${fillPath(ep.path, value)} auth=${auth?.slice(0, 20)}`);
        }
      }
      if (ep.method === 'GET' || ep.method === 'DELETE') return;
      const path = fillPath(ep.path, TEST_ENTITY.code);
      for (const body of RAW_BODIES) {
        for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
          const res = await h.request(path, { method: ep.method, headers: { 'content-type': type }, body });
          await expectWellFormed(res, `${ep.method} ${path} ${type} ${JSON.stringify(body.slice(0, 30))}`);
        }
      }
    },
  );

  it.each(all.filter((ep) => ep.body).map((ep) => [`${ep.method} ${ep.path}`, ep] as const))(
    '%s: random JSON bodies',
    async (_name, ep) => {
      const path = fillPath(ep.path, TEST_ENTITY.code);
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
          const res = await h.json(ep.method, path, value);
          await expectWellFormed(res, `${ep.method} ${path} ${JSON.stringify(value).slice(0, 80)}`);
        }),
        { numRuns: 40 },
      );
    },
  );

  it('a body over the limit is refused with 413 on every write route, declared or streamed', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(h.deps.config.bodyLimitBytes + 10) });
    for (const ep of all.filter(
      // Bulk imports and flow uploads have their own, larger limits (tested with their routes).
      (e) =>
        e.method !== 'GET' &&
        e.method !== 'DELETE' &&
        !e.path.endsWith('/import') &&
        e.path !== '/api/v1/admin/flows',
    )) {
      const res = await h.request(fillPath(ep.path, TEST_ENTITY.code), {
        method: ep.method,
        headers: { 'content-type': 'application/json' },
        body: big,
      });
      // Streamed bodies are counted while read: routes needing credentials refuse earlier (401).
      expect(res.status, `${ep.method} ${ep.path} (streamed)`).toBe(ep.auth === 'none' ? 413 : 401);
      const declared = await h.request(fillPath(ep.path, TEST_ENTITY.code), {
        method: ep.method,
        headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
        body: big,
      });
      expect(declared.status, `${ep.method} ${ep.path} (declared)`).toBe(413);
    }
  });
});
