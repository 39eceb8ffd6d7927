/** Codice Avviso (NAV) field: 18 digits, spaces allowed as printed, mod-93 check. */
import { formatNav, normalizeNav, parseNav } from '@pagatore/sdk';
import type { MessageKey } from '../../locales/index.js';

/** Digits only, as the API wants them. */
export function parseCodiceAvviso(input: string): string {
  return normalizeNav(input);
}

/** Groups of four, as printed on the notice: `3010 0000 0000 0001 44`. */
export function formatCodiceAvviso(input: string): string {
  const digits = normalizeNav(input);
  return /^[0-9]+$/.test(digits) ? formatNav(digits) : input;
}

/** The locale key of the problem, or null when valid. */
export function validateCodiceAvviso(input: string): MessageKey | null {
  const r = parseNav(input);
  return r.ok ? null : (`field.codiceAvviso.${r.problem}` as MessageKey);
}
