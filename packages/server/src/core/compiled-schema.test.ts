import { PositionInput, practicesEndpoints } from '@pagatore/sdk';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { compileSchema } from './compiled-schema.js';

/** Keys and values in order, so that two outputs compare key order too. */
const shape = (x: unknown): unknown =>
  x && typeof x === 'object'
    ? Array.isArray(x)
      ? x.map(shape)
      : Object.entries(x).map(([k, val]) => [k, shape(val)])
    : x;

/** A field's value: mostly one that passes, now and then a near miss or a wrong type. */
const field = <T, U>(good: T[], bad: U[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...good), weight: 60 },
    { arbitrary: fc.constantFrom(...bad), weight: 1 },
  );
/** Optional keys come and go; required ones are dropped now and then, and a stranger may join. */
const record = <T extends Record<string, fc.Arbitrary<unknown>>>(arbs: T, required: (keyof T)[]) =>
  fc
    .tuple(
      fc.record(arbs, { requiredKeys: [] }),
      fc.record(arbs),
      fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 20 },
        { arbitrary: fc.constantFrom(...required), weight: 1 },
      ),
      fc.oneof({ arbitrary: fc.constant(false), weight: 30 }, { arbitrary: fc.constant(true), weight: 1 }),
    )
    .map(([some, all, drop, stranger]) => {
      const out: Record<string, unknown> = { ...some };
      for (const k of required) out[k as string] = all[k as string];
      if (drop !== undefined) delete out[drop as string];
      if (stranger) out.stranger = 1;
      return out;
    });
const text = field(['TARI 2026', '  Rossi  ', 'Rata 1'], ['', ' ', 'x'.repeat(141), 7, null]);
const transfer = record(
  {
    iban: field(
      ['IT60X0542811101000000123456', 'IT60 X054 2811 1010 0000 0123 456'],
      ['IT61X0542811101000000123456', 5],
    ),
    postal: field([true, false], ['yes']),
    amount: field([15000], [0, -1, 1.5, '100', Number.NaN, 1e20]),
    remittance: text,
    taxonomy: field(['9/0101002IM/', '0101002IM'], ['0101002XX', '']),
  },
  ['iban', 'amount', 'remittance', 'taxonomy'],
);
const option = record(
  {
    amount: field([15000], [0, '100', 100.5]),
    dueDate: field(['2026-12-31', '2026-06-30'], ['2026-02-30', '2026-13-01', '31/12/2026', 5]),
    description: text,
    iuv: field(['01000000000000012'], ['123', 'x']),
    nav: field(['301000000000000144', '3010 0000 0000 0001 44'], ['301000000000000145', 'abc']),
    transfers: fc.oneof(
      { arbitrary: fc.array(transfer, { minLength: 1, maxLength: 1 }), weight: 8 },
      { arbitrary: fc.array(transfer, { maxLength: 6 }), weight: 1 },
      { arbitrary: fc.constant('x'), weight: 1 },
    ),
  },
  ['amount', 'dueDate', 'transfers'],
);
const debtor = record(
  {
    fiscalCode: field(
      ['RSSMRA85T10A562S', 'rssmra85t10a562s', '01199250158'],
      ['RSSMRA85T10A562X', '0119925015', 3],
    ),
    type: field(['F', 'G'], ['X']),
    name: text,
    address: text,
    city: text,
    postalCode: field(['00100', 'AB 12-3'], ['1', 5]),
    province: field(['rm', 'RM'], ['R1']),
    country: field(['it', 'IT'], ['ITA']),
    email: field(['a@b.it', ' a@b.it '], ['nope', '']),
  },
  ['fiscalCode', 'name'],
);
const position = record(
  {
    iupd: field(['TARI-1', ' TARI-1 '], ['', 'a b', 'x'.repeat(65), 1]),
    debtor: fc.oneof({ arbitrary: debtor, weight: 12 }, { arbitrary: fc.constantFrom(null, 'x'), weight: 1 }),
    description: text,
    service: field(['TARI'], ['TA RI', '']),
    validityDate: field(['2026-01-01'], ['2027-01-01', '2026-1-1']),
    single: option,
    installments: fc.oneof(
      { arbitrary: fc.array(option, { minLength: 2, maxLength: 3 }), weight: 4 },
      { arbitrary: fc.array(option, { maxLength: 1 }), weight: 1 },
      { arbitrary: fc.constant(null), weight: 1 },
    ),
  },
  ['iupd', 'debtor', 'description'],
);

describe('compileSchema', () => {
  const quick = compileSchema(PositionInput);

  it('compiles the position schema', () => {
    expect(quick).not.toBeNull();
  });

  it('passes exactly the positions valibot passes, with the same output in the same key order', () => {
    let passed = 0;
    fc.assert(
      fc.property(position, (input) => {
        const want = v.safeParse(PositionInput, structuredClone(input));
        const got = quick?.(structuredClone(input));
        if (want.success) {
          passed++;
          expect(shape(got)).toEqual(shape(want.output));
        } else {
          expect(got).toBeUndefined();
        }
      }),
      { numRuns: 2000 },
    );
    // The generator reaches valid positions, not only refused ones.
    expect(passed).toBeGreaterThan(80);
  }, 120_000);

  it('leaves a schema with a node it does not know to valibot', () => {
    expect(compileSchema(v.pipe(v.string(), v.url()))).toBeNull();
    expect(compileSchema(v.object({ a: v.string() }))).toBeNull();
  });
});

describe('compileSchema: the citizen search (route compiled)', () => {
  const ep = practicesEndpoints.searchPractice as {
    body: v.GenericSchema;
    params: v.GenericSchema;
  };
  const body = compileSchema(ep.body);
  const params = compileSchema(ep.params);
  const search = record(
    {
      fiscalCode: field(
        ['RSSMRA85T10A562S', 'rssmra85t10a562s', ' RSSMRA85T10A562S ', 'RSSMRA85T10AR62S', '01199250158'],
        ['RSSMRA85T10A562X', '0119925015', 3, null],
      ),
      nav: field(
        ['301000000000000144', '3010 0000 0000 0001 44', undefined],
        ['301000000000000145', 'abc', 7, ''],
      ),
      iuv: field(['01000000000000012', undefined], ['123', 'x', 12]),
    },
    ['fiscalCode'],
  );

  it('compiles the body and path schemas', () => {
    expect(body).not.toBeNull();
    expect(params).not.toBeNull();
  });

  it('passes exactly the searches and entity codes valibot passes, with the same output', () => {
    let passed = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          { arbitrary: search, weight: 20 },
          { arbitrary: fc.constantFrom(null, 'x', [], 5), weight: 1 },
        ),
        fc.record({
          ente: field(['01199250158', '80012345676', ' 01199250158'], ['0119925015', 'abc', '', 5]),
        }),
        (input, path) => {
          const want = v.safeParse(ep.body, structuredClone(input));
          const got = body?.(structuredClone(input));
          if (want.success) {
            passed++;
            expect(shape(got)).toEqual(shape(want.output));
          } else expect(got).toBeUndefined();
          const wantPath = v.safeParse(ep.params, path);
          const gotPath = params?.(path);
          if (wantPath.success) expect(shape(gotPath)).toEqual(shape(wantPath.output));
          else expect(gotPath).toBeUndefined();
        },
      ),
      { numRuns: 3000 },
    );
    expect(passed).toBeGreaterThan(200);
  }, 120_000);
});
