/** The page a refused digital-identity login shows: what happened, in the citizen's language, and a way back. */
import type { Lang } from '@pagatore/sdk';
import type { RefusalReason } from '../../identity/flows.js';
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

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Answers the page (400; 404 for an unknown provider) with `data-reason` for tests and support. */
export function refusalPage(
  c: AppContext,
  reason: RefusalReason,
  returnUrl: string | null,
  lang: Lang,
): Response {
  const back = returnUrl ? `<p><a href="${esc(returnUrl)}">${BACK[lang]}</a></p>` : '';
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${TITLE[lang]}</title>
<style>body{font-family:"Titillium Web",system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#17324d}h1{font-size:1.5rem}a{color:#0066cc}</style>
</head><body><main data-reason="${reason}"><h1>${TITLE[lang]}</h1><p>${WHY[reason][lang]}</p>${back}</main></body></html>`;
  c.header('Cache-Control', 'no-store');
  return c.html(html, reason === 'unknown_provider' ? 404 : 400);
}
