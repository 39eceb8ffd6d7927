/**
 * "Aggiungi al calendario": an iCalendar file (RFC 5545, made with ical-generator) with one
 * all-day event on the due date of each option still to pay (the single payment or each unpaid
 * installment), an alarm some days before, the amount, the Codice Avviso and the page to pay on in
 * the description. Loaded on demand: the portal's first screen does not carry it.
 */
import { formatEuro, type Practice } from '@pagatore/sdk';
import ical, { ICalAlarmType } from 'ical-generator';
import { optionsOf } from './view.js';

/** Days before the due date the calendar reminds. */
export const ALARM_DAYS_BEFORE = 3;

export interface CalendarTexts {
  /** Event title: the practice's description and, for an installment, its number. */
  title(description: string, installment: number): string;
  /** Description lines: amount, Codice Avviso, where to pay. */
  body(amount: string, nav: string, payUrl: string): string;
  alarm(description: string): string;
}

/** Options an event is made for: not paid, not cancelled, not expired. */
export function calendarOptions(p: Practice) {
  return optionsOf(p).filter((o) => o.status === 'unpaid' || o.status === 'in_payment');
}

/**
 * The `.ics` text of a practice's due dates.
 * @example practiceCalendar(practice, 'https://comune.example.it/pagamenti', texts, 'it')
 */
export function practiceCalendar(
  p: Practice,
  payUrl: string,
  texts: CalendarTexts,
  lang: 'it' | 'en' | 'de',
): string {
  const cal = ical({
    prodId: { company: 'Pagatore', product: 'Portale pagamenti', language: lang.toUpperCase() },
    name: p.entity.name,
  });
  for (const o of calendarOptions(p)) {
    const title = texts.title(p.description, o.installment);
    cal.createEvent({
      id: `pagatore-${p.entity.code}-${o.nav}@pagatore`,
      start: new Date(`${o.dueDate}T00:00:00Z`),
      allDay: true,
      summary: title,
      description: texts.body(formatEuro(o.amount, lang), o.nav, payUrl),
      url: payUrl,
      alarms: [
        {
          type: ICalAlarmType.display,
          trigger: ALARM_DAYS_BEFORE * 86_400,
          description: texts.alarm(title),
        },
      ],
    });
  }
  return cal.toString();
}
