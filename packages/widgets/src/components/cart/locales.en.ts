/** Strings of <pagatore-cart> in English: data only, loaded with the rest of the English strings when asked for. */
import type { Keys } from './locales.js';

const en: Record<Keys, string> = {
  'cart.button': 'Cart',
  'cart.unitOne': 'practice',
  'cart.unitMany': 'practices',
  'cart.title': 'Cart',
  'cart.empty': 'The cart is empty. Add a practice from the menu next to "Pay".',
  'cart.loginFirst': 'Log in to use the cart.',
  'cart.remove': 'Remove',
  'cart.removeLabel': 'Remove {description} from the cart',
  'cart.clear': 'Empty cart',
  'cart.pay': 'Pay cart',
  'cart.total': 'Total',
  'cart.limit': 'You can pay up to {max} practices together.',
  'cart.changed': 'Amount updated: it was {before}.',
  'cart.notPayable': 'No longer payable: remove it to pay the rest.',
  'cart.removed': 'Practice removed from the cart.',
  'cart.cleared': 'Cart emptied.',
  'cart.redirecting': 'Taking you to the pagoPA payment page…',
  'cart.nav': 'Notice code',
  'cart.due': 'Due',
};

export default en;
