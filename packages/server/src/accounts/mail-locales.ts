/**
 * The words of the accounts e-mails in Italian, English and German. `{name}` placeholders are
 * filled by `mails.ts`; nothing user-facing is written anywhere else on the server.
 */
export type MailKind =
  | 'activation'
  | 'alreadyRegistered'
  | 'usernameTaken'
  | 'passwordReset'
  | 'usernameReminder'
  | 'emailChange'
  | 'emailChangeNotice'
  | 'passwordChanged'
  | 'accountClosed'
  | 'identityLink';

interface MailWords {
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: string;
}

interface Catalog {
  greeting: string;
  fallback: string;
  footer: string;
  mails: Record<MailKind, MailWords>;
}

const it: Catalog = {
  greeting: 'Gentile {name},',
  fallback: 'Se il pulsante non funziona, copia questo indirizzo nel browser:',
  footer:
    'Messaggio automatico del portale pagamenti {ofEntity}: non rispondere a questa email. Se non hai fatto tu questa richiesta, ignorala.',
  mails: {
    activation: {
      subject: 'Attiva il tuo account – {entity}',
      heading: 'Conferma la registrazione',
      paragraphs: [
        'per completare la registrazione al portale pagamenti {ofEntity} apri il link qui sotto entro {hours} ore.',
        'Il tuo username è {username}.',
      ],
      action: "Attiva l'account",
    },
    alreadyRegistered: {
      subject: 'Tentativo di registrazione – {entity}',
      heading: 'Hai già un account',
      paragraphs: [
        'qualcuno, forse tu, ha chiesto di registrarsi al portale pagamenti {ofEntity} con questo indirizzo email, che ha già un account (username {username}).',
        'Se eri tu, accedi con il tuo username; se non ricordi la password usa "Password dimenticata?". Se non eri tu, non devi fare nulla: il tuo account non è cambiato.',
      ],
      action: 'Vai al portale',
    },
    usernameTaken: {
      subject: 'Registrazione non completata – {entity}',
      heading: 'Username non disponibile',
      paragraphs: [
        'la registrazione al portale pagamenti {ofEntity} non è stata completata perché lo username {username} non è disponibile.',
        'Registrati di nuovo scegliendo un altro username.',
      ],
      action: 'Vai al portale',
    },
    passwordReset: {
      subject: 'Reimposta la password – {entity}',
      heading: 'Scegli una nuova password',
      paragraphs: [
        'abbiamo ricevuto una richiesta di reimpostare la password del tuo account (username {username}).',
        'Il link vale una sola volta e scade tra {minutes} minuti. Dopo il cambio, tutte le sessioni aperte verranno chiuse.',
      ],
      action: 'Scegli una nuova password',
    },
    usernameReminder: {
      subject: 'Il tuo username – {entity}',
      heading: 'Promemoria username',
      paragraphs: ['il tuo username per il portale pagamenti {ofEntity} è: {username}'],
      action: 'Accedi',
    },
    emailChange: {
      subject: 'Conferma il nuovo indirizzo email – {entity}',
      heading: 'Conferma il nuovo indirizzo',
      paragraphs: [
        'per usare questo indirizzo nel tuo account del portale pagamenti {ofEntity} (username {username}) apri il link entro {hours} ore.',
      ],
      action: 'Conferma indirizzo',
    },
    emailChangeNotice: {
      subject: 'Cambio di indirizzo email – {entity}',
      heading: 'Richiesta di cambio indirizzo',
      paragraphs: [
        "è stato chiesto di sostituire l'indirizzo email del tuo account (username {username}) con {newEmail}. Il cambio avverrà solo quando il nuovo indirizzo sarà confermato.",
        'Se non sei stato tu, accedi e cambia subito la password.',
      ],
    },
    passwordChanged: {
      subject: 'Password cambiata – {entity}',
      heading: 'La password è stata cambiata',
      paragraphs: [
        'la password del tuo account (username {username}) è stata cambiata e le altre sessioni sono state chiuse.',
        'Se non sei stato tu, usa subito "Password dimenticata?" per sceglierne una nuova.',
      ],
    },
    accountClosed: {
      subject: 'Account chiuso – {entity}',
      heading: 'Il tuo account è stato chiuso',
      paragraphs: [
        'hai revocato il consenso privacy: il tuo account del portale pagamenti {ofEntity} è stato chiuso e i tuoi dati del profilo cancellati.',
        'Le ricevute e i dati dei pagamenti che la legge impone di conservare restano presso {theEntity}. Puoi registrarti di nuovo quando vuoi.',
      ],
    },
    identityLink: {
      subject: 'Collega la tua identità digitale – {entity}',
      heading: 'Collega {provider} al tuo account',
      paragraphs: [
        'hai effettuato l’accesso al portale pagamenti {ofEntity} con {provider} (codice fiscale {fiscalCode}) e hai chiesto di collegarlo al tuo account (username {username}).',
        'Apri il link entro {minutes} minuti per collegarli: vale una sola volta. Da allora potrai entrare con {provider} e vedere subito le tue pratiche.',
        'Se non sei stato tu, ignora questa email: nulla verrà collegato.',
      ],
      action: 'Collega e accedi',
    },
  },
};

const en: Catalog = {
  greeting: 'Dear {name},',
  fallback: 'If the button does not work, copy this address into your browser:',
  footer:
    'Automatic message from the payment portal of {entity}: do not reply. If you did not make this request, ignore it.',
  mails: {
    activation: {
      subject: 'Activate your account – {entity}',
      heading: 'Confirm your registration',
      paragraphs: [
        'to complete your registration with the payment portal of {entity}, open the link below within {hours} hours.',
        'Your username is {username}.',
      ],
      action: 'Activate account',
    },
    alreadyRegistered: {
      subject: 'Registration attempt – {entity}',
      heading: 'You already have an account',
      paragraphs: [
        'someone, perhaps you, asked to register with the payment portal of {entity} using this e-mail address, which already has an account (username {username}).',
        'If it was you, log in with your username; if you do not remember the password, use "Forgot your password?". If it was not you, there is nothing to do: your account has not changed.',
      ],
      action: 'Go to the portal',
    },
    usernameTaken: {
      subject: 'Registration not completed – {entity}',
      heading: 'Username not available',
      paragraphs: [
        'your registration with the payment portal of {entity} was not completed because the username {username} is not available.',
        'Please register again with another username.',
      ],
      action: 'Go to the portal',
    },
    passwordReset: {
      subject: 'Reset your password – {entity}',
      heading: 'Choose a new password',
      paragraphs: [
        'we received a request to reset the password of your account (username {username}).',
        'The link works once and expires in {minutes} minutes. After the change, every open session will be closed.',
      ],
      action: 'Choose a new password',
    },
    usernameReminder: {
      subject: 'Your username – {entity}',
      heading: 'Username reminder',
      paragraphs: ['your username for the payment portal of {entity} is: {username}'],
      action: 'Log in',
    },
    emailChange: {
      subject: 'Confirm your new e-mail address – {entity}',
      heading: 'Confirm your new address',
      paragraphs: [
        'to use this address for your account with the payment portal of {entity} (username {username}), open the link within {hours} hours.',
      ],
      action: 'Confirm address',
    },
    emailChangeNotice: {
      subject: 'E-mail address change – {entity}',
      heading: 'Address change requested',
      paragraphs: [
        'a request was made to replace the e-mail address of your account (username {username}) with {newEmail}. The change happens only once the new address is confirmed.',
        'If it was not you, log in and change your password at once.',
      ],
    },
    passwordChanged: {
      subject: 'Password changed – {entity}',
      heading: 'Your password was changed',
      paragraphs: [
        'the password of your account (username {username}) was changed and your other sessions were closed.',
        'If it was not you, use "Forgot your password?" at once to choose a new one.',
      ],
    },
    accountClosed: {
      subject: 'Account closed – {entity}',
      heading: 'Your account has been closed',
      paragraphs: [
        'you revoked your privacy consent: your account with the payment portal of {entity} has been closed and your profile data erased.',
        'Receipts and payment records the law requires remain with {entity}. You may register again at any time.',
      ],
    },
    identityLink: {
      subject: 'Link your digital identity – {entity}',
      heading: 'Link {provider} to your account',
      paragraphs: [
        'you logged in to the payment portal of {entity} with {provider} (fiscal code {fiscalCode}) and asked to link it to your account (username {username}).',
        'Open the link within {minutes} minutes to link them: it works once. From then on you can log in with {provider} and see your practices at once.',
        'If it was not you, ignore this e-mail: nothing will be linked.',
      ],
      action: 'Link and log in',
    },
  },
};

const de: Catalog = {
  greeting: 'Guten Tag {name},',
  fallback: 'Falls die Schaltfläche nicht funktioniert, diese Adresse in den Browser kopieren:',
  footer:
    'Automatische Nachricht des Zahlungsportals von {entity}: bitte nicht antworten. Falls die Anfrage nicht von Ihnen stammt, diese Nachricht ignorieren.',
  mails: {
    activation: {
      subject: 'Konto aktivieren – {entity}',
      heading: 'Registrierung bestätigen',
      paragraphs: [
        'um die Registrierung beim Zahlungsportal von {entity} abzuschließen, öffnen Sie den folgenden Link innerhalb von {hours} Stunden.',
        'Ihr Benutzername ist {username}.',
      ],
      action: 'Konto aktivieren',
    },
    alreadyRegistered: {
      subject: 'Registrierungsversuch – {entity}',
      heading: 'Sie haben bereits ein Konto',
      paragraphs: [
        'jemand, vielleicht Sie, wollte sich beim Zahlungsportal von {entity} mit dieser E-Mail-Adresse registrieren, für die bereits ein Konto besteht (Benutzername {username}).',
        'Falls Sie es waren, melden Sie sich mit Ihrem Benutzernamen an; falls Sie das Passwort vergessen haben, verwenden Sie „Passwort vergessen?“. Andernfalls ist nichts zu tun: Ihr Konto ist unverändert.',
      ],
      action: 'Zum Portal',
    },
    usernameTaken: {
      subject: 'Registrierung nicht abgeschlossen – {entity}',
      heading: 'Benutzername nicht verfügbar',
      paragraphs: [
        'die Registrierung beim Zahlungsportal von {entity} wurde nicht abgeschlossen, weil der Benutzername {username} nicht verfügbar ist.',
        'Bitte registrieren Sie sich erneut mit einem anderen Benutzernamen.',
      ],
      action: 'Zum Portal',
    },
    passwordReset: {
      subject: 'Passwort zurücksetzen – {entity}',
      heading: 'Neues Passwort wählen',
      paragraphs: [
        'wir haben eine Anfrage erhalten, das Passwort Ihres Kontos (Benutzername {username}) zurückzusetzen.',
        'Der Link gilt einmal und läuft in {minutes} Minuten ab. Nach der Änderung werden alle offenen Sitzungen beendet.',
      ],
      action: 'Neues Passwort wählen',
    },
    usernameReminder: {
      subject: 'Ihr Benutzername – {entity}',
      heading: 'Erinnerung an den Benutzernamen',
      paragraphs: ['Ihr Benutzername für das Zahlungsportal von {entity} lautet: {username}'],
      action: 'Anmelden',
    },
    emailChange: {
      subject: 'Neue E-Mail-Adresse bestätigen – {entity}',
      heading: 'Neue Adresse bestätigen',
      paragraphs: [
        'um diese Adresse für Ihr Konto beim Zahlungsportal von {entity} (Benutzername {username}) zu verwenden, öffnen Sie den Link innerhalb von {hours} Stunden.',
      ],
      action: 'Adresse bestätigen',
    },
    emailChangeNotice: {
      subject: 'Änderung der E-Mail-Adresse – {entity}',
      heading: 'Adressänderung angefordert',
      paragraphs: [
        'es wurde beantragt, die E-Mail-Adresse Ihres Kontos (Benutzername {username}) durch {newEmail} zu ersetzen. Die Änderung erfolgt erst nach Bestätigung der neuen Adresse.',
        'Falls Sie es nicht waren, melden Sie sich an und ändern Sie sofort Ihr Passwort.',
      ],
    },
    passwordChanged: {
      subject: 'Passwort geändert – {entity}',
      heading: 'Ihr Passwort wurde geändert',
      paragraphs: [
        'das Passwort Ihres Kontos (Benutzername {username}) wurde geändert und Ihre anderen Sitzungen wurden beendet.',
        'Falls Sie es nicht waren, verwenden Sie sofort „Passwort vergessen?“, um ein neues zu wählen.',
      ],
    },
    accountClosed: {
      subject: 'Konto geschlossen – {entity}',
      heading: 'Ihr Konto wurde geschlossen',
      paragraphs: [
        'Sie haben Ihre Datenschutz-Einwilligung widerrufen: Ihr Konto beim Zahlungsportal von {entity} wurde geschlossen und Ihre Profildaten gelöscht.',
        'Quittungen und Zahlungsdaten, die gesetzlich aufzubewahren sind, bleiben bei {entity}. Sie können sich jederzeit erneut registrieren.',
      ],
    },
    identityLink: {
      subject: 'Digitale Identität verknüpfen – {entity}',
      heading: '{provider} mit Ihrem Konto verknüpfen',
      paragraphs: [
        'Sie haben sich beim Zahlungsportal von {entity} mit {provider} (Steuernummer {fiscalCode}) angemeldet und die Verknüpfung mit Ihrem Konto (Benutzername {username}) angefordert.',
        'Öffnen Sie den Link innerhalb von {minutes} Minuten, um sie zu verknüpfen: er gilt nur einmal. Danach können Sie sich mit {provider} anmelden und sehen Ihre Vorgänge sofort.',
        'Falls die Anfrage nicht von Ihnen stammt, ignorieren Sie diese E-Mail: es wird nichts verknüpft.',
      ],
      action: 'Verknüpfen und anmelden',
    },
  },
};

export const MAIL_CATALOGS = { it, en, de } as const;
