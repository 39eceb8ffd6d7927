/**
 * The words the citizen reads for the API's error codes and field codes, in Italian: data only,
 * gathered in `it.ts`. The SDK gives codes only; every code of its contract has an entry here, and
 * in en and de (errors.test.ts checks).
 */
const it = {
  'apiError.bad_request': 'Richiesta non valida.',
  'apiError.invalid_json': 'Il corpo della richiesta non è JSON valido.',
  'apiError.validation_failed': 'Alcuni dati non sono validi: controlla i campi indicati.',
  'apiError.unauthorized': 'Accesso necessario o sessione scaduta.',
  'apiError.invalid_api_key': 'Chiave API non valida o revocata.',
  'apiError.invalid_credentials': 'Username o password non corretti, oppure account non attivo.',
  'apiError.forbidden': 'Operazione non consentita.',
  'apiError.origin_not_allowed': "Questo sito non è autorizzato dall'ente.",
  'apiError.csrf_failed': 'Richiesta rifiutata: non proviene dalla console di questo server.',
  'apiError.entity_not_granted': 'Non hai accesso a questo ente.',
  'apiError.role_forbidden': 'Il tuo ruolo per questo ente non consente questa operazione.',
  'apiError.totp_invalid': 'Codice di verifica non valido o scaduto.',
  'apiError.not_found': 'Risorsa non trovata.',
  'apiError.entity_not_found': 'Ente non trovato.',
  'apiError.practice_not_found': 'Nessuna pratica corrisponde ai dati inseriti.',
  'apiError.service_not_found': 'Servizio non trovato o non disponibile.',
  'apiError.spontaneous_disabled': "L'ente non consente pagamenti spontanei da questo portale.",
  'apiError.registration_disabled': "L'ente non consente la registrazione al portale: entra con SPID o CIE.",
  'apiError.reconsent_required': "L'informativa privacy è cambiata: leggila e accettala per continuare.",
  'apiError.method_not_allowed': 'Metodo non consentito.',
  'apiError.conflict': "L'operazione è in conflitto con lo stato attuale.",
  'apiError.already_exists': 'Esiste già.',
  'apiError.invalid_state': 'Operazione non consentita nello stato attuale della pratica.',
  'apiError.already_paid': 'Questa pratica risulta già pagata.',
  'apiError.payment_in_progress':
    'Per questa pratica è già in corso un pagamento, del pagamento unico o di una rata: attendi qualche minuto e riprova.',
  'apiError.payment_activated':
    'pagoPA ha già preso in carico questo pagamento: non si può più annullare, l’esito arriverà da sé.',
  'apiError.one_option_per_practice':
    'Un pagamento può contenere una sola rata o opzione di ciascuna pratica: il pagamento unico oppure una rata.',
  'apiError.not_payable': 'Questa pratica non si può pagare: è scaduta o annullata.',
  'apiError.cart_full': 'Il carrello contiene già 5 pratiche, il massimo per un pagamento pagoPA.',
  'apiError.checkout_refused':
    'pagoPA ha rifiutato il pagamento di questi avvisi: riprova più tardi o pagali uno alla volta con il codice avviso.',
  'apiError.token_invalid': 'Il link non è valido, è scaduto o è già stato usato.',
  'apiError.paylink_not_found':
    'Il link di pagamento non è valido: controlla di averlo copiato per intero, oppure cerca la pratica con il codice fiscale e il Codice Avviso.',
  'apiError.paylink_expired':
    'Il link di pagamento è scaduto: cerca la pratica con il codice fiscale e il Codice Avviso.',
  'apiError.paylink_revoked':
    'Il link di pagamento è stato ritirato dall’ente: cerca la pratica con il codice fiscale e il Codice Avviso.',
  'apiError.portal_url_missing':
    'L’ente non ha indicato la pagina del portale (portalUrl): impostala con PATCH /api/v1/admin/entity prima di creare link di pagamento.',
  'apiError.payload_too_large': 'Richiesta troppo grande.',
  'apiError.unsupported_media_type': 'Formato della richiesta non supportato.',
  'apiError.rate_limited': 'Troppi tentativi: riprova più tardi.',
  'apiError.internal': 'Errore interno: riprova più tardi.',
  'apiError.unavailable': 'Servizio momentaneamente non disponibile.',
  'fieldCode.required': 'Campo obbligatorio.',
  'fieldCode.invalid_type': 'Tipo di dato non valido.',
  'fieldCode.unknown_field': 'Campo non previsto.',
  'fieldCode.too_short': 'Troppo corto.',
  'fieldCode.too_long': 'Troppo lungo.',
  'fieldCode.too_small': 'Valore troppo basso.',
  'fieldCode.too_large': 'Valore troppo alto.',
  'fieldCode.too_many': 'Troppi elementi.',
  'fieldCode.too_few': 'Troppo pochi elementi.',
  'fieldCode.invalid_format': 'Formato non valido.',
  'fieldCode.invalid_choice': 'Valore non ammesso.',
  'fieldCode.invalid_fiscal_code': 'Codice fiscale o partita IVA non valido.',
  'fieldCode.invalid_entity_code': "Codice fiscale dell'ente non valido (11 cifre).",
  'fieldCode.invalid_nav': 'Codice Avviso non valido: sono 18 cifre e la prima è 0, 1, 2 o 3.',
  'fieldCode.invalid_nav_check':
    'Codice Avviso non valido: le ultime due cifre (di controllo) non corrispondono alle altre. Controlla di averlo copiato bene.',
  'fieldCode.invalid_iuv': 'IUV non valido.',
  'fieldCode.invalid_iban': 'IBAN non valido.',
  'fieldCode.invalid_taxonomy': 'Codice tassonomico non valido.',
  'fieldCode.invalid_amount': 'Importo non valido: usa al massimo due decimali, es. 1.234,56.',
  'fieldCode.invalid_cents': "L'importo deve essere un numero intero di centesimi, non negativo.",
  'fieldCode.invalid_email': 'Indirizzo email non valido.',
  'fieldCode.invalid_date': 'Data non valida (AAAA-MM-GG).',
  'fieldCode.invalid_url': 'Indirizzo web non valido.',
  'fieldCode.https_required': 'Serve un indirizzo https:// (http:// solo in modalità demo).',
  'fieldCode.private_address':
    "Indirizzo di una rete interna (loopback, privata, link-local): non raggiungibile se le impostazioni dell'ente non lo consentono.",
  'fieldCode.invalid_origin': 'Origine non valida (es. https://www.comune.esempio.it).',
  'fieldCode.mismatch': 'I valori non corrispondono.',
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
  'fieldCode.privacy_outdated': "L'informativa privacy è stata aggiornata: rileggila e conferma di nuovo.",
  'fieldCode.subject_mismatch': 'Un codice fiscale di 16 caratteri appartiene a una persona fisica.',
} as const;

export type Keys = keyof typeof it;

export default it;
