/**
 * Every input schema of the contract (params, query, body of every endpoint), fed bodies of its own
 * shape whose values are now plausible (a valid fiscal code, a strong password, a name) and now of
 * any type: `check` answers field problems and never throws, so no cross-field rule ever reads a
 * value its field's schema has not accepted.
 */
import fc from 'fast-check';
import type * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { check, type Endpoint, endpoints } from '../src/index.js';

/** Strings some field of the contract accepts, so cross-field rules get typed values to compare. */
const PLAUSIBLE = [
  'RSSMRA85T10A562S',
  '12345670488',
  '80012345676',
  'Mario',
  'Rossi',
  'Rossi Srl',
  'mario.rossi',
  'mario@example.it',
  'Tramonto-sul-Tevere-42',
  'Mario-sul-Tevere-42',
  '301000000000000144',
  '01000000000000144',
  'IT60X0542811101000000123456',
  '9/0101002IM/',
  '2026-01-31',
  '2025-12-01',
  'https://www.comune.example.it',
  'IT',
  'RM',
  '00100',
  '+39 06 1234567',
  'person',
  'legal',
  'it',
  '',
];

const anyValue = fc.oneof(
  fc.constantFrom(...PLAUSIBLE),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

type Node = {
  type: string;
  entries?: Record<string, Node>;
  item?: Node;
  wrapped?: Node;
  options?: unknown[];
  literal?: unknown;
};

/** Values shaped like the schema (objects with its keys, arrays of its items), leaves of any type. */
function shaped(schema: Node, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return anyValue;
  if (schema.wrapped) return fc.oneof(fc.constant(undefined), shaped(schema.wrapped, depth));
  if (schema.entries) {
    const entries = Object.fromEntries(
      Object.entries(schema.entries).map(([k, s]) => [k, shaped(s, depth + 1)]),
    );
    return fc.oneof(
      { weight: 1, arbitrary: anyValue },
      { weight: 6, arbitrary: fc.record(entries, { requiredKeys: [] }) },
    );
  }
  if (schema.item) return fc.oneof(anyValue, fc.array(shaped(schema.item, depth + 1), { maxLength: 3 }));
  if (schema.type === 'literal') return fc.oneof(fc.constant(schema.literal), anyValue);
  if (schema.type === 'picklist' && schema.options)
    return fc.oneof(fc.constantFrom(...schema.options), anyValue);
  if ((schema.type === 'variant' || schema.type === 'union') && schema.options?.length)
    return fc.oneof(...(schema.options as Node[]).map((o) => shaped(o, depth + 1)));
  return anyValue;
}

const inputs = (Object.values(endpoints) as Endpoint[]).flatMap((ep) =>
  (['params', 'query', 'body'] as const)
    .filter((part) => ep[part] !== undefined)
    .map((part) => [`${ep.id} ${part}`, ep[part] as v.GenericSchema] as const),
);

describe('contract schemas under values of any type', () => {
  it.each(inputs)('%s: field problems, never an exception', (_name, schema) => {
    fc.assert(
      fc.property(shaped(schema as unknown as Node), (value) => {
        const r = check(schema, value);
        if (!r.ok) expect(r.fields.length).toBeGreaterThan(0);
      }),
      { numRuns: 150, seed: 16 },
    );
  });
});
