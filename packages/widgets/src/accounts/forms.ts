/** Form data shared by the account widgets: the country list of the address fields. */
import { COUNTRY_CODES } from '@pagatore/sdk';
import type { Lang } from '../locales/index.js';

/** Country options in the user's language, Italy first. */
export function countryOptions(lang: Lang): { value: string; label: string }[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([lang], { type: 'region' });
  } catch {
    names = null;
  }
  const all = COUNTRY_CODES.map((code) => ({ value: code, label: names?.of(code) ?? code }));
  const italy = all.filter((c) => c.value === 'IT');
  const rest = all.filter((c) => c.value !== 'IT').sort((a, b) => a.label.localeCompare(b.label, lang));
  return [...italy, ...rest];
}
