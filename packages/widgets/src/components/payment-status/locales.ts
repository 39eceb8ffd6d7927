import { registerMessages } from '../../locales/index.js';

registerMessages({
  it: {
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
    'payment.total': 'Totale',
    'payment.close': 'Chiudi',
  },
  en: {
    'payment.pending.title': 'Payment being verified',
    'payment.pending.text':
      'We are waiting for the receipt from pagoPA. You can close this page: you will find the outcome in your payment history.',
    'payment.paid.title': 'Payment successful',
    'payment.paid.text': 'We have received the payment receipt. Thank you.',
    'payment.failed.title': 'Payment failed',
    'payment.failed.text': 'The payment provider reported an error: nothing was charged. You can try again.',
    'payment.cancelled.title': 'Payment cancelled',
    'payment.cancelled.text': 'You cancelled the payment: the practice can be paid again.',
    'payment.expired.title': 'Payment expired',
    'payment.expired.text':
      'The receipt did not arrive in time: the practice can be paid again. If you were charged, the receipt will appear in your history as soon as it arrives.',
    'payment.loginFirst': 'Log in to see the outcome of the payment.',
    'payment.notFound': 'Payment not found.',
    'payment.download': 'Download receipt',
    'payment.downloadLabel': 'Download receipt: {description}',
    'payment.total': 'Total',
    'payment.close': 'Close',
  },
  de: {
    'payment.pending.title': 'Zahlung wird geprüft',
    'payment.pending.text':
      'Wir warten auf die Quittung von pagoPA. Sie können diese Seite schließen: Das Ergebnis finden Sie im Zahlungsverlauf.',
    'payment.paid.title': 'Zahlung erfolgreich',
    'payment.paid.text': 'Wir haben die Zahlungsquittung erhalten. Vielen Dank.',
    'payment.failed.title': 'Zahlung fehlgeschlagen',
    'payment.failed.text':
      'Der Zahlungsdienstleister hat einen Fehler gemeldet: Es wurde nichts abgebucht. Sie können es erneut versuchen.',
    'payment.cancelled.title': 'Zahlung abgebrochen',
    'payment.cancelled.text':
      'Sie haben die Zahlung abgebrochen: Die Zahlungsposition kann erneut bezahlt werden.',
    'payment.expired.title': 'Zahlung abgelaufen',
    'payment.expired.text':
      'Die Quittung ist nicht rechtzeitig eingegangen: Die Zahlungsposition kann erneut bezahlt werden. Falls abgebucht wurde, erscheint die Quittung im Verlauf, sobald sie eintrifft.',
    'payment.loginFirst': 'Melden Sie sich an, um das Ergebnis der Zahlung zu sehen.',
    'payment.notFound': 'Zahlung nicht gefunden.',
    'payment.download': 'Quittung herunterladen',
    'payment.downloadLabel': 'Quittung herunterladen: {description}',
    'payment.total': 'Gesamt',
    'payment.close': 'Schließen',
  },
});
