/**
 * The Relying Party side of OpenID Connect, through `openid-client` (discovery, authorization URL
 * with PKCE S256, code grant with ID token checks: signature, issuer, audience, expiry, nonce;
 * userinfo). Provider metadata is cached for a few minutes per provider configuration.
 */
import * as client from 'openid-client';
import type { IdentityProviderRow } from '../db/schema/index.js';

const METADATA_TTL_MS = 10 * 60 * 1000;
const cache = new Map<string, { at: number; config: Promise<client.Configuration> }>();

/** Plain http is accepted only for a provider on this machine (tests, the demo). */
function isLoopbackHttp(issuer: URL): boolean {
  return issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
}

/** The provider's configuration (discovered, cached). */
export function configurationOf(p: IdentityProviderRow): Promise<client.Configuration> {
  const key = `${p.entity_code}/${p.code}/${p.updated_at}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < METADATA_TTL_MS) return hit.config;
  const issuer = new URL(p.issuer);
  const auth = p.client_secret ? client.ClientSecretBasic(p.client_secret) : client.None();
  const config = client.discovery(issuer, p.client_id, undefined, auth, {
    ...(isLoopbackHttp(issuer) ? { execute: [client.allowInsecureRequests] } : {}),
    timeout: 10,
  });
  cache.set(key, { at: Date.now(), config });
  // A failed discovery is not kept: the next login tries again.
  config.catch(() => cache.delete(key));
  return config;
}

/** The URL of the provider's login page for one flow. */
export async function authorizationUrl(
  p: IdentityProviderRow,
  flow: { redirectUri: string; state: string; nonce: string; codeVerifier: string; lang: string },
): Promise<URL> {
  const config = await configurationOf(p);
  const params: Record<string, string> = {
    redirect_uri: flow.redirectUri,
    scope: p.scopes,
    response_type: 'code',
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
    code_challenge_method: 'S256',
    ui_locales: flow.lang,
  };
  if (p.acr_values) params.acr_values = p.acr_values;
  return client.buildAuthorizationUrl(config, params);
}

/**
 * Completes a flow from the callback URL: exchanges the code (with the PKCE verifier), checks the
 * ID token, and returns its claims merged with the userinfo ones (the ID token's win on `sub`).
 * Throws for anything wrong; the caller shows one page.
 */
export async function completeFlow(
  p: IdentityProviderRow,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<{ claims: Record<string, unknown>; idToken: string | undefined }> {
  const config = await configurationOf(p);
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error('no ID token');
  let userinfo: Record<string, unknown> = {};
  if (config.serverMetadata().userinfo_endpoint) {
    userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
  }
  return { claims: { ...userinfo, ...idClaims }, idToken: tokens.id_token };
}

/** A new PKCE verifier towards the provider. */
export const newCodeVerifier = (): string => client.randomPKCECodeVerifier();
