/**
 * Translation: Italian by default, English and German complete. Strings live in the locale files;
 * API error and field codes use the SDK's messages so the server and the widgets say the same.
 */
import { fieldMessage, isErrorCode, type Lang, messageOf } from '@pagatore/sdk';
import { de } from './de.js';
import { en } from './en.js';
import { it, type MessageKey, type Messages } from './it.js';

export type { Lang, MessageKey, Messages };

const CATALOGS: Record<Lang, Messages> = { it, en, de };

/** Extra strings areas register (each component folder may add its own keys). */
const extra: Record<Lang, Record<string, string>> = { it: {}, en: {}, de: {} };

/** Adds strings for a component; the Italian catalog must have every key the others have. */
export function registerMessages(catalogs: Record<Lang, Record<string, string>>): void {
  for (const lang of ['it', 'en', 'de'] as const) Object.assign(extra[lang], catalogs[lang]);
}

/** A translated string with `{name}` placeholders filled. Falls back to Italian, then the key. */
export function translate(
  lang: Lang,
  key: MessageKey | (string & {}),
  params: Record<string, string | number> = {},
): string {
  const raw =
    (CATALOGS[lang] as Record<string, string>)[key] ??
    extra[lang][key] ??
    (CATALOGS.it as Record<string, string>)[key] ??
    extra.it[key] ??
    key;
  return raw.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** The message of an API error code or field code in a language. */
export function errorMessage(lang: Lang, code: string): string {
  return isErrorCode(code) ? messageOf(code, lang) : fieldMessage(code, lang);
}

/** it | en | de from a BCP 47 tag (`de-AT` → de); Italian otherwise. */
export function normalizeLang(tag: string | null | undefined): Lang {
  const base = (tag ?? '').slice(0, 2).toLowerCase();
  return base === 'en' || base === 'de' ? base : 'it';
}
