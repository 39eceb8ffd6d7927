/**
 * Logging in with a digital identity (SPID, CIE) through OpenID Connect: the providers an entity
 * configures, what the widgets list, and the exchange of the one-time hand-back code.
 */
import * as v from 'valibot';
import { SessionCreated } from './accounts.js';

/** What a provider proves: a SPID or a CIE identity (a gateway in front of SPID is `spid`). */
export const IdentityKind = v.picklist(['spid', 'cie']);
export type IdentityKind = v.InferOutput<typeof IdentityKind>;

/** A provider's code in the entity's list and in URLs. */
export const IdentityProviderCode = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/));

const HttpUrl = v.pipe(v.string(), v.maxLength(2000), v.url(), v.regex(/^https?:\/\//));

/** How the server reaches a provider: a plain OpenID Connect issuer, or the SPID/CIE federation. */
export const IdentityProfile = v.picklist(['oidc', 'federation']);
export type IdentityProfile = v.InferOutput<typeof IdentityProfile>;

/** The SPID levels a federation provider can ask (`acr_values`). */
export const SpidLevel = v.picklist(['SpidL1', 'SpidL2', 'SpidL3']);
/** The CIE levels; CIE's OpenID Connect profile names them with SPID's `acr` URIs. */
export const CieLevel = v.picklist(['CieL1', 'CieL2', 'CieL3']);
export type AssuranceLevel = v.InferOutput<typeof SpidLevel> | v.InferOutput<typeof CieLevel>;

/** The `acr_values` URI of a level. */
export const ACR_OF_LEVEL: Record<AssuranceLevel, string> = {
  SpidL1: 'https://www.spid.gov.it/SpidL1',
  SpidL2: 'https://www.spid.gov.it/SpidL2',
  SpidL3: 'https://www.spid.gov.it/SpidL3',
  CieL1: 'https://www.spid.gov.it/SpidL1',
  CieL2: 'https://www.spid.gov.it/SpidL2',
  CieL3: 'https://www.spid.gov.it/SpidL3',
};

/** The claim SPID and CIE give the fiscal number in (`TINIT-<code>`). */
export const FEDERATION_FISCAL_CODE_CLAIM = 'https://attributes.eid.gov.it/fiscal_number';

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

/** A public key of a Trust Anchor, as its JWKS gives it (a `kid` is required; no private part). */
export const FederationJwk = v.pipe(
  v.looseObject({
    kty: v.picklist(['RSA', 'EC', 'OKP']),
    kid: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  }),
  v.check(
    (k) => !PRIVATE_JWK_MEMBERS.some((m) => m in k),
    // A public key only: no private members (d, p, q, …).
    'invalid_format',
  ),
);

/** The federation public keys of a Trust Anchor, pinned in the settings. */
export const FederationJwks = v.strictObject({
  keys: v.pipe(v.array(FederationJwk), v.minLength(1), v.maxLength(20)),
});
export type FederationJwks = v.InferInput<typeof FederationJwks>;

const ProviderCommon = {
  kind: IdentityKind,
  /** The name the chooser shows ("Poste ID", "Regione X"). */
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
  logoUrl: v.optional(v.nullable(HttpUrl), null),
  enabled: v.optional(v.boolean(), true),
};

const Scopes = v.pipe(v.string(), v.regex(/^openid( [\x21-\x7e]+)*$/), v.maxLength(200));

/** How the server authenticates to a plain provider's token endpoint. */
export const TokenAuthMethod = v.picklist(['client_secret_basic', 'private_key_jwt', 'none']);
export type TokenAuthMethod = v.InferOutput<typeof TokenAuthMethod>;

/** A plain OpenID Connect provider (a regional gateway, a Keycloak in front of SPID). */
export const OidcProviderInput = v.strictObject({
  profile: v.optional(v.literal('oidc'), 'oidc'),
  ...ProviderCommon,
  /** Issuer URL; its `/.well-known/openid-configuration` describes the provider. */
  issuer: HttpUrl,
  clientId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  /** Client secret (`client_secret_basic`); never shown back. */
  clientSecret: v.optional(v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(500))), null),
  /**
   * How the server authenticates at the token endpoint: the secret (`client_secret_basic`), the
   * entity's OIDC key (`private_key_jwt`, keys from `pagatore identity keys generate`), or not at
   * all (`none`). Default: the secret when there is one, else none.
   */
  tokenAuthMethod: v.optional(v.nullable(TokenAuthMethod), null),
  scopes: v.optional(Scopes, 'openid profile'),
  /** The claim carrying the fiscal code (SPID's `TINIT-` prefix is removed). */
  fiscalCodeClaim: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100)), 'fiscal_number'),
  acrValues: v.optional(v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(200))), null),
});

/**
 * A SPID or CIE OpenID Provider reached through the OpenID Connect Federation: its metadata comes
 * from its trust chain, resolved up to the Trust Anchor whose keys are pinned here.
 */
export const FederationProviderInput = v.pipe(
  v.strictObject({
    profile: v.literal('federation'),
    ...ProviderCommon,
    /** The provider's entity id (its issuer), e.g. `https://id.example.it`. */
    entityId: HttpUrl,
    /** The Trust Anchor's entity id, e.g. `https://registry.spid.gov.it`. */
    trustAnchor: HttpUrl,
    /** The Trust Anchor's federation public keys, as it publishes them. */
    trustAnchorJwks: FederationJwks,
    /** The levels asked, in order of preference (SpidL1–3 for `spid`, CieL1–3 for `cie`); default L2. */
    acrValues: v.optional(
      v.pipe(
        v.array(v.picklist([...SpidLevel.options, ...CieLevel.options])),
        v.minLength(1),
        v.maxLength(3),
      ),
    ),
    scopes: v.optional(Scopes, 'openid'),
    fiscalCodeClaim: v.optional(
      v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
      FEDERATION_FISCAL_CODE_CLAIM,
    ),
  }),
  v.forward(
    v.check(
      (p) => (p.acrValues ?? []).every((l) => l.startsWith(p.kind === 'spid' ? 'Spid' : 'Cie')),
      // The levels match the kind: SpidL1–3 for spid, CieL1–3 for cie.
      'invalid_choice',
    ),
    ['acrValues'],
  ),
);

/** A provider as an entity configures it (admin API): `profile` says which (default `oidc`). */
export const IdentityProviderInput = v.variant('profile', [OidcProviderInput, FederationProviderInput]);
export type IdentityProviderInput = v.InferInput<typeof IdentityProviderInput>;

export const IdentityProviderParams = v.strictObject({ code: IdentityProviderCode });

/** A provider as the admin API shows it (no secret). */
export const IdentityProviderView = v.object({
  code: v.string(),
  profile: IdentityProfile,
  kind: IdentityKind,
  name: v.string(),
  logoUrl: v.nullable(v.string()),
  /** The OIDC issuer; for `federation`, the provider's entity id. */
  issuer: v.string(),
  /** The client id (`oidc`); for `federation`, null: the portal's own entity id is its client id. */
  clientId: v.nullable(v.string()),
  hasClientSecret: v.boolean(),
  /** How the server authenticates at the token endpoint (`federation`: always `private_key_jwt`). */
  tokenAuthMethod: TokenAuthMethod,
  /** The entity's public OIDC keys (JWKS URL), to register with a provider that takes `private_key_jwt`. */
  jwksUri: v.string(),
  scopes: v.string(),
  fiscalCodeClaim: v.string(),
  /** `acr_values` asked, space separated. */
  acrValues: v.nullable(v.string()),
  /** `federation`: the Trust Anchor's entity id and pinned keys. */
  trustAnchor: v.nullable(v.string()),
  trustAnchorJwks: v.nullable(FederationJwks),
  enabled: v.boolean(),
  /** The redirect URI to register with the provider. */
  redirectUri: v.string(),
  /** The `post_logout_redirect_uri` to register with the provider (its logout comes back there). */
  postLogoutRedirectUri: v.string(),
});
export type IdentityProviderView = v.InferOutput<typeof IdentityProviderView>;

/**
 * A federation provider's trust chain as resolved now (admin check): the path up to the Trust
 * Anchor, until when it holds and the endpoints it gave; or why it is refused.
 */
export const IdentityTrustChainCheck = v.object({
  valid: v.boolean(),
  /** Entity ids from the provider up to the Trust Anchor. */
  path: v.nullable(v.array(v.string())),
  /** The earliest `exp` of the chain. */
  expiresAt: v.nullable(v.string()),
  authorizationEndpoint: v.nullable(v.string()),
  /** A refusal: `bad_signature`, `expired`, `unknown_trust_anchor`, … (docs/identity.md). */
  reason: v.nullable(v.string()),
  message: v.nullable(v.string()),
});
export type IdentityTrustChainCheck = v.InferOutput<typeof IdentityTrustChainCheck>;

export const IdentityProviderViewList = v.object({ items: v.array(IdentityProviderView) });

/** A provider as the widgets list it. */
export const IdentityProviderPublic = v.object({
  code: v.string(),
  kind: IdentityKind,
  name: v.string(),
  logoUrl: v.nullable(v.string()),
});
export type IdentityProviderPublic = v.InferOutput<typeof IdentityProviderPublic>;

export const IdentityProviderList = v.object({ items: v.array(IdentityProviderPublic) });
export type IdentityProviderList = v.InferOutput<typeof IdentityProviderList>;

/** Starting a login: the page to come back to and the S256 challenge of the widget's verifier. */
export const IdentityStartQuery = v.strictObject({
  returnUrl: v.pipe(v.string(), v.maxLength(2000), v.url()),
  /** BASE64URL(SHA-256(verifier)), 43 characters. */
  challenge: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
});

/** The one-time code back from a login, with the verifier whose challenge started it. */
export const IdentityExchange = v.strictObject({
  code: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  verifier: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43,128}$/)),
  /** Consent to the privacy text of this version, for an account created from the identity. */
  privacyVersion: v.optional(v.pipe(v.string(), v.maxLength(40))),
  /** The portal account with the same fiscal code, proved by its password, to link. */
  link: v.optional(
    v.strictObject({
      username: v.pipe(v.string(), v.minLength(1), v.maxLength(254)),
      password: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
    }),
  ),
  /**
   * The portal account with the same fiscal code, proved by a link mailed to its address instead
   * of its password: answers `link_mail_sent`; following the link links and logs in.
   */
  linkByEmail: v.optional(v.literal(true)),
});
export type IdentityExchange = v.InferInput<typeof IdentityExchange>;

/** The identity a provider proved, as the widget shows it for consent. */
export const ProvenIdentity = v.object({
  fiscalCode: v.string(),
  firstName: v.nullable(v.string()),
  lastName: v.nullable(v.string()),
  email: v.nullable(v.string()),
});

/**
 * What an exchange answers: a session; or, first time, the consent to give (`consent_required`);
 * or, when a portal account already has the fiscal code, its password to prove it owns it
 * (`link_required`). The code stays usable, until it expires, for the second call.
 */
export const IdentityExchangeResult = v.variant('outcome', [
  v.object({ outcome: v.literal('session'), session: SessionCreated }),
  v.object({
    outcome: v.literal('consent_required'),
    identity: ProvenIdentity,
    privacyVersion: v.string(),
  }),
  v.object({
    outcome: v.literal('link_required'),
    identity: ProvenIdentity,
    /** The account has an e-mail address: linking by a mailed link (`linkByEmail`) is possible. */
    canLinkByEmail: v.boolean(),
  }),
  v.object({
    outcome: v.literal('link_mail_sent'),
    /** The account's address, masked (`m***@example.it`). */
    email: v.string(),
    /** Minutes the link works. */
    expiresInMinutes: v.number(),
  }),
]);
export type IdentityExchangeResult = v.InferOutput<typeof IdentityExchangeResult>;

/** The token of a mailed link that links a digital identity to a portal account. */
export const IdentityLinkConfirmation = v.strictObject({
  token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{16,128}$/)),
});

/** "Esci": the page the provider's logout comes back to (a page on the entity's allowed origins). */
export const LogoutQuery = v.strictObject({
  returnUrl: v.optional(v.pipe(v.string(), v.maxLength(2000), v.url())),
});

/**
 * What "Esci" did. The portal session is over in every case; for a SPID/CIE session `identity` names
 * the provider, and `providerLogoutUrl`, when the provider ends sessions, is where to send the
 * browser (a page of the API that sends it on to the provider, which comes back to `returnUrl`).
 * null with an identity: the provider's session may still be open (closing the browser ends it).
 */
export const LogoutResult = v.object({
  identity: v.nullable(v.object({ kind: IdentityKind, name: v.string() })),
  providerLogoutUrl: v.nullable(v.string()),
});
export type LogoutResult = v.InferOutput<typeof LogoutResult>;
