/** Strings of <pagatore-debt-form> in Italian: data only, gathered with every area's in `locales/it.ts`. */
const it = {
  'debt.intro':
    'Scegli il servizio e compila i dati richiesti: verrà creata una pratica da pagare con pagoPA.',
  'debt.loginNeeded': 'Accedi per creare un pagamento spontaneo.',
  'debt.loading': 'Caricamento dei servizi…',
  'debt.noServices': 'Al momento non ci sono servizi disponibili per i pagamenti spontanei.',
  'debt.service': 'Servizio',
  'debt.chooseService': 'Scegli un servizio',
  'debt.debtor': 'Dati del debitore',
  'debt.debtorNote': 'Sono i dati del tuo account: per modificarli vai al profilo.',
  'debt.name': 'Nome e cognome',
  'debt.company': 'Ragione sociale',
  'debt.fiscalCode': 'Codice fiscale',
  'debt.address': 'Indirizzo',
  'debt.email': 'Email',
  'debt.details': 'Dati della richiesta',
  'debt.amountFixed': 'Importo da pagare: {amount}',
  'debt.amountComputed': 'Importo calcolato: {amount}',
  'debt.amountBounds': 'Da {min} a {max}.',
  'debt.notes': 'Indicazioni dell’ente',
  'debt.submit': 'Crea pratica',
  'debt.cancel': 'Annulla',
  'debt.creating': 'Creazione della pratica in corso…',
  'debt.created': 'Pratica creata',
  'debt.createdText': 'La pratica è nelle tue pratiche: puoi pagarla ora o stampare il bollettino.',
  'debt.another': 'Nuovo pagamento spontaneo',
  'debt.previewChecked':
    'Anteprima: i dati inseriti rispettano le regole del servizio. Nessuna pratica è stata creata.',
} as const;

export type Keys = keyof typeof it;

export default it;
