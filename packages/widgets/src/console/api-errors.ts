/**
 * The console's words for the API error codes and field codes the citizen widgets leave to the
 * server's message (`locales/errors.*.ts` keep only those a browser can meet without one): Italian
 * and English.
 */

export const it: Record<string, string> = {
  invalid_json: 'Il corpo della richiesta non è JSON valido.',
  validation_failed: 'Alcuni dati non sono validi: controlla i campi indicati.',
  unauthorized: 'Accesso necessario o sessione scaduta.',
  invalid_api_key: 'Chiave API non valida o revocata.',
  invalid_credentials: 'Username o password non corretti, oppure account non attivo.',
  forbidden: 'Operazione non consentita.',
  origin_not_allowed: "Questo sito non è autorizzato dall'ente.",
  csrf_failed: 'Richiesta rifiutata: non proviene dalla console di questo server.',
  entity_not_granted: 'Non hai accesso a questo ente.',
  role_forbidden: 'Il tuo ruolo per questo ente non consente questa operazione.',
  totp_invalid: 'Codice di verifica non valido o scaduto.',
  entity_not_found: 'Ente non trovato.',
  practice_not_found: 'Nessuna pratica corrisponde ai dati inseriti.',
  service_not_found: 'Servizio non trovato o non disponibile.',
  registration_disabled: "L'ente non consente la registrazione al portale: entra con SPID o CIE.",
  reconsent_required: "L'informativa privacy è cambiata: leggila e accettala per continuare.",
  method_not_allowed: 'Metodo non consentito.',
  already_exists: 'Esiste già.',
  already_paid: 'Questa pratica risulta già pagata.',
  payment_in_progress:
    'Per questa pratica è già in corso un pagamento, del pagamento unico o di una rata: attendi qualche minuto e riprova.',
  payment_activated:
    'pagoPA ha già preso in carico questo pagamento: non si può più annullare, l’esito arriverà da sé.',
  one_option_per_practice:
    'Un pagamento può contenere una sola rata o opzione di ciascuna pratica: il pagamento unico oppure una rata.',
  not_payable: 'Questa pratica non si può pagare: è scaduta o annullata.',
  cart_full: 'Il carrello contiene già 5 pratiche, il massimo per un pagamento pagoPA.',
  checkout_refused:
    'pagoPA ha rifiutato il pagamento di questi avvisi: riprova più tardi o pagali uno alla volta con il codice avviso.',
  token_invalid: 'Il link non è valido, è scaduto o è già stato usato.',
  paylink_not_found:
    'Il link di pagamento non è valido: controlla di averlo copiato per intero, oppure cerca la pratica con il codice fiscale e il Codice Avviso.',
  paylink_expired:
    'Il link di pagamento è scaduto: cerca la pratica con il codice fiscale e il Codice Avviso.',
  paylink_revoked:
    'Il link di pagamento è stato ritirato dall’ente: cerca la pratica con il codice fiscale e il Codice Avviso.',
  portal_url_missing:
    'L’ente non ha indicato la pagina del portale (portalUrl): impostala con PATCH /api/v1/admin/entity prima di creare link di pagamento.',
  payload_too_large: 'Richiesta troppo grande.',
  unsupported_media_type: 'Formato della richiesta non supportato.',
  rate_limited: 'Troppi tentativi: riprova più tardi.',
};

export const en: Record<string, string> = {
  invalid_json: 'The request body is not valid JSON.',
  validation_failed: 'Some data is not valid: check the fields listed.',
  unauthorized: 'Authentication required or session expired.',
  invalid_api_key: 'Invalid or revoked API key.',
  invalid_credentials: 'Wrong username or password, or account not active.',
  forbidden: 'Operation not allowed.',
  origin_not_allowed: 'This site is not allowed by the entity.',
  csrf_failed: "Request refused: it does not come from this server's console.",
  entity_not_granted: 'You have no access to this entity.',
  role_forbidden: 'Your role for this entity does not allow this operation.',
  totp_invalid: 'Invalid or expired verification code.',
  entity_not_found: 'Entity not found.',
  practice_not_found: 'No practice matches the data entered.',
  service_not_found: 'Service not found or not available.',
  registration_disabled: 'The entity does not allow registering on the portal: log in with SPID or CIE.',
  reconsent_required: 'The privacy notice has changed: read and accept it to go on.',
  method_not_allowed: 'Method not allowed.',
  already_exists: 'Already exists.',
  already_paid: 'This practice is already paid.',
  payment_in_progress:
    'A payment for this practice is already in progress, of its single payment or of an installment: wait a few minutes and try again.',
  payment_activated:
    'pagoPA has already taken this payment in charge: it can no longer be abandoned, its outcome will arrive by itself.',
  one_option_per_practice:
    'One payment can hold only one option of each practice: the single payment or one installment.',
  not_payable: 'This practice cannot be paid: it has expired or was cancelled.',
  cart_full: 'The cart already holds 5 practices, the most one pagoPA payment allows.',
  checkout_refused:
    'pagoPA refused to pay these notices: try again later or pay them one at a time with the notice code.',
  token_invalid: 'The link is invalid, expired or already used.',
  paylink_not_found:
    'This payment link is not valid: check it was copied whole, or find the practice with the fiscal code and the notice code.',
  paylink_expired:
    'This payment link has expired: find the practice with the fiscal code and the notice code.',
  paylink_revoked:
    'The entity withdrew this payment link: find the practice with the fiscal code and the notice code.',
  portal_url_missing:
    'The entity has no portal page (portalUrl): set it with PATCH /api/v1/admin/entity before creating pay links.',
  payload_too_large: 'Request too large.',
  unsupported_media_type: 'Unsupported request format.',
  rate_limited: 'Too many attempts: try again later.',
};

/** Field codes (`fieldCode.<code>` in the widgets' catalogs), Italian. */
export const itFields: Record<string, string> = {
  too_many: 'Troppi elementi.',
  too_few: 'Troppo pochi elementi.',
  invalid_entity_code: "Codice fiscale dell'ente non valido (11 cifre).",
  invalid_nav: 'Codice Avviso non valido: sono 18 cifre e la prima è 0, 1, 2 o 3.',
  invalid_nav_check:
    'Codice Avviso non valido: le ultime due cifre (di controllo) non corrispondono alle altre. Controlla di averlo copiato bene.',
  invalid_iuv: 'IUV non valido.',
  invalid_iban: 'IBAN non valido.',
  invalid_taxonomy: 'Codice tassonomico non valido.',
  invalid_url: 'Indirizzo web non valido.',
  https_required: 'Serve un indirizzo https:// (http:// solo in modalità demo).',
  private_address:
    "Indirizzo di una rete interna (loopback, privata, link-local): non raggiungibile se le impostazioni dell'ente non lo consentono.",
  invalid_origin: 'Origine non valida (es. https://www.comune.esempio.it).',
  mismatch: 'I valori non corrispondono.',
  privacy_outdated: "L'informativa privacy è stata aggiornata: rileggila e conferma di nuovo.",
};

/** Field codes (`fieldCode.<code>` in the widgets' catalogs), English. */
export const enFields: Record<string, string> = {
  too_many: 'Too many items.',
  too_few: 'Too few items.',
  invalid_entity_code: 'Invalid entity fiscal code (11 digits).',
  invalid_nav: 'Invalid notice code: it has 18 digits, the first one 0, 1, 2 or 3.',
  invalid_nav_check:
    'Invalid notice code: its last two digits (the check digits) do not match the others. Check that you copied it correctly.',
  invalid_iuv: 'Invalid IUV.',
  invalid_iban: 'Invalid IBAN.',
  invalid_taxonomy: 'Invalid taxonomy code.',
  invalid_url: 'Invalid URL.',
  https_required: 'An https:// address is required (http:// in demo mode only).',
  private_address:
    'Address of an internal network (loopback, private, link-local): not reachable unless the entity settings allow it.',
  invalid_origin: 'Invalid origin (e.g. https://www.comune.example.it).',
  mismatch: 'Values do not match.',
  privacy_outdated: 'The privacy notice has been updated: read it again and confirm.',
};
