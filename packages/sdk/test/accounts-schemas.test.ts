import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  check,
  COUNTRY_CODES,
  defaultSubjectKind,
  hasCommonPasswords,
  isCommonPassword,
  isPersonalPassword,
  Password,
  passwordStrength,
  useCommonPasswords,
  ProfileUpdate,
  Registration,
} from '../src/index.js';
import { COMMON_PASSWORDS_TEXT } from '../src/schemas/common-passwords.js';

const valid = {
  fiscalCode: 'rssmra85t10a562s',
  subjectKind: 'person',
  firstName: 'Mario',
  lastName: 'Rossi',
  address: 'Via Roma 1',
  country: 'it',
  city: 'Roma',
  province: 'rm',
  postalCode: '00100',
  email: 'mario@example.it',
  phone: '+39 06 1234567',
  username: 'Mario.Rossi',
  password: 'Tramonto-sul-Tevere-42',
  privacyConsent: true,
  privacyVersion: '2026-01',
};

describe('account schemas', () => {
  it('normalises a valid registration', () => {
    const r = check(Registration, valid);
    expect(r.ok && r.value).toMatchObject({
      fiscalCode: 'RSSMRA85T10A562S',
      country: 'IT',
      province: 'RM',
      username: 'mario.rossi',
    });
  });

  it('reports every cross-field problem at once, with other fields also wrong', () => {
    const r = check(Registration, {
      ...valid,
      subjectKind: 'legal',
      companyName: undefined,
      postalCode: '123',
      email: 'nope',
      privacyConsent: undefined,
    });
    expect(r.ok).toBe(false);
    const codes = r.ok ? [] : r.fields.map((f) => `${f.path}:${f.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'email:invalid_email',
        'subjectKind:subject_mismatch',
        'companyName:required',
        'firstName:not_applicable',
        'postalCode:invalid_postal_code',
        'privacyConsent:consent_required',
      ]),
    );
  });

  it('follows Italian rules only in Italy', () => {
    const abroad = check(Registration, { ...valid, country: 'CH', province: '', postalCode: 'CH-8001' });
    expect(abroad.ok && abroad.value.province).toBe(undefined);
    const upd = check(ProfileUpdate, {
      address: 'x',
      country: 'IT',
      city: 'y',
      province: 'Milano',
      postalCode: '2012',
      phone: '021234567',
    });
    expect(upd.ok ? [] : upd.fields.map((f) => f.code).sort()).toEqual([
      'invalid_postal_code',
      'invalid_province',
    ]);
  });

  it('knows common passwords only once given the list (repeated characters always)', () => {
    expect(hasCommonPasswords()).toBe(false);
    expect(isCommonPassword('Password2024!')).toBe(false);
    expect(isCommonPassword('aaaaaaaaaaaa')).toBe(true);
    expect(check(Password, 'Password2024!').ok).toBe(true);
    useCommonPasswords(COMMON_PASSWORDS_TEXT);
    expect(hasCommonPasswords()).toBe(true);
    expect(check(Password, 'Password2024!').ok).toBe(false);
  });

  it('knows common and personal passwords, and hints strength', () => {
    for (const p of [
      'password',
      'Password2024!',
      'juventus1897',
      '1234567890',
      'p4ssw0rd',
      'aaaaaaaaaaaa',
      'Qwertyuiop',
    ])
      expect(isCommonPassword(p), p).toBe(true);
    expect(isCommonPassword('Tramonto-sul-Tevere-42')).toBe(false);
    expect(isPersonalPassword('xxmario.rossixx', { username: 'mario.rossi' })).toBe(true);
    expect(isPersonalPassword('Tramonto-42!', { username: 'mario.rossi', firstName: 'Mario' })).toBe(false);
    expect(passwordStrength('short')).toBe(0);
    expect(passwordStrength('password123')).toBe(0);
    expect(passwordStrength('Tramonto-sul-Tevere-42')).toBeGreaterThanOrEqual(3);
  });

  it('proposes legal for 11 digits and person for 16 characters; lists countries', () => {
    expect(defaultSubjectKind('12345670488')).toBe('legal');
    expect(defaultSubjectKind('RSSMRA85T10A562S')).toBe('person');
    expect(COUNTRY_CODES).toContain('IT');
    expect(new Set(COUNTRY_CODES).size).toBe(COUNTRY_CODES.length);
  });
});

describe('cross-field rules read only fields that passed their own schema', () => {
  const personal = ['email', 'firstName', 'lastName', 'username', 'fiscalCode', 'companyName'] as const;
  const legal = { ...valid, fiscalCode: '12345670488', subjectKind: 'legal', companyName: 'Rossi Srl' };
  delete (legal as Record<string, unknown>).firstName;
  delete (legal as Record<string, unknown>).lastName;

  it('answers field problems, never throws, for a non-string personal field beside a string password', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...personal),
        fc.oneof(
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.array(fc.jsonValue(), { maxLength: 3 }),
          fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
        ),
        (field, value) => {
          const base = field === 'companyName' ? legal : valid;
          const r = check(Registration, { ...base, [field]: value });
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.fields.map((f) => f.path)).toContain(field);
        },
      ),
      { numRuns: 300, seed: 16 },
    );
  });

  it('still finds a personal password through the fields that passed', () => {
    const r = check(Registration, { ...valid, email: 123, password: 'Mario-sul-Tevere-42' });
    expect(r.ok ? [] : r.fields.map((f) => `${f.path}:${f.code}`).sort()).toEqual([
      'email:invalid_type',
      'password:password_personal',
    ]);
  });
});
