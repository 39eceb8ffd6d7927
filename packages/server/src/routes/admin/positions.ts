/** /api/v1/admin/positions: create, list, get, replace, cancel, and the bulk import. */
import { adminEndpoints } from '@pagatore/sdk';
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { formatOf, importPositions, streamChunks } from '../../import/import.js';
import {
  cancelPositionView,
  findPosition,
  listPositions,
  savePosition,
  toViews,
} from '../../positions/positions.js';

export function positionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, adminEndpoints.listPositions, async (c, { query }) => {
    return listPositions(c.get('deps').db, c.get('adminEntity').code, query);
  });

  route(app, adminEndpoints.createPosition, async (c, { body }) => {
    const { db, now } = c.get('deps');
    const view = await savePosition(db, c.get('adminEntity'), body, 'create', now(), c.get('lang'));
    c.header('Location', `/api/v1/admin/positions/${encodeURIComponent(view.iupd)}`);
    return view;
  });

  route(app, adminEndpoints.importPositions, async (c, { query }) => {
    const format = formatOf(query.format, c.req.header('content-type'));
    if (!format) throw new ApiError('unsupported_media_type');
    const body = c.req.raw.body;
    if (!body) throw new ApiError('bad_request');
    const { db, now } = c.get('deps');
    try {
      return await importPositions(db, c.get('adminEntity'), streamChunks(body), {
        format,
        lang: c.get('lang'),
        now,
      });
    } catch (e) {
      // The body limit errors the stream with its own ApiError (413); a dropped upload is a 400.
      if (e instanceof ApiError) throw e;
      if (e instanceof TypeError) throw new ApiError('bad_request');
      throw e;
    }
  });

  route(app, adminEndpoints.getPosition, async (c, { params }) => {
    const { db } = c.get('deps');
    const row = await findPosition(db, c.get('adminEntity').code, params.iupd);
    if (!row) throw new ApiError('not_found');
    const [view] = await toViews(db, [row]);
    return view as NonNullable<typeof view>;
  });

  route(app, adminEndpoints.updatePosition, async (c, { params, body }) => {
    const { db, now } = c.get('deps');
    const position = { ...body, iupd: params.iupd };
    return savePosition(db, c.get('adminEntity'), position, 'replace', now(), c.get('lang'));
  });

  route(app, adminEndpoints.cancelPosition, async (c, { params }) => {
    const { db, now } = c.get('deps');
    const view = await cancelPositionView(db, c.get('adminEntity').code, params.iupd, now());
    if (!view) throw new ApiError('not_found');
    return view;
  });

  return app;
}
