/** What every handler can reach through Hono's context: the app's services and the request's facts. */
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Endpoint, Lang } from '@pagatore/sdk';
import type { Context } from 'hono';
import type { AppDeps } from '../core/deps.js';
import type { AccountRow } from '../accounts/accounts.js';
import type { EntityRow } from '../entities/entities.js';
import type { ValidStaffSession } from '../staff/login.js';

/**
 * Authentication checks, one per kind of principal, installed by the area that owns it (accounts
 * for citizen sessions, admin for API keys). Each throws `ApiError` or stores its principal.
 */
export interface AuthHooks {
  session?: (c: AppContext) => Promise<void>;
  /**
   * An admin endpoint: an API key, or a staff session with the role the endpoint needs. May answer
   * what to run once the handler succeeded (the audit entry of a staff member's change).
   */
  admin?: (c: AppContext, ep: Endpoint) => Promise<AfterAdmin | void>;
  /** A staff console endpoint: a staff session. */
  staff?: (c: AppContext) => Promise<void>;
}

/**
 * Runs once an admin handler succeeded, inside the transaction the handler ran in (`db`), with its
 * parsed path parameters and its result.
 */
export type AfterAdmin = (
  db: AppDeps['db'],
  params: Record<string, unknown> | undefined,
  result: unknown,
) => Promise<void>;

export interface AppEnv {
  Variables: {
    auth: AuthHooks;
    deps: AppDeps;
    requestId: string;
    lang: Lang;
    /** Client address (from the socket, or X-Forwarded-For behind a trusted proxy). */
    clientIp: string;
    /** The logged-in citizen's account (set by the session hook on `auth: 'session'` routes). */
    account: AccountRow;
    /** The id of the citizen's session (not the token). */
    sessionId: string;
    /** The entity whose API key authenticated an admin request (set by the admin hook). */
    adminEntity: EntityRow;
    /** The staff member's console session (set by the staff hooks). */
    staffSession: ValidStaffSession;
  };
}

export type AppContext = Context<AppEnv>;

/** What @hono/node-server passes as the app's environment: Node's own request and response. */
interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

/** Node's request when Node serves the app (none with `app.request()` in tests). */
export function nodeRequest(c: AppContext): IncomingMessage | undefined {
  return (c.env as NodeBindings | undefined)?.incoming;
}

/** Node's response when Node serves the app (none with `app.request()` in tests). */
export function nodeResponse(c: AppContext): ServerResponse | undefined {
  return (c.env as NodeBindings | undefined)?.outgoing;
}

/**
 * What a handler returns once it has written its answer on Node's response itself (a download
 * streamed with backpressure): @hono/node-server then leaves that response alone. The library's own
 * object, as it is: it is a platform `Response`, made when its module loaded, before serving
 * replaced the global `Response` with one whose answers @hono/node-server would write again.
 */
export function answeredOnNode(): Response {
  return RESPONSE_ALREADY_SENT;
}

/**
 * Headers Node keeps only the first of when repeated (Fetch joins every repeat with ", "), and the
 * cookie it joins with "; ".
 */
const NOT_JOINED_BY_NODE = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'cookie',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/**
 * A request header (`name` in lower case) as `c.req.header(name)` gives it, read from what Node
 * already parsed when Node serves the request: asking the Fetch request builds a `Headers` of all
 * of them first.
 */
export function requestHeader(c: AppContext, name: string): string | undefined {
  const incoming = nodeRequest(c);
  return incoming ? nodeHeader(incoming, name) : c.req.header(name);
}

/** A header (`name` in lower case) of Node's request as the Fetch API would give it (`requestHeader`). */
export function nodeHeader(incoming: IncomingMessage, name: string): string | undefined {
  if (!NOT_JOINED_BY_NODE.has(name)) {
    const value = incoming.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }
  const raw = incoming.rawHeaders;
  let joined: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i] as string;
    if (key.length === name.length && key.toLowerCase() === name) {
      joined = joined === undefined ? raw[i + 1] : `${joined}, ${raw[i + 1]}`;
    }
  }
  return joined;
}

/**
 * Sets a header of the answer: on Node's response when Node serves the request (Node merges it into
 * whatever the app answers, and no `Headers` object is built for it), else on the context. For a
 * header every answer of the route carries from then on, whatever its status.
 */
export function answerHeader(c: AppContext, name: string, value: string): void {
  const out = nodeResponse(c);
  if (out) out.setHeader(name, value);
  else c.header(name, value);
}
