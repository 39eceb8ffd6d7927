import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOmocodia,
  canonicalFiscalCode,
  decodeOmocodia,
  decodePersonalCode,
  numericCheckDigit,
  personalCheckLetter,
  validateFiscalCode,
} from '../src/codes/codice-fiscale.js';

describe('codice fiscale (FACTS.md §7)', () => {
  it.each(['RSSMRA85T10A562S', 'BSCMTT83A12L719R', 'JHNDOE00A01F205N'])('accepts %s', (cf) => {
    expect(validateFiscalCode(cf)).toEqual({ ok: true, value: cf, kind: 'personal' });
  });

  it.each([
    'RSSMRA85T10A56NH',
    'RSSMRA85T10A5SNT',
    'RSSMRA85T10ARSNO',
    'RSSMRA85T1LARSNR',
    'RSSMRA85TMLARSNC',
    'RSSMRA8RTMLARSNO',
    'RSSMRAURTMLARSNL',
  ])('accepts omocode variant %s and decodes it to the original', (cf) => {
    expect(validateFiscalCode(cf).ok).toBe(true);
    expect(decodeOmocodia(cf)).toBe('RSSMRA85T10A562S');
  });

  it('gives one canonical spelling per person: spaces, case and omocodia folded', () => {
    expect(canonicalFiscalCode(' rssmra 85t10 a56nh ')).toBe('RSSMRA85T10A562S');
    expect(canonicalFiscalCode('RSSMRAURTMLARSNL')).toBe('RSSMRA85T10A562S');
    expect(canonicalFiscalCode('RSSMRA85T10A562S')).toBe('RSSMRA85T10A562S');
    // A company's numeric code and a short or odd input are only normalised.
    expect(canonicalFiscalCode('0123 4567-890')).toBe('01234567890');
    expect(canonicalFiscalCode('abc')).toBe('ABC');
  });

  it('rejects the avviso guide trap RSSMRA60D20F205R (check letter is C)', () => {
    expect(validateFiscalCode('RSSMRA60D20F205R')).toEqual({ ok: false, problem: 'checksum' });
    expect(validateFiscalCode('RSSMRA60D20F205C').ok).toBe(true);
  });

  it('normalises case and spaces', () => {
    expect(validateFiscalCode(' rssmra 85t10 a562s ')).toMatchObject({ ok: true, value: 'RSSMRA85T10A562S' });
  });

  it.each([
    ['', 'empty'],
    ['RSSMRA85T10A562', 'length'],
    ['RSSMRA85T10A562SX', 'length'],
    ['RSSMRA85Z10A562S', 'format'],
    ['RSSMRA85T10A562T', 'checksum'],
    ['1234567890A', 'format'],
    ['RSSMRA85T99A562S', 'format'],
  ])('rejects %j as %s', (cf, problem) => {
    expect(validateFiscalCode(cf)).toEqual({ ok: false, problem });
  });

  it.each(['01199250158', '00085240950', '12345670488'])('accepts 11-digit code %s', (cf) => {
    expect(validateFiscalCode(cf)).toEqual({ ok: true, value: cf, kind: 'numeric' });
  });

  it('rejects 77777777777 (pagoPA test entity code, check digit should be 0)', () => {
    expect(numericCheckDigit('7777777777')).toBe(0);
    expect(validateFiscalCode('77777777777')).toEqual({ ok: false, problem: 'checksum' });
  });

  it('computes the worked example 1234567 048 → 8', () => {
    expect(numericCheckDigit('1234567048')).toBe(8);
  });

  it('decodes birth data, including women (+40) and omocodia', () => {
    expect(decodePersonalCode('RSSMRA85T10A562S')).toEqual({
      year2: 85,
      month: 12,
      day: 10,
      sex: 'M',
      belfiore: 'A562',
    });
    expect(decodePersonalCode('RSSMRAURTMLARSNL')).toMatchObject({ day: 10, month: 12, year2: 85 });
  });

  const letters = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
  const digit = fc.integer({ min: 0, max: 9 }).map(String);
  const personal = fc
    .tuple(
      fc.array(letters, { minLength: 6, maxLength: 6 }),
      fc.integer({ min: 0, max: 99 }),
      fc.constantFrom(...'ABCDEHLMPRST'.split('')),
      fc.integer({ min: 1, max: 28 }),
      fc.boolean(),
      letters,
      fc.array(digit, { minLength: 3, maxLength: 3 }),
    )
    .map(([name, year, month, day, female, place, placeDigits]) => {
      const first15 = `${name.join('')}${String(year).padStart(2, '0')}${month}${String(female ? day + 40 : day).padStart(2, '0')}${place}${placeDigits.join('')}`;
      return first15 + personalCheckLetter(first15);
    });

  it('property: generated personal codes validate, and every omocodia level validates and decodes back', () => {
    fc.assert(
      fc.property(personal, fc.integer({ min: 1, max: 7 }), (cf, level) => {
        expect(validateFiscalCode(cf).ok).toBe(true);
        const omo = applyOmocodia(cf, level);
        expect(validateFiscalCode(omo).ok).toBe(true);
        expect(decodeOmocodia(omo)).toBe(cf);
      }),
    );
  });

  it('property: a single changed character is always caught', () => {
    fc.assert(
      fc.property(personal, fc.integer({ min: 0, max: 15 }), letters, (cf, pos, ch) => {
        fc.pre(cf[pos] !== ch);
        const broken = cf.slice(0, pos) + ch + cf.slice(pos + 1);
        // Either the shape or the check letter catches it, unless the change is an omocodia spelling.
        const r = validateFiscalCode(broken);
        if (r.ok) expect(decodeOmocodia(broken)).not.toBe(decodeOmocodia(cf));
      }),
    );
  });

  it('property: generated 11-digit codes validate and any other check digit fails', () => {
    fc.assert(
      fc.property(
        fc.array(digit, { minLength: 10, maxLength: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (d, shift) => {
          const first10 = d.join('');
          const check = numericCheckDigit(first10);
          expect(validateFiscalCode(first10 + check).ok).toBe(true);
          expect(validateFiscalCode(first10 + ((check + shift) % 10)).ok).toBe(false);
        },
      ),
    );
  });
});

describe('fiscal code day with omocodia letters', () => {
  it('accepts and refuses the same codes as decoding the whole code first', () => {
    const unit = (chars: string) => fc.constantFrom(...chars.split(''));
    const digitOrLetter = unit('0123456789LMNPQRSTUV');
    const code = fc
      .tuple(
        fc.string({ unit: unit('ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 6, maxLength: 6 }),
        fc.string({ unit: digitOrLetter, minLength: 2, maxLength: 2 }),
        unit('ABCDEHLMPRST'),
        fc.string({ unit: digitOrLetter, minLength: 2, maxLength: 2 }),
        unit('ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
        fc.string({ unit: digitOrLetter, minLength: 3, maxLength: 3 }),
      )
      .map((parts) => {
        const first15 = parts.join('');
        return first15 + personalCheckLetter(first15);
      });
    fc.assert(
      fc.property(code, (c) => {
        const day = Number(decodeOmocodia(c).slice(9, 11));
        const dayOk = (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
        expect(validateFiscalCode(c).ok).toBe(dayOk);
      }),
      { numRuns: 2000 },
    );
  });
});
