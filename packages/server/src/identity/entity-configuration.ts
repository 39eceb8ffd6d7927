/**
 * The entity as a SPID/CIE OpenID Connect Federation Relying Party: its entity id, its settings
 * (superiors, trust marks, organization) and its entity configuration, the signed statement about
 * itself it publishes at `<entity id>/.well-known/openid-federation`.
 *
 * The entity id is `{PUBLIC_URL}/federation/{ente}`; the one entity named by FEDERATION_ROOT_ENTITY
 * has `{PUBLIC_URL}` itself, its configuration at the root `/.well-known/openid-federation`. The
 * entity id is also the `client_id` the providers know the entity by.
 */
import { SignJWT, type JWK } from 'jose';
import type { Config } from '../config/index.js';
import type { Db } from '../db/database.js';
import type { EntityRow, IdentityFederationTable } from '../db/schema/index.js';
import {
  activeKey,
  ENTITY_CONFIGURATION_TTL_SECONDS,
  KEY_ALG,
  type KeyStore,
  publishedJwks,
} from './keys.js';
import { ENTITY_STATEMENT_TYPE } from './federation/statements.js';
import { redirectUriOf } from './providers.js';

/** What the RP asks the providers to send: signed and encrypted userinfo, signed ID tokens. */
export const RP_ALGORITHMS = {
  id_token_signed_response_alg: 'RS256',
  userinfo_signed_response_alg: 'RS256',
  userinfo_encrypted_response_alg: KEY_ALG['oidc-enc'],
  userinfo_encrypted_response_enc: 'A256CBC-HS512',
} as const;

/** The entity's federation entity id (its `client_id` too). */
export function entityIdOf(
  config: Pick<Config, 'publicUrl' | 'federationRootEntity'>,
  entity: string,
): string {
  return config.federationRootEntity === entity
    ? config.publicUrl
    : `${config.publicUrl}/federation/${encodeURIComponent(entity)}`;
}

/** Where the entity configuration of an entity id is published. */
export const wellKnownOf = (entityId: string): string => `${entityId}/.well-known/openid-federation`;

export interface TrustMark {
  id: string;
  trust_mark: string;
}

export interface FederationSettings {
  authorityHints: string[];
  trustMarks: TrustMark[];
  organizationName: string | null;
  contacts: string[];
  homepageUri: string | null;
  policyUri: string | null;
  logoUri: string | null;
}

function settingsOf(row: IdentityFederationTable): FederationSettings {
  return {
    authorityHints: JSON.parse(row.authority_hints) as string[],
    trustMarks: JSON.parse(row.trust_marks) as TrustMark[],
    organizationName: row.organization_name,
    contacts: JSON.parse(row.contacts) as string[],
    homepageUri: row.homepage_uri,
    policyUri: row.policy_uri,
    logoUri: row.logo_uri,
  };
}

export async function getFederationSettings(db: Db, entity: string): Promise<FederationSettings | null> {
  const row = await db
    .selectFrom('identity_federation')
    .selectAll()
    .where('entity_code', '=', entity)
    .executeTakeFirst();
  return row ? settingsOf(row) : null;
}

/** Creates or changes the settings; fields left undefined keep their value. */
export async function putFederationSettings(
  db: Db,
  entity: string,
  change: Partial<FederationSettings>,
  now: Date,
): Promise<FederationSettings> {
  const current = await getFederationSettings(db, entity);
  const s: FederationSettings = {
    authorityHints: [],
    trustMarks: [],
    organizationName: null,
    contacts: [],
    homepageUri: null,
    policyUri: null,
    logoUri: null,
    ...current,
    ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
  };
  const values = {
    authority_hints: JSON.stringify(s.authorityHints),
    trust_marks: JSON.stringify(s.trustMarks),
    organization_name: s.organizationName,
    contacts: JSON.stringify(s.contacts),
    homepage_uri: s.homepageUri,
    policy_uri: s.policyUri,
    logo_uri: s.logoUri,
    updated_at: now.toISOString(),
  };
  if (current)
    await db.updateTable('identity_federation').set(values).where('entity_code', '=', entity).execute();
  else
    await db
      .insertInto('identity_federation')
      .values({ entity_code: entity, ...values })
      .execute();
  return s;
}

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

/** The claims of the entity configuration (unsigned), or null when the entity is not a federation RP. */
export async function entityConfigurationClaims(
  store: KeyStore,
  config: Pick<Config, 'publicUrl' | 'federationRootEntity'>,
  entity: EntityRow,
): Promise<Record<string, unknown> | null> {
  const settings = await getFederationSettings(store.db, entity.code);
  if (!settings) return null;
  const federationJwks = await publishedJwks(store, entity.code, ['federation']);
  const oidcJwks = await publishedJwks(store, entity.code, ['oidc-sig', 'oidc-enc']);
  if (federationJwks.keys.length === 0 || oidcJwks.keys.length === 0) return null;
  const entityId = entityIdOf(config, entity.code);
  const iat = Math.floor(store.now.getTime() / 1000);
  const organizationName = settings.organizationName ?? entity.name;
  const common = {
    organization_name: organizationName,
    homepage_uri: settings.homepageUri,
    policy_uri: settings.policyUri,
    logo_uri: settings.logoUri,
    contacts: settings.contacts.length ? settings.contacts : null,
  };
  return defined({
    iss: entityId,
    sub: entityId,
    iat,
    exp: iat + ENTITY_CONFIGURATION_TTL_SECONDS,
    jwks: federationJwks,
    authority_hints: settings.authorityHints,
    trust_marks: settings.trustMarks.length ? settings.trustMarks : null,
    metadata: {
      federation_entity: defined(common),
      openid_relying_party: defined({
        client_id: entityId,
        client_registration_types: ['automatic'],
        application_type: 'web',
        client_name: organizationName,
        ...common,
        redirect_uris: [redirectUriOf(config.publicUrl, entity.code)],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: oidcJwks,
        ...RP_ALGORITHMS,
      }),
    },
  });
}

/**
 * The signed entity configuration (`typ: entity-statement+jwt`, the active federation key), or
 * null when the entity has no federation settings or keys.
 */
export async function entityConfiguration(
  store: KeyStore,
  config: Pick<Config, 'publicUrl' | 'federationRootEntity'>,
  entity: EntityRow,
): Promise<string | null> {
  const claims = await entityConfigurationClaims(store, config, entity);
  const key = claims ? await activeKey(store, entity.code, 'federation') : null;
  if (!claims || !key) return null;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: ENTITY_STATEMENT_TYPE })
    .sign(key.key);
}

/** The public OIDC keys (signature and encryption), for a plain provider that takes a JWKS URL. */
export async function oidcJwks(store: KeyStore, entity: string): Promise<{ keys: JWK[] }> {
  return publishedJwks(store, entity, ['oidc-sig', 'oidc-enc']);
}
