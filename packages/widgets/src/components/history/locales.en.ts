/** Strings of <pagatore-history> in English: data only, loaded with the rest of the English strings when asked for. */
import type { Keys } from './locales.js';

const en: Record<Keys, string> = {
  'history.title': 'Payments made',
  'history.search': 'Search practices',
  'history.from': 'Paid from',
  'history.to': 'Paid until',
  'history.service': 'Service',
  'history.anyService': 'All services',
  'history.code': 'IUV or notice code',
  'history.amount': 'Amount (euro)',
  'history.submit': 'Search',
  'history.reset': 'Clear filters',
  'history.results': '{count} payments found',
  'history.resultsOne': '1 payment found',
  'history.none': 'No payment matches the filters.',
  'history.paidOn': 'Paid on {date}',
  'history.fee': 'fee {fee}',
  'history.psp': 'with {psp}',
  'history.download': 'Download receipt',
  'history.downloadLabel': 'Download receipt: {description}',
  'history.more': 'Show more',
  'history.loginFirst': 'Log in to see your payments.',
  'history.badRange': 'The end date is before the start date.',
  'history.nav': 'Notice code',
  'history.payer': 'Paid by {payer}',
  'history.overpaid':
    'Paid twice: the practice had already been paid. The entity has been notified to refund this amount.',
  'history.beneficiaries': 'Split between: {list}',
};

export default en;
