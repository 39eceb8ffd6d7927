/** Strings of <pagatore-practices> in German: data only, loaded with the rest of the German strings when asked for. */
import type { Keys } from './locales.js';

const de: Record<Keys, string> = {
  'practices.title': 'Meine Zahlungspositionen',
  'practices.loginNeeded':
    'Bitte anmelden, um die Zahlungspositionen Ihrer Steuernummer und die gefundenen oder erstellten zu sehen.',
  'practices.loading': 'Zahlungspositionen werden geladen…',
  'practices.empty':
    'Keine Zahlungspositionen. Suchen Sie eine mit dem Zahlungshinweiscode: eine auf Ihre Steuernummer zeigt auch die anderen.',
  'practices.count': '{count} Zahlungspositionen',
  'practices.sort': 'Sortieren nach',
  'practices.sort.dueDate': 'Nächste Fälligkeit',
  'practices.sort.-dueDate': 'Späteste Fälligkeit',
  'practices.sort.amount': 'Betrag aufsteigend',
  'practices.sort.-amount': 'Betrag absteigend',
  'practices.sort.-createdAt': 'Neueste',
  'practices.origin.search': 'Über die Suche gefunden',
  'practices.origin.spontaneous': 'Spontane Zahlung',
  'practices.origin.assigned': 'Auf Ihren Namen',
  'practices.pagination': 'Seiten der Zahlungspositionen',
  'practices.previous': 'Vorherige Seite',
  'practices.next': 'Nächste Seite',
  'practices.page': 'Seite {page} von {pages}',
};

export default de;
