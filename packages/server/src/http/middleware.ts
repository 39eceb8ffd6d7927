/**
 * Cross-cutting HTTP concerns: request id and logs, language, client address, security headers,
 * CORS per entity, body size limits.
 */
import type { Lang } from '@pagatore/sdk';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../core/deps.js';
import { ApiError } from '../core/errors.js';
import { allOrigins, entityOrigins } from '../entities/entities.js';
import { type AppEnv, type AuthHooks, nodeRequest, nodeResponse, requestHeader } from './context.js';
import { apiStatusOf } from './errors.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The request's id: the client's `X-Request-Id` when well formed (a proxy's), else a new one. */
export function requestIdFrom(incoming: string | undefined): string {
  return incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/** The client's address: the socket's, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientAddress(
  trustProxy: boolean,
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
): string {
  if (trustProxy) {
    const forwarded = forwardedFor?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  // app.request() in tests has no socket.
  return socketAddress ?? '127.0.0.1';
}

/** Picks it/en/de from `?lang=` or Accept-Language; Italian by default. */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'it' || query === 'en' || query === 'de') return query;
  if (!acceptLanguage) return 'it';
  for (const part of acceptLanguage.split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'it' || tag === 'en' || tag === 'de') return tag;
  }
  return 'it';
}

/** Paths whose resources other sites load directly (module scripts, images, fonts). */
function isEmbeddable(path: string): boolean {
  return path.startsWith('/widgets/') || path.startsWith('/assets/');
}

const ENTITY_PATH = /^\/api\/v1\/entities\/([^/]+)/;
const NUL = /%00|\0/i;

/** A percent-decoded path segment, or null when its escapes are malformed (`%zz`, a cut UTF-8) or it holds a NUL. */
export function decodeSegment(raw: string): string | null {
  try {
    const decoded = decodeURIComponent(raw);
    // A NUL names nothing, and PostgreSQL's text cannot hold one.
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

/** The answer's headers a page of an allowed origin may read. */
export const CORS_EXPOSED_HEADERS = 'x-request-id, retry-after, content-disposition, location';

/**
 * Whether an entity registered this origin; `segment` is the entity's path segment as sent. A
 * malformed segment names no entity: no origin is allowed for it.
 */
export async function entityAllows(deps: AppDeps, segment: string, origin: string): Promise<boolean> {
  const code = decodeSegment(segment);
  return code !== null && (await entityOrigins(deps.db, code, deps.now())).includes(origin);
}

/**
 * CORS: each entity's API routes answer only the origins it registered; the widget bundle and the
 * entity list answer the origins of any entity. No credentials: sessions are bearer tokens.
 * The admin API and the pagoPA node endpoint are server-to-server, and the staff console is
 * same-origin: no CORS at all for them.
 */
export function cors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const path = c.req.path;
    const crossSite = path.startsWith('/api/v1/') || path === '/healthz' || isEmbeddable(path);
    if (!origin || !crossSite || path.startsWith('/api/v1/admin') || path.startsWith('/api/v1/console')) {
      await next();
      return;
    }
    const m = ENTITY_PATH.exec(path);
    const ok = m
      ? await entityAllows(c.get('deps'), m[1] ?? '', origin)
      : (await allOrigins(c.get('deps').db)).includes(origin);
    const preflight =
      c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;
    if (preflight) {
      c.header('Vary', 'Origin');
      if (!ok) return c.body(null, 204);
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      c.header('Access-Control-Allow-Headers', 'authorization, content-type, accept-language, x-request-id');
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    // A write from a foreign page must not even run (no preflight for "simple" requests).
    if (!ok && m && c.req.method !== 'GET' && c.req.method !== 'HEAD')
      throw new ApiError('origin_not_allowed');
    await next();
    c.header('Vary', 'Origin', { append: true });
    if (ok) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS);
    }
  };
}

/**
 * Rejects bodies over the limit before reading them (Content-Length) and while reading them
 * (chunked uploads), with 413 and the error body.
 */
export function bodyLimit(limitFor: (path: string) => number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') {
      await next();
      return;
    }
    const limit = limitFor(c.req.path);
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > limit) throw new ApiError('payload_too_large');
    // A declared length was checked above; only a chunked body is counted as it streams. Asking
    // for `raw.body` builds the whole web Request around Node's stream (@hono/node-server builds it
    // lazily): a body of known length is read straight from Node's request instead.
    const raw = c.req.raw;
    if (declared === undefined && raw.body) {
      let seen = 0;
      const counted = raw.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            seen += chunk.byteLength;
            if (seen > limit) controller.error(new ApiError('payload_too_large'));
            else controller.enqueue(chunk);
          },
        }),
      );
      c.req.raw = new Request(raw, { body: counted, duplex: 'half' } as RequestInit);
    }
    await next();
  };
}

/**
 * The security headers of every answer: resources other sites load (`cross-origin`) or the rest
 * (`same-site`); HSTS when the portal is served over HTTPS.
 */
export function securityHeaders(
  config: Pick<AppDeps['config'], 'publicUrl'>,
  corp: 'cross-origin' | 'same-site',
): [string, string][] {
  return [
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'no-referrer'],
    ['Cross-Origin-Resource-Policy', corp],
    ['X-Frame-Options', 'DENY'],
    ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
    ...(config.publicUrl.startsWith('https://')
      ? [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as [string, string]]
      : []),
  ];
}

/**
 * The app's shell in one middleware (one async frame per request instead of five): request id,
 * language, client address, auth hooks, security headers, CORS, body limit, the refusal of paths
 * holding a NUL, and the log line.
 *
 * When Node serves the request the security headers and the request id go on Node's response
 * before the handler runs: Node merges them into whatever the app answers (JSON, raw `Response`s,
 * errors, even @hono/node-server's own 500s), the app's own headers winning (a page's CSP), and no
 * `Headers` object is built for them. Without Node (`app.request()`) they are set on the context
 * before the handler, and raw `Response`s get them afterwards.
 */
export function appShell(
  deps: AppDeps,
  auth: AuthHooks,
  limitFor: (path: string) => number,
): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit(limitFor);
  const corsMw = cors();
  const embeddable = securityHeaders(deps.config, 'cross-origin');
  const sameSite = securityHeaders(deps.config, 'same-site');
  /** Adds the ones a raw `Response` lacks (without Node). */
  const apply = (h: Headers, path: string) => {
    for (const [name, value] of isEmbeddable(path) ? embeddable : sameSite) {
      if (!h.has(name)) h.set(name, value);
    }
  };
  return async (c, next) => {
    const requestId = requestIdFrom(requestHeader(c, 'x-request-id'));
    c.set('deps', deps);
    c.set('auth', auth);
    c.set('requestId', requestId);
    const url = c.req.url;
    const q = url.indexOf('lang=');
    c.set(
      'lang',
      pickLang(
        q >= 0 ? (new URL(url).searchParams.get('lang') ?? undefined) : undefined,
        requestHeader(c, 'accept-language'),
      ),
    );
    const ip = clientAddress(
      deps.config.trustProxy,
      nodeRequest(c)?.socket.remoteAddress,
      requestHeader(c, 'x-forwarded-for'),
    );
    c.set('clientIp', ip);
    const start = performance.now();
    const path = c.req.path;
    const out = nodeResponse(c);
    const headers = isEmbeddable(path) ? embeddable : sameSite;
    if (out) {
      out.setHeader('X-Request-Id', requestId);
      for (const [name, value] of headers) out.setHeader(name, value);
    } else {
      // Set before the handler: responses made through the context (also by onError, when CORS or
      // the body limit refuse the request) carry them.
      c.header('X-Request-Id', requestId);
      for (const [name, value] of headers) c.header(name, value);
    }
    // No name in a path (entity, provider, id) holds a NUL, and PostgreSQL's text cannot: such a
    // path names nothing here (checked once CORS and the body limit let the request in).
    const handle = async () => {
      if (NUL.test(path)) throw new ApiError('not_found');
      await next();
    };
    // The body limit wraps CORS and the handler (CORS may answer a preflight itself).
    const method = c.req.method;
    const origin = requestHeader(c, 'origin');
    const log = (status: number) =>
      deps.logger.info('request', {
        requestId,
        method,
        path,
        status,
        ms: Math.round((performance.now() - start) * 10) / 10,
        ip,
      });
    try {
      if ((method === 'GET' || method === 'HEAD') && origin === undefined) {
        // The common case (server-to-server reads): no body to limit, no CORS to answer.
        await handle();
      } else if (origin === undefined) {
        // No Origin: CORS has nothing to check or answer.
        await limit(c, handle);
      } else {
        await limit(c, async () => {
          const res = await corsMw(c, handle);
          if (res instanceof Response) c.res = res;
        });
      }
    } catch (e) {
      // A refusal of the shell itself (a foreign origin's write, a body over the limit, a NUL in
      // the path) is answered by the app's onError, outside this middleware: logged here with the
      // status it gets, as every other request is.
      log(apiStatusOf(e));
      throw e;
    }
    if (!out) {
      // Raw Responses returned by handlers (PDFs, streams) did not go through the context's headers.
      const h = c.res.headers;
      if (!h.has('X-Content-Type-Options')) apply(h, path);
      if (!h.has('X-Request-Id')) h.set('X-Request-Id', requestId);
    }
    log(c.res.status);
  };
}
