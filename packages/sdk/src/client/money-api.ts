/** Admin client methods for money in: the payments to look after and the dashboard's figures. */
import type { moneyEndpoints as ep } from '../contract/money.js';
import type { RequestOf, ResponseOf } from '../contract/endpoint.js';
import type { AdminPaymentQuery, StatsQuery } from '../schemas/money.js';
import { moneyRoutes as routes } from './routes.js';
import type { Transport } from './transport.js';

export function moneyApi(t: Transport) {
  return {
    payments: {
      /**
       * Payments in progress, stuck or expired, newest first; `next` is the `after` of the next page.
       * @example const { items, next } = await admin.payments.list({ view: 'stuck' });
       */
      list: (query: AdminPaymentQuery = {}): Promise<ResponseOf<typeof ep.listPayments>> =>
        t.call(routes.listPayments, { query } as Partial<RequestOf<typeof ep.listPayments>>),
      /**
       * Ends a running payment past its TTL now and frees its practices; 409 `invalid_state` while
       * it is within its TTL or already ended.
       */
      expire: (id: string) => t.call(routes.expirePayment, { params: { id } }),
    },
    /**
     * One position's payment attempts, receipts (payer masked) and events, newest first; 404
     * `not_found` for a position the entity does not have.
     * @example const { payments, receipts, events } = await admin.positionActivity('TARI-2026-001');
     */
    positionActivity: (iupd: string): Promise<ResponseOf<typeof ep.positionActivity>> =>
      t.call(routes.positionActivity, { params: { iupd } }),
    /**
     * The dashboard's figures for a range of Europe/Rome days (both included).
     * @example const s = await admin.stats({ from: '2026-11-01', to: '2026-11-30' });
     */
    stats: (query: StatsQuery): Promise<ResponseOf<typeof ep.stats>> =>
      t.call(routes.stats, { query } as Partial<RequestOf<typeof ep.stats>>),
  };
}
