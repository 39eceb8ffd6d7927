/**
 * "Aggiungi al calendario" for a practice: the server makes its `.ics` in the portal's language,
 * each event linking to the page the portal is on (a "Paga ora" link's practice: to the link), from
 * what the citizen reached the practice with (the search's identifiers, the link, or the account),
 * and the browser saves it.
 */
import type { Practice, PracticeSearch } from '@pagatore/sdk';
import type { PortalController } from '../controllers/portal-controller.js';
import { saveFile } from './notice.js';

/** How the citizen reached the practice: the file is asked for the same way. */
export type CalendarSource = { search: PracticeSearch } | { payLink: string } | { mine: true };

/** Whether the practice has a due date left to put in a calendar. */
export function hasDueDates(p: Practice): boolean {
  return [p.single, ...p.installments].some((o) => o && (o.status === 'unpaid' || o.status === 'in_payment'));
}

/** Fetches the practice's `.ics` and offers it as a download; API errors are thrown to the caller. */
export async function addToCalendar(
  p: Practice,
  from: CalendarSource,
  portal: PortalController,
): Promise<void> {
  const store = portal.store;
  if (!store) return;
  const query = { lang: portal.lang, page: `${location.origin}${location.pathname}${location.search}` };
  const api = store.client.practices;
  const file =
    'search' in from
      ? await api.searchCalendar(from.search, query)
      : 'payLink' in from
        ? await api.payLinkCalendar(from.payLink, query)
        : await api.calendar(p.id, query);
  saveFile(file, `scadenze-${p.id}.ics`);
}
