/**
 * The example Comune site, served on its own origin (SITE_PORT, 127.0.0.1) in demo mode, so the
 * widgets run cross-site exactly as on a real entity's site. HTML files get the API URL and the
 * entity code filled in; Bootstrap Italia comes from its npm package.
 */
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { Hono } from 'hono';
import type { ServerType } from '@hono/node-server';
import { decodeSegment } from '../http/middleware.js';
import { closeServer, listen } from '../server.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export interface SiteOptions {
  dir: string;
  apiUrl: string;
  entity: string;
  host?: string;
  port: number;
}

/** Where bootstrap-italia's dist folder is, resolved from the site's package. */
export function bootstrapItaliaDir(siteDir: string): string | null {
  try {
    const req = createRequire(join(siteDir, '..', 'package.json'));
    return join(dirname(req.resolve('bootstrap-italia/package.json')), 'dist');
  } catch {
    return null;
  }
}

async function sendFile(root: string, rel: string, fill?: (s: string) => string): Promise<Response | null> {
  const file = normalize(join(root, rel));
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    const info = await stat(file);
    if (!info.isFile()) return null;
  } catch {
    return null;
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const body = await readFile(file);
  const content = fill && type.startsWith('text/html') ? fill(body.toString('utf8')) : body;
  return new Response(content, { headers: { 'content-type': type, 'cache-control': 'no-cache' } });
}

/** The site's Hono app (used alone in tests). */
export function siteApp(opts: Omit<SiteOptions, 'port' | 'host'>): Hono {
  const app = new Hono();
  const root = normalize(opts.dir);
  const bi = bootstrapItaliaDir(opts.dir);
  const fill = (html: string) =>
    html.replaceAll('%PAGATORE_API%', opts.apiUrl).replaceAll('%PAGATORE_ENTITY%', opts.entity);
  app.get('/vendor/bootstrap-italia/*', async (c) => {
    if (!bi) return c.notFound();
    const rel = decodeSegment(c.req.path.replace('/vendor/bootstrap-italia/', ''));
    const res = rel === null ? null : await sendFile(bi, rel);
    return res ?? c.notFound();
  });
  app.get('*', async (c) => {
    let rel = decodeSegment(c.req.path);
    if (rel?.endsWith('/')) rel += 'index.html';
    const res = rel === null ? null : await sendFile(root, rel, fill);
    return res ?? c.html('<h1>Pagina non trovata</h1>', 404);
  });
  return app;
}

/** Serves the example site. */
export async function startSite(opts: SiteOptions): Promise<{ url: string; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  const { server, port }: { server: ServerType; port: number } = await listen(
    siteApp(opts).fetch,
    host,
    opts.port,
  );
  return { url: `http://${host}:${port}`, close: () => closeServer(server) };
}
