/**
 * Staff login through the entity's OpenID Connect provider ("Accedi con il provider dell'ente"): an
 * entity names one of its plain OIDC identity providers (`staffLoginProvider`), and its staff may
 * log in there instead of with password and TOTP. The flow is the citizens' (identity/oidc.ts):
 * state, nonce and PKCE S256, the ID token checked against the provider's keys. What it proves is an
 * e-mail: only a **verified** one (`email_verified: true`) that names an existing, active staff
 * member with a role on that entity opens a session; no staff member is ever created here. Every
 * refusal ends the same way (the console's login with one message), and the log says why.
 */
import type { StaffOidcList } from '@pagatore/sdk';
import type { AppDeps } from '../core/deps.js';
import { ApiError } from '../core/errors.js';
import { enforce } from '../core/rate-limit.js';
import { hashToken, newToken } from '../core/tokens.js';
import { findEntity } from '../entities/entities.js';
import { loginClientOf, newCodeVerifier } from '../identity/oidc.js';
import { findProvider } from '../identity/providers.js';
import { selectGrant, selectStaffByEmail } from '../db/stores/staff.js';
import { type ClientInfo, newSessionRow, STAFF_LIMITS } from './login.js';
import { normalizeEmail } from './staff.js';

/** Minutes a login may take at the provider. */
const FLOW_SECONDS = 600;

/** Where the provider sends the browser back: register it with the provider. */
export function staffRedirectUriOf(publicUrl: string): string {
  return `${publicUrl}/api/v1/console/oidc-callback`;
}

/** Why a staff login at the provider was refused (the log's words; the person reads one message). */
export class StaffOidcRefusal extends Error {}

async function usableProvider(deps: AppDeps, entityCode: string) {
  const entity = await findEntity(deps.db, entityCode);
  if (!entity?.staff_login_provider) return null;
  const provider = await findProvider(deps.db, entity.code, entity.staff_login_provider);
  if (!provider || provider.enabled !== 1 || provider.profile !== 'oidc') return null;
  return { entity, provider };
}

/**
 * The entities that let their staff log in through their provider.
 * @example const { items } = await staffOidcEntities(deps);
 */
export async function staffOidcEntities(deps: AppDeps): Promise<StaffOidcList> {
  const rows = await deps.db
    .selectFrom('entities as e')
    .innerJoin('identity_providers as p', (j) =>
      j.onRef('p.entity_code', '=', 'e.code').onRef('p.code', '=', 'e.staff_login_provider'),
    )
    .select(['e.code', 'e.name', 'p.name as provider'])
    .where('p.enabled', '=', 1)
    .where('p.profile', '=', 'oidc')
    .orderBy('e.name')
    .execute();
  return { items: rows.map((r) => ({ entity: r.code, entityName: r.name, provider: r.provider })) };
}

/**
 * Starts a login at the entity's provider: the authorization URL to send the browser to.
 * @example const url = await startStaffOidc(deps, '80012345678', { ip });
 */
export async function startStaffOidc(deps: AppDeps, entityCode: string, client: ClientInfo): Promise<URL> {
  await enforce(deps, `staff-login:ip:${client.ip}`, STAFF_LIMITS.loginPerClient);
  const found = await usableProvider(deps, entityCode);
  if (!found) throw new ApiError('not_found');
  const state = newToken();
  const nonce = newToken();
  const codeVerifier = newCodeVerifier();
  let url: URL;
  try {
    url = await (
      await loginClientOf(deps, found.provider)
    ).authorizationUrl({
      redirectUri: staffRedirectUriOf(deps.config.publicUrl),
      state,
      nonce,
      codeVerifier,
      lang: 'it',
    });
  } catch (e) {
    deps.logger.warn('staff login: identity provider unreachable', {
      entity: entityCode,
      provider: found.provider.code,
      error: String(e),
    });
    throw new ApiError('unavailable');
  }
  const now = deps.now();
  await deps.db.deleteFrom('staff_oidc_flows').where('expires_at', '<', now.toISOString()).execute();
  await deps.db
    .insertInto('staff_oidc_flows')
    .values({
      state_hash: hashToken(state),
      entity_code: found.entity.code,
      provider_code: found.provider.code,
      nonce,
      code_verifier: codeVerifier,
      expires_at: new Date(now.getTime() + FLOW_SECONDS * 1000).toISOString(),
    })
    .execute();
  return url;
}

/**
 * Completes a login from the provider's callback (the whole URL the browser came back on): the
 * session token for the cookie. Throws `StaffOidcRefusal` for anything wrong: an unknown or used
 * state, an answer that does not check, an e-mail missing or not verified, no active staff member
 * with that e-mail and a role on the entity.
 */
export async function completeStaffOidc(
  deps: AppDeps,
  callbackUrl: URL,
  client: ClientInfo,
): Promise<{ token: string; entity: string }> {
  await enforce(deps, `staff-verify:ip:${client.ip}`, STAFF_LIMITS.verifyPerClient);
  const state = callbackUrl.searchParams.get('state') ?? '';
  if (!state || state.length > 200) throw new StaffOidcRefusal('no state');
  // Single use: the row goes whatever happens next.
  const flow = await deps.db
    .deleteFrom('staff_oidc_flows')
    .where('state_hash', '=', hashToken(state))
    .returningAll()
    .executeTakeFirst();
  if (!flow || new Date(flow.expires_at) <= deps.now())
    throw new StaffOidcRefusal('unknown or expired state');
  const found = await usableProvider(deps, flow.entity_code);
  if (!found || found.provider.code !== flow.provider_code) throw new StaffOidcRefusal('provider changed');
  let claims: Record<string, unknown>;
  try {
    ({ claims } = await (
      await loginClientOf(deps, found.provider)
    ).completeFlow(callbackUrl, { state, nonce: flow.nonce, codeVerifier: flow.code_verifier }));
  } catch (e) {
    throw new StaffOidcRefusal(`provider answer refused: ${String(e)}`);
  }
  if (typeof claims.email !== 'string' || claims.email_verified !== true)
    throw new StaffOidcRefusal('no verified e-mail');
  const staff = await selectStaffByEmail(deps.db, normalizeEmail(claims.email));
  if (!staff || staff.status !== 'active') throw new StaffOidcRefusal('no staff member with this e-mail');
  if (!(await selectGrant(deps.db, staff.id, flow.entity_code)))
    throw new StaffOidcRefusal('staff member holds no role on the entity');
  const { token } = await newSessionRow(deps, staff.id, 'active', deps.config.consoleMaxSeconds, client);
  return { token, entity: flow.entity_code };
}
