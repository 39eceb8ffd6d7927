/** IBAN (ISO 13616) validation: country length table for SEPA countries and the mod-97 check. */

const LENGTHS: Record<string, number> = {
  AD: 24,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  VA: 22,
};

/** Upper-cases and removes spaces. */
export function normalizeIban(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** ISO 7064 mod 97-10 over an alphanumeric string (letters A=10 … Z=35). */
export function mod97(value: string): number {
  let rem = 0;
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem;
}

/**
 * mod97 of `value` rotated left by `shift` characters, for a string of [0-9A-Z] only: a letter is
 * two digits at once (rem·100 + 10…35), so no string is built.
 */
function mod97Alnum(value: string, shift: number): number {
  let rem = 0;
  const n = value.length;
  for (let k = 0; k < n; k++) {
    const code = value.charCodeAt((k + shift) % n);
    rem = code >= 65 ? (rem * 100 + code - 55) % 97 : (rem * 10 + code - 48) % 97;
  }
  return rem;
}

/**
 * True for a well-formed IBAN of a SEPA country with a correct check.
 * @example isValidIban('IT60 X054 2811 1010 0000 0123 456') // true
 */
export function isValidIban(input: string): boolean {
  const iban = normalizeIban(input);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const len = LENGTHS[iban.slice(0, 2)];
  if (len === undefined || iban.length !== len) return false;
  if (iban.startsWith('IT') && !/^IT[0-9]{2}[A-Z][0-9]{10}[A-Z0-9]{12}$/.test(iban)) return false;
  return mod97Alnum(iban, 4) === 1;
}

/** True for an Italian IBAN of Poste Italiane (ABI 07601), which pagoPA treats as a postal IBAN. */
export function isPostalIban(input: string): boolean {
  const iban = normalizeIban(input);
  return isValidIban(iban) && iban.startsWith('IT') && iban.slice(5, 10) === '07601';
}
