/** Strings of <pagatore-history> in German: data only, loaded with the rest of the German strings when asked for. */
import type { Keys } from './locales.js';

const de: Record<Keys, string> = {
  'history.title': 'Getätigte Zahlungen',
  'history.search': 'Zahlungspositionen suchen',
  'history.from': 'Bezahlt ab',
  'history.to': 'Bezahlt bis',
  'history.service': 'Dienst',
  'history.anyService': 'Alle Dienste',
  'history.code': 'IUV oder Zahlungshinweiscode',
  'history.amount': 'Betrag (Euro)',
  'history.submit': 'Suchen',
  'history.reset': 'Filter zurücksetzen',
  'history.results': '{count} Zahlungen gefunden',
  'history.resultsOne': '1 Zahlung gefunden',
  'history.none': 'Keine Zahlung entspricht den Filtern.',
  'history.paidOn': 'Bezahlt am {date}',
  'history.fee': 'Gebühr {fee}',
  'history.psp': 'über {psp}',
  'history.download': 'Quittung herunterladen',
  'history.downloadLabel': 'Quittung herunterladen: {description}',
  'history.more': 'Mehr anzeigen',
  'history.loginFirst': 'Melden Sie sich an, um Ihre Zahlungen zu sehen.',
  'history.badRange': 'Das Enddatum liegt vor dem Anfangsdatum.',
  'history.nav': 'Zahlungshinweiscode',
  'history.payer': 'Bezahlt von {payer}',
  'history.overpaid':
    'Zu viel bezahlt: Die Zahlungsposition war bereits bezahlt. Die Körperschaft wurde benachrichtigt, diesen Betrag zu erstatten.',
  'history.beneficiaries': 'Aufgeteilt auf: {list}',
};

export default de;
