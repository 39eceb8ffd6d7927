/** Strings of <pagatore-debt-form> in German: data only, loaded with the rest of the German strings when asked for. */
import type { Keys } from './locales.js';

const de: Record<Keys, string> = {
  'debt.intro':
    'Dienst wählen und die Angaben ausfüllen: es wird eine mit pagoPA zu zahlende Position erstellt.',
  'debt.loginNeeded': 'Bitte anmelden, um eine spontane Zahlung zu erstellen.',
  'debt.loading': 'Dienste werden geladen…',
  'debt.noServices': 'Derzeit sind keine Dienste für spontane Zahlungen verfügbar.',
  'debt.service': 'Dienst',
  'debt.chooseService': 'Dienst wählen',
  'debt.debtor': 'Schuldner',
  'debt.debtorNote': 'Das sind die Daten Ihres Kontos: Änderungen im Profil.',
  'debt.name': 'Vor- und Nachname',
  'debt.company': 'Firmenname',
  'debt.fiscalCode': 'Steuernummer',
  'debt.address': 'Adresse',
  'debt.email': 'E-Mail',
  'debt.details': 'Angaben zum Antrag',
  'debt.amountFixed': 'Zu zahlender Betrag: {amount}',
  'debt.amountComputed': 'Berechneter Betrag: {amount}',
  'debt.amountBounds': 'Von {min} bis {max}.',
  'debt.notes': 'Hinweise der Körperschaft',
  'debt.submit': 'Position erstellen',
  'debt.cancel': 'Abbrechen',
  'debt.creating': 'Position wird erstellt…',
  'debt.created': 'Position erstellt',
  'debt.createdText':
    'Die Position steht in Ihren Zahlungspositionen: jetzt bezahlen oder Zahlungshinweis drucken.',
  'debt.another': 'Neue spontane Zahlung',
  'debt.previewChecked':
    'Vorschau: die Angaben erfüllen die Regeln des Dienstes. Es wurde keine Position erstellt.',
};

export default de;
