/**
 * Identity providers of the federation profile in the admin API: a SPID or CIE OpenID Provider by
 * its entity id, with the Trust Anchor its chain must reach and that anchor's pinned keys, and the
 * levels asked (`acr_values`). Bad settings are refused with `validation_failed` naming the field,
 * nothing written; the chooser lists every SPID provider with its name and logo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFederationKey } from '../../demo/trust-anchor.js';
import { as, testKey } from '../../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';

const ENTE = TEST_ENTITY.code;
let h: Harness;
let admin: ReturnType<typeof as>;
let anchorJwks: { keys: Record<string, unknown>[] };

const spid = (over: Record<string, unknown> = {}) => ({
  profile: 'federation',
  kind: 'spid',
  name: 'Poste ID',
  logoUrl: 'https://registry.example.it/logos/poste.svg',
  entityId: 'https://posteid.example.it',
  trustAnchor: 'https://registry.spid.gov.it',
  trustAnchorJwks: anchorJwks,
  ...over,
});

async function problems(res: Response): Promise<{ code: string; fields: { path: string; code: string }[] }> {
  const body = (await res.json()) as { error: { code: string; fields?: { path: string; code: string }[] } };
  return {
    code: body.error.code,
    fields: (body.error.fields ?? []).map(({ path, code }) => ({ path, code })),
  };
}

beforeAll(async () => {
  h = await createHarness();
  admin = as(h, await testKey(h));
  anchorJwks = { keys: [(await newFederationKey('registry-1')).publicJwk as Record<string, unknown>] };
});
afterAll(() => h?.close());

describe('federation identity providers', () => {
  it('stores a SPID provider of the federation, with its Trust Anchor and the default level', async () => {
    const res = await admin('PUT', '/api/v1/admin/identity-providers/spid-poste', spid());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      code: 'spid-poste',
      profile: 'federation',
      kind: 'spid',
      name: 'Poste ID',
      logoUrl: 'https://registry.example.it/logos/poste.svg',
      issuer: 'https://posteid.example.it',
      clientId: null,
      hasClientSecret: false,
      tokenAuthMethod: 'private_key_jwt',
      jwksUri: `${h.deps.config.publicUrl}/federation/${ENTE}/jwks.json`,
      scopes: 'openid',
      fiscalCodeClaim: 'https://attributes.eid.gov.it/fiscal_number',
      acrValues: 'https://www.spid.gov.it/SpidL2',
      trustAnchor: 'https://registry.spid.gov.it',
      trustAnchorJwks: anchorJwks,
      enabled: true,
      redirectUri: `${h.deps.config.publicUrl}/api/v1/entities/${ENTE}/identity/callback`,
      postLogoutRedirectUri: `${h.deps.config.publicUrl}/api/v1/entities/${ENTE}/identity/logout/callback`,
    });
  });

  it('maps the levels asked to their acr URIs, CIE ones too', async () => {
    const res = await admin(
      'PUT',
      '/api/v1/admin/identity-providers/cie',
      spid({
        kind: 'cie',
        name: 'CIE',
        logoUrl: null,
        entityId: 'https://idserver.servizicie.interno.gov.it/idp',
        trustAnchor: 'https://registry.servizicie.interno.gov.it',
        acrValues: ['CieL3', 'CieL2'],
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      kind: 'cie',
      acrValues: 'https://www.spid.gov.it/SpidL3 https://www.spid.gov.it/SpidL2',
    });
  });

  it('lists every SPID provider for the chooser, with name and logo, nothing of the federation', async () => {
    await admin(
      'PUT',
      '/api/v1/admin/identity-providers/spid-aruba',
      spid({ name: 'Aruba ID', logoUrl: null, entityId: 'https://arubaid.example.it' }),
    );
    const res = await h.request(`/api/v1/entities/${ENTE}/identity-providers`);
    expect(await res.json()).toEqual({
      items: [
        { code: 'spid-aruba', kind: 'spid', name: 'Aruba ID', logoUrl: null },
        {
          code: 'spid-poste',
          kind: 'spid',
          name: 'Poste ID',
          logoUrl: 'https://registry.example.it/logos/poste.svg',
        },
        { code: 'cie', kind: 'cie', name: 'CIE', logoUrl: null },
      ],
    });
  });

  it('replacing a plain provider by a federation one forgets its secret', async () => {
    const plain = await admin('PUT', '/api/v1/admin/identity-providers/gateway', {
      kind: 'spid',
      name: 'Gateway',
      issuer: 'https://gateway.example.it',
      clientId: 'pagatore',
      clientSecret: 'secret-of-the-gateway',
    });
    expect(await plain.json()).toMatchObject({ profile: 'oidc', hasClientSecret: true, trustAnchor: null });
    const fed = await admin(
      'PUT',
      '/api/v1/admin/identity-providers/gateway',
      spid({ entityId: 'https://gateway.example.it' }),
    );
    expect(await fed.json()).toMatchObject({ profile: 'federation', hasClientSecret: false, clientId: null });
  });

  it('refuses bad settings with validation_failed on the field, writing nothing', async () => {
    const cases: [Record<string, unknown>, { path: string; code: string }][] = [
      [spid({ acrValues: ['CieL2'] }), { path: 'acrValues', code: 'invalid_choice' }],
      [spid({ acrValues: ['SpidL4'] }), { path: 'acrValues.0', code: 'invalid_choice' }],
      [spid({ acrValues: [] }), { path: 'acrValues', code: 'too_short' }],
      [spid({ trustAnchor: 'registry.spid.gov.it' }), { path: 'trustAnchor', code: 'invalid_format' }],
      [spid({ trustAnchorJwks: { keys: [] } }), { path: 'trustAnchorJwks.keys', code: 'too_short' }],
      [
        spid({ trustAnchorJwks: { keys: [{ ...anchorJwks.keys[0], d: 'private-part' }] } }),
        { path: 'trustAnchorJwks.keys.0', code: 'invalid_format' },
      ],
      [
        spid({ trustAnchorJwks: { keys: [{ ...anchorJwks.keys[0], kid: undefined }] } }),
        { path: 'trustAnchorJwks.keys.0.kid', code: 'required' },
      ],
      [
        spid({ trustAnchorJwks: { keys: [{ ...anchorJwks.keys[0], x: 'bm90LWEtcG9pbnQ' }] } }),
        { path: 'trustAnchorJwks.keys.0', code: 'invalid_format' },
      ],
      [spid({ clientSecret: 'x' }), { path: 'clientSecret', code: 'unknown_field' }],
      [spid({ entityId: undefined }), { path: 'entityId', code: 'required' }],
    ];
    for (const [body, field] of cases) {
      const res = await admin('PUT', '/api/v1/admin/identity-providers/spid-bad', body);
      expect(res.status, JSON.stringify(field)).toBe(422);
      const p = await problems(res);
      expect(p.code).toBe('validation_failed');
      expect(p.fields, JSON.stringify(body)).toContainEqual(field);
    }
    const unknownProfile = await admin(
      'PUT',
      '/api/v1/admin/identity-providers/spid-bad',
      spid({ profile: 'saml' }),
    );
    expect(unknownProfile.status).toBe(422);
    expect((await problems(unknownProfile)).fields.map((f) => f.path)).toEqual(['profile']);
    const list = (await (await admin('GET', '/api/v1/admin/identity-providers')).json()) as {
      items: { code: string }[];
    };
    expect(list.items.map((i) => i.code)).not.toContain('spid-bad');
  });
});
