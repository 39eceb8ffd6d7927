/**
 * Field-level problem codes: what `fields[].code` carries in an error body. Each schema action
 * states one of these as its valibot message, so the server, the SDK and the widgets agree on the
 * code; each says it in its own words (the server's messages, the widgets' locale catalogs).
 */

export const FIELD_CODES = [
  'required',
  'invalid_type',
  'unknown_field',
  'too_short',
  'too_long',
  'too_small',
  'too_large',
  'too_many',
  'too_few',
  'invalid_format',
  'invalid_choice',
  'invalid_fiscal_code',
  'invalid_entity_code',
  'invalid_nav',
  'invalid_nav_check',
  'invalid_iuv',
  'invalid_iban',
  'invalid_taxonomy',
  'invalid_amount',
  'invalid_cents',
  'invalid_email',
  'invalid_date',
  'invalid_url',
  'https_required',
  'private_address',
  'invalid_origin',
  'mismatch',
  'consent_required',
  'password_common',
  'password_personal',
  'invalid_username',
  'invalid_phone',
  'invalid_country',
  'invalid_postal_code',
  'invalid_province',
  'not_applicable',
  'privacy_outdated',
  'subject_mismatch',
] as const;

export type FieldCode = (typeof FIELD_CODES)[number];

const FIELD_CODE_SET: ReadonlySet<string> = new Set(FIELD_CODES);

/** True when the string is one of the field codes. */
export function isFieldCode(value: string): value is FieldCode {
  return FIELD_CODE_SET.has(value);
}
