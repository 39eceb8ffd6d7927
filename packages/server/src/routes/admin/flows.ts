/**
 * /api/v1/admin/flows: pagoPA's reporting flows of the entity (list, one, as received, rows), a flow
 * uploaded by hand, a fetch now; /api/v1/admin/flow-rows; the daily reconciliation report.
 */
import { RECONCILIATION_REPORT_COLUMNS, reconciliationEndpoints as ep } from '@pagatore/sdk';
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { fetchFlows } from '../../reconciliation/fetch.js';
import { storeFlow, toFlowView } from '../../reconciliation/flows.js';
import { listFlowRows, listFlows } from '../../reconciliation/lists.js';
import { findFlow } from '../../reconciliation/lookup.js';
import { dailyReport } from '../../reconciliation/settlement.js';
import { csvField } from '../../receipts/export.js';

/** The upload's format from its Content-Type: XML (the FlussoRiversamento) or JSON (FdR 3). */
function uploadFormat(type: string | undefined): 'xml' | 'json' | null {
  const t = (type ?? '').toLowerCase();
  if (/^(application|text)\/xml\b/.test(t)) return 'xml';
  if (/^application\/json\b/.test(t)) return 'json';
  return null;
}

export function flowRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, ep.listFlows, async (c, { query }) => {
    c.header('Cache-Control', 'no-store');
    return listFlows(c.get('deps').db, c.get('adminEntity').code, query);
  });

  route(app, ep.uploadFlow, async (c) => {
    const format = uploadFormat(c.req.header('content-type'));
    if (!format) throw new ApiError('unsupported_media_type');
    let raw: string;
    try {
      raw = await c.req.text();
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError('bad_request');
    }
    // A flow is XML or JSON text: a NUL is neither, and PostgreSQL's text could not keep it as received.
    if (raw.includes('\0')) throw new ApiError('bad_request', { detail: 'the flow holds a NUL character' });
    const { db, now } = c.get('deps');
    const stored = await storeFlow(db, c.get('adminEntity'), { raw, format, origin: 'upload' }, now());
    const view = toFlowView(stored.flow);
    c.header('Location', `/api/v1/admin/flows/${view.id}`);
    return c.json(view, stored.created ? 201 : 200);
  });

  route(app, ep.fetchFlows, async (c) => {
    const { db, now } = c.get('deps');
    return fetchFlows(db, c.get('adminEntity'), now);
  });

  route(app, ep.getFlow, async (c, { params }) => {
    const flow = await findFlow(c.get('deps').db, c.get('adminEntity').code, params.id);
    if (!flow) throw new ApiError('not_found');
    return toFlowView(flow);
  });

  route(app, ep.getFlowRaw, async (c, { params }) => {
    const flow = await findFlow(c.get('deps').db, c.get('adminEntity').code, params.id);
    if (!flow) throw new ApiError('not_found');
    return new Response(flow.raw, {
      headers: {
        'content-type':
          flow.format === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8',
        'content-disposition': `attachment; filename="${(flow.flow_id ?? `flow-${flow.id}`).replace(/[^A-Za-z0-9_-]/g, '_')}-r${flow.revision}.${flow.format}"`,
        'cache-control': 'no-store',
      },
    });
  });

  route(app, ep.listFlowRows, async (c, { params, query }) => {
    const { db } = c.get('deps');
    const entity = c.get('adminEntity').code;
    if (!(await findFlow(db, entity, params.id))) throw new ApiError('not_found');
    return listFlowRows(db, entity, params.id, query);
  });

  route(app, ep.searchFlowRows, async (c, { query }) => {
    return listFlowRows(c.get('deps').db, c.get('adminEntity').code, null, query);
  });

  route(app, ep.reconciliationReport, async (c, { query }) => {
    const accept = c.req.header('accept') ?? '';
    const format =
      query.format ?? (/application\/json/i.test(accept) && !/text\/csv/i.test(accept) ? 'json' : 'csv');
    const { db, now } = c.get('deps');
    const entity = c.get('adminEntity').code;
    const rows = await dailyReport(db, entity, query, now());
    const body =
      format === 'json'
        ? `${JSON.stringify(rows)}\n`
        : `${RECONCILIATION_REPORT_COLUMNS.join(',')}\r\n${rows
            .map((r) => `${RECONCILIATION_REPORT_COLUMNS.map((k) => csvField(r[k])).join(',')}\r\n`)
            .join('')}`;
    return new Response(body, {
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="riconciliazione-${entity}-${query.from}-${query.to}.${format}"`,
        'cache-control': 'no-store',
      },
    });
  });

  return app;
}
