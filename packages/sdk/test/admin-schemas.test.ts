import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  check,
  EntityCreate,
  EntitySettingsUpdate,
  fillTemplate,
  isLogoUrlAllowed,
  localText,
  PositionInput,
  serviceAmount,
  ServiceInput,
  submissionSchema,
} from '../src/index.js';

const IBAN = 'IT60X0542811101000000123456';

describe('position schema', () => {
  const base = {
    iupd: 'A-1',
    debtor: { fiscalCode: 'rssmra85t10a562s', name: ' Mario Rossi ' },
    description: 'TARI',
    single: {
      amount: 100,
      dueDate: '2026-12-31',
      transfers: [
        { iban: 'it60 x054 2811 1010 0000 0123 456', amount: 100, remittance: 'x', taxonomy: '9/0101002IM/' },
      ],
    },
  };

  it('normalises codes and defaults the debtor type from the code', () => {
    const r = check(PositionInput, base);
    expect(r.ok && r.value.debtor).toMatchObject({
      fiscalCode: 'RSSMRA85T10A562S',
      type: 'F',
      name: 'Mario Rossi',
    });
    expect(r.ok && r.value.single?.transfers[0]).toMatchObject({
      iban: IBAN,
      taxonomy: '0101002IM',
      postal: false,
    });
    const company = check(PositionInput, { ...base, debtor: { fiscalCode: '01199250158', name: 'Comune' } });
    expect(company.ok && company.value.debtor.type).toBe('G');
  });

  it('needs an option, at least two installments, and transfers that add up', () => {
    const { single: _s, ...none } = base;
    expect(check(PositionInput, none)).toMatchObject({
      ok: false,
      fields: [{ path: 'single', code: 'required' }],
    });
    const one = check(PositionInput, { ...base, installments: [base.single] });
    expect(one.ok ? [] : one.fields).toContainEqual(
      expect.objectContaining({ path: 'installments', code: 'too_few' }),
    );
    const sum = check(PositionInput, { ...base, single: { ...base.single, amount: 101 } });
    expect(sum.ok ? [] : sum.fields).toContainEqual(
      expect.objectContaining({ path: 'single.transfers', code: 'mismatch' }),
    );
  });
});

describe('service definitions', () => {
  const service = v.parse(ServiceInput, {
    code: 'CDU',
    name: { it: 'Certificato', en: 'Certificate' },
    fields: [
      { name: 'parcels', type: 'number', label: 'Particelle', required: true, min: 1, max: 50 },
      { name: 'urgent', type: 'checkbox', label: 'Urgente' },
      {
        name: 'delivery',
        type: 'select',
        label: 'Consegna',
        required: true,
        options: [
          { value: 'pec', label: 'PEC' },
          { value: 'posta', label: 'Posta', cents: 800 },
        ],
      },
    ],
    amount: {
      kind: 'computed',
      base: 5000,
      terms: [
        { field: 'parcels', cents: 200 },
        { field: 'urgent', cents: 2500 },
      ],
    },
    position: { description: 'CDU {parcels} particelle, {delivery}', iban: IBAN, taxonomy: '9/0101002IM/' },
  });

  it('prices a computed amount from numbers, checkboxes and select options', () => {
    expect(serviceAmount(service, { parcels: 3, urgent: true, delivery: 'posta' })).toBe(
      5000 + 600 + 2500 + 800,
    );
    expect(serviceAmount(service, { parcels: 1, delivery: 'pec' })).toBe(5200);
  });

  it('checks submissions: required, bounds, choices, unknown fields', () => {
    const schema = submissionSchema(service);
    expect(check(schema, { parcels: 2, delivery: 'pec' })).toMatchObject({
      ok: true,
      value: { urgent: false },
    });
    const bad = check(schema, { parcels: 0, delivery: 'fax', extra: 1 });
    const codes = bad.ok ? [] : bad.fields.map((f) => `${f.path}:${f.code}`);
    expect(codes).toEqual(
      expect.arrayContaining(['parcels:too_small', 'delivery:invalid_choice', 'extra:unknown_field']),
    );
    expect(check(schema, { delivery: 'pec' }).ok).toBe(false);
  });

  it('fills templates and picks labels by language', () => {
    expect(fillTemplate('CDU {parcels} particelle, {delivery}', { parcels: 3, delivery: 'pec' })).toBe(
      'CDU 3 particelle, pec',
    );
    expect(fillTemplate('{a}'.repeat(100), { a: 'xy' })).toHaveLength(140);
    expect(localText(service.name, 'en')).toBe('Certificate');
    expect(localText(service.name, 'de')).toBe('Certificato');
  });
});

describe('entity logo URL', () => {
  it('accepts https (and http, which only demo servers take), refuses every other scheme', () => {
    for (const url of ['https://www.comune.example.it/logo.png', 'http://localhost:8787/assets/logo.svg'])
      expect(check(EntitySettingsUpdate, { logoUrl: url }).ok, url).toBe(true);
    for (const url of [
      'javascript:alert(1)',
      'data:image/png;base64,iVBORw0KGgo=',
      'ftp://ftp.example.it/logo.png',
      'file:///etc/passwd',
    ]) {
      for (const [schema, body] of [
        [EntitySettingsUpdate, { logoUrl: url }],
        [EntityCreate, { code: '80012345676', name: 'Comune', segregationCode: '01', logoUrl: url }],
      ] as const) {
        const r = check(schema, body);
        expect(r.ok ? [] : r.fields, url).toEqual([{ path: 'logoUrl', code: 'https_required' }]);
      }
    }
    expect(isLogoUrlAllowed('http://www.comune.example.it/logo.png')).toBe(false);
    expect(isLogoUrlAllowed('http://www.comune.example.it/logo.png', { allowHttp: true })).toBe(true);
    expect(isLogoUrlAllowed('https://www.comune.example.it/logo.png')).toBe(true);
    expect(isLogoUrlAllowed('not a url', { allowHttp: true })).toBe(false);
  });
});
