/**
 * /api/v1/admin/api-keys, /api/v1/admin/webhooks/{id}/secret and /api/v1/admin/pagopa/health: the
 * entity's API keys (the whole key answered once), the rotation of a webhook endpoint's signing
 * secret, and the health of the pagoPA connection.
 */
import { integrationsEndpoints as ep } from '@pagatore/sdk';
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import { createApiKey, listApiKeys, revokeEntityApiKey, toApiKeyView } from '../../entities/api-keys.js';
import { pagopaHealth } from '../../entities/pagopa-health.js';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { rotateSecret, toWebhookView } from '../../webhooks/endpoints.js';

export function integrationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, ep.listApiKeys, async (c) => {
    const rows = await listApiKeys(c.get('deps').db, c.get('adminEntity').code);
    // Active keys first, newest first; revoked ones after them.
    const items = rows.map(toApiKeyView).sort((a, b) => {
      if ((a.revokedAt === null) !== (b.revokedAt === null)) return a.revokedAt === null ? -1 : 1;
      return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
    });
    return { items };
  });

  route(app, ep.createApiKey, async (c, { body }) => {
    const { db, now } = c.get('deps');
    const at = now();
    const { id, key } = await createApiKey(db, c.get('adminEntity').code, body.name, at);
    c.header('Cache-Control', 'no-store');
    return {
      id,
      name: body.name,
      prefix: `pgk_${id}_`,
      createdAt: at.toISOString(),
      lastUsedAt: null,
      revokedAt: null,
      key,
    };
  });

  route(app, ep.revokeApiKey, async (c, { params }) => {
    const { db, now } = c.get('deps');
    if (!(await revokeEntityApiKey(db, c.get('adminEntity').code, params.id, now())))
      throw new ApiError('not_found');
  });

  route(app, ep.rotateWebhookSecret, async (c, { params, body }) => {
    const { db, now } = c.get('deps');
    const r = await rotateSecret(db, c.get('adminEntity').code, params.id, body.graceHours, now());
    if (!r) throw new ApiError('not_found');
    c.header('Cache-Control', 'no-store');
    return { ...toWebhookView(r.row), secret: r.secret, previousSecretUntil: r.row.previous_secret_until };
  });

  route(app, ep.pagopaHealth, async (c) => pagopaHealth(c.get('deps').db, c.get('adminEntity')));

  return app;
}
