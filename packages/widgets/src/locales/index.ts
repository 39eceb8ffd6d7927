/**
 * Translation: Italian by default, English and German complete. Strings live in the locale files;
 * the SDK gives error and field codes: the words for field codes are the widgets' (`errors.*.ts`),
 * and so are those for the API error codes a browser meets without the server's message; the
 * others the server's error body says, in the widgets' language (`errorMessage`).
 *
 * One way for every language: each area keeps its strings in data-only files that import nothing
 * but the Italian file's key type (`locales.ts` Italian, `locales.en.ts`, `locales.de.ts`), and
 * `it.ts`, `en.ts`, `de.ts` gather them. Components import no locale file: they only call
 * `translate` (through their PortalController). Italian is always in the bundle; English and German
 * are files of their own that `loadLang` fetches the first time a page or provider asks for them;
 * until they arrive `translate` answers in Italian. `registerMessages` is for an embedder's
 * overrides, not for the widgets' own strings.
 */
import { isErrorCode, isFieldCode, type Lang } from '@pagatore/sdk';
import { it, type MessageKey, type Messages } from './it.js';
import { type ShippedCatalog, unpackCatalog } from './packed.js';

export type { Lang, MessageKey, Messages };

/** Loaded catalogs: Italian from the start, the others once `loadLang` fetched them. */
const catalogs: Record<Lang, Record<string, string> | null> = { it: { ...it }, en: null, de: null };

/** An embedder's overrides, in any language; they win over the catalogs. */
const extra: Record<Lang, Record<string, string>> = { it: {}, en: {}, de: {} };

const loaders: Record<Exclude<Lang, 'it'>, () => Promise<{ default: ShippedCatalog }>> = {
  en: () => import('./en.js'),
  de: () => import('./de.js'),
};
const loading = new Map<Lang, Promise<void>>();

/**
 * Adds an embedder's strings or overrides, in any of the languages, for what the widgets show; the
 * files the server makes (the calendar `.ics`, the notice, the receipt) keep the server's texts.
 */
export function registerMessages(messages: Partial<Record<Lang, Record<string, string>>>): void {
  for (const lang of ['it', 'en', 'de'] as const) Object.assign(extra[lang], messages[lang]);
}

/** True when a language's strings are here (Italian always is). */
export function hasLang(lang: Lang): boolean {
  return catalogs[lang] !== null;
}

/**
 * Fetches a language's strings once for the page. Resolves when `translate` can use them; a failed
 * fetch (offline) resolves too, leaving Italian, and is tried again on the next call.
 */
export function loadLang(lang: Lang): Promise<void> {
  if (lang === 'it' || catalogs[lang]) return Promise.resolve();
  let p = loading.get(lang);
  if (!p) {
    p = loaders[lang]().then(
      (m) => {
        catalogs[lang] = unpackCatalog(m.default, Object.keys(it));
      },
      () => {
        loading.delete(lang);
      },
    );
    loading.set(lang, p);
  }
  return p;
}

/** A translated string with `{name}` placeholders filled. Falls back to Italian, then the key. */
export function translate(
  lang: Lang,
  key: MessageKey | (string & {}),
  params: Record<string, string | number> = {},
): string {
  const raw = extra[lang][key] ?? catalogs[lang]?.[key] ?? extra.it[key] ?? catalogs.it?.[key] ?? key;
  return raw.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/**
 * The citizen's words for an API error code or field code; an unknown code reads as a bad format.
 * `said` is the message of the server's error body (or of one of its field errors), which the
 * server gives in the language the widgets asked in: for the codes the widgets' catalogs leave to
 * it (`errors.it.ts`) it is what the citizen reads, after an embedder's own words
 * (`registerMessages`). Without it such an error code reads as a failed operation, and such a field
 * code as a bad format.
 * @example errorMessage('en', 'cart_full', err.message) // the server's words for a full cart
 */
export function errorMessage(lang: Lang, code: string, said?: string): string {
  const key = isErrorCode(code)
    ? `apiError.${code}`
    : isFieldCode(code)
      ? `fieldCode.${code}`
      : 'fieldCode.invalid_format';
  if (key in it || extra[lang][key] !== undefined || extra.it[key] !== undefined) return translate(lang, key);
  return said || translate(lang, key.startsWith('apiError.') ? 'error.failed' : 'fieldCode.invalid_format');
}

/** it | en | de from a BCP 47 tag (`de-AT` → de); Italian otherwise. */
export function normalizeLang(tag: string | null | undefined): Lang {
  const base = (tag ?? '').slice(0, 2).toLowerCase();
  return base === 'en' || base === 'de' ? base : 'it';
}

const CHOSEN_KEY = 'pagatore:lang';

/** The language the citizen chose with the portal's switch, remembered by this browser; null if none. */
export function chosenLang(): Lang | null {
  try {
    const v = localStorage.getItem(CHOSEN_KEY);
    return v === 'it' || v === 'en' || v === 'de' ? v : null;
  } catch {
    // Storage blocked (sandboxed frame, privacy mode): the page's language applies.
    return null;
  }
}

/** Remembers the citizen's language choice for every page of this browser (local storage). */
export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(CHOSEN_KEY, lang);
  } catch {
    // Without storage the choice lasts for this page only.
  }
}
