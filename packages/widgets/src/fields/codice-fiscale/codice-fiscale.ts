/**
 * Codice fiscale / partita IVA field: parse (normalise), format (upper case), validate (the SDK's
 * rules). Partial input is kept as typed; only blur formats it.
 */
import { normalizeFiscalCode, validateFiscalCode } from '@pagatore/sdk';
import type { MessageKey } from '../../locales/index.js';

/** What the user typed, normalised: spaces removed, upper case. */
export function parseCodiceFiscale(input: string): string {
  return normalizeFiscalCode(input);
}

/** Display form: the normalised code. */
export function formatCodiceFiscale(input: string): string {
  return normalizeFiscalCode(input);
}

/** The locale key of the problem, or null when valid. */
export function validateCodiceFiscale(input: string): MessageKey | null {
  const r = validateFiscalCode(input);
  return r.ok ? null : (`field.codiceFiscale.${r.problem}` as MessageKey);
}
