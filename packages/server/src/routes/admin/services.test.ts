import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  check,
  serviceAmount,
  submissionSchema,
  type ServiceInput,
  ServiceInput as Schema,
} from '@pagatore/sdk';
import * as v from 'valibot';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { as, testKey, IBAN, otherEntityKey } from '../../../test/support/admin-fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const canteen: ServiceInput = {
  code: 'MENSA-TEST',
  name: { it: 'Mensa', en: 'Canteen' },
  notes: 'Ricarica disponibile dal giorno dopo.',
  fields: [
    { name: 'child', type: 'text', label: 'Bambino', required: true, pattern: "[\\p{L} ']+" },
    { name: 'amount', type: 'amount', label: 'Importo', required: true },
  ],
  amount: { kind: 'entered', field: 'amount', min: 1000, max: 30000 },
  position: { description: 'Mensa {child}', iban: IBAN, taxonomy: '9/0101002IM/' },
};

describe('admin services', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  let other: ReturnType<typeof as>;
  beforeAll(async () => {
    h = await createHarness();
    api = as(h, await testKey(h));
    other = as(h, await otherEntityKey(h));
  });
  afterAll(() => h.close());

  it('creates, lists, gets, replaces and deletes a service', async () => {
    const created = await api('POST', '/api/v1/admin/services', canteen);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ code: 'MENSA-TEST', enabled: true, fields: [{}, {}] });
    expect((await api('POST', '/api/v1/admin/services', canteen)).status).toBe(409);
    const list = (await (await api('GET', '/api/v1/admin/services')).json()) as Json;
    expect(list.items.map((s: Json) => s.code)).toContain('MENSA-TEST');
    const { code: _c, ...rest } = canteen;
    const put = await api('PUT', '/api/v1/admin/services/MENSA-TEST', { ...rest, enabled: false });
    expect(put.status).toBe(200);
    expect(((await put.json()) as Json).enabled).toBe(false);
    expect((await api('GET', '/api/v1/admin/services/MENSA-TEST')).status).toBe(200);
    expect((await other('GET', '/api/v1/admin/services/MENSA-TEST')).status).toBe(404);
    expect((await other('DELETE', '/api/v1/admin/services/MENSA-TEST')).status).toBe(404);
    expect((await api('DELETE', '/api/v1/admin/services/MENSA-TEST')).status).toBe(204);
    expect((await api('GET', '/api/v1/admin/services/MENSA-TEST')).status).toBe(404);
    expect((await api('PUT', '/api/v1/admin/services/MENSA-TEST', rest)).status).toBe(404);
  });

  const bad: [string, (s: Json) => void, string, string][] = [
    ['an unknown field type', (s) => (s.fields[0].type = 'colour'), 'fields.0.type', 'invalid_choice'],
    ['a bad pattern', (s) => (s.fields[0].pattern = '(['), 'fields.0.pattern', 'invalid_format'],
    ['duplicate field names', (s) => (s.fields[1].name = 'child'), 'fields', 'mismatch'],
    ['an amount rule on a missing field', (s) => (s.amount.field = 'nope'), 'amount', 'mismatch'],
    ['min above max', (s) => (s.amount.min = 50000), 'amount', 'mismatch'],
    [
      'a template naming a missing field',
      (s) => (s.position.description = 'Mensa {kid}'),
      'position',
      'mismatch',
    ],
    ['a bad IBAN', (s) => (s.position.iban = 'IT00X'), 'position.iban', 'invalid_iban'],
    ['a bad taxonomy', (s) => (s.position.taxonomy = 'x'), 'position.taxonomy', 'invalid_taxonomy'],
    ['an unknown field', (s) => (s.colour = 'red'), 'colour', 'unknown_field'],
    [
      'fractional fixed cents',
      (s) => (s.amount = { kind: 'fixed', amount: 10.5 }),
      'amount.amount',
      'invalid_cents',
    ],
  ];
  for (const [name, mutate, path, code] of bad) {
    it(`refuses ${name}`, async () => {
      const body = structuredClone(canteen) as Json;
      mutate(body);
      const res = await api('POST', '/api/v1/admin/services', body);
      expect(res.status).toBe(422);
      const e = ((await res.json()) as Json).error;
      expect(e.fields).toContainEqual(expect.objectContaining({ path, code }));
    });
  }

  it('checks and prices submissions with the same definition the widgets use', () => {
    const s = v.parse(Schema, canteen);
    const schema = submissionSchema(s);
    expect(check(schema, { child: 'Anna', amount: 5000 })).toMatchObject({ ok: true });
    expect(serviceAmount(s, { child: 'Anna', amount: 5000 })).toBe(5000);
    const low = check(schema, { child: 'Anna', amount: 500 });
    expect(low.ok ? [] : low.fields).toContainEqual(
      expect.objectContaining({ path: 'amount', code: 'invalid_amount' }),
    );
    const extra = check(schema, { child: 'Anna', amount: 5000, x: 1 });
    expect(extra.ok).toBe(false);
    const pattern = check(schema, { child: 'Anna99', amount: 5000 });
    expect(pattern.ok ? [] : pattern.fields).toContainEqual(
      expect.objectContaining({ path: 'child', code: 'invalid_format' }),
    );
  });
});
