/** Strings shared by the practices widgets in English: data only, loaded with the rest of the English strings when asked for. */
import type { Keys } from './locales.js';

const en: Record<Keys, string> = {
  'practice.pay': 'Pay',
  'practice.addToCart': 'Add practice to cart',
  'practice.print': 'Print payment notice',
  'practice.calendar': 'Add to calendar',
  'practice.moreActions': 'More actions for {name}',
  'practice.register': 'Register',
  'practice.login': 'Log in',
  'practice.spontaneous': 'Spontaneous payment',
  'practice.entity': 'Entity',
  'practice.debtor': 'Debtor',
  'practice.amount': 'Amount',
  'practice.dueDate': 'Due date',
  'practice.status': 'Status',
  'practice.nav': 'Notice code',
  'practice.single': 'Single payment',
  'practice.paidAt': 'Paid on {date}',
  'practice.status.unpaid': 'To be paid',
  'practice.status.in_payment': 'Payment in progress',
  'practice.status.partially_paid': 'Partially paid',
  'practice.status.paid': 'Paid',
  'practice.status.expired': 'Expired',
  'practice.status.cancelled': 'Cancelled',
  'practice.notPayable.in_payment': 'A payment is in progress: wait for its outcome before trying again.',
  'practice.notPayable.paid': 'This practice is paid.',
  'practice.notPayable.cancelled': 'The entity cancelled this practice: it must not be paid.',
  'practice.notPayable.expired': 'This practice has expired: contact the entity to pay it.',
  'practice.notPayable.other': 'This practice cannot be paid right now.',
  'practice.installmentOf': 'Installment {n} of {count}',
  'practice.options': 'Payment options',
  'practice.chooseOption': 'Choose what to pay',
  'practice.installmentsPaid': 'installments paid: {paid} of {count}',
  'practice.found': 'Code searched',
  'practice.foundLabel': 'The code searched is',
  'practice.optionClosed': 'No longer payable',
  'practice.payThis': 'Paid by “Pay”',
  'practice.resume.title': 'Payment left half-way',
  'practice.resume.text':
    'You started this payment on pagoPA without finishing it. You can resume it on the pagoPA page, or abandon it and start again.',
  'practice.resume.returned':
    'The payment was not completed on pagoPA. If you did not pay, abandon it and start again.',
  'practice.resume.cart':
    'This payment holds {count} practices of the cart: abandoned, they stay in the cart, to pay again.',
  'practice.resume.resume': 'Resume the payment',
  'practice.resume.abandon': 'Abandon and start again',
  'practice.resume.abandoned': 'Payment abandoned: you can pay again now.',
  'practice.resume.activatedTitle': 'Payment taken in charge by pagoPA',
  'practice.resume.activated':
    'pagoPA is processing the payment and its outcome will arrive by itself: there is no need to pay again. If the payment does not go through, the practice can be paid again from {time} on {date}.',
};

export default en;
