/**
 * The words of the API's answers: the message of each error code and field code, in Italian,
 * English and German. The SDK carries only the codes (and each error's status), so clients and
 * widgets say things in their own words and their bundles carry no server text.
 */
import {
  check,
  type ErrorCode,
  type FieldCode,
  type FieldError,
  type FieldProblem,
  type Lang,
} from '@pagatore/sdk';
import type * as v from 'valibot';

type Texts = readonly [it: string, en: string, de: string];

const INDEX: Record<Lang, 0 | 1 | 2> = { it: 0, en: 1, de: 2 };

/** What the API says for each error code, in Italian, English and German. */
export const ERROR_MESSAGES = {
  bad_request: ['Richiesta non valida.', 'Malformed request.', 'Ungültige Anfrage.'],
  invalid_json: [
    'Il corpo della richiesta non è JSON valido.',
    'The request body is not valid JSON.',
    'Der Anfragetext ist kein gültiges JSON.',
  ],
  validation_failed: [
    'Alcuni dati non sono validi: controlla i campi indicati.',
    'Some data is not valid: check the fields listed.',
    'Einige Angaben sind ungültig: Bitte die genannten Felder prüfen.',
  ],
  unauthorized: [
    'Accesso necessario o sessione scaduta.',
    'Authentication required or session expired.',
    'Anmeldung erforderlich oder Sitzung abgelaufen.',
  ],
  invalid_api_key: [
    'Chiave API non valida o revocata.',
    'Invalid or revoked API key.',
    'Ungültiger oder widerrufener API-Schlüssel.',
  ],
  invalid_credentials: [
    'Username o password non corretti, oppure account non attivo.',
    'Wrong username or password, or account not active.',
    'Benutzername oder Passwort falsch oder Konto nicht aktiv.',
  ],
  forbidden: ['Operazione non consentita.', 'Operation not allowed.', 'Vorgang nicht erlaubt.'],
  origin_not_allowed: [
    "Questo sito non è autorizzato dall'ente.",
    'This site is not allowed by the entity.',
    'Diese Website ist von der Körperschaft nicht zugelassen.',
  ],
  csrf_failed: [
    'Richiesta rifiutata: non proviene dalla console di questo server.',
    "Request refused: it does not come from this server's console.",
    'Anfrage abgelehnt: sie stammt nicht von der Konsole dieses Servers.',
  ],
  entity_not_granted: [
    'Non hai accesso a questo ente.',
    'You have no access to this entity.',
    'Sie haben keinen Zugriff auf diese Körperschaft.',
  ],
  role_forbidden: [
    'Il tuo ruolo per questo ente non consente questa operazione.',
    'Your role for this entity does not allow this operation.',
    'Ihre Rolle für diese Körperschaft erlaubt diesen Vorgang nicht.',
  ],
  totp_invalid: [
    'Codice di verifica non valido o scaduto.',
    'Invalid or expired verification code.',
    'Ungültiger oder abgelaufener Bestätigungscode.',
  ],
  not_found: ['Risorsa non trovata.', 'Resource not found.', 'Ressource nicht gefunden.'],
  entity_not_found: ['Ente non trovato.', 'Entity not found.', 'Körperschaft nicht gefunden.'],
  practice_not_found: [
    'Nessuna pratica corrisponde ai dati inseriti.',
    'No practice matches the data entered.',
    'Keine Zahlungsposition entspricht den eingegebenen Daten.',
  ],
  service_not_found: [
    'Servizio non trovato o non disponibile.',
    'Service not found or not available.',
    'Dienst nicht gefunden oder nicht verfügbar.',
  ],
  spontaneous_disabled: [
    "L'ente non consente pagamenti spontanei da questo portale.",
    'The entity does not allow spontaneous payments from this portal.',
    'Die Körperschaft erlaubt über dieses Portal keine spontanen Zahlungen.',
  ],
  registration_disabled: [
    "L'ente non consente la registrazione al portale: entra con SPID o CIE.",
    'The entity does not allow registering on the portal: log in with SPID or CIE.',
    'Die Körperschaft erlaubt keine Registrierung im Portal: bitte mit SPID oder CIE anmelden.',
  ],
  reconsent_required: [
    "L'informativa privacy è cambiata: leggila e accettala per continuare.",
    'The privacy notice has changed: read and accept it to go on.',
    'Die Datenschutzerklärung wurde geändert: bitte lesen und akzeptieren, um fortzufahren.',
  ],
  method_not_allowed: ['Metodo non consentito.', 'Method not allowed.', 'Methode nicht erlaubt.'],
  conflict: [
    "L'operazione è in conflitto con lo stato attuale.",
    'The operation conflicts with the current state.',
    'Der Vorgang steht im Widerspruch zum aktuellen Zustand.',
  ],
  already_exists: ['Esiste già.', 'Already exists.', 'Existiert bereits.'],
  invalid_state: [
    'Operazione non consentita nello stato attuale della pratica.',
    'Not allowed in the current state of the practice.',
    'Im aktuellen Zustand der Zahlungsposition nicht erlaubt.',
  ],
  already_paid: [
    'Questa pratica risulta già pagata.',
    'This practice is already paid.',
    'Diese Zahlungsposition ist bereits bezahlt.',
  ],
  payment_in_progress: [
    'Per questa pratica è già in corso un pagamento, del pagamento unico o di una rata: attendi qualche minuto e riprova.',
    'A payment for this practice is already in progress, of its single payment or of an installment: wait a few minutes and try again.',
    'Für diese Zahlungsposition läuft bereits eine Zahlung, der Einmalzahlung oder einer Rate: Bitte einige Minuten warten und erneut versuchen.',
  ],
  payment_activated: [
    'pagoPA ha già preso in carico questo pagamento: non si può più annullare, l’esito arriverà da sé.',
    'pagoPA has already taken this payment in charge: it can no longer be abandoned, its outcome will arrive by itself.',
    'pagoPA hat diese Zahlung bereits übernommen: Sie kann nicht mehr abgebrochen werden, das Ergebnis kommt von selbst.',
  ],
  one_option_per_practice: [
    'Un pagamento può contenere una sola rata o opzione di ciascuna pratica: il pagamento unico oppure una rata.',
    'One payment can hold only one option of each practice: the single payment or one installment.',
    'Eine Zahlung kann nur eine Option je Zahlungsposition enthalten: die Einmalzahlung oder eine Rate.',
  ],
  not_payable: [
    'Questa pratica non si può pagare: è scaduta o annullata.',
    'This practice cannot be paid: it has expired or was cancelled.',
    'Diese Zahlungsposition kann nicht bezahlt werden: Sie ist abgelaufen oder storniert.',
  ],
  cart_full: [
    'Il carrello contiene già 25 pratiche, il massimo: paga queste prima di aggiungerne altre.',
    'The cart already holds 25 practices, the most it takes: pay these before adding more.',
    'Der Warenkorb enthält bereits 25 Zahlungspositionen, das Maximum: Bitte zuerst diese bezahlen, dann weitere hinzufügen.',
  ],
  checkout_refused: [
    'pagoPA ha rifiutato il pagamento di questi avvisi: riprova più tardi o pagali uno alla volta con il codice avviso.',
    'pagoPA refused to pay these notices: try again later or pay them one at a time with the notice code.',
    'pagoPA hat die Zahlung dieser Zahlungspositionen abgelehnt: Bitte später erneut versuchen oder einzeln mit dem Zahlungscode zahlen.',
  ],
  token_invalid: [
    'Il link non è valido, è scaduto o è già stato usato.',
    'The link is invalid, expired or already used.',
    'Der Link ist ungültig, abgelaufen oder bereits verwendet.',
  ],
  paylink_not_found: [
    'Il link di pagamento non è valido: controlla di averlo copiato per intero, oppure cerca la pratica con il codice fiscale e il Codice Avviso.',
    'This payment link is not valid: check it was copied whole, or find the practice with the fiscal code and the notice code.',
    'Dieser Zahlungslink ist ungültig: Bitte prüfen, ob er vollständig kopiert wurde, oder die Zahlungsposition mit Steuernummer und Zahlungscode suchen.',
  ],
  paylink_expired: [
    'Il link di pagamento è scaduto: cerca la pratica con il codice fiscale e il Codice Avviso.',
    'This payment link has expired: find the practice with the fiscal code and the notice code.',
    'Dieser Zahlungslink ist abgelaufen: Bitte die Zahlungsposition mit Steuernummer und Zahlungscode suchen.',
  ],
  paylink_revoked: [
    'Il link di pagamento è stato ritirato dall’ente: cerca la pratica con il codice fiscale e il Codice Avviso.',
    'The entity withdrew this payment link: find the practice with the fiscal code and the notice code.',
    'Die Körperschaft hat diesen Zahlungslink zurückgezogen: Bitte die Zahlungsposition mit Steuernummer und Zahlungscode suchen.',
  ],
  portal_url_missing: [
    'L’ente non ha indicato la pagina del portale (portalUrl): impostala con PATCH /api/v1/admin/entity prima di creare link di pagamento.',
    'The entity has no portal page (portalUrl): set it with PATCH /api/v1/admin/entity before creating pay links.',
    'Die Körperschaft hat keine Portalseite (portalUrl): Bitte mit PATCH /api/v1/admin/entity festlegen, bevor Zahlungslinks erstellt werden.',
  ],
  payload_too_large: ['Richiesta troppo grande.', 'Request too large.', 'Anfrage zu groß.'],
  unsupported_media_type: [
    'Formato della richiesta non supportato.',
    'Unsupported request format.',
    'Nicht unterstütztes Anfrageformat.',
  ],
  rate_limited: [
    'Troppi tentativi: riprova più tardi.',
    'Too many attempts: try again later.',
    'Zu viele Versuche: Bitte später erneut versuchen.',
  ],
  internal: [
    'Errore interno: riprova più tardi.',
    'Internal error: try again later.',
    'Interner Fehler: Bitte später erneut versuchen.',
  ],
  unavailable: [
    'Servizio momentaneamente non disponibile.',
    'Service temporarily unavailable.',
    'Dienst vorübergehend nicht verfügbar.',
  ],
} as const satisfies Record<ErrorCode, Texts>;

/** What the API says for each field code, in Italian, English and German. */
export const FIELD_MESSAGES = {
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
} as const satisfies Record<FieldCode, Texts>;

/** The message of an error code, in a language. */
export function messageOf(code: ErrorCode, lang: Lang = 'it'): string {
  return ERROR_MESSAGES[code][INDEX[lang]];
}

/** The message of a field code, in a language; a code outside the set reads as a format problem. */
export function fieldMessage(code: string, lang: Lang = 'it'): string {
  const texts = Object.hasOwn(FIELD_MESSAGES, code)
    ? FIELD_MESSAGES[code as FieldCode]
    : FIELD_MESSAGES.invalid_format;
  return texts[INDEX[lang]];
}

/** Field problems (path and code) with their messages, as an error body carries them. */
export function withMessages(problems: readonly FieldProblem[], lang: Lang = 'it'): FieldError[] {
  return problems.map((p) => ({ ...p, message: fieldMessage(p.code, lang) }));
}

/**
 * Validates input against one of the SDK's schemas: the parsed value, or the field errors of an
 * error body in a language.
 */
export function validate<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  lang: Lang = 'it',
): { ok: true; value: v.InferOutput<S> } | { ok: false; fields: FieldError[] } {
  const r = check(schema, input);
  return r.ok ? r : { ok: false, fields: withMessages(r.fields, lang) };
}
