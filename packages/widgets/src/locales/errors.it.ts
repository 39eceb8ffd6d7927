/**
 * The words the citizen reads for the codes a browser meets without the server's own message, in
 * Italian: data only, gathered in `it.ts`, with the same keys in en and de (errors.test.ts checks).
 * Those are the field codes the forms' own checks give (the SDK's schemas of registration, profile,
 * password and a service's form), the error codes the SDK makes itself (the network is down, an
 * answer that is not the API's), those whose server message may be an operator's note, and one a
 * form says before asking. For every other code the server's error body (or field error) says it in
 * the request's language (`errorMessage`), so the bundle does not carry it again.
 */
const it = {
  'apiError.bad_request': 'Richiesta non valida.',
  'apiError.not_found': 'Risorsa non trovata.',
  'apiError.spontaneous_disabled': "L'ente non consente pagamenti spontanei da questo portale.",
  'apiError.conflict': "L'operazione è in conflitto con lo stato attuale.",
  'apiError.invalid_state': 'Operazione non consentita nello stato attuale della pratica.',
  'apiError.internal': 'Errore interno: riprova più tardi.',
  'apiError.unavailable': 'Servizio momentaneamente non disponibile.',
  'error.failed': 'L’operazione non è riuscita.',
  'fieldCode.required': 'Campo obbligatorio.',
  'fieldCode.invalid_type': 'Tipo di dato non valido.',
  'fieldCode.unknown_field': 'Campo non previsto.',
  'fieldCode.too_short': 'Troppo corto.',
  'fieldCode.too_long': 'Troppo lungo.',
  'fieldCode.too_small': 'Valore troppo basso.',
  'fieldCode.too_large': 'Valore troppo alto.',
  'fieldCode.invalid_format': 'Formato non valido.',
  'fieldCode.invalid_choice': 'Valore non ammesso.',
  'fieldCode.invalid_fiscal_code': 'Codice fiscale o partita IVA non valido.',
  'fieldCode.invalid_amount': 'Importo non valido: usa al massimo due decimali, es. 1.234,56.',
  'fieldCode.invalid_cents': "L'importo deve essere un numero intero di centesimi, non negativo.",
  'fieldCode.invalid_email': 'Indirizzo email non valido.',
  'fieldCode.invalid_date': 'Data non valida (AAAA-MM-GG).',
  'fieldCode.consent_required': "Per registrarti devi accettare l'informativa privacy.",
  'fieldCode.password_common': 'Password troppo comune: scegline una meno prevedibile.',
  'fieldCode.password_personal': 'La password non deve contenere username, email, nome o codice fiscale.',
  'fieldCode.invalid_username':
    'Username non valido: da 3 a 40 tra lettere, cifre, punto, trattino e trattino basso.',
  'fieldCode.invalid_phone': 'Numero di telefono non valido.',
  'fieldCode.invalid_country': 'Nazione non valida.',
  'fieldCode.invalid_postal_code': 'Il CAP è di 5 cifre.',
  'fieldCode.invalid_province': 'Indica la sigla della provincia (2 lettere, es. RM).',
  'fieldCode.not_applicable': 'Campo non previsto per questo tipo di soggetto.',
  'fieldCode.subject_mismatch': 'Un codice fiscale di 16 caratteri appartiene a una persona fisica.',
} as const;

export type Keys = keyof typeof it;

export default it;
