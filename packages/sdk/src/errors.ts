/**
 * The closed set of error codes the API answers with, each with its HTTP status and the message the
 * server's answers carry, in Italian, English and German. The server throws `ApiError` with one of these codes; the SDK
 * raises `PagatoreError` with the same code; widgets map codes to their own locale strings.
 */

export type Lang = 'it' | 'en' | 'de';

interface ErrorDef {
  status: number;
  it: string;
  en: string;
  de: string;
}

function def(status: number, it: string, en: string, de: string): ErrorDef {
  return { status, it, en, de };
}

/** Every error code the API can answer with. Adding one is a contract change. */
export const ERROR_CODES = {
  bad_request: def(400, 'Richiesta non valida.', 'Malformed request.', 'Ungültige Anfrage.'),
  invalid_json: def(
    400,
    'Il corpo della richiesta non è JSON valido.',
    'The request body is not valid JSON.',
    'Der Anfragetext ist kein gültiges JSON.',
  ),
  validation_failed: def(
    422,
    'Alcuni dati non sono validi: controlla i campi indicati.',
    'Some data is not valid: check the fields listed.',
    'Einige Angaben sind ungültig: Bitte die genannten Felder prüfen.',
  ),
  unauthorized: def(
    401,
    'Accesso necessario o sessione scaduta.',
    'Authentication required or session expired.',
    'Anmeldung erforderlich oder Sitzung abgelaufen.',
  ),
  invalid_api_key: def(
    401,
    'Chiave API non valida o revocata.',
    'Invalid or revoked API key.',
    'Ungültiger oder widerrufener API-Schlüssel.',
  ),
  invalid_credentials: def(
    401,
    'Username o password non corretti, oppure account non attivo.',
    'Wrong username or password, or account not active.',
    'Benutzername oder Passwort falsch oder Konto nicht aktiv.',
  ),
  forbidden: def(403, 'Operazione non consentita.', 'Operation not allowed.', 'Vorgang nicht erlaubt.'),
  origin_not_allowed: def(
    403,
    "Questo sito non è autorizzato dall'ente.",
    'This site is not allowed by the entity.',
    'Diese Website ist von der Körperschaft nicht zugelassen.',
  ),
  not_found: def(404, 'Risorsa non trovata.', 'Resource not found.', 'Ressource nicht gefunden.'),
  entity_not_found: def(404, 'Ente non trovato.', 'Entity not found.', 'Körperschaft nicht gefunden.'),
  practice_not_found: def(
    404,
    'Nessuna pratica corrisponde ai dati inseriti.',
    'No practice matches the data entered.',
    'Keine Zahlungsposition entspricht den eingegebenen Daten.',
  ),
  service_not_found: def(
    404,
    'Servizio non trovato o non disponibile.',
    'Service not found or not available.',
    'Dienst nicht gefunden oder nicht verfügbar.',
  ),
  spontaneous_disabled: def(
    403,
    "L'ente non consente pagamenti spontanei da questo portale.",
    'The entity does not allow spontaneous payments from this portal.',
    'Die Körperschaft erlaubt über dieses Portal keine spontanen Zahlungen.',
  ),
  method_not_allowed: def(405, 'Metodo non consentito.', 'Method not allowed.', 'Methode nicht erlaubt.'),
  conflict: def(
    409,
    "L'operazione è in conflitto con lo stato attuale.",
    'The operation conflicts with the current state.',
    'Der Vorgang steht im Widerspruch zum aktuellen Zustand.',
  ),
  already_exists: def(409, 'Esiste già.', 'Already exists.', 'Existiert bereits.'),
  invalid_state: def(
    409,
    'Operazione non consentita nello stato attuale della pratica.',
    'Not allowed in the current state of the practice.',
    'Im aktuellen Zustand der Zahlungsposition nicht erlaubt.',
  ),
  already_paid: def(
    409,
    'Questa pratica risulta già pagata.',
    'This practice is already paid.',
    'Diese Zahlungsposition ist bereits bezahlt.',
  ),
  payment_in_progress: def(
    409,
    'Per questa pratica è già in corso un pagamento, del pagamento unico o di una rata: attendi qualche minuto e riprova.',
    'A payment for this practice is already in progress, of its single payment or of an installment: wait a few minutes and try again.',
    'Für diese Zahlungsposition läuft bereits eine Zahlung, der Einmalzahlung oder einer Rate: Bitte einige Minuten warten und erneut versuchen.',
  ),
  payment_activated: def(
    409,
    'pagoPA ha già preso in carico questo pagamento: non si può più annullare, l’esito arriverà da sé.',
    'pagoPA has already taken this payment in charge: it can no longer be abandoned, its outcome will arrive by itself.',
    'pagoPA hat diese Zahlung bereits übernommen: Sie kann nicht mehr abgebrochen werden, das Ergebnis kommt von selbst.',
  ),
  one_option_per_practice: def(
    422,
    'Un pagamento può contenere una sola rata o opzione di ciascuna pratica: il pagamento unico oppure una rata.',
    'One payment can hold only one option of each practice: the single payment or one installment.',
    'Eine Zahlung kann nur eine Option je Zahlungsposition enthalten: die Einmalzahlung oder eine Rate.',
  ),
  not_payable: def(
    409,
    'Questa pratica non si può pagare: è scaduta o annullata.',
    'This practice cannot be paid: it has expired or was cancelled.',
    'Diese Zahlungsposition kann nicht bezahlt werden: Sie ist abgelaufen oder storniert.',
  ),
  cart_full: def(
    409,
    'Il carrello contiene già 25 pratiche, il massimo: paga queste prima di aggiungerne altre.',
    'The cart already holds 25 practices, the most it takes: pay these before adding more.',
    'Der Warenkorb enthält bereits 25 Zahlungspositionen, das Maximum: Bitte zuerst diese bezahlen, dann weitere hinzufügen.',
  ),
  checkout_refused: def(
    422,
    'pagoPA ha rifiutato il pagamento di questi avvisi: riprova più tardi o pagali uno alla volta con il codice avviso.',
    'pagoPA refused to pay these notices: try again later or pay them one at a time with the notice code.',
    'pagoPA hat die Zahlung dieser Zahlungspositionen abgelehnt: Bitte später erneut versuchen oder einzeln mit dem Zahlungscode zahlen.',
  ),
  token_invalid: def(
    410,
    'Il link non è valido, è scaduto o è già stato usato.',
    'The link is invalid, expired or already used.',
    'Der Link ist ungültig, abgelaufen oder bereits verwendet.',
  ),
  payload_too_large: def(413, 'Richiesta troppo grande.', 'Request too large.', 'Anfrage zu groß.'),
  unsupported_media_type: def(
    415,
    'Formato della richiesta non supportato.',
    'Unsupported request format.',
    'Nicht unterstütztes Anfrageformat.',
  ),
  rate_limited: def(
    429,
    'Troppi tentativi: riprova più tardi.',
    'Too many attempts: try again later.',
    'Zu viele Versuche: Bitte später erneut versuchen.',
  ),
  internal: def(
    500,
    'Errore interno: riprova più tardi.',
    'Internal error: try again later.',
    'Interner Fehler: Bitte später erneut versuchen.',
  ),
  unavailable: def(
    503,
    'Servizio momentaneamente non disponibile.',
    'Service temporarily unavailable.',
    'Dienst vorübergehend nicht verfügbar.',
  ),
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem with one input field; `path` is dotted (`options.0.amount`). */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** The one error body every API error has. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    requestId: string;
    fields?: FieldError[];
  };
}

/** HTTP status of an error code. */
export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

/** Human message of an error code in a language. */
export function messageOf(code: ErrorCode, lang: Lang = 'it'): string {
  return ERROR_CODES[code][lang];
}

/** True when the value is one of the closed set of codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/**
 * What the SDK throws for every API error and for network failures (`status` 0, code `unavailable`).
 * `message` is the server's, or a short English note when there is none: for logs. What a person
 * reads comes from `code` (and each field's `code`), in the words of the interface that shows it.
 * @example
 * try { await client.entities.get('80012345678') } catch (e) { if (e instanceof PagatoreError && e.code === 'entity_not_found') … }
 */
export class PagatoreError extends Error {
  override readonly name = 'PagatoreError';
  readonly status: number;
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  readonly requestId: string | undefined;
  /** Seconds to wait, from `Retry-After`, on 429 and 503. */
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    code: ErrorCode;
    message: string;
    fields?: FieldError[];
    requestId?: string;
    retryAfter?: number;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? [];
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
  }
}
