/**
 * A SPID login through the OpenID Connect Federation, end to end over HTTP on 127.0.0.1: the
 * provider is configured by its entity id and the stand-in Trust Anchor (pinned keys); its metadata
 * comes from the trust chain Trust Anchor → intermediate → OpenID Provider (a real `oidc-provider`
 * with the profile's rules: signed request objects, PKCE, `private_key_jwt`, signed and encrypted
 * userinfo). Then the refusals of the chain: a bad signature in it and an expired statement each
 * show the refusal page (`untrusted_provider`), logged with the chain's reason.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { as, position, testKey } from '../../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { CookieBrowser, startTestProvider, type TestProvider } from '../../../test/support/oidc-provider.js';
import {
  jwksOf,
  newFederationKey,
  startTestFederation,
  type TestFederation,
} from '../../demo/trust-anchor.js';
import { trustChains } from '../../identity/federation/trust-chain.js';
import { generateKeys, keyStoreOf, publishedJwks } from '../../identity/keys.js';
import { relyingPartyOf } from '../../identity/oidc.js';

const ENTE = TEST_ENTITY.code;
const base = `/api/v1/entities/${ENTE}`;
const MARIO = {
  id: 'mario',
  given_name: 'Mario',
  family_name: 'Rossi',
  email: 'mario.fed@example.it',
  fiscal_number: 'TINIT-RSSMRA85T10A562S',
};

let h: Harness;
let fed: TestFederation;
let op: TestProvider;
let returnUrl: string;
let redirectUri: string;

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const start = (challenge: string) =>
  h.request(
    `${base}/identity-providers/spid-fed/login?returnUrl=${encodeURIComponent(returnUrl)}&challenge=${challenge}`,
  );

async function refusedWith(res: Response, reason: string): Promise<void> {
  expect(res.status).toBe(400);
  const html = await res.text();
  expect(html).toContain(`data-reason="${reason}"`);
  expect(html).toContain('catena di fiducia');
  expect(html).toContain(returnUrl);
}

/** The trust chain failure logged for the last refusal. */
const loggedChainFailure = () =>
  [...h.logger.lines].reverse().find((l) => l.msg === 'identity provider trust chain refused')?.trustChain;

beforeAll(async () => {
  h = await createHarness();
  returnUrl = `${h.deps.config.siteUrl}/pagamenti.html`;
  const store = keyStoreOf(h.deps);
  await generateKeys(store, ENTE, undefined, 2048);
  const rp = await relyingPartyOf(h.deps, ENTE);
  redirectUri = rp.redirectUri;
  fed = await startTestFederation();
  const opKey = await newFederationKey('op-fed-1');
  op = await startTestProvider({
    clients: [
      {
        client_id: rp.clientId,
        redirect_uris: [rp.redirectUri],
        jwks: await publishedJwks(store, ENTE, ['oidc-sig', 'oidc-enc']),
      },
    ],
    identities: [MARIO],
    federation: { key: opKey, authorityHints: [fed.intermediateId] },
  });
  fed.register({ entityId: op.issuer, jwks: jwksOf(opKey) });
  const admin = as(h, await testKey(h));
  const put = await admin('PUT', '/api/v1/admin/identity-providers/spid-fed', {
    profile: 'federation',
    kind: 'spid',
    name: 'SPID federato di prova',
    entityId: op.issuer,
    trustAnchor: fed.trustAnchor.entityId,
    trustAnchorJwks: fed.trustAnchor.jwks,
    acrValues: ['SpidL2'],
  });
  expect(put.status).toBe(200);
  expect((await admin('POST', '/api/v1/admin/positions', position('FED-1'))).status).toBe(201);
});

afterAll(async () => {
  await op?.close();
  await fed?.close();
  await h?.close();
});

beforeEach(() => {
  fed.clearFaults();
  // Each test resolves the chain afresh, as after its expiry.
  trustChains.clear();
});

describe('SPID login through the federation', () => {
  it('resolves the chain, logs in with the profile, creates the account and proves the fiscal code', async () => {
    const { verifier, challenge } = pkcePair();
    const res = await start(challenge);
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location') ?? '');
    // The authorization endpoint came from the resolved metadata; the request is a signed object.
    expect(to.origin).toBe(op.issuer);
    expect(to.searchParams.get('request')).toBeTruthy();
    const browser = new CookieBrowser();
    const atLogin = await browser.follow(to.href, () => false);
    if (!(atLogin instanceof Response)) throw new Error('expected the login page');
    const uid = /\/interaction\/([^/"]+)/.exec(atLogin.url)?.[1];
    const back = await browser.follow(
      `${op.issuer}/interaction/${uid}/login`,
      (u) => u.href.startsWith(redirectUri),
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'identity=mario',
      },
    );
    if (!(back instanceof URL)) throw new Error(`provider answered ${back.status}: ${await back.text()}`);
    const cb = await h.request(`${back.pathname}${back.search}`);
    expect(cb.status).toBe(302);
    const code = /#pagatore-identity=([a-z0-9]+)$/.exec(cb.headers.get('location') ?? '')?.[1];
    expect(code).toBeTruthy();
    const first = await h.json('POST', `${base}/identity-exchanges`, { code, verifier });
    expect(await first.json()).toMatchObject({
      outcome: 'consent_required',
      identity: { fiscalCode: 'RSSMRA85T10A562S', firstName: 'Mario', lastName: 'Rossi' },
    });
    const done = await h.json('POST', `${base}/identity-exchanges`, {
      code,
      verifier,
      privacyVersion: '2026-01',
    });
    expect(await done.json()).toMatchObject({
      outcome: 'session',
      session: { account: { provenFiscalCodes: [{ code: 'RSSMRA85T10A562S', method: 'spid' }] } },
    });
  });

  it('refuses a provider whose chain has a bad signature, with the refusal page', async () => {
    fed.fault({ issuer: fed.intermediateId, subject: op.issuer, kind: 'bad_signature' });
    await refusedWith(await start(pkcePair().challenge), 'untrusted_provider');
    expect(loggedChainFailure()).toBe('bad_signature');
  });

  it('refuses a provider whose chain has an expired statement, with the refusal page', async () => {
    fed.fault({ issuer: fed.trustAnchor.entityId, subject: fed.intermediateId, kind: 'expired' });
    await refusedWith(await start(pkcePair().challenge), 'untrusted_provider');
    expect(loggedChainFailure()).toBe('expired');
  });

  it("lets the admin check the provider's trust chain: its path and expiry, or why it is refused", async () => {
    const admin = as(h, await testKey(h));
    const ok = await admin('GET', '/api/v1/admin/identity-providers/spid-fed/trust-chain');
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      valid: true,
      path: [op.issuer, fed.intermediateId, fed.trustAnchor.entityId],
      authorizationEndpoint: `${op.issuer}/auth`,
      reason: null,
    });
    expect(new Date(String(body.expiresAt)).getTime()).toBeGreaterThan(Date.now());
    fed.fault({ issuer: fed.trustAnchor.entityId, subject: fed.intermediateId, kind: 'bad_signature' });
    expect(
      await (await admin('GET', '/api/v1/admin/identity-providers/spid-fed/trust-chain')).json(),
    ).toMatchObject({
      valid: false,
      path: null,
      reason: 'bad_signature',
    });
    // Only federation providers have a chain.
    expect((await admin('GET', '/api/v1/admin/identity-providers/nobody/trust-chain')).status).toBe(404);
  });

  it('refuses a provider pinned to another Trust Anchor', async () => {
    const admin = as(h, await testKey(h));
    const put = await admin('PUT', '/api/v1/admin/identity-providers/spid-fed', {
      profile: 'federation',
      kind: 'spid',
      name: 'SPID federato di prova',
      entityId: op.issuer,
      trustAnchor: `${fed.trustAnchor.entityId}-elsewhere`,
      trustAnchorJwks: fed.trustAnchor.jwks,
    });
    expect(put.status).toBe(200);
    try {
      await refusedWith(await start(pkcePair().challenge), 'untrusted_provider');
      expect(loggedChainFailure()).toBe('unknown_trust_anchor');
    } finally {
      await admin('PUT', '/api/v1/admin/identity-providers/spid-fed', {
        profile: 'federation',
        kind: 'spid',
        name: 'SPID federato di prova',
        entityId: op.issuer,
        trustAnchor: fed.trustAnchor.entityId,
        trustAnchorJwks: fed.trustAnchor.jwks,
      });
    }
  });
});
