import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFiscalCodeProven, markFiscalCodeProven } from '../../accounts/fiscal-codes.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { linkToken, startInbox, type Inbox } from '../../../test/support/smtp-inbox.js';

const ENTE = TEST_ENTITY.code;
const base = `/api/v1/entities/${ENTE}`;
const PASSWORD = 'Tramonto-sul-Tevere-42';

let ipCounter = 0;
/** Each call looks like a different client, so the per-address limits stay out of the way. */
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

function person(over: Record<string, unknown> = {}) {
  return {
    fiscalCode: 'RSSMRA85T10A562S',
    subjectKind: 'person',
    firstName: 'Mario',
    lastName: 'Rossi',
    address: 'Via Roma 1',
    country: 'IT',
    city: 'Roma',
    province: 'rm',
    postalCode: '00100',
    email: 'mario.rossi@example.it',
    phone: '+39 06 1234567',
    username: 'mario.rossi',
    password: PASSWORD,
    privacyConsent: true,
    privacyVersion: '2026-01',
    ...over,
  };
}

function company(over: Record<string, unknown> = {}) {
  const { firstName: _f, lastName: _l, ...rest } = person();
  return {
    ...rest,
    fiscalCode: '12345670488',
    subjectKind: 'legal',
    companyName: 'Esempio S.r.l.',
    email: 'amministrazione@esempio-srl.it',
    username: 'esempio.srl',
    ...over,
  };
}

describe('citizen accounts over HTTP with a real SMTP server', () => {
  let h: Harness;
  let inbox: Inbox;
  const statuses: number[] = [];
  const cookies: string[] = [];

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await h.json(method, `${base}${path}`, body, { 'x-forwarded-for': freshIp(), ...headers });
    statuses.push(res.status);
    const cookie = res.headers.get('set-cookie');
    if (cookie) cookies.push(cookie);
    return res;
  }

  async function registerAndActivate(body: Record<string, unknown>): Promise<string> {
    expect((await call('POST', '/accounts', body)).status).toBe(202);
    const mail = await inbox.next(String(body.email), /Attiva|Activate|aktivieren/);
    const { token } = linkToken(mail, 'activate');
    expect((await call('POST', '/accounts/activation', { token })).status).toBe(200);
    return token;
  }

  async function loginAs(username: string, password = PASSWORD, ip?: string): Promise<string> {
    const res = await call('POST', '/sessions', { username, password }, ip ? { 'x-forwarded-for': ip } : {});
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    inbox = await startInbox();
    h = await createHarness({ config: { smtpUrl: inbox.url, trustProxy: true } });
  });
  afterAll(async () => {
    await h.close();
    await inbox.close();
    // Never a 5xx, never a cookie, in the whole suite.
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(cookies).toEqual([]);
  });

  it('registers, mails the activation link to the portal page, activates once, then logs in', async () => {
    const res = await call('POST', '/accounts', person());
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: true });

    const mail = await inbox.next('mario.rossi@example.it');
    expect(mail.subject).toBe('Attiva il tuo account – Comune di Esempio');
    expect(mail.html).toContain('Comune di Esempio');
    expect(mail.html).toContain('logo-comune-esempio.svg');
    expect(mail.text).toContain('mario.rossi');
    // The name with its article ("il Comune"): "del Comune di Esempio", never "di Comune di Esempio".
    expect(mail.text).toContain('portale pagamenti del Comune di Esempio');
    expect(mail.text).not.toContain('di Comune di Esempio');
    const { url, token } = linkToken(mail, 'activate');
    expect(url.startsWith(`${h.deps.config.siteUrl}/pagamenti.html#pagatore-activate=`)).toBe(true);

    // No login before activation.
    const early = await call('POST', '/sessions', { username: 'mario.rossi', password: PASSWORD });
    expect(early.status).toBe(401);
    expect(await early.json()).toMatchObject({ error: { code: 'invalid_credentials' } });

    const act = await call('POST', '/accounts/activation', { token });
    expect(act.status).toBe(200);
    expect(await act.json()).toEqual({ username: 'mario.rossi' });
    const again = await call('POST', '/accounts/activation', { token });
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ error: { code: 'token_invalid' } });

    const login = await call('POST', '/sessions', { username: 'Mario.Rossi', password: PASSWORD });
    expect(login.status).toBe(201);
    const session = (await login.json()) as {
      token: string;
      expiresAt: string;
      account: { fiscalCode: string };
    };
    expect(session.token).toMatch(/^[a-z2-7]{32}\.[a-z2-7]{32}$/);
    expect(session.account).toMatchObject({
      fiscalCode: 'RSSMRA85T10A562S',
      province: 'RM',
      firstName: 'Mario',
    });

    const me = await call('GET', '/me', undefined, bearer(session.token));
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'mario.rossi', email: 'mario.rossi@example.it' });

    // The e-mail works as a login name too.
    await loginAs('MARIO.ROSSI@example.it');

    // Only hashes are stored.
    const row = await h.deps.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(session.token).not.toContain(row.secret_hash);
    const acc = await h.deps.db.selectFrom('accounts').select('password_hash').executeTakeFirstOrThrow();
    expect(acc.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('writes the mails in the language asked for', async () => {
    const body = person({
      fiscalCode: 'BSCMTT83A12L719R',
      firstName: 'Matteo',
      lastName: 'Bianchi',
      email: 'matteo@example.it',
      username: 'matteo.b',
      lang: 'en',
    });
    await call('POST', '/accounts', body);
    const mail = await inbox.next('matteo@example.it');
    expect(mail.subject).toBe('Activate your account – Comune di Esempio');
    await call('POST', '/accounts/activation', { token: linkToken(mail, 'activate').token });
    await call('POST', '/username-reminders', { email: 'matteo@example.it', lang: 'de' });
    expect((await inbox.next('matteo@example.it')).subject).toBe('Ihr Benutzername – Comune di Esempio');
  });

  it('registers a company with Ragione sociale, and a sole trader with an 11-digit code as a person', async () => {
    await registerAndActivate(company());
    const token = await loginAs('esempio.srl');
    const me = (await (await call('GET', '/me', undefined, bearer(token))).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ subjectKind: 'legal', companyName: 'Esempio S.r.l.', firstName: null });
    await registerAndActivate(
      person({ fiscalCode: '01199250158', email: 'ditta@example.it', username: 'ditta.individuale' }),
    );
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const count = async () =>
      Number(
        (
          await h.deps.db
            .selectFrom('accounts')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [Record<string, unknown>, string, string][] = [
      [person({ fiscalCode: 'RSSMRA85T10A562T' }), 'fiscalCode', 'invalid_fiscal_code'],
      [person({ fiscalCode: '12345' }), 'fiscalCode', 'invalid_fiscal_code'],
      [person({ companyName: 'Rossi S.p.A.' }), 'companyName', 'not_applicable'],
      [person({ firstName: undefined }), 'firstName', 'required'],
      [company({ firstName: 'Mario' }), 'firstName', 'not_applicable'],
      [company({ companyName: undefined }), 'companyName', 'required'],
      [company({ fiscalCode: 'RSSMRA85T10A562S' }), 'subjectKind', 'subject_mismatch'],
      [person({ privacyConsent: undefined }), 'privacyConsent', 'consent_required'],
      [person({ privacyConsent: false }), 'privacyConsent', 'consent_required'],
      [person({ password: 'corta1' }), 'password', 'too_short'],
      [person({ password: 'Password2024!' }), 'password', 'password_common'],
      [person({ password: 'juventus1897' }), 'password', 'password_common'],
      [person({ password: 'p4ssw0rd!!!!' }), 'password', 'password_common'],
      [person({ password: 'mario.rossi-2026' }), 'password', 'password_personal'],
      [person({ password: 'xxRSSMRA85T10A562Sxx' }), 'password', 'password_personal'],
      [person({ postalCode: '0010' }), 'postalCode', 'invalid_postal_code'],
      [person({ province: 'Roma' }), 'province', 'invalid_province'],
      [person({ province: undefined }), 'province', 'required'],
      [person({ country: 'XX' }), 'country', 'invalid_country'],
      [person({ email: 'not-an-email' }), 'email', 'invalid_email'],
      [person({ username: 'a b' }), 'username', 'invalid_username'],
      [person({ username: 'mario@example.it' }), 'username', 'invalid_username'],
      [person({ phone: 'call me' }), 'phone', 'invalid_phone'],
      [person({ admin: true }), 'admin', 'unknown_field'],
      [person({ privacyVersion: '2025-01' }), 'privacyVersion', 'privacy_outdated'],
      // Values of the wrong type beside a valid password: the password rules never read them.
      [person({ email: 123 }), 'email', 'invalid_type'],
      [person({ firstName: 123 }), 'firstName', 'invalid_type'],
      [person({ lastName: true }), 'lastName', 'invalid_type'],
      [person({ username: ['mario'] }), 'username', 'invalid_type'],
      [person({ fiscalCode: { code: 'RSSMRA85T10A562S' } }), 'fiscalCode', 'invalid_type'],
      [company({ companyName: 42 }), 'companyName', 'invalid_type'],
    ];
    for (const [body, path, code] of cases) {
      const res = await call('POST', '/accounts', body);
      expect(res.status, `${path} ${code}`).toBe(422);
      const err = (await res.json()) as { error: { code: string; fields: { path: string; code: string }[] } };
      expect(err.error.code).toBe('validation_failed');
      expect(err.error.fields, `${path} ${code}`).toContainEqual(expect.objectContaining({ path, code }));
    }
    // Abroad: free-form postal code, no province.
    const abroad = person({
      country: 'DE',
      province: undefined,
      postalCode: 'D-10115',
      city: 'Berlin',
      email: 'abroad@example.de',
      username: 'abroad',
    });
    expect((await call('POST', '/accounts', abroad)).status).toBe(202);
    expect(await count()).toBe(before + 1);
    await inbox.next('abroad@example.de');
  });

  it('answers duplicates the same way and tells the owners by e-mail (no enumeration)', async () => {
    await registerAndActivate(
      person({ email: 'dup@example.it', username: 'dup.owner', fiscalCode: 'RSSMRA85T10A56NH' }),
    );
    const accounts = async () => (await h.deps.db.selectFrom('accounts').select('id').execute()).length;
    const n = await accounts();

    // Same e-mail: same answer; the owner is told, nothing is created.
    const sameEmail = await call(
      'POST',
      '/accounts',
      person({ email: 'DUP@example.it', username: 'someone.else' }),
    );
    expect(sameEmail.status).toBe(202);
    expect(await sameEmail.json()).toEqual({ accepted: true });
    const notice = await inbox.next('dup@example.it', /Tentativo di registrazione/);
    expect(notice.text).toContain('dup.owner');
    expect(notice.text).not.toMatch(/#pagatore-activate=/);
    expect(await accounts()).toBe(n);

    // Same username: same answer; the registrant is told, nothing is created.
    const sameUser = await call(
      'POST',
      '/accounts',
      person({ email: 'new@example.it', username: 'dup.owner' }),
    );
    expect(sameUser.status).toBe(202);
    expect(await sameUser.json()).toEqual({ accepted: true });
    expect((await inbox.next('new@example.it')).subject).toMatch(/Registrazione non completata/);
    expect(await accounts()).toBe(n);

    // Same fiscal code: registering proves an e-mail, not a code, so it never blocks (no squatting).
    const sameCode = await call(
      'POST',
      '/accounts',
      person({ email: 'other@example.it', username: 'other.user' }),
    );
    expect(sameCode.status).toBe(202);
    expect(linkToken(await inbox.next('other@example.it'), 'activate').token).toBeTruthy();
  });

  it('rejects bad, expired and reused tokens, and sends a new activation link', async () => {
    for (const token of ['nope', 'a'.repeat(32), '']) {
      const res = await call('POST', '/accounts/activation', { token });
      expect([410, 422]).toContain(res.status);
    }
    await call('POST', '/accounts', person({ email: 'late@example.it', username: 'late.user' }));
    const first = linkToken(await inbox.next('late@example.it'), 'activate').token;
    h.setNow(new Date(Date.now() + 47 * 3600_000));
    // Asking again replaces the link.
    expect((await call('POST', '/accounts/activation-requests', { email: 'late@example.it' })).status).toBe(
      202,
    );
    const second = linkToken(await inbox.next('late@example.it'), 'activate').token;
    expect(second).not.toBe(first);
    expect((await call('POST', '/accounts/activation', { token: first })).status).toBe(410);
    h.setNow(new Date(Date.now() + 96 * 3600_000));
    expect((await call('POST', '/accounts/activation', { token: second })).status).toBe(410);
    h.setNow(new Date());
    // Unknown address: same answer, no mail.
    expect((await call('POST', '/accounts/activation-requests', { email: 'nobody@example.it' })).status).toBe(
      202,
    );
  });

  it('resets the password with a single-use, short-lived link and ends every session', async () => {
    await registerAndActivate(person({ email: 'reset@example.it', username: 'reset.user' }));
    const s1 = await loginAs('reset.user');
    const s2 = await loginAs('reset@example.it');

    const unknown = await call('POST', '/password-resets', { login: 'nobody' });
    expect(unknown.status).toBe(202);
    const known = await call('POST', '/password-resets', { login: 'reset.user' });
    expect(known.status).toBe(202);
    expect(await known.json()).toEqual(await unknown.json());
    const mail = await inbox.next('reset@example.it', /Reimposta/);
    const { url, token } = linkToken(mail, 'reset');
    expect(url).toContain('/pagamenti.html#pagatore-reset=');

    // A weak password leaves the link usable.
    const weak = await call('POST', '/password-resets/confirmation', { token, password: 'password123' });
    expect(weak.status).toBe(422);
    expect(await weak.json()).toMatchObject({
      error: { code: 'validation_failed', fields: [{ path: 'password', code: 'password_common' }] },
    });
    const personal = await call('POST', '/password-resets/confirmation', {
      token,
      password: 'reset.user.2026',
    });
    expect(personal.status).toBe(422);
    const ok = await call('POST', '/password-resets/confirmation', {
      token,
      password: 'Nuova-Password-Lunga-7',
    });
    expect(ok.status).toBe(204);
    const reused = await call('POST', '/password-resets/confirmation', {
      token,
      password: 'Altra-Password-Lunga-8',
    });
    expect(reused.status).toBe(410);

    for (const s of [s1, s2]) expect((await call('GET', '/me', undefined, bearer(s))).status).toBe(401);
    expect((await call('POST', '/sessions', { username: 'reset.user', password: PASSWORD })).status).toBe(
      401,
    );
    await loginAs('reset.user', 'Nuova-Password-Lunga-7');

    // Expired link.
    await call('POST', '/password-resets', { login: 'reset@example.it' });
    const late = linkToken(await inbox.next('reset@example.it', /Reimposta/), 'reset').token;
    h.setNow(new Date(Date.now() + 31 * 60_000));
    expect(
      (
        await call('POST', '/password-resets/confirmation', {
          token: late,
          password: 'Terza-Password-Lunga-9',
        })
      ).status,
    ).toBe(410);
    h.setNow(new Date());
  });

  it('answers recovery requests for an account not yet active with a new activation link', async () => {
    await call('POST', '/accounts', person({ email: 'sleepy@example.it', username: 'sleepy' }));
    const first = linkToken(await inbox.next('sleepy@example.it'), 'activate').token;
    expect((await call('POST', '/password-resets', { login: 'sleepy' })).status).toBe(202);
    const second = linkToken(await inbox.next('sleepy@example.it', /Attiva/), 'activate').token;
    expect((await call('POST', '/username-reminders', { email: 'sleepy@example.it' })).status).toBe(202);
    const third = linkToken(await inbox.next('sleepy@example.it', /Attiva/), 'activate').token;
    expect(new Set([first, second, third]).size).toBe(3);
    expect((await call('POST', '/accounts/activation', { token: second })).status).toBe(410);
    expect((await call('POST', '/accounts/activation', { token: third })).status).toBe(200);
  });

  it('reminds the username by e-mail, same answer for unknown addresses', async () => {
    await registerAndActivate(person({ email: 'forgetful@example.it', username: 'smemorato' }));
    const a = await call('POST', '/username-reminders', { email: 'forgetful@example.it' });
    const b = await call('POST', '/username-reminders', { email: 'unknown@example.it' });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    const mail = await inbox.next('forgetful@example.it', /username/i);
    expect(mail.text).toContain('smemorato');
    expect(inbox.to('unknown@example.it')).toEqual([]);
  });

  it('backs off per account and client (429 + Retry-After) without locking the owner out', async () => {
    await registerAndActivate(person({ email: 'target@example.it', username: 'target' }));
    const attacker = '203.0.113.7';
    for (let i = 0; i < 5; i++) {
      const res = await call(
        'POST',
        '/sessions',
        { username: 'target', password: `wrong-${i}` },
        { 'x-forwarded-for': attacker },
      );
      expect(res.status).toBe(401);
    }
    const blocked = await call(
      'POST',
      '/sessions',
      { username: 'target', password: PASSWORD },
      { 'x-forwarded-for': attacker },
    );
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Unknown names back off the same way (no enumeration through 429).
    for (let i = 0; i < 5; i++)
      await call('POST', '/sessions', { username: 'ghost', password: 'x' }, { 'x-forwarded-for': attacker });
    expect(
      (await call('POST', '/sessions', { username: 'ghost', password: 'x' }, { 'x-forwarded-for': attacker }))
        .status,
    ).toBe(429);
    // The owner, elsewhere, logs in.
    await loginAs('target', PASSWORD, '198.51.100.20');
    const audit = await h.deps.db.selectFrom('account_audit').select('event').execute();
    expect(audit.map((a) => a.event)).toEqual(
      expect.arrayContaining(['login_failed', 'login_throttled', 'login']),
    );
  });

  it('limits registrations per client address', async () => {
    const ip = '192.0.2.55';
    let last = 0;
    for (let i = 0; i < 11; i++) {
      const res = await call(
        'POST',
        '/accounts',
        person({ email: `bulk${i}@example.it`, username: `bulk${i}` }),
        {
          'x-forwarded-for': ip,
        },
      );
      last = res.status;
    }
    expect(last).toBe(429);
  });

  it('ends sessions at logout, when idle, at the absolute expiry, and on other entities', async () => {
    await registerAndActivate(person({ email: 'sess@example.it', username: 'sess.user' }));
    const t1 = await loginAs('sess.user');
    expect((await call('DELETE', '/sessions/current', undefined, bearer(t1))).status).toBe(200);
    expect((await call('GET', '/me', undefined, bearer(t1))).status).toBe(401);

    const t2 = await loginAs('sess.user');
    const start = Date.now();
    // Use keeps it alive past the idle timeout...
    for (let m = 20; m <= 100; m += 20) {
      h.setNow(new Date(start + m * 60_000));
      expect((await call('GET', '/me', undefined, bearer(t2))).status).toBe(200);
    }
    // ...idleness ends it.
    h.setNow(new Date(start + 131 * 60_000));
    expect((await call('GET', '/me', undefined, bearer(t2))).status).toBe(401);

    h.setNow(new Date(start));
    const t3 = await loginAs('sess.user');
    for (let m = 25; m < 12 * 60; m += 25) {
      h.setNow(new Date(start + m * 60_000));
      await call('GET', '/me', undefined, bearer(t3));
    }
    h.setNow(new Date(start + 12 * 3600_000 + 1000));
    expect((await call('GET', '/me', undefined, bearer(t3))).status).toBe(401);
    h.setNow(new Date());

    // A session of one entity means nothing on another's routes.
    const now = new Date().toISOString();
    await h.deps.db
      .insertInto('entities')
      .values({
        code: '01199250158',
        name: 'Comune di Milano',
        sector: null,
        info: null,
        logo_url: null,
        aux_digit: 3,
        segregation_code: '02',
        ibans: '[]',
        postal_account_number: null,
        postal_account_holder: null,
        postal_authorization: null,
        cbill_code: null,
        allowed_origins: '[]',
        portal_url: null,
        spontaneous_enabled: 0,
        privacy_text: '',
        privacy_version: '1',
        online_channel: null,
        pagopa_settings: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const t4 = await loginAs('sess.user');
    const foreign = await h.json('GET', '/api/v1/entities/01199250158/me', undefined, bearer(t4));
    expect(foreign.status).toBe(401);
    for (const header of ['', 'Bearer ', 'Bearer x.y', `Basic ${t4}`, `Bearer ${t4}x`])
      expect((await call('GET', '/me', undefined, { authorization: header })).status).toBe(401);
  });

  it('updates the profile and changes the e-mail only once the new address confirms', async () => {
    await registerAndActivate(person({ email: 'old@example.it', username: 'mover' }));
    const token = await loginAs('mover');
    const update = {
      address: 'Corso Italia 10',
      country: 'IT',
      city: 'Milano',
      province: 'mi',
      postalCode: '20122',
      phone: '02 1234567',
      email: 'new-address@example.it',
    };
    const res = await call('PATCH', '/me', update, bearer(token));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      city: 'Milano',
      province: 'MI',
      email: 'old@example.it',
      pendingEmail: 'new-address@example.it',
    });
    expect((await inbox.next('old@example.it', /Cambio di indirizzo/)).text).toContain(
      'new-address@example.it',
    );
    const link = linkToken(await inbox.next('new-address@example.it'), 'email');
    const bad = await call('PATCH', '/me', { ...update, postalCode: '201' }, bearer(token));
    expect(bad.status).toBe(422);
    const confirmed = await call('POST', '/accounts/email-confirmation', { token: link.token });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toEqual({ email: 'new-address@example.it' });
    expect((await call('POST', '/accounts/email-confirmation', { token: link.token })).status).toBe(410);
    await loginAs('new-address@example.it');
  });

  it('changes the password with the current one; the other sessions end', async () => {
    await registerAndActivate(person({ email: 'chg@example.it', username: 'changer' }));
    const keep = await loginAs('changer');
    const other = await loginAs('changer');
    const wrong = await call(
      'PUT',
      '/me/password',
      { currentPassword: 'nope', newPassword: 'Altra-Chiave-Sicura-1' },
      bearer(keep),
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
    // A common password is the server's to refuse: the widgets do not carry the list.
    const common = await call(
      'PUT',
      '/me/password',
      { currentPassword: PASSWORD, newPassword: 'Juventus1897!' },
      bearer(keep),
    );
    expect(common.status).toBe(422);
    expect(await common.json()).toMatchObject({
      error: { code: 'validation_failed', fields: [{ path: 'newPassword', code: 'password_common' }] },
    });
    // The session survived the wrong password (the SDK drops tokens only on `unauthorized`).
    expect((await call('GET', '/me', undefined, bearer(keep))).status).toBe(200);
    const ok = await call(
      'PUT',
      '/me/password',
      { currentPassword: PASSWORD, newPassword: 'Altra-Chiave-Sicura-1' },
      bearer(keep),
    );
    expect(ok.status).toBe(204);
    expect((await call('GET', '/me', undefined, bearer(keep))).status).toBe(200);
    expect((await call('GET', '/me', undefined, bearer(other))).status).toBe(401);
    expect((await inbox.next('chg@example.it', /Password cambiata/)).subject).toBeTruthy();
  });

  it('revokes consent: profile erased, sessions ended, and the same person may register again', async () => {
    const body = person({ email: 'leaving@example.it', username: 'leaving', fiscalCode: 'RSSMRA85T10A562S' });
    await registerAndActivate(body);
    const token = await loginAs('leaving');
    const me = (await (await call('GET', '/me', undefined, bearer(token))).json()) as { id: string };
    await markFiscalCodeProven(h.deps.db, me.id, 'RSSMRA85T10A562S', 'notice', {
      evidence: '301000000000000144',
    });
    const res = await call('DELETE', '/me/consent', undefined, bearer(token));
    expect(res.status).toBe(204);
    expect((await call('GET', '/me', undefined, bearer(token))).status).toBe(401);
    expect((await call('POST', '/sessions', { username: 'leaving', password: PASSWORD })).status).toBe(401);
    const row = await h.deps.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', me.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'closed',
      username: null,
      email: null,
      fiscal_code: null,
      first_name: null,
      phone: null,
      password_hash: null,
    });
    expect(await isFiscalCodeProven(h.deps.db, me.id, 'RSSMRA85T10A562S')).toBe(false);
    const events = await h.deps.db
      .selectFrom('account_audit')
      .select('event')
      .where('account_id', '=', me.id)
      .execute();
    expect(events.map((e) => e.event)).toContain('consent_revoked');
    const closedMail = (await inbox.next('leaving@example.it', /Account chiuso/)).text;
    expect(closedMail).toContain('restano presso il Comune di Esempio');
    expect(closedMail).toContain('portale pagamenti del Comune di Esempio');
    await registerAndActivate(body);
    await loginAs('leaving');
  });

  it('records proven fiscal codes, whatever the omocodia spelling, and shows them in the profile', async () => {
    await registerAndActivate(person({ email: 'proof@example.it', username: 'prover' }));
    const token = await loginAs('prover');
    const me = (await (await call('GET', '/me', undefined, bearer(token))).json()) as {
      id: string;
      provenFiscalCodes: unknown[];
    };
    expect(me.provenFiscalCodes).toEqual([]);
    expect(await isFiscalCodeProven(h.deps.db, me.id, 'RSSMRA85T10A562S')).toBe(false);
    await markFiscalCodeProven(h.deps.db, me.id, 'RSSMRA85T10A56NH', 'notice');
    await markFiscalCodeProven(h.deps.db, me.id, 'RSSMRA85T10A562S', 'spid');
    expect(await isFiscalCodeProven(h.deps.db, me.id, 'rssmra85t10a562s')).toBe(true);
    const after = (await (await call('GET', '/me', undefined, bearer(token))).json()) as {
      provenFiscalCodes: unknown[];
    };
    expect(after.provenFiscalCodes).toEqual([
      { code: 'RSSMRA85T10A562S', method: 'notice', provenAt: expect.any(String) },
    ]);
  });

  it('uses one link once even when two requests race', async () => {
    await call('POST', '/accounts', person({ email: 'race@example.it', username: 'race.user' }));
    const { token } = linkToken(await inbox.next('race@example.it'), 'activate');
    const results = await Promise.all([
      call('POST', '/accounts/activation', { token }),
      call('POST', '/accounts/activation', { token }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
  });

  it('creates one account when two registrations race for a username', async () => {
    const results = await Promise.all([
      call('POST', '/accounts', person({ email: 'twin1@example.it', username: 'twin' })),
      call('POST', '/accounts', person({ email: 'twin2@example.it', username: 'twin' })),
    ]);
    expect(results.map((r) => r.status)).toEqual([202, 202]);
    const rows = await h.deps.db
      .selectFrom('accounts')
      .select('email')
      .where('username', '=', 'twin')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('limits tries of link tokens per client', async () => {
    const ip = '192.0.2.99';
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await call(
        'POST',
        '/accounts/activation',
        { token: `guess${i}`.padEnd(32, 'a') },
        { 'x-forwarded-for': ip },
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30).every((st) => st === 410)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it("refuses to send links to a portal page outside the entity's origins, writing nothing", async () => {
    const now = new Date().toISOString();
    await h.deps.db
      .insertInto('entities')
      .values({
        code: '00085240950',
        name: 'Ente senza portale',
        sector: null,
        info: null,
        logo_url: null,
        aux_digit: 3,
        segregation_code: '03',
        ibans: '[]',
        postal_account_number: null,
        postal_account_holder: null,
        postal_authorization: null,
        cbill_code: null,
        allowed_origins: JSON.stringify(['https://www.ente.example.it']),
        portal_url: 'https://evil.example.com/pagamenti',
        spontaneous_enabled: 0,
        privacy_text: '',
        privacy_version: '1',
        online_channel: null,
        pagopa_settings: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const res = await h.json(
      'POST',
      '/api/v1/entities/00085240950/accounts',
      person({ email: 'x@example.it' }),
      {
        'x-forwarded-for': freshIp(),
      },
    );
    expect(res.status).toBe(503);
    const rows = await h.deps.db
      .selectFrom('accounts')
      .select('id')
      .where('entity_code', '=', '00085240950')
      .execute();
    expect(rows).toEqual([]);
    expect(inbox.to('x@example.it')).toEqual([]);
    expect(h.logger.lines.some((l) => String(l.msg).includes('portal_url'))).toBe(true);
  });

  it('has no dev mailbox when real SMTP is configured', async () => {
    expect((await h.request('/dev/mailbox.json')).status).toBe(404);
  });
});

describe('dev mailbox (demo mode without SMTP)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('keeps the mail the demo sends and shows it as HTML and JSON', async () => {
    const res = await h.json(
      'POST',
      `${base}/accounts`,
      person({ email: 'demo@example.it', username: 'demo.user' }),
    );
    expect(res.status).toBe(202);
    const list = (await (await h.request('/dev/mailbox.json')).json()) as {
      to: string;
      subject: string;
      text: string;
      html: string;
      date: string;
    }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ to: 'demo@example.it', subject: expect.stringMatching(/Attiva/) });
    expect(list[0]?.html).toContain('<!doctype html>');
    const page = await h.request('/dev/mailbox');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Attiva il tuo account');
  });

  it('does not exist in production mode', async () => {
    const prod = await createHarness({
      config: {
        mode: 'production',
        smtpUrl: 'smtp://127.0.0.1:9',
        paymentProvider: 'pagopa',
        publicUrl: 'https://pay.example.it',
      },
    });
    try {
      expect((await prod.request('/dev/mailbox')).status).toBe(404);
      expect((await prod.request('/dev/mailbox.json')).status).toBe(404);
    } finally {
      await prod.close();
    }
  });
});

describe('demo accounts', () => {
  it('seeds activated citizens that log in, idempotently', async () => {
    const h = await createHarness({ seed: false });
    try {
      const { seedDemo } = await import('../../demo/seed-all.js');
      const { DEMO_PASSWORD } = await import('../../demo/seed-accounts.js');
      await seedDemo(h.deps.db, h.deps.config);
      const notes = await seedDemo(h.deps.db, h.deps.config);
      expect(notes.join('\n')).toContain('RSSMRA85T10A562S');
      for (const username of ['mario.rossi', 'matteo.bosco', 'esempio.costruzioni']) {
        const res = await h.json('POST', `${base}/sessions`, { username, password: DEMO_PASSWORD });
        expect(res.status, username).toBe(201);
      }
    } finally {
      await h.close();
    }
  });
});
