/**
 * Codice fiscale of persons (16 characters, check letter, omocodia) and 11-digit codes of legal
 * persons / partita IVA (Luhn-like check digit), per D.M. 23/12/1976 (FACTS.md §7).
 *
 * An 11-digit code is usually a legal person, but provisional codes of persons and the partita IVA of
 * sole traders are 11 digits too: the code alone never decides the subject type.
 */

/** Which shape a fiscal code has: 16-character personal code or 11-digit numeric code. */
export type FiscalCodeKind = 'personal' | 'numeric';

export type FiscalCodeProblem = 'empty' | 'length' | 'format' | 'checksum';

export type FiscalCodeResult =
  { ok: true; value: string; kind: FiscalCodeKind } | { ok: false; problem: FiscalCodeProblem };

const ODD_VALUES = [
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];
const OMOCODIA_LETTERS = 'LMNPQRSTUV';
/** 0-based positions where omocodia may replace a digit with a letter. */
const OMOCODIA_POSITIONS = [6, 7, 9, 10, 12, 13, 14];
const MONTH_LETTERS = 'ABCDEHLMPRST';

const PERSONAL_SHAPE =
  /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
const NUMERIC_SHAPE = /^[0-9]{11}$/;

/** Upper-cases and removes spaces, dots and dashes people type or paste around a code. */
export function normalizeFiscalCode(input: string): string {
  return input.replace(/[\s.\-_]/g, '').toUpperCase();
}

function charValue(c: string): number {
  const code = c.charCodeAt(0);
  return code >= 48 && code <= 57 ? code - 48 : code - 65;
}

/** Check letter of the first 15 characters of a personal fiscal code. */
export function personalCheckLetter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const v = charValue(first15.charAt(i));
    // Positions are 1-based in the decree: odd positions are indexes 0, 2, 4, ...
    sum += i % 2 === 0 ? (ODD_VALUES[v] ?? 0) : v;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** Check digit of the first 10 digits of an 11-digit code (partita IVA algorithm). */
export function numericCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = first10.charCodeAt(i) - 48;
    if (i % 2 === 0) sum += d;
    else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Validates a codice fiscale or an 11-digit code, after normalisation.
 * @example validateFiscalCode(' rssmra85t10a562s ') // { ok: true, value: 'RSSMRA85T10A562S', kind: 'personal' }
 */
export function validateFiscalCode(input: string): FiscalCodeResult {
  const value = normalizeFiscalCode(input);
  if (value === '') return { ok: false, problem: 'empty' };
  if (value.length === 11) {
    if (!NUMERIC_SHAPE.test(value)) return { ok: false, problem: 'format' };
    if (numericCheckDigit(value) !== value.charCodeAt(10) - 48) return { ok: false, problem: 'checksum' };
    return { ok: true, value, kind: 'numeric' };
  }
  if (value.length === 16) {
    if (!PERSONAL_SHAPE.test(value)) return { ok: false, problem: 'format' };
    // The day, omocodia letters read as digits (what decodeOmocodia would give, without the rest).
    const day = Number(omocodiaDigit(value.charAt(9)) + omocodiaDigit(value.charAt(10)));
    if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return { ok: false, problem: 'format' };
    if (personalCheckLetter(value) !== value.charAt(15)) return { ok: false, problem: 'checksum' };
    return { ok: true, value, kind: 'personal' };
  }
  return { ok: false, problem: 'length' };
}

/** True when the input is a valid fiscal code of either kind. */
export function isValidFiscalCode(input: string): boolean {
  return validateFiscalCode(input).ok;
}

function omocodiaDigit(c: string): string {
  const idx = OMOCODIA_LETTERS.indexOf(c);
  return idx >= 0 ? String(idx) : c;
}

/** Maps omocodia letters back to digits, so two spellings of one person's code compare equal. */
export function decodeOmocodia(code: string): string {
  if (code.length !== 16) return code;
  let first15 = code.slice(0, 15);
  // Most codes have no omocodia letter: the string is rebuilt only for those that do.
  if (OMOCODIA_POSITIONS.some((p) => OMOCODIA_LETTERS.includes(code.charAt(p)))) {
    const chars = first15.split('');
    for (const p of OMOCODIA_POSITIONS) {
      const idx = OMOCODIA_LETTERS.indexOf(chars[p] ?? '');
      if (idx >= 0) chars[p] = String(idx);
    }
    first15 = chars.join('');
  }
  return first15 + personalCheckLetter(first15);
}

/**
 * One spelling per person, for comparing and storing: spaces and case folded and omocodia letters
 * mapped back, so ` rssmra85t10a56nh` and `RSSMRA85T10A562S` give the same code. A numeric
 * (company) code comes back normalised only.
 */
export function canonicalFiscalCode(code: string): string {
  return decodeOmocodia(normalizeFiscalCode(code));
}

/** Birth data encoded in a personal code (after omocodia decoding). */
export interface PersonalCodeData {
  year2: number;
  month: number;
  day: number;
  sex: 'M' | 'F';
  belfiore: string;
}

/** Decodes birth date, sex and place code from a valid personal fiscal code. */
export function decodePersonalCode(code: string): PersonalCodeData | null {
  const r = validateFiscalCode(code);
  if (!r.ok || r.kind !== 'personal') return null;
  const d = decodeOmocodia(r.value);
  const dayRaw = Number(d.slice(9, 11));
  return {
    year2: Number(d.slice(6, 8)),
    month: MONTH_LETTERS.indexOf(d.charAt(8)) + 1,
    day: dayRaw > 40 ? dayRaw - 40 : dayRaw,
    sex: dayRaw > 40 ? 'F' : 'M',
    belfiore: d.slice(11, 15),
  };
}

/** Applies omocodia substitutions to the `level` rightmost eligible positions (1-7). */
export function applyOmocodia(code: string, level: number): string {
  const chars = code.slice(0, 15).split('');
  const positions = [...OMOCODIA_POSITIONS].reverse().slice(0, level);
  for (const p of positions) {
    const c = chars[p] ?? '';
    if (c >= '0' && c <= '9') chars[p] = OMOCODIA_LETTERS.charAt(Number(c));
  }
  const first15 = chars.join('');
  return first15 + personalCheckLetter(first15);
}
