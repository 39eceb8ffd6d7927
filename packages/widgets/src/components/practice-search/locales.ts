/**
 * Strings of <pagatore-practice-search> in Italian: data only, gathered with every area's in
 * `locales/it.ts`.
 */
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
  'search.backToPractice':
    'Accesso effettuato. Ecco la pratica: scegli se pagarla ora o aggiungerla al carrello.',
  'search.loginTitle': 'Accesso necessario',
  'search.payLinkFound': 'Pratica da pagare',
  'search.payLinkTitle': 'Link di pagamento non utilizzabile',
  'search.payLinkWayOn':
    'Puoi cercare la pratica qui sotto con il codice fiscale e il Codice Avviso riportati sull’avviso.',
  'search.newSearch': 'Nuova ricerca',
} as const;

export type Keys = keyof typeof it;

export default it;
