/** Importo field: Italian input ("1.234,56") to integer cents and back, with bounds. */
import { formatCents, type Lang, parseAmount } from '@pagatore/sdk';
import type { MessageKey } from '../../locales/index.js';

/** Cents, or null when the text is not an amount. */
export function parseImporto(input: string): number | null {
  const r = parseAmount(input);
  return r.ok ? r.cents : null;
}

/** Display form in the language's notation, or the input unchanged when it does not parse. */
export function formatImporto(input: string, lang: Lang = 'it'): string {
  const r = parseAmount(input);
  return r.ok ? formatCents(r.cents, lang) : input;
}

/** The problem as a locale key with its parameters, or null when valid. */
export function validateImporto(
  input: string,
  bounds: { min?: number; max?: number } = {},
  lang: Lang = 'it',
): { key: MessageKey; params?: Record<string, string> } | null {
  const r = parseAmount(input);
  if (!r.ok) return { key: `field.importo.${r.problem}` as MessageKey };
  if (bounds.min !== undefined && r.cents < bounds.min)
    return { key: 'field.importo.min', params: { min: `${formatCents(bounds.min, lang)} €` } };
  if (bounds.max !== undefined && r.cents > bounds.max)
    return { key: 'field.importo.max', params: { max: `${formatCents(bounds.max, lang)} €` } };
  return null;
}
