/**
 * Quick routes: a few of the busiest JSON requests answered on Node's own request handler, before
 * Hono. For a small request, building the Fetch Request and Response, routing and composing the
 * middleware cost about as much as the work itself. A quick route answers exactly what its Hono
 * route answers through the shell (`middleware.ts`): the request id, the security headers, the body
 * limit, CORS, the error bodies and the log line are the same, made by the same functions. Its tests
 * hold the two paths to the same answers.
 *
 * A quick route takes only requests it is sure of: its method and a path without query or escapes,
 * a body of declared length, no credentials. Anything else (a session, a chunked body, a preflight,
 * `?lang=`) goes to Hono untouched, which then answers it as always.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lang } from '@pagatore/sdk';
import type { AppDeps } from '../core/deps.js';
import { ApiError } from '../core/errors.js';
import { nodeHeader } from './context.js';
import { apiErrorOf } from './errors.js';
import {
  CORS_EXPOSED_HEADERS,
  clientAddress,
  entityAllows,
  pickLang,
  requestIdFrom,
  securityHeaders,
} from './middleware.js';
import { JSON_CONTENT_TYPE, parseJsonText } from './route.js';

/** What a quick route's handler is given. */
export interface QuickRequest {
  requestId: string;
  lang: Lang;
  /** The client's address, as `clientIp` on Hono's context. */
  ip: string;
  /** The path's parameters, as the route's `params` read them. */
  params: Record<string, unknown>;
  /** The parsed JSON body. */
  json: unknown;
}

/** A quick route: a POST with a JSON body (the only kind the quick handler reads). */
export interface QuickRoute {
  /** The whole URL (`^…$`, so no query); its first capture is the entity's segment, for CORS. */
  path: RegExp;
  /** The path's parameters when valid; when not, Hono answers the request (and words why). */
  params(match: RegExpExecArray): Record<string, unknown> | undefined;
  /** The answer's body (status 200) and headers; throws the refusal. */
  handle(req: QuickRequest): Promise<{ body: unknown; headers?: Record<string, string> }>;
}

/** Node's request handler for the quick routes: true when one answers the request. */
export type QuickHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * The handler answering `routes` (none taken: false, and the caller hands the request to Hono).
 * @example const quick = quickHandler(deps, [practiceSearchQuick(deps)]); quick(req, res) || hono(req, res);
 */
export function quickHandler(deps: AppDeps, routes: readonly QuickRoute[]): QuickHandler {
  const security = Object.fromEntries(securityHeaders(deps.config, 'same-site'));
  const limit = deps.config.bodyLimitBytes;
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    let route: QuickRoute | undefined;
    let match: RegExpExecArray | null = null;
    for (const r of routes) {
      match = r.path.exec(url);
      if (match) {
        route = r;
        break;
      }
    }
    const params = route && match ? route.params(match) : undefined;
    if (!route || !match || !params) return false;
    const h = req.headers;
    // A session, or a body whose length is not declared (counted as it streams), is Hono's to serve.
    if (
      h.authorization !== undefined ||
      h['content-length'] === undefined ||
      h['transfer-encoding'] !== undefined
    )
      return false;
    void answer(deps, route, match, params, req, res, security, limit);
    return true;
  };
}

async function answer(
  deps: AppDeps,
  route: QuickRoute,
  match: RegExpExecArray,
  params: Record<string, unknown>,
  req: IncomingMessage,
  res: ServerResponse,
  security: Record<string, string>,
  limit: number,
): Promise<void> {
  const start = performance.now();
  const requestId = requestIdFrom(nodeHeader(req, 'x-request-id'));
  const lang = pickLang(undefined, nodeHeader(req, 'accept-language'));
  const ip = clientAddress(
    deps.config.trustProxy,
    req.socket.remoteAddress,
    nodeHeader(req, 'x-forwarded-for'),
  );
  const origin = nodeHeader(req, 'origin');
  const path = req.url ?? '';
  const headers: Record<string, string> = { 'X-Request-Id': requestId, ...security };
  let status = 200;
  let text: string;
  try {
    if (Number(req.headers['content-length']) > limit) throw new ApiError('payload_too_large');
    if (origin !== undefined) {
      // A write from a foreign page must not even run; an allowed one may read the answer.
      if (!(await entityAllows(deps, match[1] ?? '', origin))) throw new ApiError('origin_not_allowed');
      headers.Vary = 'Origin';
      headers['Access-Control-Allow-Origin'] = origin;
      headers['Access-Control-Expose-Headers'] = CORS_EXPOSED_HEADERS;
    }
    if (!JSON_CONTENT_TYPE.test(nodeHeader(req, 'content-type') ?? ''))
      throw new ApiError('unsupported_media_type');
    const json = parseJsonText(await bodyText(req));
    const answered = await route.handle({ requestId, lang, ip, params, json });
    Object.assign(headers, answered.headers);
    text = JSON.stringify(answered.body);
  } catch (error) {
    const err = apiErrorOf(error, deps.logger, { requestId, method: 'POST', path });
    status = err.status;
    if (err.retryAfter !== undefined) headers['Retry-After'] = String(err.retryAfter);
    text = JSON.stringify(err.body(requestId, lang));
  }
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = String(Buffer.byteLength(text));
  if (!res.destroyed) {
    res.writeHead(status, headers);
    res.end(text);
  }
  deps.logger.info('request', {
    requestId,
    method: 'POST',
    path,
    status,
    ms: Math.round((performance.now() - start) * 10) / 10,
    ip,
  });
}

/**
 * The request's body as text, as the Fetch API's `text()` reads it (UTF-8, a leading byte order mark
 * dropped); a body cut short or failing to arrive is a bad request.
 */
function bodyText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
    req.on('error', () => reject(new ApiError('bad_request')));
    req.on('aborted', () => reject(new ApiError('bad_request')));
  });
}
