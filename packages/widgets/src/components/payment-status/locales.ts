/** Strings of <pagatore-payment-status> in Italian: data only, gathered with every area's in `locales/it.ts`. */
const it = {
  'payment.pending.title': 'Pagamento in verifica',
  'payment.pending.text':
    "Stiamo aspettando la ricevuta da pagoPA. Puoi chiudere questa pagina: troverai l'esito nello storico dei pagamenti.",
  'payment.paid.title': 'Pagamento riuscito',
  'payment.paid.text': 'Abbiamo ricevuto la ricevuta di pagamento. Grazie.',
  'payment.failed.title': 'Pagamento non riuscito',
  'payment.failed.text':
    'Il prestatore ha segnalato un errore: non ti è stato addebitato nulla. Puoi riprovare.',
  'payment.cancelled.title': 'Pagamento annullato',
  'payment.cancelled.text': 'Hai annullato il pagamento: la pratica è di nuovo pagabile.',
  'payment.expired.title': 'Pagamento scaduto',
  'payment.expired.text':
    'Non abbiamo ricevuto la ricevuta in tempo: la pratica è di nuovo pagabile. Se ti è stato addebitato l’importo, la ricevuta comparirà nello storico appena arriva.',
  'payment.loginFirst': 'Accedi per vedere l’esito del pagamento.',
  'payment.notFound': 'Pagamento non trovato.',
  'payment.download': 'Scarica ricevuta',
  'payment.downloadLabel': 'Scarica ricevuta: {description}',
  'payment.amount': 'Importo',
  'payment.fee': 'Commissione del prestatore',
  'payment.charged': 'Totale addebitato',
  'payment.close': 'Chiudi',
  'payment.cartPart': 'Carrello {part} di {parts}',
  'payment.cartNextOne': 'Nel carrello resta 1 pratica da pagare con il prossimo pagamento, {amount}.',
  'payment.cartNextMany':
    'Nel carrello restano {count} pratiche da pagare con il prossimo pagamento, {amount}.',
  'payment.cartDone': 'Tutte le pratiche del carrello sono pagate.',
  'payment.payCart': 'Paga carrello',
} as const;

export type Keys = keyof typeof it;

export default it;
