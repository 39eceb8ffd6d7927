/** Strings of <pagatore-portal> in German: data only, loaded with the rest of the German strings when asked for. */
import type { Keys } from './locales.js';

const de: Record<Keys, string> = {
  'portal.nav': 'Zahlungen',
  'portal.practices': 'Meine Zahlungspositionen',
  'portal.spontaneous': 'Spontane Zahlung',
  'portal.history': 'Zahlungsverlauf',
  'portal.search': 'Zahlungshinweis suchen',
  'portal.cart': 'Warenkorb',
  'portal.login': 'Anmelden',
  'portal.register': 'Registrieren',
  'portal.account': 'Ihr pagoPA-Konto',
  'portal.accountMenu': 'Kontomenü',
  'portal.title.ricerca': 'Zahlungshinweis suchen',
  'portal.title.accedi': 'Anmelden',
  'portal.title.registrati': 'Registrieren',
  'portal.title.pratiche': 'Meine Zahlungspositionen',
  'portal.title.spontaneo': 'Spontane Zahlung',
  'portal.title.carrello': 'Warenkorb',
  'portal.title.storico': 'Zahlungsverlauf',
  'portal.title.account': 'Ihr Konto',
  'portal.title.pagamento': 'Ergebnis der Zahlung',
  'portal.loginNeeded': 'Melden Sie sich an, um fortzufahren.',
  'portal.region': 'Zahlungsportal',
  'portal.language': 'Sprache',
  'portal.loggedOut': 'Sie haben sich vom Zahlungsportal abgemeldet.',
  'portal.providerLoggedOut': 'Sie haben sich vom Zahlungsportal und vom Identitätsanbieter abgemeldet.',
  'portal.providerStillOpen':
    'Sie haben sich vom Zahlungsportal abgemeldet. Ihre Sitzung beim Identitätsanbieter ist möglicherweise noch offen: Schließen Sie den Browser, um sie zu beenden.',
  'portal.closed': 'Ihr Konto wurde geschlossen und Ihre Profildaten gelöscht.',
  'portal.unavailable': 'Der Zahlungsdienst ist nicht erreichbar. Bitte später erneut versuchen.',
};

export default de;
