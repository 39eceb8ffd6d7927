/**
 * Money is integer euro cents everywhere. These turn what people type ("1.234,56", "12,5",
 * "1234.56") into cents without ever going through a float, and cents back into display text.
 */

export type AmountProblem = 'empty' | 'format' | 'precision' | 'range';

/** Largest amount a pagoPA notice can carry: 999.999.999,99 € (FACTS.md §3). */
export const MAX_CENTS = 99_999_999_999;

/**
 * Parses an amount typed in Italian (or plain) notation into integer cents.
 * Accepts "1.234,56", "1234,56", "1234.56" (a single dot followed by 1-2 digits is a decimal point),
 * "€ 12", "12,5". Rejects more than two decimals, negative amounts and ambiguous groupings.
 * @example parseAmount('1.234,56') // { ok: true, cents: 123456 }
 */
export function parseAmount(
  input: string,
): { ok: true; cents: number } | { ok: false; problem: AmountProblem } {
  const s = input.replace(/[\s\u00a0€]/g, '').replace(/^EUR/i, '');
  if (s === '') return { ok: false, problem: 'empty' };
  let intPart: string;
  let decPart: string;
  if (/^[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?$/.test(s)) {
    // Italian with thousands separators.
    const [i, d = ''] = s.split(',');
    intPart = (i ?? '').replace(/\./g, '');
    decPart = d;
  } else if (/^[0-9]+(,[0-9]+)?$/.test(s)) {
    const [i, d = ''] = s.split(',');
    intPart = i ?? '';
    decPart = d;
  } else if (/^[0-9]+\.[0-9]{1,2}$/.test(s)) {
    const [i, d = ''] = s.split('.');
    intPart = i ?? '';
    decPart = d;
  } else if (/^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$/.test(s)) {
    // English with thousands separators.
    const [i, d = ''] = s.split('.');
    intPart = (i ?? '').replace(/,/g, '');
    decPart = d;
  } else {
    return { ok: false, problem: 'format' };
  }
  if (decPart.length > 2) return { ok: false, problem: 'precision' };
  const digits = intPart.replace(/^0+(?=[0-9])/, '') + decPart.padEnd(2, '0');
  if (digits.length > 12) return { ok: false, problem: 'range' };
  const cents = Number(digits);
  if (!Number.isSafeInteger(cents) || cents > MAX_CENTS) return { ok: false, problem: 'range' };
  return { ok: true, cents };
}

/** True for a non-negative safe integer number of cents within pagoPA's maximum. */
export function isCents(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_CENTS;
}

/**
 * Formats cents for display: `formatCents(123456)` is "1.234,56" in Italian.
 * @example formatCents(123456, 'en') // '1,234.56'
 */
export function formatCents(cents: number, locale: 'it' | 'en' | 'de' = 'it'): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError('cents must be an integer');
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100).toString();
  const dec = (abs % 100).toString().padStart(2, '0');
  const [thousands, decimal] = locale === 'en' ? [',', '.'] : ['.', ','];
  const grouped = euros.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return `${negative ? '-' : ''}${grouped}${decimal}${dec}`;
}

/** Formats cents with the euro sign, in the locale's position: "1.234,56 €" / "€1,234.56". */
export function formatEuro(cents: number, locale: 'it' | 'en' | 'de' = 'it'): string {
  return locale === 'en' ? `€${formatCents(cents, locale)}` : `${formatCents(cents, locale)} €`;
}

/** Cents as the decimal euro string SOAP messages carry: 15000 → "150.00". */
export function centsToDecimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${(abs % 100).toString().padStart(2, '0')}`;
}

/** A decimal euro string with up to two decimals ("150.00") into cents, without floats. */
export function decimalToCents(value: string): number | null {
  const m = /^([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(value.trim());
  if (!m) return null;
  const cents = Number((m[1] ?? '0') + (m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}
