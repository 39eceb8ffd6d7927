/**
 * Citizen client methods for reaching the citizen: the consent to e-mail reminders and the private
 * calendar feed (docs/reach.md).
 */
import { remindersRoutes as routes } from './routes.js';
import type { CalendarFeed, ReminderPreference } from '../schemas/reminders.js';
import type { Transport } from './transport.js';

export function remindersApi(t: Transport, ente: { ente: string }) {
  const params = ente;
  return {
    reminders: {
      /** My choice about e-mail reminders, and whether the entity sends them. */
      get: (): Promise<ReminderPreference> => t.call(routes.getReminderPreference, { params }),
      /**
       * Asks for (true) or stops (false) e-mail reminders of my due dates.
       * @example await client.reminders.set(true)
       */
      set: (email: boolean): Promise<ReminderPreference> =>
        t.call(routes.setReminderPreference, { params, body: { email } }),
    },
    calendarFeed: {
      /** Whether my private calendar feed is active, and since when. */
      get: (): Promise<CalendarFeed> => t.call(routes.getCalendarFeed, { params }),
      /**
       * A new private feed URL (shown this once); the previous one stops working.
       * @example const { url } = await client.calendarFeed.create()
       */
      create: (): Promise<CalendarFeed> => t.call(routes.createCalendarFeed, { params }),
      /** Revokes my feed URL. */
      revoke: (): Promise<void> => t.call(routes.revokeCalendarFeed, { params }),
    },
  };
}
