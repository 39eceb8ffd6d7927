/**
 * Logging in with a digital identity against a real OpenID Connect provider on 127.0.0.1: the whole
 * journey (start, provider login, callback, hand-back code, exchange, account created with consent,
 * fiscal code proven, assigned practice shown), linking to a portal account only with its password,
 * and the refusals (unknown provider, return page elsewhere, replayed state, wrong audience, nonce
 * mismatch, missing fiscal code, code without its verifier, code used twice).
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, position, testKey } from '../../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { CookieBrowser, startTestProvider, type TestProvider } from '../../../test/support/oidc-provider.js';

const ENTE = TEST_ENTITY.code;
const base = `/api/v1/entities/${ENTE}`;

const MARIO = {
  id: 'mario',
  given_name: 'Mario',
  family_name: 'Rossi',
  email: 'mario.spid@example.it',
  fiscal_number: 'TINIT-RSSMRA85T10A562S',
};
const ANNA = {
  id: 'anna',
  given_name: 'Anna',
  family_name: 'Bianchi',
  fiscal_number: 'TINIT-BNCNNA80A41H501R',
};
const NOCODE = { id: 'nocode', given_name: 'Senza', family_name: 'Codice' };

let h: Harness;
let op: TestProvider;
let admin: ReturnType<typeof as>;
let returnUrl: string;
let redirectUri: string;

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Runs a login up to the provider's callback; answers the callback URL the browser was sent to. */
async function loginAtProvider(identity: string, challenge: string, provider = 'spid-test'): Promise<URL> {
  const start = await h.request(
    `${base}/identity-providers/${provider}/login?returnUrl=${encodeURIComponent(returnUrl)}&challenge=${challenge}`,
  );
  expect(start.status).toBe(302);
  const browser = new CookieBrowser();
  const atLogin = await browser.follow(start.headers.get('location') ?? '', () => false);
  if (!(atLogin instanceof Response)) throw new Error('expected the login page');
  expect(await atLogin.text()).toContain('Identity provider di prova');
  const uid = /\/interaction\/([^/"]+)/.exec(atLogin.url)?.[1];
  const back = await browser.follow(
    `${op.issuer}/interaction/${uid}/login`,
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

/** The callback as our API takes it. */
const callback = (u: URL) => h.request(`${u.pathname}${u.search}`);

/** A whole login: the one-time code the page got back. */
async function loginCode(identity: string, challenge: string): Promise<string> {
  const res = await callback(await loginAtProvider(identity, challenge));
  expect(res.status).toBe(302);
  const to = new URL(res.headers.get('location') ?? '');
  expect(to.origin + to.pathname).toBe(returnUrl);
  expect(to.search).toBe('');
  const code = /^#pagatore-identity=([a-z0-9]+)$/.exec(to.hash)?.[1];
  expect(code).toBeTruthy();
  return code as string;
}

const exchange = (body: Record<string, unknown>, ip = '10.9.0.1') =>
  h.json('POST', `${base}/identity-exchanges`, body, { 'x-forwarded-for': ip });

beforeAll(async () => {
  h = await createHarness();
  redirectUri = `${h.deps.config.publicUrl}${base}/identity/callback`;
  returnUrl = `${h.deps.config.siteUrl}/pagamenti.html`;
  op = await startTestProvider({
    clients: [{ client_id: 'pagatore', client_secret: 'op-secret-for-tests', redirect_uris: [redirectUri] }],
    identities: [MARIO, ANNA, NOCODE],
  });
  admin = as(h, await testKey(h));
  const put = await admin('PUT', '/api/v1/admin/identity-providers/spid-test', {
    kind: 'spid',
    name: 'SPID di prova',
    issuer: op.issuer,
    clientId: 'pagatore',
    clientSecret: 'op-secret-for-tests',
    scopes: 'openid profile email',
  });
  expect(put.status).toBe(200);
  expect(await put.json()).toMatchObject({ hasClientSecret: true, redirectUri, kind: 'spid' });
  expect((await admin('POST', '/api/v1/admin/positions', position('SPID-1'))).status).toBe(201);
});

afterAll(async () => {
  await op?.close();
  await h?.close();
});

describe('digital identity login', () => {
  it('lists the configured providers for the widgets, never the secret', async () => {
    const res = await h.request(`${base}/identity-providers`);
    expect(await res.json()).toEqual({
      items: [{ code: 'spid-test', kind: 'spid', name: 'SPID di prova', logoUrl: null }],
    });
    const list = (await (await admin('GET', '/api/v1/admin/identity-providers')).json()) as {
      items: Record<string, unknown>[];
    };
    expect(JSON.stringify(list)).not.toContain('op-secret-for-tests');
  });

  it('creates the account on first login after consent, proves the fiscal code, shows assigned practices', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await loginCode('mario', challenge);
    const first = await exchange({ code, verifier });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      outcome: 'consent_required',
      identity: {
        fiscalCode: 'RSSMRA85T10A562S',
        firstName: 'Mario',
        lastName: 'Rossi',
        email: 'mario.spid@example.it',
      },
      privacyVersion: '2026-01',
    });
    const done = await exchange({ code, verifier, privacyVersion: '2026-01' });
    expect(done.status).toBe(200);
    const body = (await done.json()) as {
      outcome: string;
      session: { token: string; account: { provenFiscalCodes: { code: string; method: string }[] } };
    };
    expect(body.outcome).toBe('session');
    expect(body.session.account.provenFiscalCodes).toMatchObject([
      { code: 'RSSMRA85T10A562S', method: 'spid' },
    ]);
    const auth = { authorization: `Bearer ${body.session.token}` };
    const practices = (await (
      await h.request(`${base}/me/practices?origin=assigned`, { headers: auth })
    ).json()) as {
      total: number;
    };
    expect(practices.total).toBe(1);
    // The code is spent: a second exchange is refused.
    expect((await exchange({ code, verifier, privacyVersion: '2026-01' })).status).toBe(410);

    // The next login goes straight to a session of the same account, no consent asked again.
    const again = pkcePair();
    const next = (await (
      await exchange({ code: await loginCode('mario', again.challenge), verifier: again.verifier })
    ).json()) as {
      outcome: string;
      session: { account: { id: string }; token: string };
    };
    expect(next.outcome).toBe('session');
    expect((await (await h.request(`${base}/me`, { headers: auth })).json()) as { id: string }).toMatchObject(
      {
        id: next.session.account.id,
      },
    );
    // Logging out ends the portal session.
    const out = await h.request(`${base}/sessions/current`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${next.session.token}` },
    });
    expect(out.status).toBe(200);
    expect(
      (await h.request(`${base}/me`, { headers: { authorization: `Bearer ${next.session.token}` } })).status,
    ).toBe(401);
  });

  it('refuses a code without the verifier that started the flow, or with a consent to an old text', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await loginCode('anna', challenge);
    expect((await exchange({ code, verifier: pkcePair().verifier })).status).toBe(410);
    const old = await exchange({ code, verifier, privacyVersion: '2020-01' });
    expect(old.status).toBe(422);
    // The right verifier still works until the code expires.
    expect(((await (await exchange({ code, verifier })).json()) as { outcome: string }).outcome).toBe(
      'consent_required',
    );
  });

  it('links a portal account with the same fiscal code only with its password, never silently', async () => {
    const password = 'Tramonto-sul-Tevere-42';
    await h.deps.db
      .insertInto('accounts')
      .values({
        id: crypto.randomUUID(),
        entity_code: ENTE,
        status: 'active',
        username: 'luca.verdi',
        email: 'luca@example.it',
        email_normalized: 'luca@example.it',
        fiscal_code: 'VRDLCU80A01H501G',
        subject_kind: 'person',
        first_name: 'Luca',
        last_name: 'Verdi',
        company_name: null,
        address: 'Via Roma 1',
        country: 'IT',
        city: 'Roma',
        province: 'RM',
        postal_code: '00100',
        phone: '+39 06 1',
        lang: 'it',
        password_hash: await (await import('../../accounts/crypto.js')).hashPassword(password),
        privacy_version: '2026-01',
        privacy_accepted_at: new Date().toISOString(),
        created_at: new Date().toISOString(),
        activated_at: new Date().toISOString(),
        closed_at: null,
        updated_at: new Date().toISOString(),
      })
      .execute();
    const luca = {
      id: 'luca',
      given_name: 'Luca',
      family_name: 'Verdi',
      fiscal_number: 'TINIT-VRDLCU80A01H501G',
    };
    const op2 = await startTestProvider({
      clients: [{ client_id: 'pagatore', client_secret: 's2', redirect_uris: [redirectUri] }],
      identities: [luca],
    });
    try {
      await admin('PUT', '/api/v1/admin/identity-providers/cie-test', {
        kind: 'cie',
        name: 'CIE di prova',
        issuer: op2.issuer,
        clientId: 'pagatore',
        clientSecret: 's2',
      });
      const saved = op;
      op = op2;
      const { verifier, challenge } = pkcePair();
      const res = await callback(await loginAtProvider('luca', challenge, 'cie-test'));
      op = saved;
      const code = /#pagatore-identity=([a-z0-9]+)/.exec(res.headers.get('location') ?? '')?.[1] as string;
      const asked = (await (await exchange({ code, verifier, privacyVersion: '2026-01' })).json()) as {
        outcome: string;
      };
      expect(asked.outcome).toBe('link_required');
      const wrong = await exchange(
        { code, verifier, link: { username: 'luca.verdi', password: 'wrong-password-1' } },
        '10.9.0.2',
      );
      expect(wrong.status).toBe(401);
      const ok = (await (
        await exchange({ code, verifier, link: { username: 'luca.verdi', password } }, '10.9.0.3')
      ).json()) as {
        outcome: string;
        session: { account: { username: string; provenFiscalCodes: { method: string }[] } };
      };
      expect(ok.outcome).toBe('session');
      expect(ok.session.account.username).toBe('luca.verdi');
      expect(ok.session.account.provenFiscalCodes).toMatchObject([{ method: 'cie' }]);
    } finally {
      await op2.close();
      await admin('DELETE', '/api/v1/admin/identity-providers/cie-test');
    }
  });

  it('refuses an unknown provider and a return page off the entity origins with a clear page', async () => {
    const { challenge } = pkcePair();
    const unknown = await h.request(
      `${base}/identity-providers/nope/login?returnUrl=${encodeURIComponent(returnUrl)}&challenge=${challenge}`,
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('data-reason="unknown_provider"');
    const elsewhere = await h.request(
      `${base}/identity-providers/spid-test/login?returnUrl=${encodeURIComponent('https://evil.example/')}&challenge=${challenge}`,
    );
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('data-reason="bad_return_url"');
  });

  it('refuses a replayed callback and a made-up state', async () => {
    const { challenge } = pkcePair();
    const back = await loginAtProvider('anna', challenge);
    expect((await callback(back)).status).toBe(302);
    const replay = await callback(back);
    expect(replay.status).toBe(400);
    const page = await replay.text();
    expect(page).toContain('data-reason="replayed"');
    expect(page).toContain(returnUrl);
    const madeUp = await h.request(`${base}/identity/callback?code=abc&state=made-up`);
    expect(madeUp.status).toBe(400);
    expect(await madeUp.text()).toContain('data-reason="unknown_state"');
  });

  it('refuses an ID token for another audience, or with another nonce', async () => {
    for (const change of [
      (p: Record<string, unknown>) => ({ ...p, aud: 'someone-else' }),
      (p: Record<string, unknown>) => ({ ...p, nonce: 'not-the-nonce' }),
    ]) {
      const { challenge } = pkcePair();
      const back = await loginAtProvider('anna', challenge);
      op.tamper(change);
      const res = await callback(back);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('data-reason="invalid_answer"');
    }
  });

  it('refuses a callback after the flow expired', async () => {
    const { challenge } = pkcePair();
    const back = await loginAtProvider('anna', challenge);
    h.setNow(new Date(Date.now() + 11 * 60 * 1000));
    try {
      const res = await callback(back);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('data-reason="expired"');
    } finally {
      h.setNow(new Date());
    }
  });

  it('refuses an identity without a fiscal number', async () => {
    const { challenge } = pkcePair();
    const res = await callback(await loginAtProvider('nocode', challenge));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('data-reason="no_fiscal_code"');
  });
});
