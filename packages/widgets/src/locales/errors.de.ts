/** The API's error codes and field codes in German: data only, loaded with the rest of the German strings. */
import type { Keys } from './errors.it.js';

const de: Record<Keys, string> = {
  'apiError.bad_request': 'Ungültige Anfrage.',
  'apiError.not_found': 'Ressource nicht gefunden.',
  'apiError.spontaneous_disabled': 'Die Körperschaft erlaubt über dieses Portal keine spontanen Zahlungen.',
  'apiError.conflict': 'Der Vorgang steht im Widerspruch zum aktuellen Zustand.',
  'apiError.invalid_state': 'Im aktuellen Zustand der Zahlungsposition nicht erlaubt.',
  'apiError.internal': 'Interner Fehler: Bitte später erneut versuchen.',
  'apiError.unavailable': 'Dienst vorübergehend nicht verfügbar.',
  'error.failed': 'Der Vorgang ist nicht gelungen.',
  'fieldCode.required': 'Pflichtfeld.',
  'fieldCode.invalid_type': 'Ungültiger Datentyp.',
  'fieldCode.unknown_field': 'Unerwartetes Feld.',
  'fieldCode.too_short': 'Zu kurz.',
  'fieldCode.too_long': 'Zu lang.',
  'fieldCode.too_small': 'Wert zu niedrig.',
  'fieldCode.too_large': 'Wert zu hoch.',
  'fieldCode.invalid_format': 'Ungültiges Format.',
  'fieldCode.invalid_choice': 'Wert nicht zulässig.',
  'fieldCode.invalid_fiscal_code': 'Ungültige Steuernummer oder MwSt.-Nummer.',
  'fieldCode.invalid_amount': 'Ungültiger Betrag: höchstens zwei Dezimalstellen, z. B. 1.234,56.',
  'fieldCode.invalid_cents': 'Der Betrag muss eine nicht negative ganze Zahl von Cent sein.',
  'fieldCode.invalid_email': 'Ungültige E-Mail-Adresse.',
  'fieldCode.invalid_date': 'Ungültiges Datum (JJJJ-MM-TT).',
  'fieldCode.consent_required': 'Für die Registrierung muss die Datenschutzerklärung akzeptiert werden.',
  'fieldCode.password_common': 'Dieses Passwort ist zu verbreitet: Bitte ein weniger vorhersehbares wählen.',
  'fieldCode.password_personal':
    'Das Passwort darf Benutzername, E-Mail, Namen oder Steuernummer nicht enthalten.',
  'fieldCode.invalid_username':
    'Ungültiger Benutzername: 3 bis 40 Buchstaben, Ziffern, Punkte, Binde- oder Unterstriche.',
  'fieldCode.invalid_phone': 'Ungültige Telefonnummer.',
  'fieldCode.invalid_country': 'Ungültiges Land.',
  'fieldCode.invalid_postal_code': 'Die italienische Postleitzahl hat 5 Ziffern.',
  'fieldCode.invalid_province': 'Bitte das Provinzkürzel angeben (2 Buchstaben, z. B. BZ).',
  'fieldCode.not_applicable': 'Für diese Art von Rechtsträger nicht vorgesehen.',
  'fieldCode.subject_mismatch': 'Eine 16-stellige Steuernummer gehört einer natürlichen Person.',
};

export default de;
