import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Cents, check, EntityCode, FiscalCode, Iban, IsoDate, Nav, text } from '../src/schemas/common.js';

describe('shared input schemas', () => {
  it('normalise what people type', () => {
    expect(check(FiscalCode, ' rssmra85t10a562s ')).toEqual({ ok: true, value: 'RSSMRA85T10A562S' });
    expect(check(Nav, '3010 0000 0000 0001 44')).toEqual({ ok: true, value: '301000000000000144' });
    expect(check(Iban, 'it60 x054 2811 1010 0000 0123 456')).toEqual({
      ok: true,
      value: 'IT60X0542811101000000123456',
    });
  });

  it('give a stable field code', () => {
    expect(check(FiscalCode, 'RSSMRA85T10A562T')).toEqual({
      ok: false,
      fields: [{ path: '', code: 'invalid_fiscal_code' }],
    });
    expect(check(Nav, '30100000000000014')).toEqual({
      ok: false,
      fields: [{ path: '', code: 'invalid_nav' }],
    });
    expect(check(EntityCode, '123')).toMatchObject({ ok: false, fields: [{ code: 'invalid_entity_code' }] });
  });

  it('tell 18 digits with wrong check digits from a code of the wrong shape', () => {
    // 3010 0000 0000 0001 44 is right (FACTS.md); its last two digits changed, or two digits swapped.
    for (const wrong of ['301000000000000145', '3010 0000 0000 0001 45', '301000000000000414']) {
      const r = check(Nav, wrong);
      expect(r.ok ? [] : r.fields.map((f) => f.code), wrong).toEqual(['invalid_nav_check']);
    }
    for (const shape of [
      '30100000000000014',
      '3010000000000001444',
      '30100000000000014x',
      '901000000000000144',
    ])
      expect(check(Nav, shape)).toMatchObject({ ok: false, fields: [{ code: 'invalid_nav' }] });
    expect(check(Nav, '3010 0000 0000 0001 44')).toEqual({ ok: true, value: '301000000000000144' });
  });

  it('refuse money that is not integer, non-negative cents', () => {
    for (const bad of [-1, 1.5, Number.NaN, Infinity, '100', 1e15]) {
      const r = check(Cents, bad);
      expect(r.ok, String(bad)).toBe(false);
    }
    expect(check(Cents, 0)).toEqual({ ok: true, value: 0 });
    expect(check(Cents, 1e15)).toMatchObject({ ok: false, fields: [{ code: 'too_large' }] });
  });

  it('refuse impossible dates', () => {
    expect(check(IsoDate, '2026-02-29').ok).toBe(false);
    expect(check(IsoDate, '2028-02-29').ok).toBe(true);
    expect(check(IsoDate, '29/02/2028').ok).toBe(false);
  });

  it('report paths, missing fields and unknown fields of objects', () => {
    const schema = v.strictObject({
      name: text(5),
      amount: Cents,
      nested: v.strictObject({ cf: FiscalCode }),
    });
    const r = check(schema, { name: 'toolongname', nested: { cf: 'x' }, extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.fields.map((f) => [f.path, f.code]));
    expect(byPath).toMatchObject({
      name: 'too_long',
      amount: 'required',
      'nested.cf': 'invalid_fiscal_code',
      extra: 'unknown_field',
    });
  });
});
