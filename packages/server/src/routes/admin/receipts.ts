/**
 * GET /api/v1/admin/receipts: the reconciliation export, CSV or JSON, streamed.
 * GET /api/v1/admin/overpayments: receipts for practices already collected, to refund.
 */
import { webhooksEndpoints as ep } from '@pagatore/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { exportStream } from '../../receipts/export.js';
import { listOverpayments } from '../../receipts/overpayments.js';

export function receiptExportRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, ep.exportReceipts, (c, { query }) => {
    // `?format=` wins; otherwise the Accept header; CSV when neither says JSON.
    const accept = c.req.header('accept') ?? '';
    const format =
      query.format ?? (/application\/json/i.test(accept) && !/text\/csv/i.test(accept) ? 'json' : 'csv');
    const entity = c.get('adminEntity').code;
    const name = `ricevute-${entity}-${query.from}-${query.to}.${format}`;
    return new Response(exportStream(c.get('deps').db, entity, query, format, c.get('deps').now()), {
      status: 200,
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
        'x-request-id': c.get('requestId'),
      },
    });
  });

  route(app, ep.listOverpayments, async (c, { query }) => {
    c.header('Cache-Control', 'no-store');
    return listOverpayments(c.get('deps').db, c.get('adminEntity').code, {
      from: query.from,
      to: query.to,
      ...(query.after ? { after: query.after } : {}),
      limit: query.limit,
      offset: query.offset,
    });
  });

  return app;
}
