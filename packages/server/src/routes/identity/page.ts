/**
 * The pages a refused digital-identity login or logout shows: what happened, in the citizen's
 * language, and a way back.
 */
import type { Lang } from '@pagatore/sdk';
import type { RefusalReason } from '../../identity/flows.js';
import type { LogoutRefusalReason } from '../../identity/logout.js';
import type { AppContext } from '../../http/context.js';

const TITLE: Record<Lang, string> = {
  it: 'Accesso non riuscito',
  en: 'Login failed',
  de: 'Anmeldung fehlgeschlagen',
};

const BACK: Record<Lang, string> = {
  it: 'Torna al portale',
  en: 'Back to the portal',
  de: 'Zurück zum Portal',
};

const WHY: Record<RefusalReason, Record<Lang, string>> = {
  unknown_provider: {
    it: 'Il gestore di identità scelto non è configurato per questo ente.',
    en: 'The identity provider chosen is not configured for this entity.',
    de: 'Der gewählte Identitätsanbieter ist für diese Körperschaft nicht eingerichtet.',
  },
  bad_return_url: {
    it: 'La pagina di ritorno non è tra quelle autorizzate dall’ente.',
    en: 'The return page is not one the entity allowed.',
    de: 'Die Rückkehrseite ist von der Körperschaft nicht zugelassen.',
  },
  unknown_state: {
    it: 'Questo accesso non è stato avviato da qui o è già scaduto. Riprova dal portale.',
    en: 'This login was not started here or has expired. Try again from the portal.',
    de: 'Diese Anmeldung wurde nicht hier gestartet oder ist abgelaufen. Bitte erneut im Portal versuchen.',
  },
  expired: {
    it: 'L’accesso è scaduto: ricomincia dal portale.',
    en: 'The login expired: start again from the portal.',
    de: 'Die Anmeldung ist abgelaufen: bitte im Portal neu beginnen.',
  },
  replayed: {
    it: 'Questa risposta è già stata usata. Per sicurezza ogni accesso vale una sola volta.',
    en: 'This answer was already used. For safety each login works once.',
    de: 'Diese Antwort wurde bereits verwendet. Aus Sicherheitsgründen gilt jede Anmeldung nur einmal.',
  },
  provider_error: {
    it: 'Il gestore di identità non ha completato l’accesso. Riprova più tardi.',
    en: 'The identity provider did not complete the login. Try again later.',
    de: 'Der Identitätsanbieter hat die Anmeldung nicht abgeschlossen. Bitte später erneut versuchen.',
  },
  invalid_answer: {
    it: 'La risposta del gestore di identità non è valida ed è stata rifiutata.',
    en: 'The identity provider’s answer is not valid and was refused.',
    de: 'Die Antwort des Identitätsanbieters ist ungültig und wurde abgelehnt.',
  },
  no_fiscal_code: {
    it: 'Il gestore di identità non ha fornito il codice fiscale: l’accesso non è possibile.',
    en: 'The identity provider gave no fiscal code: the login is not possible.',
    de: 'Der Identitätsanbieter hat keine Steuernummer übermittelt: die Anmeldung ist nicht möglich.',
  },
  untrusted_provider: {
    it: 'Non è stato possibile verificare che il gestore di identità faccia parte della federazione SPID/CIE (catena di fiducia non valida o scaduta): l’accesso è stato bloccato.',
    en: 'The identity provider could not be verified as a member of the SPID/CIE federation (its trust chain is invalid or expired): the login was stopped.',
    de: 'Der Identitätsanbieter konnte nicht als Mitglied der SPID/CIE-Föderation bestätigt werden (Vertrauenskette ungültig oder abgelaufen): die Anmeldung wurde gestoppt.',
  },
};

const LOGOUT_TITLE: Record<Lang, string> = {
  it: 'Sei uscito dal portale',
  en: 'You are logged out of the portal',
  de: 'Sie sind vom Portal abgemeldet',
};

const LOGOUT_WHY: Record<LogoutRefusalReason, Record<Lang, string>> = {
  unknown_state: {
    it: 'La risposta del gestore di identità non corrisponde a un’uscita avviata da qui.',
    en: 'The identity provider’s answer does not match a logout started here.',
    de: 'Die Antwort des Identitätsanbieters passt zu keiner hier gestarteten Abmeldung.',
  },
  expired: {
    it: 'L’uscita dal gestore di identità è scaduta: per chiudere anche quella sessione chiudi il browser.',
    en: 'The logout at the identity provider expired: close the browser to end that session too.',
    de: 'Die Abmeldung beim Identitätsanbieter ist abgelaufen: Schließen Sie den Browser, um auch diese Sitzung zu beenden.',
  },
  replayed: {
    it: 'Questa risposta del gestore di identità è già stata usata.',
    en: 'This answer of the identity provider was already used.',
    de: 'Diese Antwort des Identitätsanbieters wurde bereits verwendet.',
  },
  unknown_provider: {
    it: 'Il gestore di identità non è più configurato: per chiudere anche quella sessione chiudi il browser.',
    en: 'The identity provider is no longer configured: close the browser to end that session too.',
    de: 'Der Identitätsanbieter ist nicht mehr eingerichtet: Schließen Sie den Browser, um auch diese Sitzung zu beenden.',
  },
};

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(
  c: AppContext,
  o: { title: string; why: string; reason: string; back: string | null; lang: Lang; status: 400 | 404 },
): Response {
  const back = o.back ? `<p><a href="${esc(o.back)}">${BACK[o.lang]}</a></p>` : '';
  const html = `<!doctype html>
<html lang="${o.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${o.title}</title>
<style>body{font-family:"Titillium Web",system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#17324d}h1{font-size:1.5rem}a{color:#0066cc}</style>
</head><body><main data-reason="${o.reason}"><h1>${o.title}</h1><p>${o.why}</p>${back}</main></body></html>`;
  c.header('Cache-Control', 'no-store');
  return c.html(html, o.status);
}

/** Answers the page (400; 404 for an unknown provider) with `data-reason` for tests and support. */
export function refusalPage(
  c: AppContext,
  reason: RefusalReason,
  returnUrl: string | null,
  lang: Lang,
): Response {
  return page(c, {
    title: TITLE[lang],
    why: WHY[reason][lang],
    reason,
    back: returnUrl,
    lang,
    status: reason === 'unknown_provider' ? 404 : 400,
  });
}

/**
 * The page a refused answer to a provider's logout shows: the portal session is over anyway, the
 * provider's may not be; with a link back to the page the citizen logged out from, when known.
 */
export function logoutRefusalPage(
  c: AppContext,
  reason: LogoutRefusalReason,
  returnUrl: string | null,
  lang: Lang,
): Response {
  return page(c, {
    title: LOGOUT_TITLE[lang],
    why: LOGOUT_WHY[reason][lang],
    reason,
    back: returnUrl,
    lang,
    status: 400,
  });
}
