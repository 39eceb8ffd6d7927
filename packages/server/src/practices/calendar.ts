/**
 * "Aggiungi al calendario": the iCalendar file (RFC 5545, made with ical-generator) of one practice,
 * with one all-day event on the due date of each option still to pay (the single payment or each
 * unpaid installment), an alarm some days before, the amount, the Codice Avviso and the page to pay
 * on in the description, in the citizen's language. The routes build it from the same practice view
 * the search, "Paga ora" link or "my practices" answer, so the file holds what the citizen sees.
 */
import { formatEuro, type Lang, type Practice, type PracticeOption } from '@pagatore/sdk';
import ical, { ICalAlarmType, type ICalCalendar } from 'ical-generator';
import { ApiError } from '../core/errors.js';

/** Days before the due date the calendar reminds. */
export const CALENDAR_ALARM_DAYS = 3;

const TEXT = {
  it: {
    title: (name: string, n: number) => (n > 0 ? `Scadenza rata ${n}: ${name}` : `Scadenza: ${name}`),
    body: (amount: string, nav: string) => `Importo: ${amount}\nCodice Avviso: ${nav}`,
    pay: (url: string) => `Paga su: ${url}`,
    alarm: (days: number, name: string) => `Tra ${days} giorni scade: ${name}`,
  },
  en: {
    title: (name: string, n: number) => (n > 0 ? `Installment ${n} due: ${name}` : `Due: ${name}`),
    body: (amount: string, nav: string) => `Amount: ${amount}\nNotice code: ${nav}`,
    pay: (url: string) => `Pay at: ${url}`,
    alarm: (days: number, name: string) => `Due in ${days} days: ${name}`,
  },
  de: {
    title: (name: string, n: number) => (n > 0 ? `Rate ${n} fällig: ${name}` : `Fällig: ${name}`),
    body: (amount: string, nav: string) => `Betrag: ${amount}\nZahlungscode: ${nav}`,
    pay: (url: string) => `Zahlen unter: ${url}`,
    alarm: (days: number, name: string) => `In ${days} Tagen fällig: ${name}`,
  },
} as const;

/** Options an event is made for: not paid, not cancelled, not expired. */
export function calendarOptions(p: Practice): PracticeOption[] {
  return [...(p.single ? [p.single] : []), ...p.installments].filter(
    (o) => o.status === 'unpaid' || o.status === 'in_payment',
  );
}

/** The name the file is saved under. */
export function calendarFileName(p: Practice): string {
  return `scadenze-${p.id.replace(/[^A-Za-z0-9._-]/g, '_')}.ics`;
}

/**
 * The page the events link to: the requested one when it is on an origin the entity registered
 * (without its fragment), else without a request the entity's portal page, else none. Any other
 * page is refused: the file carries the entity's name, so it must not point elsewhere.
 * @example calendarPage('https://www.comune.example.it/pagamenti.html#x', ['https://www.comune.example.it'], null) // 'https://www.comune.example.it/pagamenti.html'
 */
export function calendarPage(
  requested: string | undefined,
  origins: readonly string[],
  portalUrl: string | null,
): string | null {
  if (requested === undefined) return portalUrl;
  const url = URL.canParse(requested) ? new URL(requested) : null;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ApiError('validation_failed', {
      fields: [{ path: 'query.page', code: 'invalid_url', message: 'invalid' }],
    });
  }
  if (!origins.includes(url.origin) || url.username || url.password) {
    throw new ApiError('validation_failed', {
      fields: [{ path: 'query.page', code: 'invalid_origin', message: 'not allowed' }],
    });
  }
  url.hash = '';
  return url.href;
}

/**
 * The `.ics` text of a practice's due dates still to pay, each event linking to `payUrl`.
 * @example practiceCalendar(practice, 'it', 'https://comune.example.it/pagamenti', new Date())
 */
export function practiceCalendar(p: Practice, lang: Lang, payUrl: string | null, now: Date): string {
  const T = TEXT[lang];
  const cal = ical({
    prodId: { company: 'Pagatore', product: 'Portale pagamenti', language: lang.toUpperCase() },
    name: p.entity.name,
  });
  for (const o of calendarOptions(p)) {
    const title = T.title(p.description, o.installment);
    addDueDateEvent(cal, {
      entityCode: p.entity.code,
      nav: o.nav,
      dueDate: o.dueDate,
      title,
      lines: [T.body(formatEuro(o.amount, lang), o.nav), ...(payUrl ? [T.pay(payUrl)] : [])],
      payUrl,
      alarm: T.alarm(CALENDAR_ALARM_DAYS, title),
      stamp: now,
    });
  }
  return cal.toString();
}

/**
 * One due date as an all-day event with a display alarm `CALENDAR_ALARM_DAYS` before, its UID made
 * of the entity and the Codice Avviso so that a calendar importing it again updates rather than
 * duplicates: the shape shared by the downloaded file and the subscribed feed.
 */
export function addDueDateEvent(
  cal: ICalCalendar,
  e: {
    entityCode: string;
    nav: string;
    dueDate: string;
    title: string;
    lines: string[];
    payUrl: string | null;
    alarm: string;
    stamp?: Date;
  },
): void {
  cal.createEvent({
    id: `pagatore-${e.entityCode}-${e.nav}@pagatore`,
    ...(e.stamp ? { stamp: e.stamp } : {}),
    start: new Date(`${e.dueDate}T00:00:00Z`),
    allDay: true,
    summary: e.title,
    description: e.lines.join('\n'),
    ...(e.payUrl ? { url: e.payUrl } : {}),
    alarms: [{ type: ICalAlarmType.display, trigger: CALENDAR_ALARM_DAYS * 86_400, description: e.alarm }],
  });
}

/** The file as the response: not cached (it names the practice), saved under the practice's id. */
export function calendarResponse(p: Practice, ics: string): Response {
  return new Response(ics, {
    status: 200,
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="${calendarFileName(p)}"`,
      'cache-control': 'no-store',
    },
  });
}
