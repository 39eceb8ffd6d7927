/**
 * Staff login through the entity's OpenID Connect provider, against the test provider on 127.0.0.1
 * (the one the identity tests use): state, nonce and PKCE as the citizens' login; only a verified
 * e-mail of an existing staff member with a role on the entity opens a session; nobody is created;
 * a state is good once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, testKey } from '../../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { CookieBrowser, startTestProvider, type TestProvider } from '../../../test/support/oidc-provider.js';
import { cookieOf, ORIGIN, staffMember } from '../../../test/support/staff.js';
import { consoleCookie } from '../../http/auth/staff.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const A = TEST_ENTITY.code;

describe('staff login through the entity’s OpenID Connect provider', () => {
  let h: Harness;
  let op: TestProvider;
  let redirectUri: string;

  /** Starts a login from the console, logs in at the provider as `identity`, answers our callback's answer. */
  async function viaProvider(identity: string): Promise<{ res: Response; callback: URL }> {
    const start = await h.json('POST', '/api/v1/console/oidc-logins', { entity: A }, { origin: ORIGIN });
    expect(start.status).toBe(200);
    const { url } = (await start.json()) as { url: string };
    const auth = new URL(url);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('state')).toBeTruthy();
    expect(auth.searchParams.get('nonce')).toBeTruthy();
    expect(auth.searchParams.get('redirect_uri')).toBe(redirectUri);
    const browser = new CookieBrowser();
    const atLogin = await browser.follow(url, () => false);
    if (!(atLogin instanceof Response)) throw new Error('expected the login page');
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
    if (!(back instanceof URL)) throw new Error(`provider answered ${back.status}`);
    return { res: await h.request(`${back.pathname}${back.search}`), callback: back };
  }

  beforeAll(async () => {
    h = await createHarness();
    redirectUri = `${h.deps.config.publicUrl}/api/v1/console/oidc-callback`;
    op = await startTestProvider({
      clients: [{ client_id: 'console', client_secret: 'op-secret-for-tests', redirect_uris: [redirectUri] }],
      identities: [
        {
          id: 'anna',
          given_name: 'Anna',
          family_name: 'Bianchi',
          email: 'Anna@Comune.example.it',
          email_verified: true,
        },
        {
          id: 'unverified',
          given_name: 'Ugo',
          family_name: 'Neri',
          email: 'ugo@comune.example.it',
          email_verified: false,
        },
        {
          id: 'stranger',
          given_name: 'Sara',
          family_name: 'Blu',
          email: 'sara@altrove.example.it',
          email_verified: true,
        },
      ],
    });
    const admin = as(h, await testKey(h));
    const put = await admin('PUT', '/api/v1/admin/identity-providers/personale', {
      kind: 'spid',
      name: 'Accesso del personale',
      issuer: op.issuer,
      clientId: 'console',
      clientSecret: 'op-secret-for-tests',
      scopes: 'openid profile email',
    });
    expect(put.status).toBe(200);
    await staffMember(h, 'anna@comune.example.it', A, 'admin');
    await staffMember(h, 'ugo@comune.example.it', A, 'viewer');
  });
  afterAll(async () => {
    await op?.close();
    await h?.close();
  });

  it('offers nothing until the entity names its staff provider; then lists it', async () => {
    const none = (await (await h.request('/api/v1/console/oidc-providers')).json()) as Json;
    expect(none.items).toEqual([]);
    const refused = await h.json('POST', '/api/v1/console/oidc-logins', { entity: A }, { origin: ORIGIN });
    expect(refused.status).toBe(404);
    const admin = as(h, await testKey(h));
    const set = await admin('PATCH', '/api/v1/admin/entity', { staffLoginProvider: 'personale' });
    expect(set.status).toBe(200);
    expect(((await set.json()) as Json).staffLoginProvider).toBe('personale');
    const listed = (await (await h.request('/api/v1/console/oidc-providers')).json()) as Json;
    expect(listed.items).toEqual([
      { entity: A, entityName: TEST_ENTITY.name, provider: 'Accesso del personale' },
    ]);
  });

  it('a verified e-mail of a staff member opens a console session; the state is good once', async () => {
    const { res, callback } = await viaProvider('anna');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^${consoleCookie(h.deps.config).name}=`));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const me = await h.request('/api/v1/console/session', { headers: { cookie: cookieOf(res) } });
    expect(me.status).toBe(200);
    const session = (await me.json()) as Json;
    expect(session.staff.email).toBe('anna@comune.example.it');
    expect(session.grants).toEqual([{ entity: A, entityName: TEST_ENTITY.name, role: 'admin' }]);
    // The same callback again: refused, no session.
    const again = await h.request(`${callback.pathname}${callback.search}`);
    expect(again.headers.get('location')).toBe('/console?login=refused');
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('refuses an unverified e-mail and one of nobody on the staff, creating no one', async () => {
    const before = await h.deps.db.selectFrom('staff_users').select('id').execute();
    for (const who of ['unverified', 'stranger']) {
      const { res } = await viaProvider(who);
      expect(res.status, who).toBe(303);
      expect(res.headers.get('location')).toBe('/console?login=refused');
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(await h.deps.db.selectFrom('staff_users').select('id').execute()).toHaveLength(before.length);
  });

  it('bad input: a state never issued, a start from another origin, a malformed entity', async () => {
    const forged = await h.request('/api/v1/console/oidc-callback?code=x&state=never-issued');
    expect(forged.headers.get('location')).toBe('/console?login=refused');
    const cross = await h.json(
      'POST',
      '/api/v1/console/oidc-logins',
      { entity: A },
      { origin: 'https://evil.example' },
    );
    expect(cross.status).toBe(403);
    const bad = await h.json('POST', '/api/v1/console/oidc-logins', { entity: 'nope' }, { origin: ORIGIN });
    expect(bad.status).toBe(422);
    const bogus = await h.json(
      'PATCH',
      '/api/v1/admin/entity',
      { staffLoginProvider: 'Not A Code!' },
      {
        authorization: `Bearer ${await testKey(h)}`,
      },
    );
    expect(bogus.status).toBe(422);
  });
});
