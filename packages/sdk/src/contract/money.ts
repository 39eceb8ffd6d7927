/**
 * Money in, admin API: the payments running, stuck or expired and what can be done about them, and
 * the dashboard's figures. The API key (or the console's entity) decides the entity
 * (docs/console.md).
 */
import {
  AdminPaymentList,
  AdminPaymentParams,
  AdminPaymentQuery,
  AdminPaymentView,
  PositionActivity,
  Stats,
  StatsQuery,
} from '../schemas/money.js';
import { IupdParams } from '../schemas/positions.js';
import { endpoint } from './endpoint.js';

const admin = { auth: 'admin', tag: 'admin' } as const;

export const moneyEndpoints = {
  listPayments: endpoint({
    ...admin,
    id: 'adminListPayments',
    method: 'GET',
    path: '/api/v1/admin/payments',
    summary:
      'Payments in progress, stuck (past their TTL, no receipt) or expired, newest first, keyset-paged, with what can be done about each',
    query: AdminPaymentQuery,
    response: AdminPaymentList,
    status: 200,
    produces: 'json',
    errors: [],
  }),
  expirePayment: endpoint({
    ...admin,
    id: 'adminExpirePayment',
    method: 'POST',
    path: '/api/v1/admin/payments/{id}/expiry',
    summary:
      'Ends a running payment past its TTL now and frees its practices (a late receipt is still recorded); refused while within its TTL',
    params: AdminPaymentParams,
    response: AdminPaymentView,
    status: 200,
    produces: 'json',
    errors: ['not_found', 'invalid_state'],
  }),
  positionActivity: endpoint({
    ...admin,
    id: 'adminPositionActivity',
    method: 'GET',
    path: '/api/v1/admin/positions/{iupd}/activity',
    summary:
      "One position's payment attempts, receipts (payer masked) and events with their webhook deliveries, newest first",
    params: IupdParams,
    response: PositionActivity,
    status: 200,
    produces: 'json',
    errors: ['not_found'],
  }),
  stats: endpoint({
    ...admin,
    id: 'adminStats',
    method: 'GET',
    path: '/api/v1/admin/stats',
    summary:
      'Dashboard figures for a range of Europe/Rome days: collected per day and per service, by payment method, share paid on time, open amount by due month',
    query: StatsQuery,
    response: Stats,
    status: 200,
    produces: 'json',
    errors: [],
  }),
} as const;
