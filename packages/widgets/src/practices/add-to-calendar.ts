/**
 * "Aggiungi al calendario" for a practice: builds its `.ics` (the iCalendar module is loaded only
 * now) in the portal's language and offers it as a download. The pay link is the page the portal
 * is on: with its "Paga ora" fragment when it was opened from one, else without a fragment.
 */
import type { Practice } from '@pagatore/sdk';
import type { PortalController } from '../controllers/portal-controller.js';
import { saveFile } from './notice.js';
import { payLinkToken } from './pay-link.js';

/** Whether the practice has a due date left to put in a calendar. */
export function hasDueDates(p: Practice): boolean {
  return [p.single, ...p.installments].some((o) => o && (o.status === 'unpaid' || o.status === 'in_payment'));
}

export async function addToCalendar(p: Practice, portal: PortalController): Promise<void> {
  const { ALARM_DAYS_BEFORE, practiceCalendar } = await import('./calendar.js');
  // Opened from a "Paga ora" link: the link itself; else the portal page.
  const page = `${location.origin}${location.pathname}${location.search}`;
  const payUrl = payLinkToken(location.hash) ? location.href : page;
  const lang = portal.lang;
  const text = practiceCalendar(
    p,
    payUrl,
    {
      title: (name, n) =>
        n > 0
          ? portal.t('practice.calendarInstallment', { n, name })
          : portal.t('practice.calendarTitle', { name }),
      body: (amount, nav, url) => portal.t('practice.calendarBody', { amount, nav, url }),
      alarm: (name) => portal.t('practice.calendarAlarm', { days: ALARM_DAYS_BEFORE, name }),
    },
    lang,
  );
  const blob = new Blob([text], { type: 'text/calendar;charset=utf-8' });
  const filename = `scadenze-${p.id}.ics`;
  saveFile({ blob, filename, contentType: 'text/calendar' }, filename);
}
