/**
 * "Aggiungi al calendario": the iCalendar file (RFC 5545, made with ical-generator) of one practice,
 * with one all-day event on the due date of each option still to pay (the single payment or each
 * unpaid installment), an alarm some days before, the amount, the Codice Avviso and the page to pay
 * on in the description, in the citizen's language. The routes build it from the same practice view
 * the search, "Paga ora" link or "my practices" answer, so the file holds what the citizen sees.
 */
import { formatEuro, formatNav, type Lang, type Practice, type PracticeOption } from '@pagatore/sdk';
import ical, { ICalAlarmType, type ICalCalendar } from 'ical-generator';
import { ApiError } from '../core/errors.js';

/** Days before the due date the calendar reminds. */
export const CALENDAR_ALARM_DAYS = 3;

/**
 * The texts of a due-date event, the same in the downloaded file and the subscribed feed. The title
 * reads "what, which installment: which practice" so that a phone's calendar list, which cuts long
 * titles at the end, still shows that it is a payment due and which installment, losing only the
 * tail of the practice's name; the alarm says the same with how many days are left.
 */
const TEXT = {
  it: {
    title: (name: string, n: number) => (n > 0 ? `Scadenza rata ${n}: ${name}` : `Scadenza: ${name}`),
    body: (amount: string, nav: string) => `Importo: ${amount}\nCodice Avviso: ${nav}`,
    pay: (url: string) => `Paga su: ${url}`,
    alarm: (days: number, name: string, n: number) =>
      n > 0 ? `Tra ${days} giorni scade la rata ${n}: ${name}` : `Tra ${days} giorni scade: ${name}`,
    feed: (entity: string) => `Scadenze – ${entity}`,
  },
  en: {
    title: (name: string, n: number) => (n > 0 ? `Installment ${n} due: ${name}` : `Due: ${name}`),
    body: (amount: string, nav: string) => `Amount: ${amount}\nNotice code: ${nav}`,
    pay: (url: string) => `Pay at: ${url}`,
    alarm: (days: number, name: string, n: number) =>
      n > 0 ? `Installment ${n} due in ${days} days: ${name}` : `Due in ${days} days: ${name}`,
    feed: (entity: string) => `Due dates – ${entity}`,
  },
  de: {
    title: (name: string, n: number) => (n > 0 ? `Rate ${n} fällig: ${name}` : `Fällig: ${name}`),
    body: (amount: string, nav: string) => `Betrag: ${amount}\nZahlungshinweiscode: ${nav}`,
    pay: (url: string) => `Bezahlen unter: ${url}`,
    alarm: (days: number, name: string, n: number) =>
      n > 0 ? `Rate ${n} in ${days} Tagen fällig: ${name}` : `In ${days} Tagen fällig: ${name}`,
    feed: (entity: string) => `Fälligkeiten – ${entity}`,
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
  const cal = dueDateCalendar(lang, p.entity.name, 'file');
  for (const o of calendarOptions(p)) {
    addDueDateEvent(cal, lang, {
      entityCode: p.entity.code,
      nav: o.nav,
      dueDate: o.dueDate,
      practice: p.description,
      installment: o.installment,
      amount: o.amount,
      payUrl,
      stamp: now,
    });
  }
  return cal.toString();
}

/**
 * An empty calendar in the language: a practice's file is named after the entity; a subscribed
 * feed, listed among the app's own calendars, "Scadenze – entity".
 */
export function dueDateCalendar(lang: Lang, entityName: string, kind: 'file' | 'feed'): ICalCalendar {
  return ical({
    prodId: { company: 'Pagatore', product: 'Portale pagamenti', language: lang.toUpperCase() },
    name: kind === 'feed' ? TEXT[lang].feed(entityName) : entityName,
  });
}

/**
 * One due date as an all-day event in the language, with a display alarm `CALENDAR_ALARM_DAYS`
 * before, its UID made of the entity and the Codice Avviso so that a calendar importing it again
 * updates rather than duplicates: the event of both the downloaded file and the subscribed feed.
 * `installment` 0 is the single payment; `amount` in cents.
 */
export function addDueDateEvent(
  cal: ICalCalendar,
  lang: Lang,
  e: {
    entityCode: string;
    nav: string;
    dueDate: string;
    practice: string;
    installment: number;
    amount: number;
    payUrl: string | null;
    stamp?: Date;
  },
): void {
  const T = TEXT[lang];
  const lines = [
    T.body(formatEuro(e.amount, lang), formatNav(e.nav)),
    ...(e.payUrl ? [T.pay(e.payUrl)] : []),
  ];
  cal.createEvent({
    id: `pagatore-${e.entityCode}-${e.nav}@pagatore`,
    ...(e.stamp ? { stamp: e.stamp } : {}),
    start: new Date(`${e.dueDate}T00:00:00Z`),
    allDay: true,
    summary: T.title(e.practice, e.installment),
    description: lines.join('\n'),
    ...(e.payUrl ? { url: e.payUrl } : {}),
    alarms: [
      {
        type: ICalAlarmType.display,
        trigger: CALENDAR_ALARM_DAYS * 86_400,
        description: T.alarm(CALENDAR_ALARM_DAYS, e.practice, e.installment),
      },
    ],
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
