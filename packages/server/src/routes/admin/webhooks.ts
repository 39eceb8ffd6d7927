/** /api/v1/admin/webhooks: an entity's endpoints, their deliveries, redelivery. */
import { webhooksEndpoints as ep } from '@pagatore/sdk';
import { fieldMessage } from '../../core/messages.js';
import { Hono } from 'hono';
import { ApiError, validationError } from '../../core/errors.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { listDeliveries, redeliver, redeliverEvent, toDeliveryView } from '../../webhooks/deliveries.js';
import {
  createEndpoint,
  deleteEndpoint,
  findEndpoint,
  listEndpoints,
  toWebhookView,
  updateEndpoint,
  webhookUrlProblem,
} from '../../webhooks/endpoints.js';

/**
 * 422 on `url` unless the mode allows it (https only in production, `invalid_url`) and it does not
 * point inside the network (`private_address`) where the entity does not allow it.
 */
function assertUrl(c: AppContext, url: string | undefined): void {
  if (url === undefined) return;
  const allowPrivate = c.get('adminEntity').allow_private_targets === 1;
  const problem = webhookUrlProblem(url, c.get('deps').config.mode, allowPrivate);
  if (!problem) return;
  throw validationError([{ path: 'url', code: problem, message: fieldMessage(problem, c.get('lang')) }]);
}

async function endpointOf(c: AppContext, id: string) {
  const row = await findEndpoint(c.get('deps').db, c.get('adminEntity').code, id);
  if (!row) throw new ApiError('not_found');
  return row;
}

export function webhookRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, ep.listWebhooks, async (c) => ({
    items: (await listEndpoints(c.get('deps').db, c.get('adminEntity').code)).map(toWebhookView),
  }));

  route(app, ep.createWebhook, async (c, { body }) => {
    assertUrl(c, body.url);
    const { db, now } = c.get('deps');
    const created = await createEndpoint(db, c.get('adminEntity').code, body, now());
    if (!created) throw new ApiError('conflict', { detail: 'Too many webhook endpoints for this entity.' });
    c.header('Location', `/api/v1/admin/webhooks/${created.row.id}`);
    return { ...toWebhookView(created.row), secret: created.secret };
  });

  route(app, ep.getWebhook, async (c, { params }) => toWebhookView(await endpointOf(c, params.id)));

  route(app, ep.updateWebhook, async (c, { params, body }) => {
    assertUrl(c, body.url);
    const { db, now } = c.get('deps');
    const row = await updateEndpoint(db, c.get('adminEntity').code, params.id, body, now());
    if (!row) throw new ApiError('not_found');
    return toWebhookView(row);
  });

  route(app, ep.deleteWebhook, async (c, { params }) => {
    if (!(await deleteEndpoint(c.get('deps').db, c.get('adminEntity').code, params.id)))
      throw new ApiError('not_found');
  });

  route(app, ep.listDeliveries, async (c, { params, query }) => {
    const row = await endpointOf(c, params.id);
    const page = await listDeliveries(c.get('deps').db, row.id, query);
    return { ...page, items: page.items.map(toDeliveryView) };
  });

  route(app, ep.redeliver, async (c, { params }) => {
    const row = await endpointOf(c, params.id);
    const { db, now } = c.get('deps');
    const d = await redeliver(db, row.id, params.delivery, now());
    if (!d) throw new ApiError('not_found');
    return toDeliveryView(d);
  });

  route(app, ep.redeliverEvent, async (c, { params }) => {
    const row = await endpointOf(c, params.id);
    const { db, now } = c.get('deps');
    const d = await redeliverEvent(db, row, params.event, now());
    if (!d) throw new ApiError('not_found');
    return toDeliveryView(d);
  });

  return app;
}
