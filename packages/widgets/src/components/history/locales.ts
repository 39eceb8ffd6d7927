/** Strings of <pagatore-history> in Italian: data only, gathered with every area's in `locales/it.ts`. */
const it = {
  'history.title': 'Pagamenti effettuati',
  'history.search': 'Ricerca pratiche',
  'history.from': 'Pagate dal',
  'history.to': 'Pagate al',
  'history.service': 'Servizio',
  'history.anyService': 'Tutti i servizi',
  'history.code': 'IUV o Codice Avviso',
  'history.amount': 'Importo (euro)',
  'history.submit': 'Cerca',
  'history.reset': 'Azzera filtri',
  'history.results': '{count} pagamenti trovati',
  'history.resultsOne': '1 pagamento trovato',
  'history.none': 'Nessun pagamento corrisponde ai filtri.',
  'history.paidOn': 'Pagato il {date}',
  'history.fee': 'commissione {fee}',
  'history.psp': 'con {psp}',
  'history.download': 'Scarica ricevuta',
  'history.downloadLabel': 'Scarica ricevuta: {description}',
  'history.more': 'Mostra altri',
  'history.loginFirst': 'Accedi per vedere i tuoi pagamenti.',
  'history.badRange': 'La data finale precede quella iniziale.',
  'history.nav': 'Codice Avviso',
  'history.payer': 'Pagato da {payer}',
  'history.overpaid':
    'Pagato in più: la pratica risultava già pagata. L’ente è stato avvisato per restituire questo importo.',
  'history.beneficiaries': 'Ripartito tra: {list}',
} as const;

export type Keys = keyof typeof it;

export default it;
