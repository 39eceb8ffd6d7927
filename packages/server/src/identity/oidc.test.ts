/**
 * The Relying Party's side of the SPID/CIE federation profile against a real `oidc-provider` on
 * 127.0.0.1 configured as the profile wants (signed request objects required, PKCE required,
 * `private_key_jwt` only, userinfo signed and encrypted, the RP registered with its JWKS): the login
 * works; the request object carries what the guidelines list; the provider refuses a request object
 * signed with a key it does not know; the RP refuses a userinfo signed by another key, one it cannot
 * decrypt, one not encrypted; after a rotation the new key signs and the provider, which had it
 * from the published key set, accepts it. Plain providers may use `private_key_jwt` too.
 */
import {
  CompactEncrypt,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../test/support/entity.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { CookieBrowser, startTestProvider, type TestProvider } from '../../test/support/oidc-provider.js';
import type { IdentityProviderRow } from '../db/schema/index.js';
import { EID_FISCAL_NUMBER } from '../demo/identity-provider.js';
import { generateKeys, keyStoreOf, publishedJwks, rotateKeys } from './keys.js';
import {
  federationClient,
  type FederationOp,
  federationOpOf,
  type LoginClient,
  newCodeVerifier,
  plainClient,
  type RelyingParty,
  relyingPartyOf,
} from './oidc.js';

const ENTE = TEST_ENTITY.code;
const ANNA = {
  id: 'anna',
  given_name: 'Anna',
  family_name: 'Bianchi',
  email: 'anna@example.it',
  fiscal_number: 'TINIT-BNCNNA80A41H501R',
};

let h: Harness;
let op: TestProvider;
let rp: RelyingParty;
let opMeta: FederationOp;
let rpJwks: JSONWebKeySet;

function providerRow(over: Partial<IdentityProviderRow> = {}): IdentityProviderRow {
  const at = new Date().toISOString();
  return {
    entity_code: ENTE,
    code: 'spid-fed',
    kind: 'spid',
    name: 'SPID federato di prova',
    logo_url: null,
    issuer: op.issuer,
    client_id: '',
    client_secret: null,
    scopes: 'openid',
    fiscal_code_claim: EID_FISCAL_NUMBER,
    acr_values: 'https://www.spid.gov.it/SpidL2',
    enabled: 1,
    token_auth_method: null,
    profile: 'federation',
    trust_anchor: null,
    trust_anchor_jwks: null,
    created_at: at,
    updated_at: at,
    ...over,
  };
}

/** The provider's metadata as a trust chain would resolve it: discovery's fields and its `jwks`. */
async function federationMetadata(provider: TestProvider): Promise<FederationOp> {
  const res = await fetch(`${provider.issuer}/.well-known/openid-configuration`);
  return federationOpOf({ ...((await res.json()) as Record<string, unknown>), jwks: provider.jwks });
}

interface Run {
  client: LoginClient;
  url: URL;
  checks: { state: string; nonce: string; codeVerifier: string };
}

async function start(client: LoginClient, redirectUri = rp.redirectUri): Promise<Run> {
  const checks = { state: crypto.randomUUID(), nonce: crypto.randomUUID(), codeVerifier: newCodeVerifier() };
  const url = await client.authorizationUrl({ redirectUri, ...checks, lang: 'it' });
  return { client, url, checks };
}

/** Logs in at the provider as `identity`; answers the callback URL, or the provider's refusal. */
async function atProvider(run: Run, identity: string, redirectUri = rp.redirectUri): Promise<URL | Response> {
  const browser = new CookieBrowser();
  const page = await browser.follow(run.url.href, (u) => u.href.startsWith(redirectUri));
  if (!(page instanceof Response) || page.status !== 200) return page;
  const uid = /\/interaction\/([^/"]+)/.exec(page.url)?.[1];
  if (!uid) return page;
  return browser.follow(
    `${new URL(run.url).origin}/interaction/${uid}/login`,
    (u) => u.href.startsWith(redirectUri),
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `identity=${identity}`,
    },
  );
}

async function login(client: LoginClient) {
  const run = await start(client);
  const back = await atProvider(run, 'anna');
  if (!(back instanceof URL)) throw new Error(`provider answered ${back.status}: ${await back.text()}`);
  return { run, back, result: () => client.completeFlow(back, run.checks) };
}

/** A userinfo JWE as the provider would send it, with the parts the test chooses. */
async function userinfoJwe(opts: { signWith: CryptoKey; kid: string; encryptTo: JWK; claims?: object }) {
  const jws = await new SignJWT({ sub: 'anna', [EID_FISCAL_NUMBER]: ANNA.fiscal_number, ...opts.claims })
    .setProtectedHeader({ alg: 'RS256', kid: opts.kid })
    .setIssuer(op.issuer)
    .setAudience(rp.clientId)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(opts.signWith);
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256CBC-HS512', kid: opts.encryptTo.kid, cty: 'JWT' })
    .encrypt(await importJWK(opts.encryptTo, 'RSA-OAEP-256'));
}

beforeAll(async () => {
  h = await createHarness();
  const store = keyStoreOf(h.deps);
  await generateKeys(store, ENTE, undefined, 2048);
  // A next signing key, published ahead: the provider registers both.
  await generateKeys(store, ENTE, ['oidc-sig'], 2048);
  rp = await relyingPartyOf(h.deps, ENTE);
  rpJwks = await publishedJwks(store, ENTE, ['oidc-sig', 'oidc-enc']);
  op = await startTestProvider({
    clients: [{ client_id: rp.clientId, redirect_uris: [rp.redirectUri], jwks: rpJwks }],
    identities: [ANNA, { id: 'nocode', given_name: 'Senza', family_name: 'Codice' }],
  });
  opMeta = await federationMetadata(op);
});

afterAll(async () => {
  await op?.close();
  await h?.close();
});

describe('federation Relying Party towards an OpenID Provider', () => {
  it('logs in: signed request object, PKCE, private_key_jwt, signed and encrypted userinfo', async () => {
    const client = federationClient(h.deps, providerRow(), rp, opMeta);
    const { run, result } = await login(client);

    // What reached the provider: the profile's URL parameters and request object.
    const q = run.url.searchParams;
    expect(q.get('client_id')).toBe(rp.clientId);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('scope')).toBe('openid');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('redirect_uri')).toBeNull();
    const request = q.get('request')!;
    expect(decodeProtectedHeader(request)).toMatchObject({ alg: 'RS256', kid: rp.signingKey.kid });
    const { payload } = await jwtVerify(request, createLocalJWKSet(rpJwks), {
      issuer: rp.clientId,
      audience: op.issuer,
    });
    expect(payload).toMatchObject({
      client_id: rp.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: rp.redirectUri,
      state: run.checks.state,
      nonce: run.checks.nonce,
      code_challenge: q.get('code_challenge'),
      code_challenge_method: 'S256',
      acr_values: 'https://www.spid.gov.it/SpidL2',
      prompt: 'consent login',
      claims: {
        userinfo: {
          [EID_FISCAL_NUMBER]: { essential: true },
          given_name: null,
          family_name: null,
          email: null,
        },
      },
    });
    expect(payload.exp! - payload.iat!).toBe(300);

    const { claims, idToken } = await result();
    expect(claims).toMatchObject({
      sub: 'anna',
      [EID_FISCAL_NUMBER]: 'TINIT-BNCNNA80A41H501R',
      given_name: 'Anna',
      family_name: 'Bianchi',
      email: 'anna@example.it',
      iss: op.issuer,
      aud: rp.clientId,
    });
    expect(decodeJwt(idToken!).nonce).toBe(run.checks.nonce);
  });

  it('is refused by the provider when the request object is signed with a key it does not know', async () => {
    const stranger = await generateKeyPair('RS256', { extractable: true });
    const other = await startTestProvider({
      clients: [
        {
          client_id: rp.clientId,
          redirect_uris: [rp.redirectUri],
          jwks: { keys: [{ ...(await exportJWK(stranger.publicKey)), kid: 'someone-else', use: 'sig' }] },
        },
      ],
      identities: [ANNA],
    });
    try {
      const client = federationClient(
        h.deps,
        providerRow({ issuer: other.issuer }),
        rp,
        await federationMetadata(other),
      );
      const answer = await atProvider(await start(client), 'anna');
      // The provider sends the browser back with the error, never a code.
      if (!(answer instanceof URL)) throw new Error(`provider answered ${answer.status}`);
      expect(answer.searchParams.get('code')).toBeNull();
      expect(answer.searchParams.get('error')).toBe('invalid_request_object');
    } finally {
      await other.close();
    }
  });

  it('refuses a userinfo signed by another key, one it cannot decrypt, one not encrypted', async () => {
    const client = federationClient(h.deps, providerRow(), rp, opMeta);
    const encKey = rpJwks.keys.find((k) => k.use === 'enc')!;
    const forger = await generateKeyPair('RS256');
    const stranger = await generateKeyPair('RSA-OAEP-256', { extractable: true });
    const strangerJwk = { ...(await exportJWK(stranger.publicKey)), kid: encKey.kid };
    const opKid = op.jwks.keys[0]!.kid!;
    const cases: [string, () => Promise<string>, RegExp][] = [
      [
        'signed by a key the provider does not publish',
        () => userinfoJwe({ signWith: forger.privateKey, kid: opKid, encryptTo: encKey }),
        /signature verification failed/,
      ],
      [
        'encrypted to a key the entity does not hold',
        () => userinfoJwe({ signWith: forger.privateKey, kid: opKid, encryptTo: strangerJwk }),
        /decryption operation failed/,
      ],
      [
        'a JWS without encryption',
        () =>
          new SignJWT({ sub: 'anna' })
            .setProtectedHeader({ alg: 'RS256', kid: opKid })
            .sign(forger.privateKey),
        /Invalid Compact JWE/,
      ],
    ];
    for (const [what, body, error] of cases) {
      const { result } = await login(client);
      op.tamperUserinfo(body);
      await expect(result(), what).rejects.toThrow(error);
    }
    // The provider's own answer still opens: the refusals come from the replaced bodies.
    await expect((await login(client)).result()).resolves.toMatchObject({ claims: { sub: 'anna' } });
  });

  it('refuses a provider whose ID token another key signed', async () => {
    const client = federationClient(h.deps, providerRow(), rp, {
      ...opMeta,
      jwks: {
        keys: [{ ...(await exportJWK((await generateKeyPair('RS256')).publicKey)), kid: 'test-op-1' }],
      },
    });
    await expect((await login(client)).result()).rejects.toThrow(/signature verification failed/);
  });

  it('signs with the new key after a rotation; the provider had it from the published set', async () => {
    const before = rp.signingKey.kid;
    const [rotation] = await rotateKeys(keyStoreOf(h.deps), ENTE, ['oidc-sig'], 2048);
    expect(rotation).toMatchObject({ retired: before, wasPublished: true });
    const rotated = await relyingPartyOf(h.deps, ENTE);
    expect(rotated.signingKey.kid).toBe(rotation!.activated);
    const { run, result } = await login(federationClient(h.deps, providerRow(), rotated, opMeta));
    expect(decodeProtectedHeader(run.url.searchParams.get('request')!).kid).toBe(rotation!.activated);
    await expect(result()).resolves.toMatchObject({ claims: { given_name: 'Anna' } });
    // The retired key is still published, for whoever still holds the configuration listing it.
    const published = await publishedJwks(keyStoreOf(h.deps), ENTE, ['oidc-sig']);
    expect(published.keys.map((k) => k.kid)).toEqual([rotation!.activated, before]);
  });

  it('lets a plain provider authenticate the entity with private_key_jwt', async () => {
    const gateway = await startTestProvider({
      clients: [
        { client_id: 'gateway-client', redirect_uris: [rp.redirectUri], jwks: rpJwks, profile: 'oidc' },
      ],
      identities: [ANNA],
    });
    try {
      const row = (token_auth_method: IdentityProviderRow['token_auth_method']) =>
        providerRow({
          code: `gateway-${token_auth_method ?? 'none'}`,
          profile: 'oidc',
          issuer: gateway.issuer,
          client_id: 'gateway-client',
          scopes: 'openid profile email',
          fiscal_code_claim: 'fiscal_number',
          acr_values: null,
          token_auth_method,
        });
      // Discovery, the gateway's own client id, the entity's OIDC key at the token endpoint.
      const { run, result } = await login(plainClient(h.deps, row('private_key_jwt')));
      expect(run.url.searchParams.get('client_id')).toBe('gateway-client');
      expect(run.url.searchParams.get('request')).toBeNull();
      await expect(result()).resolves.toMatchObject({ claims: { fiscal_number: ANNA.fiscal_number } });
      // An ID token another key signed is refused, though a plain provider's comes over TLS.
      const forger = await generateKeyPair('RS256');
      const forged = await login(plainClient(h.deps, row('private_key_jwt')));
      gateway.tamper((p) => p, forger.privateKey);
      await expect(forged.result()).rejects.toMatchObject({
        cause: { message: 'JWT signature verification failed' },
      });
      // Without the assertion the gateway refuses the code.
      await expect((await login(plainClient(h.deps, row(null)))).result()).rejects.toMatchObject({
        error: 'invalid_client',
      });
    } finally {
      await gateway.close();
    }
  });
});
