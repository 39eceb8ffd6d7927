/**
 * The admin routes with a valid key and hostile input: random JSON, valid positions with one
 * value replaced by anything, random CSV and JSON import bodies. Never a 5xx, always the one error
 * body, and a refused request writes nothing.
 */
import { adminEndpoints, type Endpoint, ERROR_CODES } from '@pagatore/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { testKey, position } from '../../../test/support/admin-fixtures.js';

type Json = Record<string, unknown>;

describe('admin routes under hostile input', () => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await createHarness();
    key = await testKey(h);
  });
  afterAll(() => h.close());

  async function send(ep: Endpoint, path: string, body: string | undefined, type = 'application/json') {
    const res = await h.request(path, {
      method: ep.method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': type } : {}) },
      body,
    });
    expect(res.status, `${ep.method} ${path}`).toBeLessThan(500);
    if (res.status >= 400) {
      const e = ((await res.json()) as { error: { code: string } }).error;
      expect(Object.keys(ERROR_CODES)).toContain(e.code);
    } else await res.arrayBuffer();
    return res.status;
  }

  const count = async () =>
    (
      await h.deps.db
        .selectFrom('positions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  it('answers random JSON on every admin route without a 5xx', async () => {
    const eps = Object.values(adminEndpoints) as Endpoint[];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...eps),
        fc.jsonValue(),
        fc.string({ maxLength: 20 }),
        async (ep, body, param) => {
          const path = ep.path.replace(/\{[a-zA-Z]+\}/g, encodeURIComponent(param) || 'x');
          await send(
            ep,
            path,
            ep.method === 'GET' || ep.method === 'DELETE' ? undefined : JSON.stringify(body),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a valid position with any one value replaced, and writes nothing', async () => {
    const paths = [
      ['iupd'],
      ['description'],
      ['debtor', 'fiscalCode'],
      ['debtor', 'name'],
      ['debtor', 'type'],
      ['single', 'amount'],
      ['single', 'dueDate'],
      ['single', 'nav'],
      ['single', 'iuv'],
      ['single', 'transfers', '0', 'iban'],
      ['single', 'transfers', '0', 'amount'],
      ['single', 'transfers', '0', 'taxonomy'],
    ];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.anything(), async (path, value) => {
        const body = structuredClone(position(`FZ-${n++}`)) as unknown as Json;
        let at: Json = body;
        for (const k of path.slice(0, -1)) at = at[k] as Json;
        at[path[path.length - 1] as string] = value;
        const before = await count();
        let text: string;
        try {
          text = JSON.stringify(body);
        } catch {
          return;
        }
        const status = await send(adminEndpoints.createPosition as Endpoint, '/api/v1/admin/positions', text);
        if (status !== 201) expect(await count()).toBe(before);
      }),
      { numRuns: 200 },
    );
  });

  it('reports random CSV and JSON import bodies row by row, without a 5xx', async () => {
    const header =
      'iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,transfer1_iban,transfer1_taxonomy';
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(
            fc.string({ unit: fc.constantFrom('a', '1', ',', '"', '\n', ';', ' ', 'è'), maxLength: 8 }),
            { maxLength: 9 },
          ),
          {
            maxLength: 6,
          },
        ),
        async (rows) => {
          const body = [header, ...rows.map((r) => r.join(','))].join('\n');
          await send(
            adminEndpoints.importPositions as Endpoint,
            '/api/v1/admin/positions/import',
            body,
            'text/csv',
          );
        },
      ),
      { numRuns: 100 },
    );
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        await send(
          adminEndpoints.importPositions as Endpoint,
          '/api/v1/admin/positions/import',
          JSON.stringify(value),
        );
        await send(
          adminEndpoints.importPositions as Endpoint,
          '/api/v1/admin/positions/import',
          JSON.stringify(value),
          'application/x-ndjson',
        );
      }),
      { numRuns: 100 },
    );
  });
});
