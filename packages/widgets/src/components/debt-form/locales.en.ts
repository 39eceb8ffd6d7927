/** Strings of <pagatore-debt-form> in English: data only, loaded with the rest of the English strings when asked for. */
import type { Keys } from './locales.js';

const en: Record<Keys, string> = {
  'debt.intro': 'Choose the service and fill in the details: a practice to pay with pagoPA will be created.',
  'debt.loginNeeded': 'Log in to create a spontaneous payment.',
  'debt.loading': 'Loading services…',
  'debt.noServices': 'There are no services open to spontaneous payments at the moment.',
  'debt.service': 'Service',
  'debt.chooseService': 'Choose a service',
  'debt.debtor': 'Debtor',
  'debt.debtorNote': 'These are your account’s details: change them in your profile.',
  'debt.name': 'Name',
  'debt.company': 'Company name',
  'debt.fiscalCode': 'Fiscal code',
  'debt.address': 'Address',
  'debt.email': 'E-mail',
  'debt.details': 'Details of the request',
  'debt.amountFixed': 'Amount to pay: {amount}',
  'debt.amountComputed': 'Computed amount: {amount}',
  'debt.amountBounds': 'From {min} to {max}.',
  'debt.notes': 'Notes from the entity',
  'debt.submit': 'Create practice',
  'debt.cancel': 'Cancel',
  'debt.creating': 'Creating the practice…',
  'debt.created': 'Practice created',
  'debt.createdText': 'The practice is in your practices: you can pay it now or print the notice.',
  'debt.another': 'New spontaneous payment',
  'debt.previewChecked': 'Preview: the details entered meet the service’s rules. No practice was created.',
};

export default en;
