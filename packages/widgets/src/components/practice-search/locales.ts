/** Strings of <pagatore-practice-search>. */
import { registerMessages } from '../../locales/index.js';

const it = {
  'search.title': 'Cerca una pratica',
  'search.intro':
    'Inserisci il codice fiscale o la partita IVA del debitore e il Codice Avviso (oppure lo IUV) riportati sull’avviso di pagamento.',
  'search.form': 'Ricerca',
  'search.by': 'Cerca con',
  'search.byNav': 'Codice Avviso',
  'search.byIuv': 'IUV',
  'search.iuvLabel': 'IUV (Identificativo Univoco di Versamento)',
  'search.iuvHint': 'Da 15 a 17 cifre, come stampato sull’avviso.',
  'search.iuvEmpty': 'Inserisci lo IUV.',
  'search.iuvFormat': 'Lo IUV è composto da 15 a 17 cifre.',
  'search.submit': 'Cerca',
  'search.searching': 'Ricerca in corso…',
  'search.notFound':
    'Nessuna pratica corrisponde ai dati inseriti. Controlla il codice fiscale e il Codice Avviso (o lo IUV) e riprova.',
  'search.found': 'Pratica trovata',
  'search.account': 'Hai un account?',
  'search.link': 'Aggiungi alle mie pratiche',
  'search.linked': 'La pratica è nelle tue pratiche.',
  'search.loginToPay':
    'Per pagare la pratica o aggiungerla al carrello accedi o registrati: dopo l’accesso tornerai a questa pratica.',
  'search.loginTitle': 'Accesso necessario',
  'search.newSearch': 'Nuova ricerca',
} as const;

type Keys = keyof typeof it;

const en: Record<Keys, string> = {
  'search.title': 'Find a practice',
  'search.intro':
    'Enter the debtor’s fiscal code or VAT number and the notice code (or the IUV) printed on the payment notice.',
  'search.form': 'Search',
  'search.by': 'Search by',
  'search.byNav': 'Notice code',
  'search.byIuv': 'IUV',
  'search.iuvLabel': 'IUV (unique payment identifier)',
  'search.iuvHint': '15 to 17 digits, as printed on the notice.',
  'search.iuvEmpty': 'Enter the IUV.',
  'search.iuvFormat': 'The IUV has 15 to 17 digits.',
  'search.submit': 'Search',
  'search.searching': 'Searching…',
  'search.notFound':
    'No practice matches the data entered. Check the fiscal code and the notice code (or the IUV) and try again.',
  'search.found': 'Practice found',
  'search.account': 'Do you have an account?',
  'search.link': 'Add to my practices',
  'search.linked': 'The practice is in your practices.',
  'search.loginToPay':
    'To pay the practice or add it to the cart, log in or register: after logging in you will come back to this practice.',
  'search.loginTitle': 'Login required',
  'search.newSearch': 'New search',
};

const de: Record<Keys, string> = {
  'search.title': 'Zahlungsposition suchen',
  'search.intro':
    'Steuernummer oder MwSt.-Nummer des Schuldners und den Zahlungshinweiscode (oder den IUV) vom Zahlungshinweis eingeben.',
  'search.form': 'Suche',
  'search.by': 'Suchen mit',
  'search.byNav': 'Zahlungshinweiscode',
  'search.byIuv': 'IUV',
  'search.iuvLabel': 'IUV (eindeutige Zahlungskennung)',
  'search.iuvHint': '15 bis 17 Ziffern, wie auf dem Zahlungshinweis.',
  'search.iuvEmpty': 'Bitte den IUV eingeben.',
  'search.iuvFormat': 'Der IUV hat 15 bis 17 Ziffern.',
  'search.submit': 'Suchen',
  'search.searching': 'Suche läuft…',
  'search.notFound':
    'Keine Zahlungsposition entspricht den eingegebenen Daten. Bitte Steuernummer und Zahlungshinweiscode (oder IUV) prüfen.',
  'search.found': 'Zahlungsposition gefunden',
  'search.account': 'Haben Sie ein Konto?',
  'search.link': 'Zu meinen Zahlungspositionen',
  'search.linked': 'Die Zahlungsposition ist in Ihren Zahlungspositionen.',
  'search.loginToPay':
    'Zum Bezahlen oder für den Warenkorb bitte anmelden oder registrieren: danach kehren Sie zu dieser Zahlungsposition zurück.',
  'search.loginTitle': 'Anmeldung erforderlich',
  'search.newSearch': 'Neue Suche',
};

registerMessages({ it, en, de });
