/** Strings of <pagatore-practice-search> in English: data only, loaded with the rest of the English strings when asked for. */
import type { Keys } from './locales.js';

const en: Record<Keys, string> = {
  'search.title': 'Find a practice',
  'search.intro':
    'Enter the debtor’s fiscal code or VAT number and the notice code (or the IUV) printed on the payment notice.',
  'search.form': 'Search',
  'search.by': 'Search by',
  'search.byNav': 'Notice code',
  'search.byIuv': 'IUV',
  'search.iuvLabel': 'IUV (unique payment identifier)',
  'search.iuvHint': '15 to 17 digits, as printed on the notice.',
  'search.iuvEmpty': 'Enter the IUV.',
  'search.iuvFormat': 'The IUV has 15 to 17 digits.',
  'search.submit': 'Search',
  'search.searching': 'Searching…',
  'search.notFound':
    'No practice matches the data entered. Check the fiscal code and the notice code (or the IUV) and try again.',
  'search.found': 'Practice found',
  'search.account': 'Do you have an account?',
  'search.link': 'Add to my practices',
  'search.linked': 'The practice is in your practices.',
  'search.loginToPay':
    'To pay the practice or add it to the cart, log in or register: after logging in you will come back to this practice.',
  'search.backToPractice':
    'You are logged in. Here is the practice: choose whether to pay it now or add it to the cart.',
  'search.loginTitle': 'Login required',
  'search.payLinkFound': 'Practice to pay',
  'search.payLinkTitle': 'This payment link cannot be used',
  'search.payLinkWayOn':
    'You can find the practice below with the fiscal code and the notice code printed on the notice.',
  'search.newSearch': 'New search',
};

export default en;
