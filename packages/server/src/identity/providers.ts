/** The identity providers an entity configured: stored, listed, shown (never the secret). */
import {
  ACR_OF_LEVEL,
  type FederationJwks,
  type IdentityProviderInput,
  type IdentityProviderPublic,
  type IdentityProviderView,
  type TokenAuthMethod,
} from '@pagatore/sdk';
import { importJWK, type JWK } from 'jose';
import type * as v from 'valibot';
import { validationError } from '../core/errors.js';
import { fieldMessage } from '../core/messages.js';
import type { Db } from '../db/database.js';
import type { IdentityProviderRow } from '../db/schema/index.js';
import type { TrustAnchor } from './federation/trust-chain.js';

type Input = v.InferOutput<typeof IdentityProviderInput>;

/** The URL a provider sends the browser back to, to register with it. */
export function redirectUriOf(publicUrl: string, entity: string): string {
  return `${publicUrl}/api/v1/entities/${encodeURIComponent(entity)}/identity/callback`;
}

/** Where the entity's public OIDC keys are published, for a provider that takes a JWKS URL. */
export function jwksUriOf(publicUrl: string, entity: string): string {
  return `${publicUrl}/federation/${encodeURIComponent(entity)}/jwks.json`;
}

/** The URL a provider's logout sends the browser back to (`post_logout_redirect_uri`), to register with it. */
export function postLogoutRedirectUriOf(publicUrl: string, entity: string): string {
  return `${publicUrl}/api/v1/entities/${encodeURIComponent(entity)}/identity/logout/callback`;
}

export function listProviders(db: Db, entity: string, onlyEnabled = false): Promise<IdentityProviderRow[]> {
  let q = db.selectFrom('identity_providers').selectAll().where('entity_code', '=', entity);
  if (onlyEnabled) q = q.where('enabled', '=', 1);
  return q.orderBy('kind', 'desc').orderBy('name').execute();
}

export function findProvider(db: Db, entity: string, code: string): Promise<IdentityProviderRow | undefined> {
  return db
    .selectFrom('identity_providers')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Refuses Trust Anchor keys jose cannot use to verify (a 4xx naming the key). */
async function checkAnchorKeys(jwks: FederationJwks): Promise<void> {
  for (const [i, key] of jwks.keys.entries()) {
    try {
      await importJWK(
        { ...key } as JWK,
        typeof key.alg === 'string' ? key.alg : key.kty === 'EC' ? 'ES256' : 'RS256',
      );
    } catch {
      throw validationError([
        {
          path: `trustAnchorJwks.keys.${i}`,
          code: 'invalid_format',
          message: fieldMessage('invalid_format'),
        },
      ]);
    }
  }
}

/** The columns of a provider's settings, by profile. */
async function columnsOf(input: Input, existing: IdentityProviderRow | undefined) {
  if (input.profile === 'federation') {
    await checkAnchorKeys(input.trustAnchorJwks);
    const levels = input.acrValues ?? [input.kind === 'spid' ? 'SpidL2' : 'CieL2'];
    return {
      profile: 'federation' as const,
      issuer: input.entityId,
      // The portal's own federation entity id is its client id at every provider.
      client_id: '',
      client_secret: null,
      scopes: input.scopes,
      fiscal_code_claim: input.fiscalCodeClaim,
      acr_values: levels.map((l) => ACR_OF_LEVEL[l]).join(' '),
      trust_anchor: input.trustAnchor,
      trust_anchor_jwks: JSON.stringify(input.trustAnchorJwks),
      token_auth_method: null,
    };
  }
  const clientSecret =
    input.clientSecret ?? (existing?.profile === 'oidc' ? existing.client_secret : null) ?? null;
  if (input.tokenAuthMethod === 'client_secret_basic' && !clientSecret) {
    throw validationError([{ path: 'clientSecret', code: 'required', message: fieldMessage('required') }]);
  }
  return {
    profile: 'oidc' as const,
    issuer: input.issuer.replace(/\/+$/, ''),
    client_id: input.clientId,
    client_secret: clientSecret,
    scopes: input.scopes,
    fiscal_code_claim: input.fiscalCodeClaim,
    acr_values: input.acrValues ?? null,
    trust_anchor: null,
    trust_anchor_jwks: null,
    token_auth_method: input.tokenAuthMethod ?? null,
  };
}

/** Creates or replaces a provider; a missing secret on replace keeps the stored one. */
export async function putProvider(
  db: Db,
  entity: string,
  code: string,
  input: Input,
  now: Date,
): Promise<IdentityProviderRow> {
  const at = now.toISOString();
  const existing = await findProvider(db, entity, code);
  const values = {
    kind: input.kind,
    name: input.name,
    logo_url: input.logoUrl ?? null,
    ...(await columnsOf(input, existing)),
    enabled: input.enabled ? 1 : 0,
    updated_at: at,
  };
  if (existing) {
    await db
      .updateTable('identity_providers')
      .set(values)
      .where('entity_code', '=', entity)
      .where('code', '=', code)
      .execute();
  } else {
    await db
      .insertInto('identity_providers')
      .values({ entity_code: entity, code, created_at: at, ...values })
      .execute();
  }
  const row = await findProvider(db, entity, code);
  if (!row) throw new Error('identity provider vanished after write');
  return row;
}

/** The Trust Anchor a federation provider's chain must reach; null for a plain OIDC provider. */
export function trustAnchorOf(row: IdentityProviderRow): TrustAnchor | null {
  if (row.profile !== 'federation' || !row.trust_anchor || !row.trust_anchor_jwks) return null;
  return { entityId: row.trust_anchor, jwks: JSON.parse(row.trust_anchor_jwks) as TrustAnchor['jwks'] };
}

export async function deleteProvider(db: Db, entity: string, code: string): Promise<boolean> {
  const res = await db
    .deleteFrom('identity_providers')
    .where('entity_code', '=', entity)
    .where('code', '=', code)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** How the server authenticates at a provider's token endpoint (the setting, or its default). */
export function tokenAuthMethodOf(row: IdentityProviderRow): TokenAuthMethod {
  if (row.profile === 'federation') return 'private_key_jwt';
  return row.token_auth_method ?? (row.client_secret ? 'client_secret_basic' : 'none');
}

export function toProviderView(row: IdentityProviderRow, publicUrl: string): IdentityProviderView {
  const anchor = trustAnchorOf(row);
  return {
    code: row.code,
    profile: row.profile,
    kind: row.kind,
    name: row.name,
    logoUrl: row.logo_url,
    issuer: row.issuer,
    clientId: row.profile === 'federation' ? null : row.client_id,
    hasClientSecret: row.client_secret !== null,
    tokenAuthMethod: tokenAuthMethodOf(row),
    jwksUri: jwksUriOf(publicUrl, row.entity_code),
    scopes: row.scopes,
    fiscalCodeClaim: row.fiscal_code_claim,
    acrValues: row.acr_values,
    trustAnchor: anchor?.entityId ?? null,
    trustAnchorJwks: (anchor?.jwks as IdentityProviderView['trustAnchorJwks']) ?? null,
    enabled: row.enabled === 1,
    redirectUri: redirectUriOf(publicUrl, row.entity_code),
    postLogoutRedirectUri: postLogoutRedirectUriOf(publicUrl, row.entity_code),
  };
}

export function toProviderPublic(row: IdentityProviderRow): IdentityProviderPublic {
  return { code: row.code, kind: row.kind, name: row.name, logoUrl: row.logo_url };
}
