/**
 * Numero Avviso (NAV, the 18-digit "Codice Avviso" printed on a notice) and IUV, per the pagoPA
 * SACI (FACTS.md §1): NAV = aux digit + [application code | -] + IUV; IUV check digit = first 16
 * NAV digits mod 93.
 */

export type AuxDigit = 0 | 1 | 2 | 3;

/** What an entity needs to turn an IUV into a NAV and back. */
export interface NavScheme {
  auxDigit: AuxDigit;
  /** Application code (aux 0) or segregation code (aux 3): two digits. Ignored for aux 1 and 2. */
  code?: string;
}

export interface ParsedNav {
  nav: string;
  iuv: string;
  auxDigit: AuxDigit;
  /** Application code for aux 0, segregation code for aux 3. */
  code?: string;
  /** IUV base (without segregation code and check digits). */
  base: string;
  checkDigits?: string;
}

export type NavProblem = 'empty' | 'length' | 'format' | 'aux' | 'checksum';

const TWO_DIGITS = /^[0-9]{2}$/;

/** Removes the spaces and dashes a Codice Avviso is printed or typed with. */
export function normalizeNav(input: string): string {
  return input.replace(/[\s.-]/g, '');
}

/** mod-93 check digits of a 16-digit NAV prefix, zero padded to two digits. */
export function navCheckDigits(prefix16: string): string {
  if (!/^[0-9]{16}$/.test(prefix16)) throw new RangeError('a NAV prefix is 16 digits');
  return String(BigInt(prefix16) % 93n).padStart(2, '0');
}

/** Base length of the IUV for each aux digit. */
export function iuvBaseLength(aux: AuxDigit): number {
  return aux === 1 ? 17 : aux === 2 ? 15 : 13;
}

/**
 * Builds NAV and IUV from a numeric base.
 * @example buildNav({ auxDigit: 3, code: '01' }, '0000000000001') // { nav: '301000000000000144', iuv: '01000000000000144' }
 */
export function buildNav(scheme: NavScheme, base: string): { nav: string; iuv: string } {
  const len = iuvBaseLength(scheme.auxDigit);
  if (!new RegExp(`^[0-9]{${len}}$`).test(base)) {
    throw new RangeError(`IUV base must be ${len} digits for aux digit ${scheme.auxDigit}`);
  }
  if ((scheme.auxDigit === 0 || scheme.auxDigit === 3) && !TWO_DIGITS.test(scheme.code ?? '')) {
    throw new RangeError('aux digits 0 and 3 need a two-digit code');
  }
  switch (scheme.auxDigit) {
    case 1:
      return { nav: `1${base}`, iuv: base };
    case 2: {
      const cd = navCheckDigits(`2${base}`);
      return { nav: `2${base}${cd}`, iuv: `${base}${cd}` };
    }
    case 0: {
      const cd = navCheckDigits(`0${scheme.code}${base}`);
      return { nav: `0${scheme.code}${base}${cd}`, iuv: `${base}${cd}` };
    }
    case 3: {
      const cd = navCheckDigits(`3${scheme.code}${base}`);
      return { nav: `3${scheme.code}${base}${cd}`, iuv: `${scheme.code}${base}${cd}` };
    }
  }
}

/**
 * Parses and verifies an 18-digit NAV (spaces allowed as printed).
 * @example parseNav('3010 0000 0000 0001 44')
 */
export function parseNav(input: string): { ok: true; value: ParsedNav } | { ok: false; problem: NavProblem } {
  const nav = normalizeNav(input);
  if (nav === '') return { ok: false, problem: 'empty' };
  if (!/^[0-9]+$/.test(nav)) return { ok: false, problem: 'format' };
  if (nav.length !== 18) return { ok: false, problem: 'length' };
  const aux = Number(nav.charAt(0));
  if (aux > 3) return { ok: false, problem: 'aux' };
  if (aux !== 1 && navCheckDigits(nav.slice(0, 16)) !== nav.slice(16))
    return { ok: false, problem: 'checksum' };
  switch (aux) {
    case 0:
      return {
        ok: true,
        value: {
          nav,
          iuv: nav.slice(3),
          auxDigit: 0,
          code: nav.slice(1, 3),
          base: nav.slice(3, 16),
          checkDigits: nav.slice(16),
        },
      };
    case 1:
      return { ok: true, value: { nav, iuv: nav.slice(1), auxDigit: 1, base: nav.slice(1) } };
    case 2:
      return {
        ok: true,
        value: { nav, iuv: nav.slice(1), auxDigit: 2, base: nav.slice(1, 16), checkDigits: nav.slice(16) },
      };
    default:
      return {
        ok: true,
        value: {
          nav,
          iuv: nav.slice(1),
          auxDigit: 3,
          code: nav.slice(1, 3),
          base: nav.slice(3, 16),
          checkDigits: nav.slice(16),
        },
      };
  }
}

/** True when the input is a NAV with a correct check (aux 1 has none). */
export function isValidNav(input: string): boolean {
  return parseNav(input).ok;
}

/** The IUV carried by a NAV. */
export function navToIuv(nav: string): string {
  const r = parseNav(nav);
  if (!r.ok) throw new RangeError(`invalid NAV (${r.problem})`);
  return r.value.iuv;
}

/**
 * The NAV for an IUV under an entity's scheme, checking the IUV's own check digits.
 * @example iuvToNav('01000000000000144', { auxDigit: 3, code: '01' }) // '301000000000000144'
 */
export function iuvToNav(iuvInput: string, scheme: NavScheme): string {
  const iuv = normalizeNav(iuvInput);
  const nav = scheme.auxDigit === 0 ? `0${scheme.code ?? ''}${iuv}` : `${scheme.auxDigit}${iuv}`;
  const r = parseNav(nav);
  if (!r.ok) throw new RangeError(`IUV does not fit the entity's scheme (${r.problem})`);
  if (scheme.auxDigit === 3 && r.value.code !== scheme.code) {
    throw new RangeError("IUV does not start with the entity's segregation code");
  }
  if (scheme.auxDigit === 0 && r.value.code !== scheme.code) throw new RangeError('wrong application code');
  return r.value.nav;
}

/** Validates an IUV under an entity's scheme. */
export function isValidIuv(iuv: string, scheme: NavScheme): boolean {
  try {
    iuvToNav(iuv, scheme);
    return true;
  } catch {
    return false;
  }
}

/** A NAV printed in groups of four: `3010 0000 0000 0001 44`. */
export function formatNav(nav: string): string {
  return normalizeNav(nav).replace(/(.{4})(?=.)/g, '$1 ');
}
