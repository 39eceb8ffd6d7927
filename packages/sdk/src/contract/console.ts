/**
 * The staff console's own endpoints: the two-step login (password, then a TOTP code), the console
 * session (an `HttpOnly` cookie), and the audit log. The console then calls the admin API with its
 * session: `staffRoleOf` says which role each admin endpoint needs.
 */
import * as v from 'valibot';
import {
  AuditList,
  AuditQuery,
  StaffLoginInput,
  StaffLoginStep,
  type StaffRole,
  StaffSession,
  StaffOidcList,
  StaffOidcRedirect,
  StaffOidcStart,
  StaffVerifyInput,
} from '../schemas/staff.js';
import { type Endpoint, endpoint } from './endpoint.js';

export const consoleEndpoints = {
  staffLogin: endpoint({
    id: 'staffLogin',
    method: 'POST',
    path: '/api/v1/console/sessions',
    auth: 'none',
    tag: 'console',
    summary: 'Staff login, first step: e-mail and password; answers the second step (TOTP or its enrolment)',
    body: StaffLoginInput,
    response: StaffLoginStep,
    status: 200,
    produces: 'json',
    errors: ['invalid_credentials', 'rate_limited', 'csrf_failed'],
  }),
  staffVerify: endpoint({
    id: 'staffVerify',
    method: 'POST',
    path: '/api/v1/console/sessions/verification',
    auth: 'none',
    tag: 'console',
    summary: 'Staff login, second step: a TOTP code or a recovery code; sets the console session cookie',
    body: StaffVerifyInput,
    response: StaffSession,
    status: 200,
    produces: 'json',
    errors: ['totp_invalid', 'token_invalid', 'rate_limited', 'csrf_failed'],
  }),
  listStaffOidc: endpoint({
    id: 'staffOidcProviders',
    method: 'GET',
    path: '/api/v1/console/oidc-providers',
    auth: 'none',
    tag: 'console',
    summary: "The entities whose staff may log in through the entity's OpenID Connect provider",
    response: StaffOidcList,
    status: 200,
    produces: 'json',
    errors: [],
  }),
  startStaffOidc: endpoint({
    id: 'staffOidcStart',
    method: 'POST',
    path: '/api/v1/console/oidc-logins',
    auth: 'none',
    tag: 'console',
    summary:
      "Staff login through the entity's OpenID Connect provider: answers the provider's authorization URL (state, nonce, PKCE S256); the provider sends the browser back to /api/v1/console/oidc-callback",
    body: StaffOidcStart,
    response: StaffOidcRedirect,
    status: 200,
    produces: 'json',
    errors: ['not_found', 'rate_limited', 'csrf_failed', 'unavailable'],
  }),
  getStaffSession: endpoint({
    id: 'staffSession',
    method: 'GET',
    path: '/api/v1/console/session',
    auth: 'staff',
    tag: 'console',
    summary: 'The console session: the staff member, their entities and roles, the CSRF token',
    response: StaffSession,
    status: 200,
    produces: 'json',
    errors: [],
  }),
  staffLogout: endpoint({
    id: 'staffLogout',
    method: 'DELETE',
    path: '/api/v1/console/session',
    auth: 'staff',
    tag: 'console',
    summary: 'Ends the console session',
    response: v.undefined(),
    status: 204,
    produces: 'empty',
    errors: ['csrf_failed'],
  }),
  listAudit: endpoint({
    id: 'adminListAudit',
    method: 'GET',
    path: '/api/v1/admin/audit',
    auth: 'admin',
    tag: 'admin',
    summary: "The entity's audit log, newest first: every change made by its staff or API keys",
    query: AuditQuery,
    response: AuditList,
    status: 200,
    produces: 'json',
    errors: [],
  }),
} as const;

/** Admin paths an operator may change; any other change needs an admin. */
const OPERATOR_PATHS =
  /^\/api\/v1\/admin\/(positions|services|notices|receipts|overpayments|flows|payments)(\/|$)/;

/** Admin paths only admins may even read: API keys and webhook endpoints (with their deliveries). */
const ADMIN_READ_PATHS = /^\/api\/v1\/admin\/(api-keys|webhooks)(\/|$)/;

/**
 * The role a staff session needs for an admin endpoint: reading is for viewers, except API keys
 * and webhooks (admins only); positions, services and payments are for operators; everything else
 * (staff, API keys, webhooks, settings, identity providers) is for admins. API keys may call every
 * admin endpoint.
 * @example staffRoleOf(adminEndpoints.cancelPosition) // 'operator'
 */
export function staffRoleOf(ep: Pick<Endpoint, 'method' | 'path'>): StaffRole {
  if (ADMIN_READ_PATHS.test(ep.path)) return 'admin';
  if (ep.method === 'GET') return 'viewer';
  return OPERATOR_PATHS.test(ep.path) ? 'operator' : 'admin';
}
