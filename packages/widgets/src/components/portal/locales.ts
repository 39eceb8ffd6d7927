/** Strings of <pagatore-portal> in Italian: data only, gathered with every area's in `locales/it.ts`. */
const it = {
  'portal.nav': 'Pagamenti',
  'portal.practices': 'Le mie pratiche',
  'portal.spontaneous': 'Inserimento spontaneo',
  'portal.history': 'Storico pagamenti',
  'portal.search': 'Cerca un avviso',
  'portal.cart': 'Carrello',
  'portal.login': 'Accedi',
  'portal.register': 'Registrati',
  'portal.account': 'Il tuo account pagoPA',
  'portal.accountMenu': 'Menu account',
  'portal.title.ricerca': 'Ricerca avviso di pagamento',
  'portal.title.accedi': 'Accedi',
  'portal.title.registrati': 'Registrati',
  'portal.title.pratiche': 'Le mie pratiche',
  'portal.title.spontaneo': 'Inserimento spontaneo',
  'portal.title.carrello': 'Carrello',
  'portal.title.storico': 'Storico pagamenti',
  'portal.title.account': 'Il tuo account',
  'portal.title.pagamento': 'Esito del pagamento',
  'portal.loginNeeded': 'Accedi per continuare.',
  'portal.region': 'Portale pagamenti',
  'portal.language': 'Lingua',
  'portal.loggedOut': 'Sei uscito dal portale pagamenti.',
  'portal.providerLoggedOut': 'Sei uscito dal portale pagamenti e dal gestore di identità.',
  'portal.providerStillOpen':
    'Sei uscito dal portale pagamenti. La sessione presso il gestore di identità potrebbe restare aperta: chiudi il browser per terminarla.',
  'portal.closed': 'Il tuo account è stato chiuso e i tuoi dati del profilo cancellati.',
  'portal.unavailable': 'Il servizio pagamenti non è raggiungibile. Riprova più tardi.',
} as const;

export type Keys = keyof typeof it;

export default it;
