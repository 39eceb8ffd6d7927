/**
 * Admin client methods for entity events: webhook endpoints, deliveries, the receipts
 * export, the overpayments to refund.
 */
import type { RequestOf, ResponseOf } from '../contract/endpoint.js';
import type { webhooksEndpoints as ep } from '../contract/webhooks.js';
import { webhooksRoutes as routes } from './routes.js';
import type {
  DeliveryQuery,
  OverpaymentQuery,
  ReceiptExportQuery,
  ReceiptExportRow,
  WebhookInput,
  WebhookUpdate,
} from '../schemas/webhooks.js';
import type { Transport } from './transport.js';

export function webhooksApi(t: Transport) {
  return {
    webhooks: {
      /**
       * Adds an endpoint; keep `secret` from the answer: it is not shown again.
       * @example const { id, secret } = await admin.webhooks.create({ url: 'https://erp.example.it/hooks' });
       */
      create: (body: WebhookInput) => t.call(routes.createWebhook, { body }),
      list: () => t.call(routes.listWebhooks),
      get: (id: string) => t.call(routes.getWebhook, { params: { id } }),
      /** Changes some fields; `enabled: false` pauses delivery, events keep queuing. */
      update: (id: string, body: WebhookUpdate) => t.call(routes.updateWebhook, { params: { id }, body }),
      /** Removes the endpoint and its deliveries. */
      delete: (id: string) => t.call(routes.deleteWebhook, { params: { id } }),
      /**
       * An endpoint's deliveries, newest first.
       * @example await admin.webhooks.deliveries(id, { status: 'failed' })
       */
      deliveries: (id: string, query: DeliveryQuery = {}): Promise<ResponseOf<typeof ep.listDeliveries>> =>
        t.call(routes.listDeliveries, { params: { id }, query } as Partial<
          RequestOf<typeof ep.listDeliveries>
        >),
      /** Queues a delivery again now. */
      redeliver: (id: string, delivery: number) =>
        t.call(routes.redeliver, { params: { id, delivery: String(delivery) } }),
      /** Queues one of the entity's events for this endpoint (even one from before it existed). */
      redeliverEvent: (id: string, event: number) =>
        t.call(routes.redeliverEvent, { params: { id, event: String(event) } }),
    },
    receipts: {
      /**
       * The reconciliation export as a streamed response (CSV or JSON): pipe `body` to a file.
       * @example const res = await admin.receipts.export({ from: '2026-11-01', to: '2026-11-30', format: 'csv' });
       */
      export: (query: ReceiptExportQuery): Promise<Response> =>
        t.raw(
          routes.exportReceipts,
          { query },
          { accept: query.format === 'json' ? 'application/json' : 'text/csv' },
        ),
      /** The export's rows as objects (JSON format), one per transfer of each receipt. */
      exportRows: async (query: Omit<ReceiptExportQuery, 'format'>): Promise<ReceiptExportRow[]> => {
        const res = await t.raw(routes.exportReceipts, { query: { ...query, format: 'json' } });
        return (await res.json()) as ReceiptExportRow[];
      },
    },
    overpayments: {
      /**
       * Receipts for practices already collected, newest first: what to refund to whom.
       * @example const { items, totalAmount } = await admin.overpayments.list({ from: '2026-11-01' });
       */
      list: (query: OverpaymentQuery = {}): Promise<ResponseOf<typeof ep.listOverpayments>> =>
        t.call(routes.listOverpayments, { query } as Partial<RequestOf<typeof ep.listOverpayments>>),
    },
  };
}
