/**
 * A digital-identity login, server side. `startLogin` stores the flow (state, nonce, PKCE verifier,
 * the page to return to and the widget's challenge; single use, minutes long; in the database, so
 * any process can take the callback) and answers the provider's login page. `finishLogin` takes the
 * provider's callback, spends the flow, validates the answer and hands back a one-time code on the
 * page the citizen came from: `#pagatore-identity=<code>`. The code is useless without the
 * verifier the widget kept (see handoff.ts); no token ever travels in a URL.
 */
import { hashToken, newToken } from '../core/tokens.js';
import type { AppDeps } from '../core/deps.js';
import type { EntityRow } from '../db/schema/index.js';
import { originsOf } from '../entities/entities.js';
import { audit } from '../accounts/audit.js';
import { identityOfClaims } from './claims.js';
import { TrustChainError } from './federation/errors.js';
import { loginClientOf, newCodeVerifier } from './oidc.js';
import { findProvider, redirectUriOf } from './providers.js';

/** How long a flow and a hand-back code live. */
export const IDENTITY_TTL = { flowSeconds: 10 * 60, handoffSeconds: 5 * 60 } as const;

/** Why a login is refused; the page says it, the log and audit keep the reason. */
export type RefusalReason =
  | 'unknown_provider'
  | 'bad_return_url'
  | 'unknown_state'
  | 'expired'
  | 'replayed'
  | 'provider_error'
  | 'invalid_answer'
  | 'no_fiscal_code'
  /** A federation provider whose trust chain to the Trust Anchor does not validate. */
  | 'untrusted_provider';

export class IdentityRefusal extends Error {
  readonly reason: RefusalReason;
  readonly returnUrl: string | null;
  constructor(reason: RefusalReason, returnUrl: string | null = null) {
    super(reason);
    this.reason = reason;
    this.returnUrl = returnUrl;
  }
}

/** The refusal of a provider whose trust chain failed, logged with the chain's reason. */
function untrusted(
  deps: AppDeps,
  entity: string,
  provider: string,
  e: TrustChainError,
  returnUrl: string,
): IdentityRefusal {
  deps.logger.warn('identity provider trust chain refused', {
    entity,
    provider,
    trustChain: e.reason,
    error: e.message,
  });
  return new IdentityRefusal('untrusted_provider', returnUrl);
}

const iso = (d: Date) => d.toISOString();
const plus = (d: Date, s: number) => new Date(d.getTime() + s * 1000);

/** The return URL when it is http(s) on one of the entity's allowed origins, else null. */
export function allowedReturnUrl(entity: EntityRow, raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!originsOf(entity).includes(url.origin)) return null;
  url.hash = '';
  return url;
}

/** Stores a new flow and returns the provider's login page to send the browser to. */
export async function startLogin(
  deps: AppDeps,
  entity: EntityRow,
  input: { provider: string; returnUrl: string; challenge: string; lang: string },
): Promise<URL> {
  const provider = await findProvider(deps.db, entity.code, input.provider);
  if (!provider || provider.enabled !== 1) throw new IdentityRefusal('unknown_provider');
  const back = allowedReturnUrl(entity, input.returnUrl);
  if (!back) throw new IdentityRefusal('bad_return_url');
  const now = deps.now();
  const state = newToken();
  const nonce = newToken();
  const codeVerifier = newCodeVerifier();
  let url: URL;
  try {
    url = await (
      await loginClientOf(deps, provider)
    ).authorizationUrl({
      redirectUri: redirectUriOf(deps.config.publicUrl, entity.code),
      state,
      nonce,
      codeVerifier,
      lang: input.lang,
    });
  } catch (e) {
    if (e instanceof TrustChainError) throw untrusted(deps, entity.code, provider.code, e, back.href);
    deps.logger.warn('identity provider unreachable', {
      entity: entity.code,
      provider: provider.code,
      error: String(e),
    });
    throw new IdentityRefusal('provider_error', back.href);
  }
  await deps.db
    .insertInto('identity_flows')
    .values({
      state_hash: hashToken(state),
      entity_code: entity.code,
      provider_code: provider.code,
      nonce,
      code_verifier: codeVerifier,
      return_url: back.href,
      challenge: input.challenge,
      created_at: iso(now),
      expires_at: iso(plus(now, IDENTITY_TTL.flowSeconds)),
      used_at: null,
    })
    .execute();
  if (Math.random() < 0.05) await sweepIdentity(deps, now);
  return url;
}

/**
 * Takes the provider's callback (the full URL the browser came back on) and returns the page to
 * send the browser to, with the one-time code in its fragment. Throws `IdentityRefusal`.
 */
export async function finishLogin(deps: AppDeps, entity: EntityRow, callbackUrl: URL): Promise<URL> {
  const { db } = deps;
  const now = deps.now();
  const state = callbackUrl.searchParams.get('state') ?? '';
  const stateHash = hashToken(state);
  const flow = state
    ? await db
        .selectFrom('identity_flows')
        .selectAll()
        .where('state_hash', '=', stateHash)
        .where('entity_code', '=', entity.code)
        .executeTakeFirst()
    : undefined;
  if (!flow) throw new IdentityRefusal('unknown_state');
  if (flow.used_at !== null) throw new IdentityRefusal('replayed', flow.return_url);
  // Spend the flow before anything else: a second callback with the same state finds it used.
  const spent = await db
    .updateTable('identity_flows')
    .set({ used_at: iso(now) })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) throw new IdentityRefusal('replayed', flow.return_url);
  if (new Date(flow.expires_at) <= now) throw new IdentityRefusal('expired', flow.return_url);
  const provider = await findProvider(db, entity.code, flow.provider_code);
  if (!provider || provider.enabled !== 1) throw new IdentityRefusal('unknown_provider', flow.return_url);
  if (callbackUrl.searchParams.has('error')) throw new IdentityRefusal('provider_error', flow.return_url);
  let claims: Record<string, unknown>;
  let idToken: string | undefined;
  try {
    ({ claims, idToken } = await (
      await loginClientOf(deps, provider)
    ).completeFlow(callbackUrl, {
      state,
      nonce: flow.nonce,
      codeVerifier: flow.code_verifier,
    }));
  } catch (e) {
    if (e instanceof TrustChainError) throw untrusted(deps, entity.code, provider.code, e, flow.return_url);
    deps.logger.warn('identity answer refused', {
      entity: entity.code,
      provider: provider.code,
      error: String(e),
    });
    throw new IdentityRefusal('invalid_answer', flow.return_url);
  }
  const identity = identityOfClaims(claims, provider.fiscal_code_claim);
  if (!identity) throw new IdentityRefusal('no_fiscal_code', flow.return_url);
  const code = newToken();
  await db
    .insertInto('identity_handoffs')
    .values({
      code_hash: hashToken(code),
      entity_code: entity.code,
      provider_code: provider.code,
      kind: provider.kind,
      challenge: flow.challenge,
      identity: JSON.stringify(identity),
      id_token: idToken ?? null,
      return_url: flow.return_url,
      created_at: iso(now),
      expires_at: iso(plus(now, IDENTITY_TTL.handoffSeconds)),
      used_at: null,
    })
    .execute();
  const back = new URL(flow.return_url);
  back.hash = `pagatore-identity=${code}`;
  return back;
}

/** Audits a refused login (no personal data: the reason and the provider). */
export async function auditRefusal(
  deps: AppDeps,
  entity: string,
  reason: RefusalReason,
  ip: string,
): Promise<void> {
  await audit(deps.db, { entity, event: 'identity_refused', ip, detail: { reason }, now: deps.now() });
}

/** Deletes flows and codes past their expiry. */
export async function sweepIdentity(deps: AppDeps, now: Date): Promise<void> {
  await deps.db.deleteFrom('identity_flows').where('expires_at', '<=', iso(now)).execute();
  await deps.db.deleteFrom('identity_handoffs').where('expires_at', '<=', iso(now)).execute();
  await deps.db.deleteFrom('identity_logouts').where('expires_at', '<=', iso(now)).execute();
  await deps.db.deleteFrom('identity_link_mails').where('expires_at', '<=', iso(now)).execute();
}
