/** Strings of <pagatore-portal> in English: data only, loaded with the rest of the English strings when asked for. */
import type { Keys } from './locales.js';

const en: Record<Keys, string> = {
  'portal.nav': 'Payments',
  'portal.practices': 'My practices',
  'portal.spontaneous': 'Spontaneous payment',
  'portal.history': 'Payment history',
  'portal.search': 'Find a notice',
  'portal.cart': 'Cart',
  'portal.login': 'Log in',
  'portal.register': 'Register',
  'portal.account': 'Your pagoPA account',
  'portal.accountMenu': 'Account menu',
  'portal.title.ricerca': 'Find a payment notice',
  'portal.title.accedi': 'Log in',
  'portal.title.registrati': 'Register',
  'portal.title.pratiche': 'My practices',
  'portal.title.spontaneo': 'Spontaneous payment',
  'portal.title.carrello': 'Cart',
  'portal.title.storico': 'Payment history',
  'portal.title.account': 'Your account',
  'portal.title.pagamento': 'Payment outcome',
  'portal.loginNeeded': 'Log in to continue.',
  'portal.region': 'Payment portal',
  'portal.language': 'Language',
  'portal.loggedOut': 'You have logged out of the payment portal.',
  'portal.providerLoggedOut': 'You have logged out of the payment portal and of the identity provider.',
  'portal.providerStillOpen':
    'You have logged out of the payment portal. Your session at the identity provider may still be open: close the browser to end it.',
  'portal.closed': 'Your account has been closed and your profile data erased.',
  'portal.unavailable': 'The payment service cannot be reached. Please try again later.',
};

export default en;
