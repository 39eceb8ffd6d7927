/**
 * The rest of digital-identity login against a real OpenID Connect provider on 127.0.0.1 and a real
 * SMTP server: "Esci" ends the provider's session too where it has an `end_session_endpoint` (the
 * ID token never reaches the widget, the state is single use) and says so where it has none;
 * linking a portal account by a link mailed to its address (outbox, citizen's language, single use,
 * expiring, never before the link is followed); an entity that turned its own registration off.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../accounts/crypto.js';
import { parseArgs } from '../../cli/args.js';
import { entityCommand } from '../../cli/commands/entity.js';
import { sendDueMails } from '../../events/mail-outbox.js';
import { mailIdentityLink } from '../../identity/link-mail.js';
import { as, position, testKey } from '../../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { CookieBrowser, startTestProvider, type TestProvider } from '../../../test/support/oidc-provider.js';
import { type Inbox, startInbox } from '../../../test/support/smtp-inbox.js';

const ENTE = TEST_ENTITY.code;
const base = `/api/v1/entities/${ENTE}`;
const PASSWORD = 'Tramonto-sul-Tevere-42';

const ANNA = {
  id: 'anna',
  given_name: 'Anna',
  family_name: 'Bianchi',
  fiscal_number: 'TINIT-BNCNNA80A41H501R',
};
const LUCA = {
  id: 'luca',
  given_name: 'Luca',
  family_name: 'Verdi',
  fiscal_number: 'TINIT-VRDLCU80A01H501G',
};

let h: Harness;
let inbox: Inbox;
let op: TestProvider;
let opNoLogout: TestProvider;
let admin: ReturnType<typeof as>;
let returnUrl: string;
let redirectUri: string;
let afterLogout: string;

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A whole login at a provider as a browser does it; answers the one-time code and the browser. */
async function login(provider: string, issuer: string, identity: string) {
  const { verifier, challenge } = pkcePair();
  const start = await h.request(
    `${base}/identity-providers/${provider}/login?returnUrl=${encodeURIComponent(returnUrl)}&challenge=${challenge}`,
  );
  expect(start.status).toBe(302);
  const browser = new CookieBrowser();
  const atLogin = await browser.follow(start.headers.get('location') ?? '', () => false);
  if (!(atLogin instanceof Response)) throw new Error('expected the login page');
  const uid = /\/interaction\/([^/"]+)/.exec(atLogin.url)?.[1];
  const back = await browser.follow(
    `${issuer}/interaction/${uid}/login`,
    (u) => u.href.startsWith(redirectUri),
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `identity=${identity}`,
    },
  );
  if (!(back instanceof URL)) throw new Error(`provider answered ${back.status}`);
  const res = await h.request(`${back.pathname}${back.search}`);
  expect(res.status).toBe(302);
  const code = /#pagatore-identity=([a-z0-9]+)$/.exec(res.headers.get('location') ?? '')?.[1] as string;
  return { code, verifier, browser };
}

const exchange = (body: Record<string, unknown>, lang = 'it') =>
  h.json('POST', `${base}/identity-exchanges`, body, { 'accept-language': lang });

async function session(body: Record<string, unknown>): Promise<string> {
  const r = (await (await exchange(body)).json()) as { outcome: string; session: { token: string } };
  expect(r.outcome).toBe('session');
  return r.session.token;
}

const logout = (token: string, back?: string) =>
  h.request(`${base}/sessions/current${back ? `?returnUrl=${encodeURIComponent(back)}` : ''}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
  });

async function addPortalAccount(fiscalCode: string, username: string, email: string, lang = 'it') {
  const now = new Date().toISOString();
  await h.deps.db
    .insertInto('accounts')
    .values({
      id: crypto.randomUUID(),
      entity_code: ENTE,
      status: 'active',
      username,
      email,
      email_normalized: email,
      fiscal_code: fiscalCode,
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
      lang,
      password_hash: await hashPassword(PASSWORD),
      privacy_version: '2026-01',
      privacy_accepted_at: now,
      created_at: now,
      activated_at: now,
      closed_at: null,
      updated_at: now,
    })
    .execute();
}

const sendMails = () => sendDueMails(h.deps, { identity_link: (id) => mailIdentityLink(h.deps, id) });

beforeAll(async () => {
  inbox = await startInbox();
  h = await createHarness({ config: { smtpUrl: inbox.url } });
  redirectUri = `${h.deps.config.publicUrl}${base}/identity/callback`;
  afterLogout = `${h.deps.config.publicUrl}${base}/identity/logout/callback`;
  returnUrl = `${h.deps.config.siteUrl}/pagamenti.html`;
  const client = {
    client_id: 'pagatore',
    client_secret: 'op-secret',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [afterLogout],
  };
  op = await startTestProvider({ clients: [client], identities: [ANNA, LUCA] });
  opNoLogout = await startTestProvider({ clients: [client], identities: [ANNA], endSession: false });
  admin = as(h, await testKey(h));
  for (const [code, kind, issuer] of [
    ['spid-test', 'spid', op.issuer],
    ['cie-test', 'cie', opNoLogout.issuer],
  ] as const) {
    const put = await admin('PUT', `/api/v1/admin/identity-providers/${code}`, {
      kind,
      name: kind === 'spid' ? 'SPID di prova' : 'CIE di prova',
      issuer,
      clientId: 'pagatore',
      clientSecret: 'op-secret',
      scopes: 'openid profile email',
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ postLogoutRedirectUri: afterLogout });
  }
  expect((await admin('POST', '/api/v1/admin/positions', position('REST-1'))).status).toBe(201);
});

afterAll(async () => {
  await op?.close();
  await opNoLogout?.close();
  await h?.close();
  await inbox?.close();
});

describe('"Esci" from a digital-identity session', () => {
  it("ends the portal session and sends the browser to the provider's end_session, back to the page", async () => {
    const first = await login('spid-test', op.issuer, 'anna');
    const token = await session({ code: first.code, verifier: first.verifier, privacyVersion: '2026-01' });
    const res = await logout(token, `${returnUrl}#/pratiche`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as { identity: unknown; providerLogoutUrl: string };
    expect(body.identity).toEqual({ kind: 'spid', name: 'SPID di prova' });
    // The widget gets a page of the API: the ID token stays on the server.
    const start = new URL(body.providerLogoutUrl);
    expect(start.origin + start.pathname).toBe(`${h.deps.config.publicUrl}${base}/identity/logout`);
    expect(text).not.toMatch(/eyJ/);
    expect((await h.request(`${base}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      401,
    );

    // The API page sends the browser to the provider with the ID token as hint.
    const toProvider = await h.request(`${start.pathname}${start.search}`);
    expect(toProvider.status).toBe(302);
    const endSession = new URL(toProvider.headers.get('location') ?? '');
    expect(endSession.origin).toBe(op.issuer);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(afterLogout);
    const state = endSession.searchParams.get('state');
    expect(state).toBe(start.searchParams.get('state'));

    // The provider asks, the citizen confirms, the provider comes back with the state.
    const confirm = await first.browser.follow(endSession.href, () => false);
    if (!(confirm instanceof Response)) throw new Error('expected the logout page');
    const page = await confirm.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const back = await first.browser.follow(
      new URL(action.replace(/&amp;/g, '&'), op.issuer).href,
      (u) => u.href.startsWith(afterLogout),
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `xsrf=${xsrf}&logout=yes`,
      },
    );
    if (!(back instanceof URL)) throw new Error(`provider answered ${back.status}: ${await back.text()}`);
    expect(back.searchParams.get('state')).toBe(state);
    const home = await h.request(`${back.pathname}${back.search}`);
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe(`${returnUrl}#pagatore-logout=provider`);

    // The provider's session is over: a new login asks for the identity again.
    const { challenge } = pkcePair();
    const again = await h.request(
      `${base}/identity-providers/spid-test/login?returnUrl=${encodeURIComponent(returnUrl)}&challenge=${challenge}`,
    );
    const atProvider = await first.browser.follow(again.headers.get('location') ?? '', () => false);
    expect(atProvider instanceof Response && atProvider.url).toMatch(/\/interaction\//);

    // The state works once; a made-up one is refused with a page saying the portal session is over.
    const replay = await h.request(`${back.pathname}${back.search}`);
    expect(replay.status).toBe(400);
    const replayPage = await replay.text();
    expect(replayPage).toContain('data-reason="replayed"');
    expect(replayPage).toContain('Sei uscito dal portale');
    const madeUp = await h.request(`${base}/identity/logout/callback?state=made-up`);
    expect(await madeUp.text()).toContain('data-reason="unknown_state"');
    expect((await h.request(`${base}/identity/logout?state=made-up`)).status).toBe(400);
  });

  it('ends only the portal session with a provider without end_session, and says which provider', async () => {
    const { code, verifier } = await login('cie-test', opNoLogout.issuer, 'anna');
    const token = await session({ code, verifier });
    const res = await logout(token, returnUrl);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      identity: { kind: 'cie', name: 'CIE di prova' },
      providerLogoutUrl: null,
    });
    expect((await h.request(`${base}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      401,
    );
  });

  it('a return page off the allowed origins gets no provider logout; a password session gets none', async () => {
    const { code, verifier } = await login('spid-test', op.issuer, 'anna');
    const token = await session({ code, verifier });
    expect(await (await logout(token, 'https://evil.example/')).json()).toEqual({
      identity: { kind: 'spid', name: 'SPID di prova' },
      providerLogoutUrl: null,
    });
    await addPortalAccount('RSSMRA85T10A562S', 'mario.pwd', 'mario.pwd@example.it');
    const s = (await (
      await h.json('POST', `${base}/sessions`, { username: 'mario.pwd', password: PASSWORD })
    ).json()) as { token: string };
    expect(await (await logout(s.token, returnUrl)).json()).toEqual({
      identity: null,
      providerLogoutUrl: null,
    });
  });
});

describe('linking a portal account by a mailed link', () => {
  it('mails a single-use link in the citizen language; following it links and logs in; never before', async () => {
    await addPortalAccount('VRDLCU80A01H501G', 'luca.verdi', 'luca@example.it', 'it');
    const { code, verifier } = await login('spid-test', op.issuer, 'luca');
    const asked = (await (await exchange({ code, verifier })).json()) as Record<string, unknown>;
    expect(asked).toMatchObject({ outcome: 'link_required', canLinkByEmail: true });

    const sent = await exchange({ code, verifier, linkByEmail: true }, 'en');
    expect(sent.status).toBe(200);
    expect(await sent.json()).toEqual({
      outcome: 'link_mail_sent',
      email: 'l***@example.it',
      expiresInMinutes: 30,
    });
    // Nothing is linked yet: the identity still asks to link.
    const pending = await login('spid-test', op.issuer, 'luca');
    expect(
      (
        (await (await exchange({ code: pending.code, verifier: pending.verifier })).json()) as {
          outcome: string;
        }
      ).outcome,
    ).toBe('link_required');

    // The outbox sends it through SMTP, in the language the citizen used (English).
    expect(await sendMails()).toEqual({ attempted: 1, sent: 1 });
    const mail = await inbox.next('luca@example.it', /Link your digital identity/);
    expect(mail.text).toContain('SPID di prova');
    expect(mail.text).toContain('VRDLCU80A01H501G');
    const link = /(http\S+#pagatore-identity-link=([A-Za-z0-9]+))/.exec(mail.text ?? '');
    expect(link?.[1]).toMatch(new RegExp(`^${returnUrl}#`));
    const token = link?.[2] as string;

    const done = await h.json('POST', `${base}/identity-links/confirmation`, { token });
    expect(done.status).toBe(200);
    const body = (await done.json()) as {
      token: string;
      account: { username: string; provenFiscalCodes: { code: string; method: string }[] };
    };
    expect(body.account.username).toBe('luca.verdi');
    expect(body.account.provenFiscalCodes).toMatchObject([{ code: 'VRDLCU80A01H501G', method: 'spid' }]);
    // Single use.
    expect((await h.json('POST', `${base}/identity-links/confirmation`, { token })).status).toBe(410);
    // From now on the identity logs in to that account at once.
    const next = await login('spid-test', op.issuer, 'luca');
    const r = (await (await exchange({ code: next.code, verifier: next.verifier })).json()) as {
      outcome: string;
      session: { account: { username: string } };
    };
    expect(r.outcome).toBe('session');
    expect(r.session.account.username).toBe('luca.verdi');
  });

  it('refuses an expired link, a made-up one and one of another entity', async () => {
    await addPortalAccount('BNCNNA80A41H501R', 'anna.b', 'anna.b@example.it');
    const now = new Date().toISOString();
    const row = await h.deps.db
      .insertInto('identity_link_mails')
      .values({
        entity_code: ENTE,
        account_id: (
          await h.deps.db
            .selectFrom('accounts')
            .select('id')
            .where('username', '=', 'anna.b')
            .executeTakeFirstOrThrow()
        ).id,
        fiscal_code: 'BNCNNA80A41H501R',
        provider_code: 'spid-test',
        kind: 'spid',
        return_url: returnUrl,
        lang: 'it',
        token_hash: null,
        created_at: now,
        expires_at: new Date(Date.now() + 30 * 60_000).toISOString(),
        used_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await mailIdentityLink(h.deps, row.id);
    const mail = await inbox.next('anna.b@example.it', /Collega la tua identità digitale/);
    const token = /#pagatore-identity-link=([A-Za-z0-9]+)/.exec(mail.text ?? '')?.[1] as string;
    h.setNow(new Date(Date.now() + 31 * 60_000));
    try {
      expect((await h.json('POST', `${base}/identity-links/confirmation`, { token })).status).toBe(410);
    } finally {
      h.setNow(new Date());
    }
    expect(
      (await h.json('POST', `${base}/identity-links/confirmation`, { token: 'a'.repeat(32) })).status,
    ).toBe(410);
    expect(
      (await h.json('POST', `/api/v1/entities/80012345676/identity-links/confirmation`, { token })).status,
    ).not.toBe(200);
    expect((await h.json('POST', `${base}/identity-links/confirmation`, { token: 'bad token' })).status).toBe(
      422,
    );
  });
});

describe('an entity without its own registration', () => {
  it('the CLI turns it off and on', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = h.deps.config.databaseUrl;
    const own = async () =>
      (
        await h.deps.db
          .selectFrom('entities')
          .select('own_registration')
          .where('code', '=', ENTE)
          .executeTakeFirstOrThrow()
      ).own_registration;
    try {
      expect(await entityCommand(parseArgs(['update', ENTE, '--own-registration', 'no']))).toBe(0);
      expect(await own()).toBe(0);
      expect(await entityCommand(parseArgs(['update', ENTE, '--own-registration', 'yes']))).toBe(0);
      expect(await own()).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });

  it('refuses the register API with a stable code; SPID still creates the account', async () => {
    const patch = await admin('PATCH', '/api/v1/admin/entity', { ownRegistration: false });
    expect(patch.status).toBe(200);
    try {
      const pub = (await (await h.request(`/api/v1/entities/${ENTE}`)).json()) as {
        ownRegistration: boolean;
      };
      expect(pub.ownRegistration).toBe(false);
      const reg = await h.json('POST', `${base}/accounts`, {
        fiscalCode: 'RSSGNN80A01H501N',
        subjectKind: 'person',
        firstName: 'Giovanni',
        lastName: 'Rossi',
        address: 'Via Roma 1',
        country: 'IT',
        city: 'Roma',
        province: 'RM',
        postalCode: '00100',
        email: 'giovanni@example.it',
        phone: '+39 06 1234567',
        username: 'giovanni.rossi',
        password: 'Una-password-lunga-2026',
        privacyConsent: true,
        privacyVersion: '2026-01',
      });
      expect(reg.status).toBe(403);
      expect(((await reg.json()) as { error: { code: string } }).error.code).toBe('registration_disabled');
      expect(
        await h.deps.db
          .selectFrom('accounts')
          .select('id')
          .where('username', '=', 'giovanni.rossi')
          .execute(),
      ).toEqual([]);

      const fresh = {
        id: 'nuovo',
        given_name: 'Nuovo',
        family_name: 'Cittadino',
        fiscal_number: 'TINIT-CTTNVO80A01H501L',
      };
      const op3 = await startTestProvider({
        clients: [{ client_id: 'pagatore', client_secret: 'op-secret', redirect_uris: [redirectUri] }],
        identities: [fresh],
      });
      try {
        await admin('PUT', '/api/v1/admin/identity-providers/spid-new', {
          kind: 'spid',
          name: 'SPID nuovo',
          issuer: op3.issuer,
          clientId: 'pagatore',
          clientSecret: 'op-secret',
        });
        const { code, verifier } = await login('spid-new', op3.issuer, 'nuovo');
        expect(((await (await exchange({ code, verifier })).json()) as { outcome: string }).outcome).toBe(
          'consent_required',
        );
        await session({ code, verifier, privacyVersion: '2026-01' });
      } finally {
        await op3.close();
        await admin('DELETE', '/api/v1/admin/identity-providers/spid-new');
      }
    } finally {
      await admin('PATCH', '/api/v1/admin/entity', { ownRegistration: true });
    }
    expect(
      ((await (await h.request(`/api/v1/entities/${ENTE}`)).json()) as { ownRegistration: boolean })
        .ownRegistration,
    ).toBe(true);
  });
});
