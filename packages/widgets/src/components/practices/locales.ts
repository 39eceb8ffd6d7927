/** Strings of <pagatore-practices>. */
import { registerMessages } from '../../locales/index.js';

const it = {
  'practices.title': 'Le mie pratiche',
  'practices.loginNeeded':
    'Accedi per vedere le pratiche associate al tuo codice fiscale e quelle che hai trovato o creato.',
  'practices.loading': 'Caricamento delle pratiche…',
  'practices.empty':
    'Non ci sono pratiche. Cerca una pratica con il Codice Avviso: trovarne una intestata al tuo codice fiscale ti mostra anche le altre.',
  'practices.count': '{count} pratiche',
  'practices.sort': 'Ordina per',
  'practices.sort.dueDate': 'Scadenza più vicina',
  'practices.sort.-dueDate': 'Scadenza più lontana',
  'practices.sort.amount': 'Importo crescente',
  'practices.sort.-amount': 'Importo decrescente',
  'practices.sort.-createdAt': 'Più recenti',
  'practices.origin.search': 'Trovata con la ricerca',
  'practices.origin.spontaneous': 'Pagamento spontaneo',
  'practices.origin.assigned': 'Intestata a te',
  'practices.pagination': 'Pagine delle pratiche',
  'practices.previous': 'Pagina precedente',
  'practices.next': 'Pagina successiva',
  'practices.page': 'Pagina {page} di {pages}',
  'practices.created': 'Pratica creata: la trovi nell’elenco.',
} as const;

type Keys = keyof typeof it;

const en: Record<Keys, string> = {
  'practices.title': 'My practices',
  'practices.loginNeeded': 'Log in to see the practices of your fiscal code and those you found or created.',
  'practices.loading': 'Loading practices…',
  'practices.empty':
    'There are no practices. Find one with its notice code: finding one in your fiscal code also shows the others.',
  'practices.count': '{count} practices',
  'practices.sort': 'Sort by',
  'practices.sort.dueDate': 'Nearest due date',
  'practices.sort.-dueDate': 'Latest due date',
  'practices.sort.amount': 'Amount, lowest first',
  'practices.sort.-amount': 'Amount, highest first',
  'practices.sort.-createdAt': 'Newest',
  'practices.origin.search': 'Found by search',
  'practices.origin.spontaneous': 'Spontaneous payment',
  'practices.origin.assigned': 'In your name',
  'practices.pagination': 'Pages of practices',
  'practices.previous': 'Previous page',
  'practices.next': 'Next page',
  'practices.page': 'Page {page} of {pages}',
  'practices.created': 'Practice created: it is in the list.',
};

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
  'practices.created': 'Zahlungsposition erstellt: sie steht in der Liste.',
};

registerMessages({ it, en, de });
