/**
 * Trust chain resolution against the stand-in federation on 127.0.0.1 (Trust Anchor → intermediate
 * → OpenID Provider): the valid chain with its policies applied and its expiry, the cache, and each
 * refusal (bad signature at each level, expired statement, unknown Trust Anchor, subject mismatch,
 * loop, too long a chain, no `openid_provider`, metadata breaking the policy, unreachable entity).
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  newFederationKey,
  jwksOf,
  SPID_ACR_VALUES,
  startTestFederation,
  type TestFederation,
} from '../../demo/trust-anchor.js';
import { TrustChainError } from './errors.js';
import { resolveTrustChain, TrustChainCache } from './trust-chain.js';

let fed: TestFederation;
let clock = new Date();
const now = () => clock;
let opId: string;

const OP_METADATA = {
  openid_provider: {
    authorization_endpoint: 'https://idp.example.it/authorization',
    token_endpoint: 'https://idp.example.it/token',
    userinfo_endpoint: 'https://idp.example.it/userinfo',
    code_challenge_methods_supported: ['S256', 'plain'],
    acr_values_supported: [...SPID_ACR_VALUES, 'urn:example:other'],
    response_types_supported: ['code', 'id_token'],
    token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic'],
    ui_locales_supported: ['it', 'en'],
    op_policy_uri: 'https://idp.example.it/policy',
    op_tos_uri: 'https://idp.example.it/tos-old',
  },
  federation_entity: { organization_name: 'IdP di prova' },
};

async function refusal(p: Promise<unknown>): Promise<TrustChainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TrustChainError) return e;
    throw e;
  }
  throw new Error('the chain was accepted');
}

const resolve = (id: string, anchor = fed.trustAnchor, maxIntermediates?: number) =>
  resolveTrustChain(id, anchor, {
    now: clock,
    ...(maxIntermediates !== undefined ? { maxIntermediates } : {}),
  });

beforeAll(async () => {
  fed = await startTestFederation({ now });
  ({ entityId: opId } = await fed.hostLeaf('op', {
    metadata: OP_METADATA,
    ttlSeconds: 600,
    // The intermediate's own policy, merged below the Trust Anchor's.
    metadataPolicy: {
      openid_provider: {
        ui_locales_supported: { add: ['de'] },
        claims_parameter_supported: { default: true },
        service_documentation: { value: 'https://registry.example.it/docs' },
        op_policy_uri: { one_of: ['https://idp.example.it/policy', 'https://idp.example.it/privacy'] },
        userinfo_endpoint: { essential: true },
      },
    },
    superiorMetadata: { openid_provider: { op_tos_uri: 'https://idp.example.it/tos' } },
  }));
});
afterAll(() => fed?.close());
beforeEach(() => {
  fed.clearFaults();
  clock = new Date();
});

describe('a valid trust chain', () => {
  it('climbs OP → intermediate → Trust Anchor and applies both policies to the OP metadata', async () => {
    const chain = await resolve(opId);
    expect(chain.path).toEqual([opId, fed.intermediateId, fed.trustAnchor.entityId]);
    expect(chain.statements).toHaveLength(4);
    expect(chain.metadata).toEqual({
      issuer: opId,
      authorization_endpoint: 'https://idp.example.it/authorization',
      token_endpoint: 'https://idp.example.it/token',
      userinfo_endpoint: 'https://idp.example.it/userinfo',
      // Trust Anchor: subset_of/superset_of S256, the SPID levels only, the code flow, private_key_jwt.
      code_challenge_methods_supported: ['S256'],
      acr_values_supported: SPID_ACR_VALUES,
      response_types_supported: ['code'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      // Intermediate: add, default, value, one_of (passes), essential (present), metadata override.
      ui_locales_supported: ['it', 'en', 'de'],
      claims_parameter_supported: true,
      service_documentation: 'https://registry.example.it/docs',
      op_policy_uri: 'https://idp.example.it/policy',
      op_tos_uri: 'https://idp.example.it/tos',
    });
    expect(chain.allMetadata.federation_entity).toEqual({ organization_name: 'IdP di prova' });
  });

  it('lives until the earliest exp of its statements', async () => {
    const chain = await resolve(opId);
    // The OP's configuration lives 10 minutes, the authorities' statements a day.
    expect(chain.expiresAt.getTime()).toBe((Math.floor(clock.getTime() / 1000) + 600) * 1000);
  });

  it('resolves a provider directly below the Trust Anchor', async () => {
    const { entityId } = await fed.hostLeaf('op-direct', {
      metadata: OP_METADATA,
      superior: fed.trustAnchor.entityId,
    });
    const chain = await resolve(entityId);
    expect(chain.path).toEqual([entityId, fed.trustAnchor.entityId]);
    expect(chain.metadata.code_challenge_methods_supported).toEqual(['S256', 'plain']);
  });
});

describe('the stand-in federation', () => {
  it('lists the subordinates of an authority, by entity type', async () => {
    const list = async (who: string, type?: string) =>
      (await fetch(`${who}/list${type ? `?entity_type=${type}` : ''}`)).json() as Promise<string[]>;
    expect(await list(fed.trustAnchor.entityId)).toContain(fed.intermediateId);
    expect(await list(fed.intermediateId, 'openid_provider')).toContain(opId);
    expect(await list(fed.intermediateId, 'openid_relying_party')).not.toContain(opId);
    // The Trust Anchor's configuration names both federation endpoints.
    const res = await fetch(`${fed.trustAnchor.entityId}/.well-known/openid-federation`);
    expect(res.headers.get('content-type')).toBe('application/entity-statement+jwt');
    const claims = decodeJwt(await res.text());
    expect(claims.metadata).toMatchObject({
      federation_entity: {
        federation_fetch_endpoint: `${fed.trustAnchor.entityId}/fetch`,
        federation_list_endpoint: `${fed.trustAnchor.entityId}/list`,
      },
    });
    expect(claims.authority_hints).toBeUndefined();
  });
});

describe('the chain cache', () => {
  it('keeps a chain until its exp, then resolves it again', async () => {
    const cache = new TrustChainCache({ maxAgeSeconds: 3600 });
    const first = await cache.resolve(opId, fed.trustAnchor, { now: clock });
    const before = fed.requests.length;
    clock = new Date(clock.getTime() + 300_000);
    expect(await cache.resolve(opId, fed.trustAnchor, { now: clock })).toBe(first);
    expect(fed.requests.length).toBe(before);
    // Past the OP configuration's exp (10 minutes): fetched again.
    clock = new Date(clock.getTime() + 301_000);
    const second = await cache.resolve(opId, fed.trustAnchor, { now: clock });
    expect(second).not.toBe(first);
    expect(fed.requests.length).toBe(before + 5);
    expect(second.expiresAt.getTime()).toBeGreaterThan(first.expiresAt.getTime());
  });

  it('keeps a chain no longer than its maximum age', async () => {
    const cache = new TrustChainCache({ maxAgeSeconds: 60 });
    const first = await cache.resolve(opId, fed.trustAnchor, { now: clock });
    clock = new Date(clock.getTime() + 61_000);
    expect(await cache.resolve(opId, fed.trustAnchor, { now: clock })).not.toBe(first);
  });

  it('does not keep a refusal', async () => {
    const cache = new TrustChainCache();
    fed.fault({ issuer: fed.intermediateId, subject: opId, kind: 'expired' });
    expect((await refusal(cache.resolve(opId, fed.trustAnchor, { now: clock }))).reason).toBe('expired');
    fed.clearFaults();
    expect((await cache.resolve(opId, fed.trustAnchor, { now: clock })).subject).toBe(opId);
  });
});

describe('refusals', () => {
  it('bad signature on the intermediate statement about the OP', async () => {
    fed.fault({ issuer: fed.intermediateId, subject: opId, kind: 'bad_signature' });
    const e = await refusal(resolve(opId));
    expect(e.reason).toBe('bad_signature');
    expect(e.message).toContain(`statement of ${fed.intermediateId} about ${opId}`);
  });

  it("bad signature on the OP's own configuration", async () => {
    fed.fault({ issuer: opId, subject: opId, kind: 'bad_signature' });
    expect((await refusal(resolve(opId))).reason).toBe('bad_signature');
  });

  it("bad signature on the Trust Anchor's statement about the intermediate", async () => {
    fed.fault({ issuer: fed.trustAnchor.entityId, subject: fed.intermediateId, kind: 'bad_signature' });
    expect((await refusal(resolve(opId))).reason).toBe('bad_signature');
  });

  it('a Trust Anchor whose keys are not the pinned ones', async () => {
    const other = await newFederationKey('ta-fed-1');
    const e = await refusal(resolve(opId, { entityId: fed.trustAnchor.entityId, jwks: jwksOf(other) }));
    expect(e.reason).toBe('bad_signature');
    expect(e.message).toContain(`entity configuration of ${fed.trustAnchor.entityId}`);
  });

  it('an OP configuration signed with a key its superior does not list', async () => {
    const { entityId } = await fed.hostLeaf('op-stray', { metadata: OP_METADATA });
    // The intermediate lists another key for it than the one its configuration is signed with.
    fed.register({ entityId, jwks: jwksOf(await newFederationKey('op-stray-fed-1')) });
    const e = await refusal(resolve(entityId));
    expect(e.reason).toBe('bad_signature');
    expect(e.message).toContain(`keys from ${fed.intermediateId}`);
  });

  it('an expired statement anywhere in the chain', async () => {
    for (const f of [
      { issuer: fed.trustAnchor.entityId, subject: fed.intermediateId },
      { issuer: fed.trustAnchor.entityId, subject: fed.trustAnchor.entityId },
      { issuer: fed.intermediateId, subject: fed.intermediateId },
      { issuer: opId, subject: opId },
    ]) {
      fed.clearFaults();
      fed.fault({ ...f, kind: 'expired' });
      const e = await refusal(resolve(opId));
      expect(e.reason, JSON.stringify(f)).toBe('expired');
    }
    // The whole chain past its exp, seen from two days later.
    fed.clearFaults();
    expect(
      (await refusal(resolveTrustChain(opId, fed.trustAnchor, { now: new Date(Date.now() + 2 * 86400_000) })))
        .reason,
    ).toBe('expired');
  });

  it('a chain that ends at another Trust Anchor', async () => {
    const e = await refusal(
      resolve(opId, { entityId: `${fed.trustAnchor.entityId}-other`, jwks: fed.trustAnchor.jwks }),
    );
    expect(e.reason).toBe('unknown_trust_anchor');
  });

  it('a statement about another subject', async () => {
    fed.fault({ issuer: fed.intermediateId, subject: opId, kind: 'wrong_sub' });
    const e = await refusal(resolve(opId));
    expect(e.reason).toBe('subject_mismatch');
  });

  it('authority_hints that loop', async () => {
    const a = await fed.addIntermediate('loop-a');
    const b = await fed.addIntermediate('loop-b', { superior: a });
    const { entityId } = await fed.hostLeaf('op-loop', { metadata: OP_METADATA, superior: b });
    fed.setAuthorityHints(a, [b]);
    expect((await refusal(resolve(entityId))).reason).toBe('loop');
  });

  it('too many intermediates, by local limit or by max_path_length', async () => {
    const a = await fed.addIntermediate('deep-a', { constraints: { max_path_length: 1 } });
    const b = await fed.addIntermediate('deep-b', { superior: a });
    const { entityId } = await fed.hostLeaf('op-deep', { metadata: OP_METADATA, superior: b });
    expect((await refusal(resolve(entityId, fed.trustAnchor, 1))).reason).toBe('chain_too_long');
    const e = await refusal(resolve(entityId));
    expect(e.reason).toBe('chain_too_long');
    expect(e.message).toContain('allows 1 intermediates');
  });

  it('an entity without openid_provider metadata', async () => {
    const { entityId } = await fed.hostLeaf('rp-only', {
      metadata: { openid_relying_party: { client_name: 'RP' } },
    });
    expect((await refusal(resolve(entityId))).reason).toBe('no_openid_provider');
  });

  it('OP metadata that breaks the policy', async () => {
    const { response_types_supported: _omitted, ...rest } = OP_METADATA.openid_provider;
    const { entityId } = await fed.hostLeaf('op-no-response-types', { metadata: { openid_provider: rest } });
    const e = await refusal(resolve(entityId));
    expect(e.reason).toBe('policy_error');
    expect(e.message).toContain('response_types_supported');
  });

  it('an entity that does not answer', async () => {
    expect((await refusal(resolve(`${fed.trustAnchor.entityId}-nobody`))).reason).toBe('unreachable');
  });
});
