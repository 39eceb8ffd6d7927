/**
 * A 100,000-row import over real HTTP on 127.0.0.1 while other requests keep being answered:
 * the import yields between chunks, so a lookup never waits for the whole file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/entities/api-keys.js';
import { TEST_ENTITY } from './support/entity.js';
import { createHarness, type Harness } from './support/harness.js';

const ROWS = 100_000;
const HEADER =
  'iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,transfer1_iban,transfer1_taxonomy';

describe('bulk import under load', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  let key: string;
  beforeAll(async () => {
    h = await createHarness();
    server = await h.listen();
    key = (await createApiKey(h.deps.db, TEST_ENTITY.code, 'load', new Date())).key;
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  it(
    'imports 100k rows while other requests keep being answered between its chunks',
    { timeout: 240_000 },
    async () => {
      const lines = [HEADER];
      for (let i = 0; i < ROWS; i++) {
        lines.push(
          `L-${i},RSSMRA85T10A562S,Mario Rossi,TARI 2026,${1000 + (i % 9000)},2026-12-31,${TEST_ENTITY.iban},9/0101002IM/`,
        );
      }
      const auth = { authorization: `Bearer ${key}` };
      const importing = fetch(`${server.url}/api/v1/admin/positions/import`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv' },
        body: lines.join('\n'),
      });
      let done = false;
      void importing.finally(() => {
        done = true;
      });

      const latencies: number[] = [];
      let seenDuring = 0;
      let writes = 0;
      while (!done) {
        // Admin writes on the app's own connection interleave with the import's chunks.
        const w = await fetch(`${server.url}/api/v1/admin/positions`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            iupd: `W-${writes++}`,
            debtor: { fiscalCode: 'BSCMTT83A12L719R', name: 'Matteo Bosco' },
            description: 'Scritta durante l’import',
            single: {
              amount: 100,
              dueDate: '2026-12-31',
              transfers: [{ iban: TEST_ENTITY.iban, amount: 100, remittance: 'x', taxonomy: '9/0101002IM/' }],
            },
          }),
        });
        expect(w.status).toBe(201);
        const t = performance.now();
        const res = await fetch(`${server.url}/api/v1/admin/positions?limit=1`, { headers: auth });
        const body = (await res.json()) as { total: number };
        latencies.push(performance.now() - t);
        expect(res.status).toBe(200);
        if (!done && body.total > 0 && body.total < ROWS) seenDuring++;
        const health = await fetch(`${server.url}/healthz`);
        expect(health.status).toBe(200);
        await new Promise((r) => setTimeout(r, 50));
      }
      const res = await importing;
      expect(res.status).toBe(200);
      const report = (await res.json()) as Record<string, unknown>;
      expect(report).toMatchObject({ received: ROWS, created: ROWS, rejected: 0 });
      expect(latencies.length).toBeGreaterThan(3);
      // The other requests were answered between chunks, seeing the import part-way: they did not
      // wait for the whole file. How long they waited is measured by `npm run bench`, not here.
      expect(seenDuring).toBeGreaterThan(0);
      console.log(
        `import under load: ${latencies.length} lookups, slowest ${Math.round(Math.max(...latencies))} ms`,
      );
      const count = await h.deps.db
        .selectFrom('payment_options')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(count.n).toBe(ROWS + writes);
      // Server-assigned NAVs stayed unique across the two connections.
      const navs = await h.deps.db
        .selectFrom('payment_options')
        .select((eb) => eb.fn.count<number>('nav').distinct().as('n'))
        .executeTakeFirstOrThrow();
      expect(navs.n).toBe(ROWS + writes);
    },
  );
});
