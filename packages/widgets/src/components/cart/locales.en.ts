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
  'cart.limit':
    'pagoPA takes at most {per} practices in one payment: a bigger cart is paid in several payments, one after the other. The cart holds up to {max} practices.',
  'cart.changed': 'Amount updated: it was {before}.',
  'cart.notPayable': 'No longer payable: remove it to pay the rest.',
  'cart.removed': 'Practice removed from the cart.',
  'cart.cleared': 'Cart emptied.',
  'cart.redirecting': 'Taking you to the pagoPA payment page…',
  'cart.nav': 'Notice code',
  'cart.due': 'Due',
  'cart.part': 'Cart {part} of {parts}',
  'cart.nextOne': 'you now pay 1 practice, {amount}.',
  'cart.nextMany': 'you now pay {count} practices, {amount}.',
  'cart.running': 'Payment in progress: wait for the outcome.',
  'cart.waiting': 'These practices are being paid: wait for the outcome.',
};

export default en;
