/**
 * Staff console sessions on the HTTP side: the session cookie, the CSRF checks, and the admin
 * API's second way in (an API key being the first).
 *
 * The cookie is `HttpOnly` (page scripts never see it), `SameSite=Strict` (no other site's page
 * sends it) and `Secure` with the `__Host-` prefix, except when the server's public URL is plain
 * http on localhost or 127.0.0.1 (the demo and the tests: browsers keep no Secure cookie from such
 * an origin otherwise). SameSite alone is not enough: a sibling subdomain (the entity's own site at
 * www.comune.example.it beside pay.comune.example.it) is the same *site*. So every request that
 * changes something, the login included, must also come with an `Origin` equal to this server's
 * origin, and, once logged in, with the session's CSRF token in `x-csrf-token`, which a page of
 * another origin cannot read (no CORS on these routes) nor make a browser send cross-origin without
 * a preflight this server does not grant.
 */
import { staffRoleOf, type Endpoint } from '@pagatore/sdk';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { Config } from '../../config/index.js';
import { ApiError } from '../../core/errors.js';
import { sameHash } from '../../core/tokens.js';
import { authorizeStaff } from '../../staff/access.js';
import { recordAudit } from '../../staff/audit.js';
import { auditBefore, auditTarget } from '../../staff/audit-subjects.js';
import { csrfTokenOf, validateStaffSession } from '../../staff/login.js';
import { type AfterAdmin, type AppContext, requestHeader } from '../context.js';

const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:[0-9]+)?(\/|$)/;

/** The cookie's name and whether it is `Secure`. */
export function consoleCookie(config: Pick<Config, 'publicUrl'>): { name: string; secure: boolean } {
  const secure = !LOOPBACK_HTTP.test(config.publicUrl);
  return secure ? { name: '__Host-pagatore-console', secure } : { name: 'pagatore-console', secure };
}

/** Sets the session cookie (a browser-session cookie: it goes when the browser closes). */
export function setConsoleCookie(c: AppContext, token: string): void {
  const { name, secure } = consoleCookie(c.get('deps').config);
  setCookie(c, name, token, { path: '/', httpOnly: true, secure, sameSite: 'Strict' });
}

export function clearConsoleCookie(c: AppContext): void {
  const { name, secure } = consoleCookie(c.get('deps').config);
  deleteCookie(c, name, { path: '/', secure, httpOnly: true, sameSite: 'Strict' });
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses (403 `csrf_failed`) a request that changes something unless its `Origin` is this server's
 * (the public URL's, or the one the request was addressed to).
 */
export function checkOrigin(c: AppContext): void {
  if (SAFE.has(c.req.method)) return;
  const origin = requestHeader(c, 'origin');
  const own = [new URL(c.get('deps').config.publicUrl).origin, new URL(c.req.url).origin];
  if (!origin || !own.includes(origin)) throw new ApiError('csrf_failed');
}

/** The console session's token from its cookie, or undefined. */
export function consoleToken(c: AppContext): string | undefined {
  return getCookie(c, consoleCookie(c.get('deps').config).name);
}

/**
 * The console session of the request: 401 `unauthorized` without a live one; for a request that
 * changes something, 403 `csrf_failed` unless its Origin is ours and it carries the CSRF token.
 */
export async function requireStaffSession(c: AppContext) {
  const token = consoleToken(c);
  if (!token) throw new ApiError('unauthorized');
  checkOrigin(c);
  const session = await validateStaffSession(c.get('deps'), token);
  if (!session) throw new ApiError('unauthorized');
  if (!SAFE.has(c.req.method)) {
    const sent = requestHeader(c, 'x-csrf-token') ?? '';
    if (!sameHash(sent, csrfTokenOf(token))) throw new ApiError('csrf_failed');
  }
  c.set('staffSession', session);
  return session;
}

/** The hook of `auth: 'staff'` endpoints. */
export async function staffAuth(c: AppContext): Promise<void> {
  await requireStaffSession(c);
}

/** The key of what an operation created (`iupd`, `code`, `id` of its answer), if any. */
function resultKey(result: unknown): string | null {
  if (!result || typeof result !== 'object' || result instanceof Response) return null;
  const r = result as Record<string, unknown>;
  for (const k of ['iupd', 'code', 'id']) if (typeof r[k] === 'string') return r[k];
  return null;
}

/** Operations that change nothing although not GETs (building a ZIP of notices). */
const NOT_CHANGES = new Set(['adminNoticeBundle']);

/**
 * Changes that cannot run inside one database transaction: they call pagoPA or an identity
 * provider, or stream an upload, and a transaction held that long would stall every other request.
 * Their audit entry is written before they start, with the state before (a failed write stops
 * them); what they did is in their answer and in the data.
 */
const OUTSIDE_TRANSACTION = new Set([
  'adminImportPositions',
  'adminStartPositionsImport',
  'adminFetchFlows',
  'adminResyncPositionGpd',
  'adminCheckIdentityTrustChain',
  'adminPutIdentityProvider',
]);

/**
 * A staff session on an admin endpoint: the entity named by `x-pagatore-entity` must be granted to
 * the staff member with the role the endpoint needs. For a change, answers the audit entry to write
 * in the handler's transaction, with the state before and after.
 */
export async function staffAdminAuth(c: AppContext, ep: Endpoint): Promise<AfterAdmin | void> {
  const session = await requireStaffSession(c);
  const deps = c.get('deps');
  const { entity } = await authorizeStaff(
    deps,
    session.staff.id,
    requestHeader(c, 'x-pagatore-entity'),
    staffRoleOf(ep),
  );
  c.set('adminEntity', entity);
  if (SAFE.has(ep.method) || NOT_CHANGES.has(ep.id)) return;
  const params = c.req.param() as Record<string, unknown>;
  const before = await auditBefore(deps.db, entity, ep.id, params);
  const entry = (target: string | null, after: unknown) => ({
    actor: session.staff.email,
    staffId: session.staff.id,
    entity: entity.code,
    action: ep.id,
    target,
    before,
    after,
    ip: c.get('clientIp'),
    requestId: c.get('requestId'),
    now: deps.now(),
  });
  if (OUTSIDE_TRANSACTION.has(ep.id)) {
    await recordAudit(deps.db, entry(auditTarget(params), null));
    return undefined;
  }
  return async (db, parsedParams, result) => {
    await recordAudit(
      db,
      entry(
        auditTarget(parsedParams ?? params) ?? resultKey(result),
        result instanceof Response ? null : (result ?? null),
      ),
    );
  };
}
