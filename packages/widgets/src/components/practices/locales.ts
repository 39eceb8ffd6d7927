/** Strings of <pagatore-practices> in Italian: data only, gathered with every area's in `locales/it.ts`. */
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
} as const;

export type Keys = keyof typeof it;

export default it;
