import { ERROR_CODES, FIELD_CODES } from '@pagatore/sdk';
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, FIELD_MESSAGES, fieldMessage, messageOf, validate } from './messages.js';
import { FiscalCode, Nav, EntityCreate } from '@pagatore/sdk';

describe('the words of the API', () => {
  it('has a message in each language for every error code and field code of the SDK, and none for other codes', () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual(Object.keys(ERROR_CODES).sort());
    expect(Object.keys(FIELD_MESSAGES).sort()).toEqual([...FIELD_CODES].sort());
    for (const texts of [...Object.values(ERROR_MESSAGES), ...Object.values(FIELD_MESSAGES)])
      for (const text of texts) expect(text.trim().length).toBeGreaterThan(3);
    expect(messageOf('bad_request', 'en')).toBe('Malformed request.');
    expect(messageOf('bad_request')).toBe('Richiesta non valida.');
  });

  it('validates with a stable field code and a message per language', () => {
    expect(validate(FiscalCode, 'RSSMRA85T10A562T')).toEqual({
      ok: false,
      fields: [
        { path: '', code: 'invalid_fiscal_code', message: 'Codice fiscale o partita IVA non valido.' },
      ],
    });
    expect(validate(Nav, '30100000000000014', 'en')).toMatchObject({
      ok: false,
      fields: [{ code: 'invalid_nav', message: expect.stringMatching(/18 digits/) }],
    });
    expect(validate(Nav, '3010 0000 0000 0001 44')).toEqual({ ok: true, value: '301000000000000144' });
    const logo = validate(
      EntityCreate,
      { code: '80012345676', name: 'Comune', segregationCode: '01', logoUrl: 'ftp://x.it/l.png' },
      'en',
    );
    expect(logo.ok ? [] : logo.fields).toEqual([
      {
        path: 'logoUrl',
        code: 'https_required',
        message: 'An https:// address is required (http:// in demo mode only).',
      },
    ]);
  });

  it('tells wrong check digits from a code of the wrong shape, in every language', () => {
    // 3010 0000 0000 0001 44 is right (FACTS.md); its last two digits changed.
    const messages = (['it', 'en', 'de'] as const).map((lang) => {
      const r = validate(Nav, '301000000000000145', lang);
      return r.ok ? '' : (r.fields[0]?.message ?? '');
    });
    expect(messages[0]).toMatch(/cifre \(di controllo\) non corrispondono/);
    expect(messages[1]).toMatch(/check digits\) do not match/);
    expect(messages[2]).toMatch(/Prüfziffern\) passen nicht/);
    expect(messages[0]).not.toMatch(/sono 18 cifre/);
  });

  it('reads a code outside the set as a format problem', () => {
    expect(fieldMessage('no_such_code', 'en')).toBe(fieldMessage('invalid_format', 'en'));
  });
});
