/** Strings of <pagatore-practice-search> in German: data only, loaded with the rest of the German strings when asked for. */
import type { Keys } from './locales.js';

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
  'search.backToPractice':
    'Sie sind angemeldet. Hier ist die Position: Wählen Sie, ob Sie sie jetzt bezahlen oder in den Warenkorb legen.',
  'search.loginTitle': 'Anmeldung erforderlich',
  'search.payLinkFound': 'Zu zahlende Position',
  'search.payLinkTitle': 'Dieser Zahlungslink ist nicht verwendbar',
  'search.payLinkWayOn':
    'Sie können die Zahlungsposition unten mit der Steuernummer und dem Zahlungscode auf der Zahlungsaufforderung suchen.',
  'search.newSearch': 'Neue Suche',
};

export default de;
