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
  'cart.limit': 'Sie können bis zu {max} Zahlungspositionen zusammen bezahlen.',
  'cart.changed': 'Betrag aktualisiert: vorher {before}.',
  'cart.notPayable': 'Nicht mehr zahlbar: Entfernen Sie sie, um den Rest zu bezahlen.',
  'cart.removed': 'Zahlungsposition aus dem Warenkorb entfernt.',
  'cart.cleared': 'Warenkorb geleert.',
  'cart.redirecting': 'Sie werden zur pagoPA-Zahlungsseite weitergeleitet…',
  'cart.nav': 'Zahlungshinweiscode',
  'cart.due': 'Fällig am',
};

export default de;
