/** Public entity routes: the list of hosted entities and one entity's public settings. */
import { publicEndpoints } from '@pagatore/sdk';
import { Hono } from 'hono';
import { findEntity, listEntities, toPublicEntity } from '../../entities/entities.js';
import { ApiError } from '../../core/errors.js';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';

export function entityRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, publicEndpoints.listEntities, async (c) => {
    const rows = await listEntities(c.get('deps').db);
    return { items: rows.map((r) => ({ code: r.code, name: r.name, logoUrl: r.logo_url })) };
  });

  route(app, publicEndpoints.getEntity, async (c, { params }) => {
    const row = await findEntity(c.get('deps').db, params.ente);
    if (!row) throw new ApiError('entity_not_found');
    c.header('Cache-Control', 'public, max-age=60');
    return toPublicEntity(row);
  });

  return app;
}
