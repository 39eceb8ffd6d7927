/**
 * The Relying Party's side seen from the citizen's browser, over HTTP on 127.0.0.1: a SPID login
 * through the stand-in federation whose provider (`oidc-provider` with the profile's rules) answers
 * a userinfo signed by a key it does not publish, or encrypted to a key the entity does not hold,
 * is refused with the refusal page (`invalid_answer`); a request object signed with a key the
 * provider was never given (a rotation without the next key published ahead) is refused by the
 * provider, and the page says so (`provider_error`). A plain provider set to `private_key_jwt` in
 * the admin API logs in with the entity's key; `client_secret_basic` without a secret is refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CompactEncrypt, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { as, testKey } from '../../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { CookieBrowser, startTestProvider, type TestProvider } from '../../../test/support/oidc-provider.js';
import { EID_FISCAL_NUMBER } from '../../demo/identity-provider.js';
import {
  jwksOf,
  newFederationKey,
  startTestFederation,
  type TestFederation,
} from '../../demo/trust-anchor.js';
import { trustChains } from '../../identity/federation/trust-chain.js';
import { generateKeys, keyStoreOf, publishedJwks, rotateKeys } from '../../identity/keys.js';
import { relyingPartyOf } from '../../identity/oidc.js';

const ENTE = TEST_ENTITY.code;
const base = `/api/v1/entities/${ENTE}`;
const ANNA = {
  id: 'anna',
  given_name: 'Anna',
  family_name: 'Bianchi',
  fiscal_number: 'TINIT-BNCNNA80A41H501R',
};

let h: Harness;
let fed: TestFederation;
let op: TestProvider;
let admin: ReturnType<typeof as>;
let returnUrl: string;
let redirectUri: string;
let clientId: string;
let rpJwks: JSONWebKeySet;

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Starts a login with `provider` and logs in at it; answers where the provider sent the browser. */
async function throughProvider(provider: string, identity: string): Promise<URL> {
  const start = await h.request(
    `${base}/identity-providers/${provider}/login?returnUrl=${encodeURIComponent(returnUrl)}&challenge=${pkcePair().challenge}`,
  );
  expect(start.status).toBe(302);
  const browser = new CookieBrowser();
  const to = start.headers.get('location') ?? '';
  const page = await browser.follow(to, (u) => u.href.startsWith(redirectUri));
  if (page instanceof URL) return page;
  const uid = /\/interaction\/([^/"]+)/.exec(page.url)?.[1];
  const back = await browser.follow(
    `${new URL(to).origin}/interaction/${uid}/login`,
    (u) => u.href.startsWith(redirectUri),
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `identity=${identity}`,
    },
  );
  if (!(back instanceof URL)) throw new Error(`provider answered ${back.status}: ${await back.text()}`);
  return back;
}

const callback = (u: URL) => h.request(`${u.pathname}${u.search}`);

async function refusedWith(res: Response, reason: string): Promise<void> {
  expect(res.status).toBe(400);
  const html = await res.text();
  expect(html).toContain(`data-reason="${reason}"`);
  expect(html).toContain(returnUrl);
}

/** A userinfo as the provider would send it: a JWS inside a JWE, with the keys the test picks. */
async function userinfo(
  signWith: CryptoKey,
  kid: string,
  encryptTo: Record<string, unknown>,
): Promise<string> {
  const jws = await new SignJWT({ sub: ANNA.id, [EID_FISCAL_NUMBER]: ANNA.fiscal_number })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(op.issuer)
    .setAudience(clientId)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(signWith);
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({
      alg: 'RSA-OAEP-256',
      enc: 'A256CBC-HS512',
      kid: encryptTo.kid as string,
      cty: 'JWT',
    })
    .encrypt(await importJWK(encryptTo, 'RSA-OAEP-256'));
}

beforeAll(async () => {
  h = await createHarness();
  returnUrl = `${h.deps.config.siteUrl}/pagamenti.html`;
  const store = keyStoreOf(h.deps);
  await generateKeys(store, ENTE, undefined, 2048);
  const rp = await relyingPartyOf(h.deps, ENTE);
  redirectUri = rp.redirectUri;
  clientId = rp.clientId;
  rpJwks = await publishedJwks(store, ENTE, ['oidc-sig', 'oidc-enc']);
  fed = await startTestFederation();
  const opKey = await newFederationKey('op-rp-1');
  op = await startTestProvider({
    clients: [
      { client_id: clientId, redirect_uris: [redirectUri], jwks: rpJwks },
      { client_id: 'gateway-client', redirect_uris: [redirectUri], jwks: rpJwks, profile: 'oidc' },
    ],
    identities: [ANNA],
    federation: { key: opKey, authorityHints: [fed.intermediateId] },
  });
  fed.register({ entityId: op.issuer, jwks: jwksOf(opKey) });
  admin = as(h, await testKey(h));
  const put = await admin('PUT', '/api/v1/admin/identity-providers/spid-fed', {
    profile: 'federation',
    kind: 'spid',
    name: 'SPID federato di prova',
    entityId: op.issuer,
    trustAnchor: fed.trustAnchor.entityId,
    trustAnchorJwks: fed.trustAnchor.jwks,
  });
  expect(put.status).toBe(200);
});

afterAll(async () => {
  await op?.close();
  await fed?.close();
  await h?.close();
});

beforeEach(() => trustChains.clear());

describe('the Relying Party seen from the browser', () => {
  it('logs in through the federation provider; its untampered answer opens', async () => {
    const res = await callback(await throughProvider('spid-fed', 'anna'));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/#pagatore-identity=[a-z0-9]+$/);
  });

  it('refuses with the page a userinfo signed by a key the provider does not publish', async () => {
    const back = await throughProvider('spid-fed', 'anna');
    const forger = await generateKeyPair('RS256');
    const enc = rpJwks.keys.find((k) => k.use === 'enc')!;
    op.tamperUserinfo(() => userinfo(forger.privateKey, op.jwks.keys[0]!.kid!, enc));
    await refusedWith(await callback(back), 'invalid_answer');
    const logged = [...h.logger.lines].reverse().find((l) => l.msg === 'identity answer refused');
    expect(String(logged?.error)).toContain('signature verification failed');
  });

  it('refuses with the page a userinfo encrypted to a key the entity does not hold', async () => {
    const back = await throughProvider('spid-fed', 'anna');
    const forger = await generateKeyPair('RS256');
    const stranger = await generateKeyPair('RSA-OAEP-256', { extractable: true });
    const kid = rpJwks.keys.find((k) => k.use === 'enc')!.kid;
    op.tamperUserinfo(async () =>
      userinfo(forger.privateKey, op.jwks.keys[0]!.kid!, { ...(await exportJWK(stranger.publicKey)), kid }),
    );
    await refusedWith(await callback(back), 'invalid_answer');
    const logged = [...h.logger.lines].reverse().find((l) => l.msg === 'identity answer refused');
    expect(String(logged?.error)).toContain('decryption operation failed');
  });

  it('logs in with a plain provider set to private_key_jwt; refuses client_secret_basic without a secret', async () => {
    const bad = await admin('PUT', '/api/v1/admin/identity-providers/gateway', {
      kind: 'spid',
      name: 'Gateway regionale',
      issuer: op.issuer,
      clientId: 'gateway-client',
      tokenAuthMethod: 'client_secret_basic',
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('"path":"clientSecret"');
    const put = await admin('PUT', '/api/v1/admin/identity-providers/gateway', {
      kind: 'spid',
      name: 'Gateway regionale',
      issuer: op.issuer,
      clientId: 'gateway-client',
      tokenAuthMethod: 'private_key_jwt',
      scopes: 'openid profile',
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      profile: 'oidc',
      tokenAuthMethod: 'private_key_jwt',
      jwksUri: `${h.deps.config.publicUrl}/federation/${ENTE}/jwks.json`,
      hasClientSecret: false,
    });
    const res = await callback(await throughProvider('gateway', 'anna'));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/#pagatore-identity=[a-z0-9]+$/);
  });

  it('is refused by the provider after a rotation that did not publish the new key ahead', async () => {
    // The provider holds the key set of before; the new key signs the request object at once.
    const [r] = await rotateKeys(keyStoreOf(h.deps), ENTE, ['oidc-sig'], 2048);
    expect(r!.wasPublished).toBe(false);
    const back = await throughProvider('spid-fed', 'anna');
    expect(back.searchParams.get('error')).toBe('invalid_request_object');
    await refusedWith(await callback(back), 'provider_error');
  });
});
