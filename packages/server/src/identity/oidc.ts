/**
 * The Relying Party side of OpenID Connect, through `openid-client` and `jose`, for the two kinds of
 * provider an entity configures:
 *
 * - a plain OpenID Connect provider (a regional gateway, a Keycloak in front of SPID): discovery,
 *   authorization URL with PKCE S256, code grant with the ID token checks (signature with the
 *   provider's published keys, issuer, audience, expiry, nonce), userinfo; the client authenticates
 *   with its secret, with nothing, or with the entity's OIDC key (`private_key_jwt`, a provider
 *   setting);
 * - an OpenID Provider of the SPID/CIE federation (`FederationOp`: metadata resolved through its
 *   trust chain, no discovery): a signed request object, PKCE S256, `private_key_jwt` towards the
 *   token endpoint, the ID token verified with the provider's keys, and the userinfo as the profile
 *   gives it: a JWS (the provider's key) inside a JWE (the entity's encryption key).
 *
 * `loginClientOf` picks one for a provider; the flows (flows.ts) use it through `LoginClient`.
 */
import * as client from 'openid-client';
import {
  compactDecrypt,
  createLocalJWKSet,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { AppDeps } from '../core/deps.js';
import type { IdentityProviderRow } from '../db/schema/index.js';
import { entityIdOf, RP_ALGORITHMS } from './entity-configuration.js';
import { activeKey, decryptionJwks, keyStoreOf, type PrivateKeyOf } from './keys.js';
import { TrustChainError } from './federation/errors.js';
import { trustChains } from './federation/trust-chain.js';
import { redirectUriOf, tokenAuthMethodOf, trustAnchorOf } from './providers.js';

/** What one login needs to start at the provider. */
export interface FlowStart {
  redirectUri: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  lang: string;
}

/** What the callback is checked against. */
export interface FlowChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The provider's answer: the ID token's claims merged with the userinfo ones (the ID token's win). */
export interface FlowResult {
  claims: Record<string, unknown>;
  idToken: string | undefined;
}

/** What a logout at the provider (RP-initiated logout) sends. */
export interface FlowLogout {
  idTokenHint: string;
  postLogoutRedirectUri: string;
  state: string;
  lang: string;
}

/** How the Relying Party talks to one provider: where to send the browser, and the callback. */
export interface LoginClient {
  authorizationUrl(flow: FlowStart): Promise<URL>;
  /** Throws for anything wrong in the answer; the caller shows one page. */
  completeFlow(callbackUrl: URL, checks: FlowChecks): Promise<FlowResult>;
  /** The provider's logout page, or null when its metadata has no `end_session_endpoint`. */
  endSessionUrl?(logout: FlowLogout): Promise<URL | null>;
}

/** The `end_session_endpoint` URL of a configuration, or null without one. */
function buildEndSession(config: client.Configuration, logout: FlowLogout): URL | null {
  if (!config.serverMetadata().end_session_endpoint) return null;
  return client.buildEndSessionUrl(config, {
    id_token_hint: logout.idTokenHint,
    post_logout_redirect_uri: logout.postLogoutRedirectUri,
    state: logout.state,
    ui_locales: logout.lang,
  });
}

/**
 * An OpenID Provider of the SPID/CIE federation, with the `openid_provider` metadata its trust
 * chain resolved (identity/federation): its endpoints and its OIDC public keys (`jwks`).
 */
export interface FederationOp {
  /** The provider's entity id, which is its issuer. */
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  jwks: JSONWebKeySet;
  [k: string]: unknown;
}

/** The entity as a federation Relying Party: its client id, redirect URI and keys. */
export interface RelyingParty {
  clientId: string;
  redirectUri: string;
  /** The active OIDC signing key (request objects, client assertions). */
  signingKey: PrivateKeyOf;
  /** Every published encryption key, by kid. */
  decryptionKeys: Map<string, JWK>;
}

export class RelyingPartyError extends Error {
  override readonly name = 'RelyingPartyError';
}

/** Signature algorithms accepted from a federation provider (the profile's; never `none` or HMAC). */
const SIGNING_ALGS = ['RS256', 'RS512', 'PS256', 'PS512', 'ES256', 'ES512'];
/** Key and content encryption accepted for the userinfo (the profile's). */
const KEY_ENCRYPTION_ALGS = ['RSA-OAEP', 'RSA-OAEP-256'];
const CONTENT_ENCRYPTION_ALGS = ['A128CBC-HS256', 'A256CBC-HS512'];
/** A request object is valid this long. */
const REQUEST_OBJECT_TTL_SECONDS = 5 * 60;

const METADATA_TTL_MS = 10 * 60 * 1000;
const cache = new Map<string, { at: number; config: Promise<client.Configuration> }>();

/** Plain http is accepted only for a provider on this machine (tests, the demo). */
function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** `private_key_jwt` with the entity's OIDC key of the moment (read at each request: rotations apply at once). */
function entityKeyAuth(deps: AppDeps, entity: string, audience?: string): client.ClientAuth {
  return async (as, c, body, headers) => {
    const key = await activeKey(keyStoreOf(deps), entity, 'oidc-sig');
    if (!key) throw new RelyingPartyError(`entity ${entity} has no OIDC signing key`);
    const auth = client.PrivateKeyJwt(
      { key: key.key, kid: key.kid },
      audience
        ? {
            [client.modifyAssertion]: (_header, payload) => {
              payload.aud = audience;
            },
          }
        : {},
    );
    await auth(as, c, body, headers);
  };
}

/** The client authentication a plain provider's settings ask for. */
function plainAuth(deps: AppDeps, p: IdentityProviderRow): client.ClientAuth {
  const method = tokenAuthMethodOf(p);
  if (method === 'private_key_jwt') return entityKeyAuth(deps, p.entity_code);
  if (method === 'client_secret_basic' && p.client_secret) return client.ClientSecretBasic(p.client_secret);
  return client.None();
}

/** A plain provider's configuration (discovered, cached). */
export function configurationOf(deps: AppDeps, p: IdentityProviderRow): Promise<client.Configuration> {
  const key = `${p.entity_code}/${p.code}/${p.updated_at}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < METADATA_TTL_MS) return hit.config;
  const issuer = new URL(p.issuer);
  const config = client.discovery(issuer, p.client_id, undefined, plainAuth(deps, p), {
    // ID token signatures are verified with the provider's published keys (jwks_uri), not taken on TLS alone.
    execute: [
      client.enableNonRepudiationChecks,
      ...(isLoopbackHttp(issuer) ? [client.allowInsecureRequests] : []),
    ],
    timeout: 10,
  });
  cache.set(key, { at: Date.now(), config });
  // A failed discovery is not kept: the next login tries again.
  config.catch(() => cache.delete(key));
  return config;
}

/** The login client of a plain OpenID Connect provider. */
export function plainClient(deps: AppDeps, p: IdentityProviderRow): LoginClient {
  return {
    async authorizationUrl(flow) {
      const config = await configurationOf(deps, p);
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
    },
    async completeFlow(callbackUrl, checks) {
      const config = await configurationOf(deps, p);
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
    },
    async endSessionUrl(logout) {
      return buildEndSession(await configurationOf(deps, p), logout);
    },
  };
}

/**
 * The federation provider of resolved `openid_provider` metadata; throws when it lacks what the
 * profile needs (endpoints, inline `jwks`).
 */
export function federationOpOf(metadata: Record<string, unknown>): FederationOp {
  const missing = ['issuer', 'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint'].filter(
    (k) => typeof metadata[k] !== 'string',
  );
  const jwks = metadata.jwks as { keys?: unknown } | undefined;
  if (!jwks || !Array.isArray(jwks.keys) || jwks.keys.length === 0) missing.push('jwks');
  if (missing.length) throw new RelyingPartyError(`provider metadata without ${missing.join(', ')}`);
  return metadata as FederationOp;
}

/** The entity as a federation Relying Party; throws without its OIDC keys. */
export async function relyingPartyOf(deps: AppDeps, entity: string): Promise<RelyingParty> {
  const store = keyStoreOf(deps);
  const signingKey = await activeKey(store, entity, 'oidc-sig');
  const decryptionKeys = await decryptionJwks(store, entity);
  if (!signingKey || decryptionKeys.size === 0)
    throw new RelyingPartyError(`entity ${entity} has no OIDC keys: pagatore identity keys generate`);
  return {
    clientId: entityIdOf(deps.config, entity),
    redirectUri: redirectUriOf(deps.config.publicUrl, entity),
    signingKey,
    decryptionKeys,
  };
}

/** The openid-client configuration of a federation provider, from its metadata (no discovery). */
function federationConfiguration(deps: AppDeps, entity: string, rp: RelyingParty, op: FederationOp) {
  const config = new client.Configuration(
    op as client.ServerMetadata,
    rp.clientId,
    { id_token_signed_response_alg: RP_ALGORITHMS.id_token_signed_response_alg },
    // The guidelines want the token endpoint as the assertion's audience.
    entityKeyAuth(deps, entity, op.token_endpoint),
  );
  if (isLoopbackHttp(new URL(op.token_endpoint))) client.allowInsecureRequests(config);
  config.timeout = 10;
  return config;
}

/**
 * Opens the userinfo of a federation provider: decrypts the JWE with the entity's key its `kid`
 * names, then verifies the JWS inside with the provider's keys (issuer, audience = client id).
 */
export async function openUserinfo(
  body: string,
  rp: Pick<RelyingParty, 'clientId' | 'decryptionKeys'>,
  op: Pick<FederationOp, 'issuer' | 'jwks'>,
): Promise<Record<string, unknown>> {
  const { plaintext } = await compactDecrypt(
    body.trim(),
    async (header) => {
      const only = rp.decryptionKeys.size === 1 ? [...rp.decryptionKeys.values()][0] : undefined;
      const jwk = header.kid ? rp.decryptionKeys.get(header.kid) : only;
      if (!jwk || !header.alg) throw new Error('userinfo encrypted to a key the entity does not have');
      // The key serves either RSA-OAEP variant the guidelines allow; the header says which.
      const { alg: _alg, ...bare } = jwk;
      return importJWK(bare, header.alg);
    },
    { keyManagementAlgorithms: KEY_ENCRYPTION_ALGS, contentEncryptionAlgorithms: CONTENT_ENCRYPTION_ALGS },
  );
  const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), createLocalJWKSet(op.jwks), {
    issuer: op.issuer,
    audience: rp.clientId,
    algorithms: SIGNING_ALGS,
  });
  return payload as Record<string, unknown>;
}

/** The `claims` request parameter: the identity the portal needs, from the userinfo. */
function claimsRequest(fiscalCodeClaim: string) {
  return {
    userinfo: {
      [fiscalCodeClaim]: { essential: true },
      given_name: null,
      family_name: null,
      email: null,
    },
  };
}

/** The login client of a federation provider, for the entity `rp` stands for. */
export function federationClient(
  deps: AppDeps,
  p: IdentityProviderRow,
  rp: RelyingParty,
  op: FederationOp,
): LoginClient {
  const config = federationConfiguration(deps, p.entity_code, rp, op);
  return {
    async authorizationUrl(flow) {
      const codeChallenge = await client.calculatePKCECodeChallenge(flow.codeVerifier);
      const asked = {
        client_id: rp.clientId,
        response_type: 'code',
        scope: p.scopes,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      };
      const now = Math.floor(deps.now().getTime() / 1000);
      const request = await new SignJWT({
        ...asked,
        redirect_uri: flow.redirectUri,
        state: flow.state,
        nonce: flow.nonce,
        prompt: 'consent login',
        ui_locales: flow.lang,
        claims: claimsRequest(p.fiscal_code_claim),
        ...(p.acr_values ? { acr_values: p.acr_values } : {}),
      })
        .setProtectedHeader({ alg: rp.signingKey.alg, kid: rp.signingKey.kid, typ: 'JWT' })
        .setIssuer(rp.clientId)
        .setAudience(op.issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + REQUEST_OBJECT_TTL_SECONDS)
        .setJti(crypto.randomUUID())
        .sign(rp.signingKey.key);
      // client_id, response_type and scope travel in the URL too, equal to the request object's.
      return client.buildAuthorizationUrl(config, { ...asked, request });
    },
    async completeFlow(callbackUrl, checks) {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      if (!tokens.id_token) throw new Error('no ID token');
      // openid-client trusts an ID token fetched over TLS; the profile wants its signature checked.
      const { payload: idClaims } = await jwtVerify(tokens.id_token, createLocalJWKSet(op.jwks), {
        issuer: op.issuer,
        audience: rp.clientId,
        algorithms: SIGNING_ALGS,
      });
      const res = await client.fetchProtectedResource(
        config,
        tokens.access_token,
        new URL(op.userinfo_endpoint),
        'GET',
      );
      if (res.status !== 200) throw new Error(`userinfo answered ${res.status}`);
      const userinfo = await openUserinfo(await res.text(), rp, op);
      if (userinfo.sub !== idClaims.sub) throw new Error('userinfo of another subject');
      return { claims: { ...userinfo, ...idClaims }, idToken: tokens.id_token };
    },
    async endSessionUrl(logout) {
      return buildEndSession(config, logout);
    },
  };
}

/**
 * The login client of a provider. A federation provider's metadata comes from its trust chain,
 * resolved up to the provider's Trust Anchor (identity/federation, cached until the chain's `exp`);
 * a chain that does not validate throws `TrustChainError`.
 */
export async function loginClientOf(deps: AppDeps, p: IdentityProviderRow): Promise<LoginClient> {
  if (p.profile !== 'federation') return plainClient(deps, p);
  const anchor = trustAnchorOf(p);
  if (!anchor) throw new TrustChainError('unknown_trust_anchor', `provider ${p.code} has no Trust Anchor`);
  const chain = await trustChains.resolve(p.issuer, anchor, { now: deps.now() });
  return federationClient(deps, p, await relyingPartyOf(deps, p.entity_code), federationOpOf(chain.metadata));
}

/** A new PKCE verifier towards the provider. */
export const newCodeVerifier = (): string => client.randomPKCECodeVerifier();
