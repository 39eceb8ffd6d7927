/** The API's error codes and field codes in German: data only, loaded with the rest of the German strings. */
import type { Keys } from './errors.it.js';

const de: Record<Keys, string> = {
  'apiError.bad_request': 'Ungültige Anfrage.',
  'apiError.invalid_json': 'Der Anfragetext ist kein gültiges JSON.',
  'apiError.validation_failed': 'Einige Angaben sind ungültig: Bitte die genannten Felder prüfen.',
  'apiError.unauthorized': 'Anmeldung erforderlich oder Sitzung abgelaufen.',
  'apiError.invalid_api_key': 'Ungültiger oder widerrufener API-Schlüssel.',
  'apiError.invalid_credentials': 'Benutzername oder Passwort falsch oder Konto nicht aktiv.',
  'apiError.forbidden': 'Vorgang nicht erlaubt.',
  'apiError.origin_not_allowed': 'Diese Website ist von der Körperschaft nicht zugelassen.',
  'apiError.csrf_failed': 'Anfrage abgelehnt: sie stammt nicht von der Konsole dieses Servers.',
  'apiError.entity_not_granted': 'Sie haben keinen Zugriff auf diese Körperschaft.',
  'apiError.role_forbidden': 'Ihre Rolle für diese Körperschaft erlaubt diesen Vorgang nicht.',
  'apiError.totp_invalid': 'Ungültiger oder abgelaufener Bestätigungscode.',
  'apiError.not_found': 'Ressource nicht gefunden.',
  'apiError.entity_not_found': 'Körperschaft nicht gefunden.',
  'apiError.practice_not_found': 'Keine Zahlungsposition entspricht den eingegebenen Daten.',
  'apiError.service_not_found': 'Dienst nicht gefunden oder nicht verfügbar.',
  'apiError.spontaneous_disabled': 'Die Körperschaft erlaubt über dieses Portal keine spontanen Zahlungen.',
  'apiError.registration_disabled':
    'Die Körperschaft erlaubt keine Registrierung im Portal: bitte mit SPID oder CIE anmelden.',
  'apiError.reconsent_required':
    'Die Datenschutzerklärung wurde geändert: bitte lesen und akzeptieren, um fortzufahren.',
  'apiError.method_not_allowed': 'Methode nicht erlaubt.',
  'apiError.conflict': 'Der Vorgang steht im Widerspruch zum aktuellen Zustand.',
  'apiError.already_exists': 'Existiert bereits.',
  'apiError.invalid_state': 'Im aktuellen Zustand der Zahlungsposition nicht erlaubt.',
  'apiError.already_paid': 'Diese Zahlungsposition ist bereits bezahlt.',
  'apiError.payment_in_progress':
    'Für diese Zahlungsposition läuft bereits eine Zahlung, der Einmalzahlung oder einer Rate: Bitte einige Minuten warten und erneut versuchen.',
  'apiError.payment_activated':
    'pagoPA hat diese Zahlung bereits übernommen: Sie kann nicht mehr abgebrochen werden, das Ergebnis kommt von selbst.',
  'apiError.one_option_per_practice':
    'Eine Zahlung kann nur eine Option je Zahlungsposition enthalten: die Einmalzahlung oder eine Rate.',
  'apiError.not_payable':
    'Diese Zahlungsposition kann nicht bezahlt werden: Sie ist abgelaufen oder storniert.',
  'apiError.cart_full':
    'Der Warenkorb enthält bereits 5 Zahlungspositionen, das Maximum einer pagoPA-Zahlung.',
  'apiError.checkout_refused':
    'pagoPA hat die Zahlung dieser Zahlungspositionen abgelehnt: Bitte später erneut versuchen oder einzeln mit dem Zahlungscode zahlen.',
  'apiError.token_invalid': 'Der Link ist ungültig, abgelaufen oder bereits verwendet.',
  'apiError.paylink_not_found':
    'Dieser Zahlungslink ist ungültig: Bitte prüfen, ob er vollständig kopiert wurde, oder die Zahlungsposition mit Steuernummer und Zahlungscode suchen.',
  'apiError.paylink_expired':
    'Dieser Zahlungslink ist abgelaufen: Bitte die Zahlungsposition mit Steuernummer und Zahlungscode suchen.',
  'apiError.paylink_revoked':
    'Die Körperschaft hat diesen Zahlungslink zurückgezogen: Bitte die Zahlungsposition mit Steuernummer und Zahlungscode suchen.',
  'apiError.portal_url_missing':
    'Die Körperschaft hat keine Portalseite (portalUrl): Bitte mit PATCH /api/v1/admin/entity festlegen, bevor Zahlungslinks erstellt werden.',
  'apiError.payload_too_large': 'Anfrage zu groß.',
  'apiError.unsupported_media_type': 'Nicht unterstütztes Anfrageformat.',
  'apiError.rate_limited': 'Zu viele Versuche: Bitte später erneut versuchen.',
  'apiError.internal': 'Interner Fehler: Bitte später erneut versuchen.',
  'apiError.unavailable': 'Dienst vorübergehend nicht verfügbar.',
  'fieldCode.required': 'Pflichtfeld.',
  'fieldCode.invalid_type': 'Ungültiger Datentyp.',
  'fieldCode.unknown_field': 'Unerwartetes Feld.',
  'fieldCode.too_short': 'Zu kurz.',
  'fieldCode.too_long': 'Zu lang.',
  'fieldCode.too_small': 'Wert zu niedrig.',
  'fieldCode.too_large': 'Wert zu hoch.',
  'fieldCode.too_many': 'Zu viele Elemente.',
  'fieldCode.too_few': 'Zu wenige Elemente.',
  'fieldCode.invalid_format': 'Ungültiges Format.',
  'fieldCode.invalid_choice': 'Wert nicht zulässig.',
  'fieldCode.invalid_fiscal_code': 'Ungültige Steuernummer oder MwSt.-Nummer.',
  'fieldCode.invalid_entity_code': 'Ungültige Steuernummer der Körperschaft (11 Ziffern).',
  'fieldCode.invalid_nav': 'Ungültiger Zahlungshinweiscode: 18 Ziffern, die erste 0, 1, 2 oder 3.',
  'fieldCode.invalid_nav_check':
    'Ungültiger Zahlungshinweiscode: Die letzten zwei Ziffern (Prüfziffern) passen nicht zu den übrigen. Bitte prüfen, ob er richtig abgeschrieben wurde.',
  'fieldCode.invalid_iuv': 'Ungültiger IUV.',
  'fieldCode.invalid_iban': 'Ungültige IBAN.',
  'fieldCode.invalid_taxonomy': 'Ungültiger Taxonomiecode.',
  'fieldCode.invalid_amount': 'Ungültiger Betrag: höchstens zwei Dezimalstellen, z. B. 1.234,56.',
  'fieldCode.invalid_cents': 'Der Betrag muss eine nicht negative ganze Zahl von Cent sein.',
  'fieldCode.invalid_email': 'Ungültige E-Mail-Adresse.',
  'fieldCode.invalid_date': 'Ungültiges Datum (JJJJ-MM-TT).',
  'fieldCode.invalid_url': 'Ungültige URL.',
  'fieldCode.https_required': 'Eine https://-Adresse ist erforderlich (http:// nur im Demo-Modus).',
  'fieldCode.private_address':
    'Adresse eines internen Netzes (Loopback, privat, link-local): nur erreichbar, wenn die Einstellungen der Körperschaft es erlauben.',
  'fieldCode.invalid_origin': 'Ungültiger Ursprung (z. B. https://www.gemeinde.example.it).',
  'fieldCode.mismatch': 'Die Werte stimmen nicht überein.',
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
  'fieldCode.privacy_outdated':
    'Die Datenschutzerklärung wurde aktualisiert: Bitte erneut lesen und bestätigen.',
  'fieldCode.subject_mismatch': 'Eine 16-stellige Steuernummer gehört einer natürlichen Person.',
};

export default de;
