/** /api/v1/admin/positions: create, list, get, replace, cancel, and the bulk import. */
import { adminEndpoints, type Lang, type ParsedPosition } from '@pagatore/sdk';
import { Hono } from 'hono';
import { transaction } from '../../db/database.js';
import { readConnection } from '../../db/read-connection.js';
import { ApiError } from '../../core/errors.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { formatOf, importPositions, streamChunks } from '../../import/import.js';
import {
  cancelPosition,
  findPosition,
  listPositions,
  type RowError,
  toViews,
  type WriteMode,
  writePositions,
} from '../../positions/positions.js';
import { assertPositionAllows } from '../../positions/states.js';

/** A single-row write's error as the API's error. */
function asApiError(e: RowError): ApiError {
  return new ApiError(e.code, e.fields.length ? { fields: e.fields } : {});
}

async function writeOne(c: AppContext, position: ParsedPosition, mode: WriteMode, lang: Lang) {
  const { db, now } = c.get('deps');
  const entity = c.get('adminEntity');
  return transaction(db, async (tx) => {
    const r = await writePositions(tx, entity, [{ row: 1, position }], mode, now(), lang);
    const err = r.errors[0];
    if (err) throw asApiError(err);
    const row = await findPosition(tx, entity.code, position.iupd);
    if (!row) throw new ApiError('internal');
    const [view] = await toViews(tx, [row]);
    if (!view) throw new ApiError('internal');
    return view;
  });
}

export function positionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, adminEndpoints.listPositions, async (c, { query }) => {
    const deps = c.get('deps');
    return listPositions(deps.db, c.get('adminEntity').code, query, readConnection(deps));
  });

  route(app, adminEndpoints.createPosition, async (c, { body }) => {
    const view = await writeOne(c, body, 'create', c.get('lang'));
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
        ...(c.get('deps').dbKind === 'sqlite' ? { databaseUrl: c.get('deps').config.databaseUrl } : {}),
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

  route(app, adminEndpoints.updatePosition, async (c, { params, body }) =>
    writeOne(c, { ...body, iupd: params.iupd }, 'replace', c.get('lang')),
  );

  route(app, adminEndpoints.cancelPosition, async (c, { params }) => {
    const { db, now } = c.get('deps');
    const entity = c.get('adminEntity');
    return transaction(db, async (tx) => {
      const row = await findPosition(tx, entity.code, params.iupd);
      if (!row) throw new ApiError('not_found');
      assertPositionAllows(row.status, 'cancel');
      await cancelPosition(tx, row.id, now());
      const fresh = await findPosition(tx, entity.code, params.iupd);
      const [view] = await toViews(tx, fresh ? [fresh] : []);
      if (!view) throw new ApiError('internal');
      return view;
    });
  });

  return app;
}
