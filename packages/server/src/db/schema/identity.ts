/** Logging in with a digital identity: providers, flows under way, hand-back codes, linked codes. */
import type { Generated, Selectable } from 'kysely';

/** An identity provider an entity configured (OpenID Connect, plain or through the federation). */
export interface IdentityProvidersTable {
  entity_code: string;
  code: string;
  /** `oidc`: `issuer` is discovered; `federation`: `issuer` is the provider's entity id, its metadata comes from the trust chain. */
  profile: Generated<'oidc' | 'federation'>;
  /** What the provider proves: a SPID or a CIE identity (a gateway in front of SPID is `spid`). */
  kind: 'spid' | 'cie';
  name: string;
  logo_url: string | null;
  issuer: string;
  client_id: string;
  client_secret: string | null;
  /** Space-separated scopes asked. */
  scopes: string;
  /** The claim (ID token or userinfo) that carries the fiscal code. */
  fiscal_code_claim: string;
  acr_values: string | null;
  enabled: number;
  /** How the server authenticates at the token endpoint; null: the secret when there is one. */
  token_auth_method: 'client_secret_basic' | 'private_key_jwt' | 'none' | null;
  /** `federation`: the Trust Anchor's entity id and its pinned federation keys (JWKS, JSON). */
  trust_anchor: string | null;
  trust_anchor_jwks: string | null;
  created_at: string;
  updated_at: string;
}

/** A login under way at a provider: single use, minutes long. Keys are SHA-256 of the state. */
export interface IdentityFlowsTable {
  state_hash: string;
  entity_code: string;
  provider_code: string;
  nonce: string;
  /** PKCE verifier towards the provider (server side only). */
  code_verifier: string;
  /** Where the browser goes back (an allowed origin of the entity). */
  return_url: string;
  /** S256 of the verifier the widget holds: only that widget can exchange the hand-back code. */
  challenge: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** The one-time code a finished flow hands back to the widget, with the identity it proved. */
export interface IdentityHandoffsTable {
  code_hash: string;
  entity_code: string;
  provider_code: string;
  kind: 'spid' | 'cie';
  challenge: string;
  /** JSON: fiscal code, names, e-mail as the provider gave them. */
  identity: string;
  /** The provider's ID token, kept with the session it issues (for the provider's logout). */
  id_token: string | null;
  /** The page the login came back to (where a mailed link brings the citizen back). */
  return_url: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A logout under way at a provider: single use, minutes long. Keys are SHA-256 of the state. */
export interface IdentityLogoutsTable {
  state_hash: string;
  entity_code: string;
  provider_code: string;
  /** The `id_token_hint` sent to the provider. */
  id_token: string;
  /** The page the citizen logged out from, where the provider sends the browser back. */
  return_url: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/**
 * A digital identity waiting to be linked to the portal account with its fiscal code, by a link
 * mailed to that account. The outbox's sender issues the token (only its SHA-256 is kept).
 */
export interface IdentityLinkMailsTable {
  id: Generated<number>;
  entity_code: string;
  account_id: string;
  fiscal_code: string;
  provider_code: string;
  kind: 'spid' | 'cie';
  return_url: string;
  lang: string;
  token_hash: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** The account a fiscal code logs in to with a digital identity, per entity. */
export interface AccountIdentitiesTable {
  entity_code: string;
  fiscal_code: string;
  account_id: string;
  linked_at: string;
}

/** What a key of the entity is for, as a federation Relying Party. */
export type IdentityKeyUse = 'federation' | 'oidc-sig' | 'oidc-enc';
/** `next`: published, not used yet; `active`: signs (decrypts); `retiring`: published until `published_until`. */
export type IdentityKeyState = 'next' | 'active' | 'retiring';

/** One of the entity's keys (private part encrypted when the server has IDENTITY_KEY_SECRET). */
export interface IdentityKeysTable {
  /** The RFC 7638 thumbprint of the public key. */
  kid: string;
  entity_code: string;
  use: IdentityKeyUse;
  alg: string;
  state: IdentityKeyState;
  /** The public JWK, JSON, with kid, alg and use. */
  public_jwk: string;
  /** The private JWK: JSON, or a compact JWE of it under IDENTITY_KEY_SECRET. */
  private_jwk: string;
  created_at: string;
  activated_at: string | null;
  retired_at: string | null;
  /** A retiring key leaves the published key sets at this time. */
  published_until: string | null;
}

/** What the entity configuration says beside the keys and the OIDC metadata. */
export interface IdentityFederationTable {
  entity_code: string;
  /** JSON array of the superiors' entity ids (Trust Anchor or intermediate). */
  authority_hints: string;
  /** JSON array of `{ id, trust_mark }` the federation issued to the entity. */
  trust_marks: string;
  organization_name: string | null;
  /** JSON array of contact addresses (the entity's PEC). */
  contacts: string;
  homepage_uri: string | null;
  policy_uri: string | null;
  logo_uri: string | null;
  updated_at: string;
}

export interface IdentityTables {
  identity_keys: IdentityKeysTable;
  identity_federation: IdentityFederationTable;
  identity_providers: IdentityProvidersTable;
  identity_flows: IdentityFlowsTable;
  identity_handoffs: IdentityHandoffsTable;
  account_identities: AccountIdentitiesTable;
  identity_logouts: IdentityLogoutsTable;
  identity_link_mails: IdentityLinkMailsTable;
}

export type IdentityProviderRow = Selectable<IdentityProvidersTable>;
