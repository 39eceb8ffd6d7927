/**
 * The demo's SPID and CIE through the OpenID Connect Federation, all on 127.0.0.1: a stand-in
 * federation (Trust Anchor → intermediate, trust-anchor.ts) and a real OpenID Connect provider with
 * the demo identities (identity-provider.ts) registered below the intermediate, configured as the
 * demo entity's "SPID di prova" and "CIE di prova" (federation profile: the provider's entity id and
 * the Trust Anchor's pinned keys). The demo entity is the Relying Party: its keys are made on the
 * first start, its entity configuration names the intermediate as superior, and the intermediate
 * issues a statement about it. `oidc-provider` is a development dependency: an installation without
 * it runs the demo without digital identity.
 */
import type { FederationJwks } from '@pagatore/sdk';
import type { Config } from '../config/index.js';
import type { Db } from '../db/database.js';
import { entityIdOf, putFederationSettings } from '../identity/entity-configuration.js';
import { generateKeys, type KeyStore, publishedJwks } from '../identity/keys.js';
import { postLogoutRedirectUriOf, putProvider, redirectUriOf } from '../identity/providers.js';
import { DEMO_ENTITY } from './seed.js';
import type * as IdentityProvider from './identity-provider.js';
import { jwksOf, newFederationKey, startTestFederation } from './trust-anchor.js';

export async function startDemoIdentity(
  db: Db,
  config: Config,
): Promise<{ notes: string[]; close(): Promise<void> }> {
  let mod: typeof IdentityProvider;
  try {
    mod = await import('./identity-provider.js');
  } catch {
    return {
      notes: ['SPID/CIE demo provider not available (oidc-provider not installed)'],
      close: async () => {},
    };
  }
  const entity = DEMO_ENTITY.code;
  const now = new Date();
  const store: KeyStore = { db, secret: config.identityKeySecret, now };
  // The Relying Party's keys, made once (2048 bits: a demo starts fast).
  if ((await publishedJwks(store, entity, ['oidc-sig'])).keys.length === 0)
    await generateKeys(store, entity, undefined, 2048);
  const rpId = entityIdOf(config, entity);

  const fed = await startTestFederation({ port: Number(process.env.DEMO_TA_PORT ?? 0) });
  const opKey = await newFederationKey('demo-op-fed-1');
  const op = await mod.startTestProvider({
    clients: [
      {
        client_id: rpId,
        redirect_uris: [redirectUriOf(config.publicUrl, entity)],
        post_logout_redirect_uris: [postLogoutRedirectUriOf(config.publicUrl, entity)],
        jwks: await publishedJwks(store, entity, ['oidc-sig', 'oidc-enc']),
      },
    ],
    identities: mod.DEMO_IDENTITIES,
    port: Number(process.env.DEMO_IDP_PORT ?? 0),
    federation: { key: opKey, authorityHints: [fed.intermediateId] },
  });
  fed.register({ entityId: op.issuer, jwks: jwksOf(opKey) });
  fed.register({
    entityId: rpId,
    jwks: await publishedJwks(store, entity, ['federation']),
    entityTypes: ['openid_relying_party'],
  });
  await putFederationSettings(
    db,
    entity,
    { authorityHints: [fed.intermediateId], organizationName: DEMO_ENTITY.name },
    now,
  );

  const common = {
    profile: 'federation' as const,
    entityId: op.issuer,
    trustAnchor: fed.trustAnchor.entityId,
    // The stand-in's keys are EC public keys with their kid, as the settings want them.
    trustAnchorJwks: fed.trustAnchor.jwks as FederationJwks,
    scopes: 'openid',
    fiscalCodeClaim: mod.EID_FISCAL_NUMBER,
    logoUrl: null,
    enabled: true,
  };
  await putProvider(
    db,
    entity,
    'spid-demo',
    { ...common, kind: 'spid', name: 'SPID di prova', acrValues: ['SpidL2'] },
    now,
  );
  await putProvider(
    db,
    entity,
    'cie-demo',
    { ...common, kind: 'cie', name: 'CIE di prova', acrValues: ['CieL2'] },
    now,
  );
  return {
    notes: [
      `SPID/CIE provider  ${op.issuer}/.well-known/openid-configuration   ("Entra con SPID" → "SPID di prova": Anna Rossi is new, Mario Rossi links to mario.rossi)`,
      `Trust Anchor       ${fed.trustAnchor.entityId}/.well-known/openid-federation   (stand-in federation: Trust Anchor → intermediate → the provider and this demo entity)`,
      `Relying Party      ${rpId}/.well-known/openid-federation   (the demo entity's signed entity configuration)`,
    ],
    close: async () => {
      await op.close();
      await fed.close();
    },
  };
}
