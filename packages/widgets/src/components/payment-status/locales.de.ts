/** Strings of <pagatore-payment-status> in German: data only, loaded with the rest of the German strings when asked for. */
import type { Keys } from './locales.js';

const de: Record<Keys, string> = {
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
  'payment.amount': 'Betrag',
  'payment.fee': 'Gebühr des Zahlungsdienstleisters',
  'payment.charged': 'Belasteter Gesamtbetrag',
  'payment.close': 'Schließen',
  'payment.cartPart': 'Warenkorb {part} von {parts}',
  'payment.cartNextOne': '1 Zahlungsposition im Warenkorb bleibt für die nächste Zahlung, {amount}.',
  'payment.cartNextMany':
    '{count} Zahlungspositionen im Warenkorb bleiben für die nächste Zahlung, {amount}.',
  'payment.cartDone': 'Alle Zahlungspositionen des Warenkorbs sind bezahlt.',
  'payment.payCart': 'Warenkorb bezahlen',
};

export default de;
