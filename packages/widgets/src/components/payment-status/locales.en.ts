/** Strings of <pagatore-payment-status> in English: data only, loaded with the rest of the English strings when asked for. */
import type { Keys } from './locales.js';

const en: Record<Keys, string> = {
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
  'payment.amount': 'Amount',
  'payment.fee': 'Provider fee',
  'payment.charged': 'Total charged',
  'payment.close': 'Close',
  'payment.cartPart': 'Cart {part} of {parts}',
  'payment.cartNextOne': '1 practice in the cart is left for the next payment, {amount}.',
  'payment.cartNextMany': '{count} practices in the cart are left for the next payment, {amount}.',
  'payment.cartDone': 'Every practice in the cart is paid.',
  'payment.payCart': 'Pay cart',
};

export default en;
