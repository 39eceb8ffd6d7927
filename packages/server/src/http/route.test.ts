import { buildNav, check, type Endpoint, endpoints } from '@pagatore/sdk';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { singleParameterQuery } from './route.js';

type QuerySchema = NonNullable<Endpoint['query']>;
const withQuery = (Object.values(endpoints) as Endpoint[]).filter(
  (ep): ep is Endpoint & { query: QuerySchema } => ep.query !== undefined,
);
const keysOf = (schema: QuerySchema) =>
  Object.keys((schema as unknown as { entries?: Record<string, unknown> }).entries ?? {});

const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-';
const plainText = fc.string({ unit: fc.constantFrom(...PLAIN), maxLength: 40 });
const value = fc.oneof(
  plainText,
  fc.integer({ min: -5, max: 500 }).map(String),
  fc.constantFrom('', 'true', 'false', 'paid', 'unpaid', '2026-01-31', 'RSSMRA85T10A562S', '02345670125'),
  fc.bigInt({ min: 0n, max: 10n ** 13n - 1n }).map((n) => {
    const { nav, iuv } = buildNav({ auxDigit: 3, code: '01' }, String(n).padStart(13, '0'));
    return n % 2n ? nav : iuv;
  }),
);

describe('single-parameter queries', () => {
  it('parse to what the whole schema gives, or leave it to the whole schema', () => {
    expect(withQuery.length).toBeGreaterThan(0);
    for (const ep of withQuery) {
      const quick = singleParameterQuery(ep.query);
      const keys = keysOf(ep.query);
      if (!quick) continue;
      fc.assert(
        fc.property(fc.oneof(fc.constantFrom(...keys), plainText), value, (key, raw) => {
          const url = `http://localhost${ep.path}?${key}=${raw}`;
          const fast = quick(url);
          const full = check(ep.query, { [key]: raw });
          if (fast !== undefined) {
            expect(full.ok).toBe(true);
            expect(fast).toEqual(full.ok ? full.value : undefined);
          } else if (keys.includes(key) && full.ok && /^[A-Za-z0-9_.~-]+$/.test(key)) {
            // A plain valid pair is always taken by the quick path.
            expect.unreachable(`${ep.id}: ${key}=${raw}`);
          }
        }),
        { numRuns: 300 },
      );
    }
  });

  it('leaves anything but one plain pair to the whole schema', () => {
    const ep = endpoints.listPositions as Endpoint & { query: QuerySchema };
    const quick = singleParameterQuery(ep.query);
    if (!quick) throw new Error('the position list takes the quick path');
    const nav = buildNav({ auxDigit: 3, code: '01' }, '0000000000001').nav;
    expect(quick(`http://x/api/v1/admin/positions?nav=${nav}`)).toEqual({
      nav,
      sort: '-created',
      limit: 50,
      offset: 0,
    });
    for (const search of [
      '',
      '?',
      `?nav=${nav}&limit=5`,
      `?nav=${nav}&`,
      `?nav=${nav.slice(0, 9)}%20${nav.slice(9)}`,
      `?nav=${nav.slice(0, 9)}+${nav.slice(9)}`,
      `?lang=en`,
      `?__proto__=1`,
      `?nav=1`,
    ]) {
      expect(quick(`http://x/api/v1/admin/positions${search}`)).toBeUndefined();
    }
  });

  it('is not offered for schemas with checks of their own or required parameters', () => {
    const piped = v.pipe(
      v.strictObject({ a: v.optional(v.string()) }),
      v.check(() => false),
    );
    expect(singleParameterQuery(piped as unknown as QuerySchema)).toBeNull();
    expect(singleParameterQuery(v.strictObject({ a: v.string() }) as unknown as QuerySchema)).toBeNull();
    expect(
      singleParameterQuery(v.strictObject({ a: v.optional(v.string()) }) as unknown as QuerySchema),
    ).not.toBeNull();
  });
});
