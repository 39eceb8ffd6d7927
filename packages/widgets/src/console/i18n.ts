/** The console's `t()`: its own strings in Italian or English, and the widgets' texts of error codes. */
import { PagatoreError } from '@pagatore/sdk';
import errorsEn from '../locales/errors.en.js';
import errorsIt from '../locales/errors.it.js';
import * as apiErrors from './api-errors.js';
import { type ConsoleKey, en, it } from './words.js';

export type ConsoleLang = 'it' | 'en';
export type { ConsoleKey };

const catalogs: Record<ConsoleLang, Record<ConsoleKey, string>> = { it, en };
const errors: Record<ConsoleLang, Record<string, string>> = { it: errorsIt, en: errorsEn };

/** A string with `{name}` placeholders filled. */
export function t(lang: ConsoleLang, key: ConsoleKey, vars: Record<string, string | number> = {}): string {
  return catalogs[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** What a person reads for an error: the words of its code, never the server's raw text. */
export function errorText(lang: ConsoleLang, e: unknown): string {
  if (e instanceof PagatoreError)
    return apiErrors[lang][e.code] ?? errors[lang][`apiError.${e.code}`] ?? t(lang, 'error.generic');
  return t(lang, 'error.generic');
}

/** A field problem's words (`fieldCode.<code>`), or the generic one. */
export function fieldText(lang: ConsoleLang, code: string): string {
  const own = lang === 'it' ? apiErrors.itFields : apiErrors.enFields;
  return own[code] ?? errors[lang][`fieldCode.${code}`] ?? t(lang, 'error.generic');
}

/** A date-time for people, in Rome's time. */
export function dateTime(lang: ConsoleLang, iso: string): string {
  return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'medium',
    timeZone: 'Europe/Rome',
  }).format(new Date(iso));
}

/** A `YYYY-MM-DD` date for people. */
export function date(lang: ConsoleLang, ymd: string): string {
  const [y, m, d] = ymd.split('-');
  return lang === 'it' ? `${d}/${m}/${y}` : `${d}/${m}/${y}`;
}
