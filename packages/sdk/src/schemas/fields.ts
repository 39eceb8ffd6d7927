/**
 * Field-level problem codes: what `fields[].code` carries in an error body. Each schema action
 * states one of these as its valibot message, so the server, the SDK and the widgets agree on the
 * code; human messages per language live beside them (the widgets have their own locale copies).
 */
import type { Lang } from '../errors.js';

export const FIELD_CODES = {
  required: ['Campo obbligatorio.', 'Required field.', 'Pflichtfeld.'],
  invalid_type: ['Tipo di dato non valido.', 'Invalid data type.', 'Ungültiger Datentyp.'],
  unknown_field: ['Campo non previsto.', 'Unexpected field.', 'Unerwartetes Feld.'],
  too_short: ['Troppo corto.', 'Too short.', 'Zu kurz.'],
  too_long: ['Troppo lungo.', 'Too long.', 'Zu lang.'],
  too_small: ['Valore troppo basso.', 'Value too low.', 'Wert zu niedrig.'],
  too_large: ['Valore troppo alto.', 'Value too high.', 'Wert zu hoch.'],
  too_many: ['Troppi elementi.', 'Too many items.', 'Zu viele Elemente.'],
  too_few: ['Troppo pochi elementi.', 'Too few items.', 'Zu wenige Elemente.'],
  invalid_format: ['Formato non valido.', 'Invalid format.', 'Ungültiges Format.'],
  invalid_choice: ['Valore non ammesso.', 'Value not allowed.', 'Wert nicht zulässig.'],
  invalid_fiscal_code: [
    'Codice fiscale o partita IVA non valido.',
    'Invalid fiscal code or VAT number.',
    'Ungültige Steuernummer oder MwSt.-Nummer.',
  ],
  invalid_entity_code: [
    "Codice fiscale dell'ente non valido (11 cifre).",
    'Invalid entity fiscal code (11 digits).',
    'Ungültige Steuernummer der Körperschaft (11 Ziffern).',
  ],
  invalid_nav: [
    'Codice Avviso non valido: sono 18 cifre.',
    'Invalid notice code: it has 18 digits.',
    'Ungültiger Zahlungshinweiscode: 18 Ziffern.',
  ],
  invalid_iuv: ['IUV non valido.', 'Invalid IUV.', 'Ungültiger IUV.'],
  invalid_iban: ['IBAN non valido.', 'Invalid IBAN.', 'Ungültige IBAN.'],
  invalid_taxonomy: ['Codice tassonomico non valido.', 'Invalid taxonomy code.', 'Ungültiger Taxonomiecode.'],
  invalid_amount: [
    'Importo non valido: usa al massimo due decimali, es. 1.234,56.',
    'Invalid amount: use at most two decimals, e.g. 1,234.56.',
    'Ungültiger Betrag: höchstens zwei Dezimalstellen, z. B. 1.234,56.',
  ],
  invalid_cents: [
    "L'importo deve essere un numero intero di centesimi, non negativo.",
    'The amount must be a non-negative integer number of cents.',
    'Der Betrag muss eine nicht negative ganze Zahl von Cent sein.',
  ],
  invalid_email: ['Indirizzo email non valido.', 'Invalid e-mail address.', 'Ungültige E-Mail-Adresse.'],
  invalid_date: [
    'Data non valida (AAAA-MM-GG).',
    'Invalid date (YYYY-MM-DD).',
    'Ungültiges Datum (JJJJ-MM-TT).',
  ],
  invalid_url: ['Indirizzo web non valido.', 'Invalid URL.', 'Ungültige URL.'],
  invalid_origin: [
    'Origine non valida (es. https://www.comune.esempio.it).',
    'Invalid origin (e.g. https://www.comune.example.it).',
    'Ungültiger Ursprung (z. B. https://www.gemeinde.example.it).',
  ],
  mismatch: ['I valori non corrispondono.', 'Values do not match.', 'Die Werte stimmen nicht überein.'],
} as const satisfies Record<string, readonly [string, string, string]>;

export type FieldCode = keyof typeof FIELD_CODES;

/** Human message of a field code. */
export function fieldMessage(code: string, lang: Lang = 'it'): string {
  const entry = (FIELD_CODES as Record<string, readonly [string, string, string]>)[code];
  if (!entry) return FIELD_CODES.invalid_format[lang === 'it' ? 0 : lang === 'en' ? 1 : 2];
  return entry[lang === 'it' ? 0 : lang === 'en' ? 1 : 2];
}

/** True when the string is one of the field codes. */
export function isFieldCode(value: string): value is FieldCode {
  return Object.prototype.hasOwnProperty.call(FIELD_CODES, value);
}
