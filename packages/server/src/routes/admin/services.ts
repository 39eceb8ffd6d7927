/** /api/v1/admin/services: the entity's services for spontaneous payments. */
import { adminEndpoints } from '@pagatore/sdk';
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import {
  createService,
  deleteService,
  findService,
  listServices,
  replaceService,
  toServiceView,
} from '../../services/services.js';

export function serviceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, adminEndpoints.listServices, async (c) => {
    const rows = await listServices(c.get('deps').db, c.get('adminEntity').code);
    return { items: rows.map(toServiceView) };
  });

  route(app, adminEndpoints.createService, async (c, { body }) => {
    const { db, now } = c.get('deps');
    const entity = c.get('adminEntity').code;
    if (!(await createService(db, entity, body, now()))) throw new ApiError('already_exists');
    const row = await findService(db, entity, body.code);
    if (!row) throw new ApiError('internal');
    c.header('Location', `/api/v1/admin/services/${encodeURIComponent(body.code)}`);
    return toServiceView(row);
  });

  route(app, adminEndpoints.getService, async (c, { params }) => {
    const row = await findService(c.get('deps').db, c.get('adminEntity').code, params.code);
    if (!row) throw new ApiError('not_found');
    return toServiceView(row);
  });

  route(app, adminEndpoints.updateService, async (c, { params, body }) => {
    const { db, now } = c.get('deps');
    const entity = c.get('adminEntity').code;
    if (!(await replaceService(db, entity, { ...body, code: params.code }, now())))
      throw new ApiError('not_found');
    const row = await findService(db, entity, params.code);
    if (!row) throw new ApiError('not_found');
    return toServiceView(row);
  });

  route(app, adminEndpoints.deleteService, async (c, { params }) => {
    if (!(await deleteService(c.get('deps').db, c.get('adminEntity').code, params.code)))
      throw new ApiError('not_found');
    return undefined;
  });

  return app;
}
