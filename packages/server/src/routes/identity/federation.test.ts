/**
 * The entity as a federation Relying Party: keys made and rotated by the CLI, the signed entity
 * configuration it publishes (verified with its own keys, with the profile's fields), the rotation
 * without downtime (the next key published ahead, the old one published until its time is up),
 * the root well-known for the one configured entity, and private keys encrypted at rest.
 */
import { createLocalJWKSet, decodeProtectedHeader, type JWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { parseArgs } from '../../cli/args.js';
import { identityCommand } from '../../cli/commands/identity.js';
import { findEntity } from '../../entities/entities.js';
import { entityConfiguration } from '../../identity/entity-configuration.js';

const ENTE = TEST_ENTITY.code;
const TA = 'https://trust-anchor.example.it';
const SECRET = 'a-test-secret-of-at-least-32-characters-long';

type Jwks = { keys: (JWK & { kid: string })[] };

describe('federation Relying Party: keys and entity configuration', () => {
  let h: Harness;
  let log: string[];
  let errors: string[];
  const saved = { db: process.env.DATABASE_URL, secret: process.env.IDENTITY_KEY_SECRET };
  const cli = (...argv: string[]) => identityCommand(parseArgs(argv));
  const wellKnown = `/federation/${ENTE}/.well-known/openid-federation`;

  /** The entity configuration as served, verified with the keys it carries. */
  async function fetchConfiguration(path = wellKnown) {
    const res = await h.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/entity-statement+jwt');
    const jwt = await res.text();
    const header = decodeProtectedHeader(jwt);
    const unverified = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { jwks: Jwks };
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(unverified.jwks), {
      typ: 'entity-statement+jwt',
      algorithms: ['RS256'],
      currentDate: h.deps.now(),
    });
    return { header, payload: payload as Record<string, unknown> & { jwks: Jwks } };
  }

  beforeAll(async () => {
    h = await createHarness({ config: { identityKeySecret: SECRET } });
    process.env.DATABASE_URL = h.deps.config.databaseUrl;
    process.env.IDENTITY_KEY_SECRET = SECRET;
  });
  beforeEach(() => {
    log = [];
    errors = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void log.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    for (const [k, v] of [
      ['DATABASE_URL', saved.db],
      ['IDENTITY_KEY_SECRET', saved.secret],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await h.close();
  });

  it('publishes nothing before the settings and keys exist; refuses bad settings', async () => {
    expect((await h.request(wellKnown)).status).toBe(404);
    expect((await h.request('/.well-known/openid-federation')).status).toBe(404);
    expect(await cli('federation', 'set', '--entity', ENTE, '--organization', 'Comune')).toBe(2);
    expect(errors.join('\n')).toContain('--authority-hints');
    expect(await cli('federation', 'set', '--entity', ENTE, '--authority-hints', 'ftp://x')).toBe(2);
    expect(
      await cli('federation', 'set', '--entity', ENTE, '--authority-hints', TA, '--trust-marks', 'nope'),
    ).toBe(2);
    expect(await cli('keys', 'generate', '--entity', ENTE, '--use', 'signing')).toBe(2);
    expect(await cli('keys', 'generate', '--entity', '00000000000', '--bits', '2048')).toBe(1);
    expect(
      await cli(
        'federation',
        'set',
        '--entity',
        ENTE,
        '--authority-hints',
        TA,
        '--contacts',
        'protocollo@pec.comune.example.it',
        '--homepage',
        'https://www.comune.example.it',
      ),
    ).toBe(0);
    // Settings without keys: still nothing published.
    expect((await h.request(wellKnown)).status).toBe(404);
  });

  it('generates the three keys and signs the entity configuration with the federation key', async () => {
    expect(await cli('keys', 'generate', '--entity', ENTE, '--bits', '2048')).toBe(0);
    expect(log.filter((l) => / active /.test(l))).toHaveLength(3);
    // Private parts are encrypted at rest (a compact JWE, not JSON).
    const rows = await h.deps.db.selectFrom('identity_keys').selectAll().execute();
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.private_jwk.startsWith('{')).toBe(false);
      expect(r.private_jwk.split('.')).toHaveLength(5);
      expect(r.public_jwk).not.toContain('"d"');
    }

    const { header, payload } = await fetchConfiguration();
    const entityId = `${h.deps.config.publicUrl}/federation/${ENTE}`;
    const fed = rows.find((r) => r.use === 'federation')!;
    expect(header).toMatchObject({ typ: 'entity-statement+jwt', alg: 'RS256', kid: fed.kid });
    const now = Math.floor(Date.now() / 1000);
    expect(payload.exp).toBeGreaterThan(now);
    expect(payload.iat).toBeLessThanOrEqual(now + 1);
    expect(payload).toMatchObject({ iss: entityId, sub: entityId, authority_hints: [TA] });
    expect(payload.jwks.keys.map((k) => k.kid)).toEqual([fed.kid]);
    const rp = (payload.metadata as Record<string, Record<string, unknown>>).openid_relying_party!;
    expect(rp).toMatchObject({
      client_id: entityId,
      client_registration_types: ['automatic'],
      redirect_uris: [`${h.deps.config.publicUrl}/api/v1/entities/${ENTE}/identity/callback`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: 'RS256',
      userinfo_signed_response_alg: 'RS256',
      userinfo_encrypted_response_alg: 'RSA-OAEP-256',
      userinfo_encrypted_response_enc: 'A256CBC-HS512',
      organization_name: TEST_ENTITY.name,
      contacts: ['protocollo@pec.comune.example.it'],
      homepage_uri: 'https://www.comune.example.it',
    });
    const oidcKeys = (rp.jwks as Jwks).keys;
    expect(oidcKeys.map((k) => [k.use, k.alg]).sort()).toEqual([
      ['enc', 'RSA-OAEP-256'],
      ['sig', 'RS256'],
    ]);
    for (const k of [...oidcKeys, ...payload.jwks.keys]) expect(k).not.toHaveProperty('d');
    expect((payload.metadata as Record<string, unknown>).federation_entity).toMatchObject({
      organization_name: TEST_ENTITY.name,
    });
    // The same OIDC keys as a JWK Set, for plain providers that take a JWKS URL.
    const jwks = (await (await h.request(`/federation/${ENTE}/jwks.json`)).json()) as Jwks;
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual(oidcKeys.map((k) => k.kid).sort());
  });

  it('rotates without downtime: next key published ahead, then signing; the old one published until it expires', async () => {
    const before = await fetchConfiguration();
    const oldKid = before.header.kid as string;
    // generate again: a next key per use, published, not signing yet.
    expect(await cli('keys', 'generate', '--entity', ENTE, '--bits', '2048', '--use', 'federation')).toBe(0);
    const ahead = await fetchConfiguration();
    expect(ahead.header.kid).toBe(oldKid);
    expect(ahead.payload.jwks.keys).toHaveLength(2);
    const nextKid = ahead.payload.jwks.keys.map((k) => k.kid).find((k) => k !== oldKid)!;

    expect(await cli('keys', 'rotate', '--entity', ENTE, '--use', 'federation')).toBe(0);
    expect(log.join('\n')).not.toContain('warning');
    const after = await fetchConfiguration();
    expect(after.header.kid).toBe(nextKid);
    expect(after.payload.jwks.keys.map((k) => k.kid)).toEqual([nextKid, oldKid]);

    log = [];
    expect(await cli('keys', 'list', '--entity', ENTE)).toBe(0);
    expect(log.find((l) => l.includes(oldKid))).toMatch(/retiring .* published until/);

    // 47 hours on the old key is still published; after 48 it is gone.
    h.setNow(new Date(Date.now() + 47 * 3600 * 1000));
    expect((await fetchConfiguration()).payload.jwks.keys.map((k) => k.kid)).toContain(oldKid);
    h.setNow(new Date(Date.now() + 49 * 3600 * 1000));
    try {
      const later = await fetchConfiguration();
      expect(later.payload.jwks.keys.map((k) => k.kid)).toEqual([nextKid]);
      expect(later.payload.exp).toBeGreaterThan(Math.floor(h.deps.now().getTime() / 1000));
    } finally {
      h.setNow(new Date());
    }

    // A rotation with no next key published ahead works, and says what it risks.
    log = [];
    expect(await cli('keys', 'rotate', '--entity', ENTE, '--use', 'oidc-sig', '--bits', '2048')).toBe(0);
    expect(log.join('\n')).toContain('warning: no next oidc-sig key was published ahead');
  });

  it('refuses to open encrypted keys without the secret, or with another one', async () => {
    const entity = (await findEntity(h.deps.db, ENTE))!;
    const sign = (secret: string | null) =>
      entityConfiguration({ db: h.deps.db, secret, now: new Date() }, h.deps.config, entity);
    await expect(sign(null)).rejects.toThrow(/set IDENTITY_KEY_SECRET/);
    await expect(sign('another-secret-of-at-least-32-characters')).rejects.toThrow(/do not open/);
    await expect(sign(SECRET)).resolves.toMatch(/^ey/);

    // Served by a server started with another secret: a 503 with its code, never a 500.
    const config = h.deps.config as { identityKeySecret: string | null };
    config.identityKeySecret = 'another-secret-of-at-least-32-characters';
    try {
      const res = await h.request(wellKnown);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
      // The public keys need no secret.
      expect((await h.request(`/federation/${ENTE}/jwks.json`)).status).toBe(200);
    } finally {
      config.identityKeySecret = SECRET;
    }
    expect((await h.request(wellKnown)).status).toBe(200);
  });

  it('serves the root well-known for FEDERATION_ROOT_ENTITY, whose entity id is PUBLIC_URL', async () => {
    const root = await createHarness({ config: { federationRootEntity: ENTE, identityKeySecret: SECRET } });
    try {
      process.env.DATABASE_URL = root.deps.config.databaseUrl;
      process.env.FEDERATION_ROOT_ENTITY = ENTE;
      expect(await cli('federation', 'set', '--entity', ENTE, '--authority-hints', TA)).toBe(0);
      expect(await cli('keys', 'generate', '--entity', ENTE, '--bits', '2048')).toBe(0);
      log = [];
      expect(await cli('federation', 'show', '--entity', ENTE)).toBe(0);
      expect(log[0]).toContain(`Entity id (client_id):   ${root.deps.config.publicUrl}`);
      expect(log[1]).toContain(`${root.deps.config.publicUrl}/.well-known/openid-federation`);
      const res = await root.request('/.well-known/openid-federation');
      expect(res.status).toBe(200);
      const jwt = await res.text();
      const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      expect(claims.iss).toBe(root.deps.config.publicUrl);
      expect(claims.sub).toBe(root.deps.config.publicUrl);
      // Its configuration is not also under /federation/{ente}: one entity id, one place.
      expect((await root.request(wellKnown)).status).toBe(404);
    } finally {
      delete process.env.FEDERATION_ROOT_ENTITY;
      process.env.DATABASE_URL = h.deps.config.databaseUrl;
      await root.close();
    }
  });

  it('names nothing with a NUL in the path (PostgreSQL text cannot hold one): 404, never a 500', async () => {
    const paths = [
      `/api/v1/entities/%00${ENTE}/identity-providers`,
      `/federation/${ENTE}%00/.well-known/openid-federation`,
      `/federation/%00/jwks.json`,
    ];
    for (const path of paths) {
      const res = await h.request(path, { headers: { Origin: 'https://www.comune.example' } });
      expect(res.status, path).toBe(404);
    }
  });
});
