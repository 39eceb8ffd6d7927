/** Strings shared by the practices widgets in German: data only, loaded with the rest of the German strings when asked for. */
import type { Keys } from './locales.js';

const de: Record<Keys, string> = {
  'practice.pay': 'Bezahlen',
  'practice.addToCart': 'Zahlungsposition in den Warenkorb',
  'practice.print': 'Zahlungshinweis drucken',
  'practice.calendar': 'Zum Kalender hinzufügen',
  'practice.moreActions': 'Weitere Aktionen für {name}',
  'practice.register': 'Registrieren',
  'practice.login': 'Anmelden',
  'practice.spontaneous': 'Spontane Zahlung',
  'practice.entity': 'Körperschaft',
  'practice.debtor': 'Schuldner',
  'practice.amount': 'Betrag',
  'practice.dueDate': 'Fälligkeit',
  'practice.status': 'Status',
  'practice.nav': 'Zahlungshinweiscode',
  'practice.single': 'Einmalzahlung',
  'practice.paidAt': 'Bezahlt am {date}',
  'practice.status.unpaid': 'Offen',
  'practice.status.in_payment': 'Zahlung läuft',
  'practice.status.partially_paid': 'Teilweise bezahlt',
  'practice.status.paid': 'Bezahlt',
  'practice.status.expired': 'Abgelaufen',
  'practice.status.cancelled': 'Storniert',
  'practice.notPayable.in_payment': 'Eine Zahlung läuft: Bitte das Ergebnis abwarten.',
  'practice.notPayable.paid': 'Diese Zahlungsposition ist bezahlt.',
  'practice.notPayable.cancelled': 'Die Körperschaft hat diese Zahlungsposition storniert: nicht bezahlen.',
  'practice.notPayable.expired':
    'Diese Zahlungsposition ist abgelaufen: Bitte die Körperschaft kontaktieren.',
  'practice.notPayable.other': 'Diese Zahlungsposition kann derzeit nicht bezahlt werden.',
  'practice.installmentOf': 'Rate {n} von {count}',
  'practice.options': 'Zahlungsoptionen',
  'practice.chooseOption': 'Wählen Sie, was Sie bezahlen',
  'practice.installmentsPaid': 'bezahlte Raten: {paid} von {count}',
  'practice.found': 'Gesuchter Code',
  'practice.foundLabel': 'Der gesuchte Code ist',
  'practice.optionClosed': 'Nicht mehr zahlbar',
  'practice.payThis': 'Wird mit „Bezahlen“ bezahlt',
  'practice.resume.title': 'Unterbrochene Zahlung',
  'practice.resume.text':
    'Sie haben die Zahlung auf pagoPA begonnen, aber nicht abgeschlossen. Sie können sie auf der pagoPA-Seite fortsetzen oder abbrechen und neu beginnen.',
  'practice.resume.returned':
    'Die Zahlung wurde auf pagoPA nicht abgeschlossen. Wenn Sie nicht bezahlt haben, brechen Sie sie ab und beginnen Sie neu.',
  'practice.resume.cart':
    'Diese Zahlung umfasst {count} Zahlungspositionen des Warenkorbs: Beim Abbrechen bleiben sie im Warenkorb, um sie erneut zu zahlen.',
  'practice.resume.resume': 'Zahlung fortsetzen',
  'practice.resume.abandon': 'Abbrechen und neu beginnen',
  'practice.resume.abandoned': 'Zahlung abgebrochen: Sie können jetzt erneut zahlen.',
  'practice.resume.activatedTitle': 'Zahlung von pagoPA übernommen',
  'practice.resume.activated':
    'pagoPA bearbeitet die Zahlung, das Ergebnis kommt von selbst: Sie müssen nicht erneut zahlen. Wenn die Zahlung nicht gelingt, ist die Zahlungsposition ab {time} Uhr am {date} wieder zahlbar.',
};

export default de;
