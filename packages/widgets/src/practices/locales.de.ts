/** Strings shared by the practices widgets in German: data only, loaded with the rest of the German strings when asked for. */
import type { Keys } from './locales.js';

const de: Record<Keys, string> = {
  'practice.pay': 'Bezahlen',
  'practice.addToCart': 'Zahlungsposition in den Warenkorb',
  'practice.print': 'Zahlungshinweis drucken',
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
  'practice.iuv': 'IUV',
  'practice.installments': 'Raten',
  'practice.installmentsCount': '{count} Raten',
  'practice.installment': 'Rate {n}',
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
  'practice.errorSummary': 'Bitte Folgendes korrigieren:',
  'practice.fieldError': '{label}: {message}',
  'practice.retryAfter': 'Zu viele Versuche: Bitte in {minutes} Minuten erneut versuchen.',
  'practice.needsLogin': 'Zum Fortfahren bitte anmelden oder registrieren.',
};

export default de;
