/**
 * Reminders and calendar: the citizen's consent to e-mail reminders, the one-click unsubscribe of
 * a reminder mail (RFC 8058), and the citizen's private, revocable calendar feed (docs/reach.md).
 */
import * as v from 'valibot';
import { EntityCode } from '../schemas/common.js';
import {
  CalendarFeed,
  ReachToken,
  ReminderPreference,
  ReminderPreferenceInput,
} from '../schemas/reminders.js';
import { endpoint } from './endpoint.js';
import { EnteParams } from './public.js';

/** An entity and a token of an unsubscribe or calendar feed URL. */
export const EnteTokenParams = v.strictObject({ ente: EntityCode, token: ReachToken });

export const remindersEndpoints = {
  getReminderPreference: endpoint({
    id: 'getReminderPreference',
    method: 'GET',
    path: '/api/v1/entities/{ente}/me/reminders',
    auth: 'session',
    tag: 'accounts',
    summary: 'My choice about e-mail reminders of due dates, and whether the entity sends them',
    params: EnteParams,
    response: ReminderPreference,
    status: 200,
    produces: 'json',
    errors: ['unauthorized'],
  }),
  setReminderPreference: endpoint({
    id: 'setReminderPreference',
    method: 'PUT',
    path: '/api/v1/entities/{ente}/me/reminders',
    auth: 'session',
    tag: 'accounts',
    summary: 'Asks for (or stops) e-mail reminders N days before each due date and on the day',
    params: EnteParams,
    body: ReminderPreferenceInput,
    response: ReminderPreference,
    status: 200,
    produces: 'json',
    errors: ['unauthorized', 'validation_failed'],
  }),
  reminderUnsubscribePage: endpoint({
    id: 'reminderUnsubscribePage',
    method: 'GET',
    path: '/api/v1/entities/{ente}/reminders/unsubscribe/{token}',
    auth: 'none',
    tag: 'accounts',
    summary:
      'The page a reminder mail\'s "unsubscribe" link opens: one button stops the reminders (a GET never does, so link scanners cannot)',
    params: EnteTokenParams,
    status: 200,
    produces: 'html',
    errors: ['not_found'],
  }),
  reminderUnsubscribe: endpoint({
    id: 'reminderUnsubscribe',
    method: 'POST',
    path: '/api/v1/entities/{ente}/reminders/unsubscribe/{token}',
    auth: 'none',
    tag: 'accounts',
    summary:
      "Stops the e-mail reminders (RFC 8058 one-click: the mail client POSTs `List-Unsubscribe=One-Click`; the page's button likewise); answers a page confirming it",
    params: EnteTokenParams,
    status: 200,
    produces: 'html',
    errors: ['not_found'],
  }),
  getCalendarFeed: endpoint({
    id: 'getCalendarFeed',
    method: 'GET',
    path: '/api/v1/entities/{ente}/me/calendar-feed',
    auth: 'session',
    tag: 'practices',
    summary: 'Whether my private calendar feed is active (its URL was given once, when made)',
    params: EnteParams,
    response: CalendarFeed,
    status: 200,
    produces: 'json',
    errors: ['unauthorized'],
  }),
  createCalendarFeed: endpoint({
    id: 'createCalendarFeed',
    method: 'POST',
    path: '/api/v1/entities/{ente}/me/calendar-feed',
    auth: 'session',
    tag: 'practices',
    summary: 'A new private calendar feed URL listing my unpaid due dates; the previous URL stops working',
    params: EnteParams,
    response: CalendarFeed,
    status: 201,
    produces: 'json',
    errors: ['unauthorized'],
  }),
  revokeCalendarFeed: endpoint({
    id: 'revokeCalendarFeed',
    method: 'DELETE',
    path: '/api/v1/entities/{ente}/me/calendar-feed',
    auth: 'session',
    tag: 'practices',
    summary: 'Revokes my calendar feed URL',
    params: EnteParams,
    status: 204,
    produces: 'empty',
    errors: ['unauthorized'],
  }),
  calendarFeed: endpoint({
    id: 'calendarFeed',
    method: 'GET',
    path: '/api/v1/entities/{ente}/calendar/{token}.ics',
    auth: 'none',
    tag: 'practices',
    summary:
      "A citizen's private calendar feed (RFC 5545): one all-day event per unpaid due date of their practices, an alarm days before, the page to pay on",
    params: EnteTokenParams,
    status: 200,
    produces: 'ics',
    errors: ['not_found'],
  }),
} as const;
