/** Strings of <pagatore-cart> in German: data only, loaded with the rest of the German strings when asked for. */
import type { Keys } from './locales.js';

const de: Record<Keys, string> = {
  'cart.button': 'Warenkorb',
  'cart.unitOne': 'Zahlungsposition',
  'cart.unitMany': 'Zahlungspositionen',
  'cart.title': 'Warenkorb',
  'cart.empty':
    'Der Warenkorb ist leer. Fügen Sie eine Zahlungsposition über das Menü neben „Bezahlen“ hinzu.',
  'cart.loginFirst': 'Melden Sie sich an, um den Warenkorb zu nutzen.',
  'cart.remove': 'Entfernen',
  'cart.removeLabel': '{description} aus dem Warenkorb entfernen',
  'cart.clear': 'Warenkorb leeren',
  'cart.pay': 'Warenkorb bezahlen',
  'cart.total': 'Gesamt',
  'cart.limit':
    'pagoPA nimmt höchstens {per} Zahlungspositionen je Zahlung an: Ein größerer Warenkorb wird in mehreren Zahlungen nacheinander bezahlt. Der Warenkorb fasst bis zu {max} Zahlungspositionen.',
  'cart.changed': 'Betrag aktualisiert: vorher {before}.',
  'cart.notPayable': 'Nicht mehr zahlbar: Entfernen Sie sie, um den Rest zu bezahlen.',
  'cart.removed': 'Zahlungsposition aus dem Warenkorb entfernt.',
  'cart.cleared': 'Warenkorb geleert.',
  'cart.redirecting': 'Sie werden zur pagoPA-Zahlungsseite weitergeleitet…',
  'cart.nav': 'Zahlungshinweiscode',
  'cart.due': 'Fällig am',
  'cart.part': 'Warenkorb {part} von {parts}',
  'cart.nextOne': 'jetzt zahlen Sie 1 Zahlungsposition, {amount}.',
  'cart.nextMany': 'jetzt zahlen Sie {count} Zahlungspositionen, {amount}.',
  'cart.running': 'Zahlung läuft: Bitte das Ergebnis abwarten.',
  'cart.waiting': 'Diese Zahlungspositionen werden gerade bezahlt: Bitte das Ergebnis abwarten.',
};

export default de;
