/**
 * Payment notices, entity side: one position's notice as PDF, and the notices of many
 * positions as a streamed ZIP or one merged PDF. The citizen downloads live with practices and
 * call `renderNoticeForPosition`.
 */
import { noticesEndpoints } from '@pagatore/sdk';
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import { answeredOnNode, type AppEnv, nodeResponse } from '../../http/context.js';
import { route } from '../../http/route.js';
import {
  mergedNoticesPdf,
  noticesZip,
  MAX_MERGED_NOTICES,
  whenStarted,
  writeNoticesZip,
} from '../../notices/bulk.js';
import { positionNotices, renderNoticeForPosition } from '../../notices/from-position.js';
import { requirePortalUrl } from '../../paylinks/paylinks.js';
import { findPosition } from '../../positions/positions.js';

function pdfResponse(bytes: Uint8Array, filename: string): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
}

function fileStem(iupd: string): string {
  return `avviso-${iupd.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

export function noticesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, noticesEndpoints.adminPositionNotice, async (c, { params, query }) => {
    const { db, config } = c.get('deps');
    const entity = c.get('adminEntity');
    const position = await findPosition(db, entity.code, params.iupd);
    if (!position) throw new ApiError('not_found');
    const pdf = await renderNoticeForPosition(db, entity.code, position.id, {
      language: query.lang,
      publicUrl: config.publicUrl,
      payLink: query.payLinkDays ? { days: query.payLinkDays, now: c.get('deps').now() } : undefined,
    });
    return pdfResponse(pdf, `${fileStem(position.iupd)}.pdf`);
  });

  route(app, noticesEndpoints.adminNoticeBundle, async (c, { body }) => {
    const { db, config, logger } = c.get('deps');
    const entity = c.get('adminEntity');
    const requestId = c.get('requestId');
    const missing: string[] = [];
    // Checked before the first byte: a ZIP already streaming cannot turn into an error.
    if (body.payLinkDays) requirePortalUrl(entity);
    const items = positionNotices(
      db,
      entity.code,
      {
        iupds: body.iupds,
        dueFrom: body.dueFrom,
        dueTo: body.dueTo,
        language: body.lang,
        publicUrl: config.publicUrl,
        ...(body.payLinkDays ? { payLink: { days: body.payLinkDays, now: c.get('deps').now() } } : {}),
      },
      { onMissing: (iupd) => missing.push(iupd) },
    );
    const stamp = new Date().toISOString().slice(0, 10);
    if (body.format === 'pdf') {
      if (body.iupds && body.iupds.length > MAX_MERGED_NOTICES) {
        throw new ApiError('validation_failed', {
          fields: [
            {
              path: 'iupds',
              code: 'too_many',
              message: `At most ${MAX_MERGED_NOTICES} notices in one PDF: use format "zip".`,
            },
          ],
        });
      }
      let result: Awaited<ReturnType<typeof mergedNoticesPdf>>;
      const failures: string[] = [];
      try {
        result = await mergedNoticesPdf(items, { onFailure: (f) => failures.push(f.name) });
      } catch (e) {
        if (e instanceof RangeError)
          throw new ApiError('validation_failed', {
            fields: [
              {
                path: 'format',
                code: 'too_many',
                message: `More than ${MAX_MERGED_NOTICES} notices: use format "zip".`,
              },
            ],
          });
        throw e;
      }
      const res = pdfResponse(result.pdf, `avvisi-${entity.code}-${stamp}.pdf`);
      res.headers.set('x-notices-count', String(result.count));
      if (failures.length || missing.length)
        res.headers.set('x-notices-skipped', String(failures.length + missing.length));
      return res;
    }
    // The first bytes are waited for before the status goes out: a failure before them (the
    // database, the first notice) is still an error answer with its status.
    const zip = await whenStarted(
      noticesZip(items, {
        onFailure: (f) =>
          logger.warn('notice not printable', {
            requestId,
            iupd: f.name,
            fields: f.fields.map((x) => x.path),
          }),
        notes: () => missing.map((iupd) => `${iupd}: not found`),
      }),
    );
    const headers = {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="avvisi-${entity.code}-${stamp}.zip"`,
      'cache-control': 'private, no-store',
    };
    const out = nodeResponse(c);
    if (!out) return new Response(zip, { status: 200, headers });
    // Served by Node: the chunks go straight to its response, the next one asked for once the
    // socket takes more, each freed once written (through a web Response they would wait for the
    // garbage collector). Node merges these headers with those the shell set on it (security
    // headers, X-Request-Id).
    out.writeHead(200, headers);
    try {
      await writeNoticesZip(zip, out);
    } catch (e) {
      // The connection is cut (writeNoticesZip destroyed the response): the client holds a
      // truncated archive, never one that looks complete. A client that went away stopped the work.
      const gone = (e as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE';
      const error = e instanceof Error ? e.message : String(e);
      if (gone) logger.info('notice bundle cut short: client gone', { requestId });
      else logger.error('notice bundle failed after its first bytes', { requestId, error });
    }
    return answeredOnNode();
  });

  return app;
}
