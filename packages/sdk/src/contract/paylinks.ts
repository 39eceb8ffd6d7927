/**
 * "Paga ora" links. The entity (admin API) creates them, one or in bulk, and revokes them; a
 * citizen's browser opens one on the entity's portal page and, logged in, keeps its practice to
 * pay it. An unknown or altered token, an expired or revoked link all answer without saying whose
 * practice it was.
 */
import * as v from 'valibot';
import { IupdParams } from '../schemas/positions.js';
import { MyPractice } from '../schemas/practices.js';
import {
  PayLinkBulkInput,
  PayLinkBulkResult,
  PayLinkCreated,
  PayLinkId,
  PayLinkInput,
  PayLinkOpened,
  PayLinkTokenBody,
} from '../schemas/paylinks.js';
import { CalendarQuery } from '../schemas/reminders.js';
import { endpoint } from './endpoint.js';
import { EnteParams } from './public.js';

export const paylinksEndpoints = {
  createPayLink: endpoint({
    id: 'adminCreatePayLink',
    method: 'POST',
    path: '/api/v1/admin/positions/{iupd}/pay-links',
    auth: 'admin',
    tag: 'admin',
    summary:
      'A "Paga ora" link to the entity\'s portal page for a position (or one installment): an opaque expiring token, shown once',
    params: IupdParams,
    body: PayLinkInput,
    response: PayLinkCreated,
    status: 201,
    produces: 'json',
    errors: ['not_found', 'already_paid', 'not_payable', 'portal_url_missing', 'validation_failed'],
  }),
  createPayLinks: endpoint({
    id: 'adminCreatePayLinks',
    method: 'POST',
    path: '/api/v1/admin/pay-links',
    auth: 'admin',
    tag: 'admin',
    summary:
      'Links for many positions at once (a mail merge); positions not found, paid or cancelled are listed as skipped',
    body: PayLinkBulkInput,
    response: PayLinkBulkResult,
    status: 201,
    produces: 'json',
    errors: ['portal_url_missing', 'validation_failed'],
  }),
  revokePayLink: endpoint({
    id: 'adminRevokePayLink',
    method: 'DELETE',
    path: '/api/v1/admin/pay-links/{id}',
    auth: 'admin',
    tag: 'admin',
    summary: 'Revokes a link: opening it answers `paylink_revoked` from now on',
    params: v.strictObject({ id: PayLinkId }),
    status: 204,
    produces: 'empty',
    errors: ['not_found'],
  }),
  openPayLink: endpoint({
    id: 'openPayLink',
    method: 'POST',
    path: '/api/v1/entities/{ente}/pay-links/open',
    auth: 'none',
    tag: 'practices',
    summary:
      'Opens a "Paga ora" link: its practice ready to pay, the debtor masked; rate-limited like the search. The token travels in the body, so no request log holds it',
    params: EnteParams,
    body: PayLinkTokenBody,
    response: PayLinkOpened,
    status: 200,
    produces: 'json',
    errors: [
      'entity_not_found',
      'paylink_not_found',
      'paylink_expired',
      'paylink_revoked',
      'already_paid',
      'not_payable',
      'rate_limited',
    ],
  }),
  payLinkCalendar: endpoint({
    id: 'payLinkCalendar',
    method: 'POST',
    path: '/api/v1/entities/{ente}/pay-links/calendar.ics',
    auth: 'none',
    tag: 'practices',
    summary:
      '"Aggiungi al calendario" from a "Paga ora" link: the due dates still to pay (iCalendar) of its practice, paid on the link; rate-limited like the search, not counted as an opening',
    params: EnteParams,
    query: CalendarQuery,
    body: PayLinkTokenBody,
    status: 200,
    produces: 'ics',
    errors: [
      'entity_not_found',
      'paylink_not_found',
      'paylink_expired',
      'paylink_revoked',
      'already_paid',
      'not_payable',
      'validation_failed',
      'rate_limited',
    ],
  }),
  linkPayLinkPractice: endpoint({
    id: 'linkPayLinkPractice',
    method: 'POST',
    path: '/api/v1/entities/{ente}/me/practices/pay-link',
    auth: 'session',
    tag: 'practices',
    summary: "Keeps a link's practice in my list, to pay it or add it to the cart",
    params: EnteParams,
    body: PayLinkTokenBody,
    response: MyPractice,
    status: 200,
    produces: 'json',
    errors: [
      'unauthorized',
      'paylink_not_found',
      'paylink_expired',
      'paylink_revoked',
      'already_paid',
      'not_payable',
      'validation_failed',
      'rate_limited',
    ],
  }),
} as const;
