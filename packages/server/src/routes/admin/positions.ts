/** /api/v1/admin/positions: create, list, get, replace, cancel, and the bulk import. */
import { adminEndpoints } from '@pagatore/sdk';
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { formatOf, importPositions, streamChunks } from '../../import/import.js';
import { findImport, startImport } from '../../import/jobs.js';
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

  // The console's import: the file is read whole (under the same body limit), then imported in the
  // background; the answer is the job to poll.
  route(app, adminEndpoints.startPositionsImport, async (c, { query }) => {
    const format = formatOf(query.format, c.req.header('content-type'));
    if (!format) throw new ApiError('unsupported_media_type');
    const body = c.req.raw.body;
    if (!body) throw new ApiError('bad_request');
    const upload: Uint8Array[] = [];
    try {
      for await (const chunk of streamChunks(body)) upload.push(chunk);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      if (e instanceof TypeError) throw new ApiError('bad_request');
      throw e;
    }
    const { db, now } = c.get('deps');
    const job = await startImport(db, c.get('adminEntity'), upload, { format, lang: c.get('lang'), now });
    c.header('Location', `/api/v1/admin/positions/imports/${job.id}`);
    return job;
  });

  route(app, adminEndpoints.getPositionsImport, async (c, { params }) => {
    const job = await findImport(c.get('deps').db, c.get('adminEntity').code, params.id);
    if (!job) throw new ApiError('not_found');
    return job;
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
