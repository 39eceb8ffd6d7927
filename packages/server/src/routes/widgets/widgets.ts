/**
 * GET /widgets/*: the widget bundle and its chunks, served to the entities' sites (CORS for their
 * registered origins, `Cross-Origin-Resource-Policy: cross-origin`, see http/middleware.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import type { AppEnv } from '../../http/context.js';
import { decodeSegment } from '../../http/middleware.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.html': 'text/html; charset=utf-8',
};

/** A bundle file named with its content hash by Rollup (`pagatore.login-BU_d7WVQ.js`). */
const HASHED = /\.[a-z-]+-[A-Za-z0-9_-]{8}\.js$/;

/** Serves files under `dir` at `prefix`, refusing anything outside it. */
export function staticFiles(dir: string, opts: { maxAge?: number } = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const root = normalize(dir);
  app.get('/*', async (c) => {
    const rel = decodeSegment(c.req.path.replace(/^\/[^/]+/, ''));
    if (rel === null) throw new ApiError('not_found');
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep)) throw new ApiError('not_found');
    let info;
    try {
      info = await stat(file);
    } catch {
      throw new ApiError('not_found');
    }
    if (!info.isFile()) throw new ApiError('not_found');
    const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    c.header('ETag', etag);
    // `pagatore.js` keeps its name across releases (sites link to it): a short cache. The files
    // it fetches later have a content hash in their name, so they never change: cached for good.
    c.header(
      'Cache-Control',
      HASHED.test(file) ? 'public, max-age=31536000, immutable' : `public, max-age=${opts.maxAge ?? 300}`,
    );
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    c.header('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    return c.body(await readFile(file));
  });
  return app;
}
