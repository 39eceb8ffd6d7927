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
    'Codice Avviso non valido: sono 18 cifre e la prima è 0, 1, 2 o 3.',
    'Invalid notice code: it has 18 digits, the first one 0, 1, 2 or 3.',
    'Ungültiger Zahlungshinweiscode: 18 Ziffern, die erste 0, 1, 2 oder 3.',
  ],
  invalid_nav_check: [
    'Codice Avviso non valido: le ultime due cifre (di controllo) non corrispondono alle altre. Controlla di averlo copiato bene.',
    'Invalid notice code: its last two digits (the check digits) do not match the others. Check that you copied it correctly.',
    'Ungültiger Zahlungshinweiscode: Die letzten zwei Ziffern (Prüfziffern) passen nicht zu den übrigen. Bitte prüfen, ob er richtig abgeschrieben wurde.',
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
  https_required: [
    'Serve un indirizzo https:// (http:// solo in modalità demo).',
    'An https:// address is required (http:// in demo mode only).',
    'Eine https://-Adresse ist erforderlich (http:// nur im Demo-Modus).',
  ],
  private_address: [
    "Indirizzo di una rete interna (loopback, privata, link-local): non raggiungibile se le impostazioni dell'ente non lo consentono.",
    'Address of an internal network (loopback, private, link-local): not reachable unless the entity settings allow it.',
    'Adresse eines internen Netzes (Loopback, privat, link-local): nur erreichbar, wenn die Einstellungen der Körperschaft es erlauben.',
  ],
  invalid_origin: [
    'Origine non valida (es. https://www.comune.esempio.it).',
    'Invalid origin (e.g. https://www.comune.example.it).',
    'Ungültiger Ursprung (z. B. https://www.gemeinde.example.it).',
  ],
  mismatch: ['I valori non corrispondono.', 'Values do not match.', 'Die Werte stimmen nicht überein.'],
  consent_required: [
    "Per registrarti devi accettare l'informativa privacy.",
    'To register you must accept the privacy notice.',
    'Für die Registrierung muss die Datenschutzerklärung akzeptiert werden.',
  ],
  password_common: [
    'Password troppo comune: scegline una meno prevedibile.',
    'This password is too common: choose a less predictable one.',
    'Dieses Passwort ist zu verbreitet: Bitte ein weniger vorhersehbares wählen.',
  ],
  password_personal: [
    'La password non deve contenere username, email, nome o codice fiscale.',
    'The password must not contain your username, e-mail, name or fiscal code.',
    'Das Passwort darf Benutzername, E-Mail, Namen oder Steuernummer nicht enthalten.',
  ],
  invalid_username: [
    'Username non valido: da 3 a 40 tra lettere, cifre, punto, trattino e trattino basso.',
    'Invalid username: 3 to 40 letters, digits, dots, dashes or underscores.',
    'Ungültiger Benutzername: 3 bis 40 Buchstaben, Ziffern, Punkte, Binde- oder Unterstriche.',
  ],
  invalid_phone: ['Numero di telefono non valido.', 'Invalid phone number.', 'Ungültige Telefonnummer.'],
  invalid_country: ['Nazione non valida.', 'Invalid country.', 'Ungültiges Land.'],
  invalid_postal_code: [
    'Il CAP è di 5 cifre.',
    'An Italian postal code has 5 digits.',
    'Die italienische Postleitzahl hat 5 Ziffern.',
  ],
  invalid_province: [
    'Indica la sigla della provincia (2 lettere, es. RM).',
    'Enter the province abbreviation (2 letters, e.g. RM).',
    'Bitte das Provinzkürzel angeben (2 Buchstaben, z. B. BZ).',
  ],
  not_applicable: [
    'Campo non previsto per questo tipo di soggetto.',
    'Not applicable to this kind of subject.',
    'Für diese Art von Rechtsträger nicht vorgesehen.',
  ],
  privacy_outdated: [
    "L'informativa privacy è stata aggiornata: rileggila e conferma di nuovo.",
    'The privacy notice has been updated: read it again and confirm.',
    'Die Datenschutzerklärung wurde aktualisiert: Bitte erneut lesen und bestätigen.',
  ],
  subject_mismatch: [
    'Un codice fiscale di 16 caratteri appartiene a una persona fisica.',
    'A 16-character fiscal code belongs to a natural person.',
    'Eine 16-stellige Steuernummer gehört einer natürlichen Person.',
  ],
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
