/**
 * "Esci" for a session that came from a digital identity. The portal session ends in every case;
 * where the provider's metadata has an `end_session_endpoint`, the browser goes there too
 * (RP-initiated logout) and comes back to the page the citizen was on. The ID token
 * (`id_token_hint`) never leaves the server but towards the provider: the widget is given a page of
 * the API (`…/identity/logout?state=`) that sends the browser on to the provider, whose answer comes
 * back to `…/identity/logout/callback` with the state, spent once, and then to the citizen's page
 * with `#pagatore-logout=provider`.
 */
import type { LogoutResult } from '@pagatore/sdk';
import type { AppDeps } from '../core/deps.js';
import { hashToken, newToken } from '../core/tokens.js';
import type { EntityRow, IdentityProviderRow } from '../db/schema/index.js';
import { allowedReturnUrl, IDENTITY_TTL } from './flows.js';
import { type FlowLogout, loginClientOf } from './oidc.js';
import { findProvider, postLogoutRedirectUriOf } from './providers.js';

const iso = (d: Date) => d.toISOString();

/** The provider's logout page through its login client, or null when it has none. */
async function endSessionUrl(
  deps: AppDeps,
  provider: IdentityProviderRow,
  logout: FlowLogout,
): Promise<URL | null> {
  const login = await loginClientOf(deps, provider);
  return login.endSessionUrl ? login.endSessionUrl(logout) : null;
}

/** Why the provider's answer to a logout is refused (the portal session is over anyway). */
export type LogoutRefusalReason = 'unknown_state' | 'expired' | 'replayed' | 'unknown_provider';

export class LogoutRefusal extends Error {
  readonly reason: LogoutRefusalReason;
  readonly returnUrl: string | null;
  constructor(reason: LogoutRefusalReason, returnUrl: string | null = null) {
    super(reason);
    this.reason = reason;
    this.returnUrl = returnUrl;
  }
}

/** The fragment the citizen's page gets back after the provider's logout. */
export const LOGOUT_FRAGMENT = 'pagatore-logout=provider';

/**
 * What "Esci" must do beyond ending the portal session `sessionId` (call it before ending it): for a
 * SPID/CIE session, the provider, and the API page that starts the provider's logout when it has one
 * and the return page is on the entity's allowed origins.
 */
export async function prepareProviderLogout(
  deps: AppDeps,
  entity: EntityRow,
  sessionId: string,
  returnUrl: string | undefined,
  lang: string,
): Promise<LogoutResult> {
  const session = await deps.db
    .selectFrom('sessions')
    .select(['identity_provider', 'id_token'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!session?.identity_provider) return { identity: null, providerLogoutUrl: null };
  const provider = await findProvider(deps.db, entity.code, session.identity_provider);
  if (!provider) return { identity: null, providerLogoutUrl: null };
  const identity = { kind: provider.kind, name: provider.name };
  const back = returnUrl ? allowedReturnUrl(entity, returnUrl) : null;
  if (!session.id_token || !back || provider.enabled !== 1) return { identity, providerLogoutUrl: null };
  const state = newToken();
  let url: URL | null;
  try {
    url = await endSessionUrl(deps, provider, {
      idTokenHint: session.id_token,
      postLogoutRedirectUri: postLogoutRedirectUriOf(deps.config.publicUrl, entity.code),
      state,
      lang,
    });
  } catch (e) {
    deps.logger.warn('identity provider unreachable at logout', {
      entity: entity.code,
      provider: provider.code,
      error: String(e),
    });
    url = null;
  }
  if (!url) return { identity, providerLogoutUrl: null };
  const now = deps.now();
  await deps.db
    .insertInto('identity_logouts')
    .values({
      state_hash: hashToken(state),
      entity_code: entity.code,
      provider_code: provider.code,
      id_token: session.id_token,
      return_url: back.href,
      created_at: iso(now),
      expires_at: iso(new Date(now.getTime() + IDENTITY_TTL.flowSeconds * 1000)),
      used_at: null,
    })
    .execute();
  const start = new URL(
    `${deps.config.publicUrl}/api/v1/entities/${encodeURIComponent(entity.code)}/identity/logout`,
  );
  start.searchParams.set('state', state);
  return { identity, providerLogoutUrl: start.href };
}

async function liveLogout(deps: AppDeps, entity: EntityRow, state: string) {
  const row = state
    ? await deps.db
        .selectFrom('identity_logouts')
        .selectAll()
        .where('state_hash', '=', hashToken(state))
        .where('entity_code', '=', entity.code)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new LogoutRefusal('unknown_state');
  if (row.used_at !== null) throw new LogoutRefusal('replayed', row.return_url);
  if (new Date(row.expires_at) <= deps.now()) throw new LogoutRefusal('expired', row.return_url);
  return row;
}

/** The provider's logout page for a logout under way (the API page the widget sent the browser to). */
export async function providerLogoutPage(
  deps: AppDeps,
  entity: EntityRow,
  state: string,
  lang: string,
): Promise<URL> {
  const row = await liveLogout(deps, entity, state);
  const provider = await findProvider(deps.db, entity.code, row.provider_code);
  const url = provider
    ? await endSessionUrl(deps, provider, {
        idTokenHint: row.id_token,
        postLogoutRedirectUri: postLogoutRedirectUriOf(deps.config.publicUrl, entity.code),
        state,
        lang,
      }).catch(() => null)
    : null;
  if (!url) throw new LogoutRefusal('unknown_provider', row.return_url);
  return url;
}

/** The provider came back from its logout: spends the state, answers the citizen's page. */
export async function finishProviderLogout(deps: AppDeps, entity: EntityRow, state: string): Promise<URL> {
  const row = await liveLogout(deps, entity, state);
  const spent = await deps.db
    .updateTable('identity_logouts')
    .set({ used_at: iso(deps.now()) })
    .where('state_hash', '=', row.state_hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) throw new LogoutRefusal('replayed', row.return_url);
  const back = new URL(row.return_url);
  back.hash = LOGOUT_FRAGMENT;
  return back;
}
