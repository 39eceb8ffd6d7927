import type { Messages } from './it.js';
import accounts from '../accounts/locales.en.js';
import practices from '../practices/locales.en.js';
import cart from '../components/cart/locales.en.js';
import debtForm from '../components/debt-form/locales.en.js';
import history from '../components/history/locales.en.js';
import paymentStatus from '../components/payment-status/locales.en.js';
import portal from '../components/portal/locales.en.js';
import practiceSearch from '../components/practice-search/locales.en.js';
import practicesList from '../components/practices/locales.en.js';
import errors from './errors.en.js';

/** English. */
const base: Messages = {
  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.required': 'required',
  'common.errorSummary': 'Please fix the following errors:',
  'common.fieldError': '{label}: {message}',
  'common.retryAfter': 'Too many attempts: try again in {minutes} minutes.',
  'provider.noProvider': 'This component must be placed inside a pagatore-provider element.',
  'field.codiceFiscale.label': 'Fiscal code or VAT number',
  'field.codiceFiscale.hint': '16 characters for people, 11 digits for companies and public bodies.',
  'field.codiceFiscale.empty': 'Enter the fiscal code or VAT number.',
  'field.codiceFiscale.length': 'A fiscal code has 16 characters; a VAT number has 11 digits.',
  'field.codiceFiscale.format': 'The fiscal code contains characters that are not allowed.',
  'field.codiceFiscale.checksum': 'The fiscal code is not correct: check the characters you typed.',
  'field.codiceAvviso.label': 'Notice code (Codice Avviso)',
  'field.codiceAvviso.hint': '18 digits, as printed on the notice (spaces are fine).',
  'field.codiceAvviso.empty': 'Enter the notice code.',
  'field.codiceAvviso.length': 'The notice code has 18 digits.',
  'field.codiceAvviso.format': 'The notice code contains digits only.',
  'field.codiceAvviso.aux': 'The notice code must start with 0, 1, 2 or 3.',
  'field.codiceAvviso.checksum': 'The notice code is not correct: check the digits you typed.',
  'field.importo.label': 'Amount (euro)',
  'field.importo.hint': 'For example 1,234.56',
  'field.importo.empty': 'Enter the amount.',
  'field.importo.format': 'Write the amount in figures, for example 1,234.56.',
  'field.importo.precision': 'Use at most two decimals.',
  'field.importo.range': 'The amount is too high.',
  'field.importo.min': 'The minimum amount is {min}.',
  'field.importo.max': 'The maximum amount is {max}.',
  'actions.added': 'Practice added to the cart.',
  'actions.redirecting': 'Taking you to the pagoPA payment page…',
  'actions.noOption': 'This practice has nothing to pay now.',
};

/**
 * Every English string of the widgets: the base ones and each area's. Data only, so the bundle keeps
 * it in a file of its own that `loadLang('en')` fetches when a page or provider asks for English.
 */
const catalog: Record<string, string> = {
  ...base,
  ...accounts,
  ...practices,
  ...cart,
  ...debtForm,
  ...history,
  ...paymentStatus,
  ...portal,
  ...practiceSearch,
  ...practicesList,
  ...errors,
};

export default catalog;
