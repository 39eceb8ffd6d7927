/** The API's error codes and field codes in English: data only, loaded with the rest of the English strings. */
import type { Keys } from './errors.it.js';

const en: Record<Keys, string> = {
  'apiError.bad_request': 'Malformed request.',
  'apiError.not_found': 'Resource not found.',
  'apiError.spontaneous_disabled': 'The entity does not allow spontaneous payments from this portal.',
  'apiError.conflict': 'The operation conflicts with the current state.',
  'apiError.invalid_state': 'Not allowed in the current state of the practice.',
  'apiError.internal': 'Internal error: try again later.',
  'apiError.unavailable': 'Service temporarily unavailable.',
  'error.failed': 'The operation did not succeed.',
  'fieldCode.required': 'Required field.',
  'fieldCode.invalid_type': 'Invalid data type.',
  'fieldCode.unknown_field': 'Unexpected field.',
  'fieldCode.too_short': 'Too short.',
  'fieldCode.too_long': 'Too long.',
  'fieldCode.too_small': 'Value too low.',
  'fieldCode.too_large': 'Value too high.',
  'fieldCode.invalid_format': 'Invalid format.',
  'fieldCode.invalid_choice': 'Value not allowed.',
  'fieldCode.invalid_fiscal_code': 'Invalid fiscal code or VAT number.',
  'fieldCode.invalid_amount': 'Invalid amount: use at most two decimals, e.g. 1,234.56.',
  'fieldCode.invalid_cents': 'The amount must be a non-negative integer number of cents.',
  'fieldCode.invalid_email': 'Invalid e-mail address.',
  'fieldCode.invalid_date': 'Invalid date (YYYY-MM-DD).',
  'fieldCode.consent_required': 'To register you must accept the privacy notice.',
  'fieldCode.password_common': 'This password is too common: choose a less predictable one.',
  'fieldCode.password_personal': 'The password must not contain your username, e-mail, name or fiscal code.',
  'fieldCode.invalid_username': 'Invalid username: 3 to 40 letters, digits, dots, dashes or underscores.',
  'fieldCode.invalid_phone': 'Invalid phone number.',
  'fieldCode.invalid_country': 'Invalid country.',
  'fieldCode.invalid_postal_code': 'An Italian postal code has 5 digits.',
  'fieldCode.invalid_province': 'Enter the province abbreviation (2 letters, e.g. RM).',
  'fieldCode.not_applicable': 'Not applicable to this kind of subject.',
  'fieldCode.subject_mismatch': 'A 16-character fiscal code belongs to a natural person.',
};

export default en;
