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

/** A provider as an entity configures it (admin API): a plain OpenID Connect issuer. */
export const IdentityProviderInput = v.strictObject({
  kind: IdentityKind,
  /** The name the chooser shows ("Poste ID", "Regione X"). */
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
  logoUrl: v.optional(v.nullable(HttpUrl), null),
  /** Issuer URL; its `/.well-known/openid-configuration` describes the provider. */
  issuer: HttpUrl,
  clientId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  /** Client secret (`client_secret_basic`); never shown back. */
  clientSecret: v.optional(v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(500))), null),
  scopes: v.optional(
    v.pipe(v.string(), v.regex(/^openid( [\x21-\x7e]+)*$/), v.maxLength(200)),
    'openid profile',
  ),
  /** The claim carrying the fiscal code (SPID's `TINIT-` prefix is removed). */
  fiscalCodeClaim: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100)), 'fiscal_number'),
  acrValues: v.optional(v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(200))), null),
  enabled: v.optional(v.boolean(), true),
});
export type IdentityProviderInput = v.InferInput<typeof IdentityProviderInput>;

export const IdentityProviderParams = v.strictObject({ code: IdentityProviderCode });

/** A provider as the admin API shows it (no secret). */
export const IdentityProviderView = v.object({
  code: v.string(),
  kind: IdentityKind,
  name: v.string(),
  logoUrl: v.nullable(v.string()),
  issuer: v.string(),
  clientId: v.string(),
  hasClientSecret: v.boolean(),
  scopes: v.string(),
  fiscalCodeClaim: v.string(),
  acrValues: v.nullable(v.string()),
  enabled: v.boolean(),
  /** The redirect URI to register with the provider. */
  redirectUri: v.string(),
});
export type IdentityProviderView = v.InferOutput<typeof IdentityProviderView>;

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
  v.object({ outcome: v.literal('link_required'), identity: ProvenIdentity }),
]);
export type IdentityExchangeResult = v.InferOutput<typeof IdentityExchangeResult>;
