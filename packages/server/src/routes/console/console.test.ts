import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY, OTHER_ENTE, otherEntity } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { position, testKey, as } from '../../../test/support/admin-fixtures.js';
import {
  cookieOf,
  loginStaff,
  ORIGIN,
  STAFF_PASSWORD,
  staffMember,
  totpKeyOf,
} from '../../../test/support/staff.js';
import { totpCode } from '../../staff/totp.js';
import { consoleCookie } from '../../http/auth/staff.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const A = TEST_ENTITY.code;
const B = OTHER_ENTE;

describe('staff console: login, roles, tenant isolation, CSRF, audit', () => {
  let h: Harness;
  let key: string;
  const code = async (res: Response) => ((await res.json()) as Json).error?.code as string | undefined;

  beforeAll(async () => {
    h = await createHarness();
    await otherEntity(h.deps.db);
    key = await testKey(h);
    await staffMember(h, 'viewer@comune.example.it', A, 'viewer');
    await staffMember(h, 'operator@comune.example.it', A, 'operator');
    await staffMember(h, 'admin@comune.example.it', A, 'admin');
    // An intermediary's clerk: operator of A, viewer of B.
    await staffMember(h, 'multi@intermediario.example.it', A, 'operator');
    await staffMember(h, 'multi@intermediario.example.it', B, 'viewer');
    const api = as(h, key);
    for (const iupd of ['CON-1', 'CON-2', 'CON-3'])
      expect((await api('POST', '/api/v1/admin/positions', position(iupd))).status).toBe(201);
  });
  afterAll(async () => {
    await h.close();
  });

  it('enrols the second factor at the first login, then asks for a code; the session cookie is HttpOnly, SameSite=Strict', async () => {
    await staffMember(h, 'new@comune.example.it', A, 'viewer');
    const first = await h.json(
      'POST',
      '/api/v1/console/sessions',
      { email: 'New@Comune.example.it', password: STAFF_PASSWORD },
      { origin: ORIGIN },
    );
    expect(first.status).toBe(200);
    const step = (await first.json()) as Json;
    expect(step.step).toBe('enrol');
    expect(step.enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Pagatore:new%40comune\.example\.it\?/);
    expect(step.enrolment.otpauthUri).toContain(`secret=${step.enrolment.secret}`);
    expect(step.enrolment.qrSvg).toMatch(/^<svg/);
    expect(first.headers.get('set-cookie')).toBeNull();
    const keyHex = await totpKeyOf(h, 'new@comune.example.it');
    // A wrong code first: refused, the challenge still good.
    const wrong = await h.json(
      'POST',
      '/api/v1/console/sessions/verification',
      { challenge: step.challenge, code: '000000' === totpCode(keyHex, new Date()) ? '111111' : '000000' },
      { origin: ORIGIN },
    );
    expect(wrong.status).toBe(401);
    expect(await code(wrong)).toBe('totp_invalid');
    const ok = await h.json(
      'POST',
      '/api/v1/console/sessions/verification',
      { challenge: step.challenge, code: totpCode(keyHex, new Date()) },
      { origin: ORIGIN },
    );
    expect(ok.status).toBe(200);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^pagatore-console=[a-z2-7]+\.[a-z2-7]+;/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // http://localhost: the demo and the tests
    const session = (await ok.json()) as Json;
    expect(session.staff.email).toBe('new@comune.example.it');
    expect(session.grants).toEqual([{ entity: A, entityName: TEST_ENTITY.name, role: 'viewer' }]);
    expect(session.recoveryCodes).toHaveLength(10);
    // The challenge is used up.
    const again = await h.json(
      'POST',
      '/api/v1/console/sessions/verification',
      { challenge: step.challenge, code: totpCode(keyHex, new Date()) },
      { origin: ORIGIN },
    );
    expect(await code(again)).toBe('token_invalid');
    // The session reads back; the second login asks for a code, no enrolment.
    const me = await h.request('/api/v1/console/session', { headers: { cookie: cookieOf(ok) } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as Json).csrfToken).toBe(session.csrfToken);
    const next = (await (
      await h.json(
        'POST',
        '/api/v1/console/sessions',
        { email: 'new@comune.example.it', password: STAFF_PASSWORD },
        { origin: ORIGIN },
      )
    ).json()) as Json;
    expect(next.step).toBe('totp');
    expect(next.enrolment).toBeUndefined();
    // The code of the step just used is good once: refused; a recovery code works, once.
    const replay = await h.json(
      'POST',
      '/api/v1/console/sessions/verification',
      { challenge: next.challenge, code: totpCode(keyHex, new Date()) },
      { origin: ORIGIN },
    );
    expect(await code(replay)).toBe('totp_invalid');
    const recovery = session.recoveryCodes[0] as string;
    const viaRecovery = await h.json(
      'POST',
      '/api/v1/console/sessions/verification',
      { challenge: next.challenge, recoveryCode: recovery.toUpperCase() },
      { origin: ORIGIN },
    );
    expect(viaRecovery.status).toBe(200);
    const third = (await (
      await h.json(
        'POST',
        '/api/v1/console/sessions',
        { email: 'new@comune.example.it', password: STAFF_PASSWORD },
        { origin: ORIGIN },
      )
    ).json()) as Json;
    const reused = await h.json(
      'POST',
      '/api/v1/console/sessions/verification',
      { challenge: third.challenge, recoveryCode: recovery },
      { origin: ORIGIN },
    );
    expect(await code(reused)).toBe('totp_invalid');
  });

  it('the cookie is __Host- and Secure behind an https public URL', () => {
    expect(consoleCookie({ publicUrl: 'https://pay.example.it' })).toEqual({
      name: '__Host-pagatore-console',
      secure: true,
    });
    expect(consoleCookie({ publicUrl: 'http://127.0.0.1:8787' })).toEqual({
      name: 'pagatore-console',
      secure: false,
    });
  });

  it('refuses a wrong password, an unknown e-mail alike, and a challenge after five wrong codes', async () => {
    const wrong = await h.json(
      'POST',
      '/api/v1/console/sessions',
      { email: 'admin@comune.example.it', password: 'nope-nope-nope' },
      { origin: ORIGIN },
    );
    expect(wrong.status).toBe(401);
    expect(await code(wrong)).toBe('invalid_credentials');
    const unknown = await h.json(
      'POST',
      '/api/v1/console/sessions',
      { email: 'nobody@comune.example.it', password: STAFF_PASSWORD },
      { origin: ORIGIN },
    );
    expect(await code(unknown)).toBe('invalid_credentials');
    const bad = await h.json(
      'POST',
      '/api/v1/console/sessions/verification',
      { challenge: 'x.y', code: '12345' },
      { origin: ORIGIN },
    );
    expect(bad.status).toBe(422);
    const step = (await (
      await h.json(
        'POST',
        '/api/v1/console/sessions',
        { email: 'admin@comune.example.it', password: STAFF_PASSWORD },
        { origin: ORIGIN },
      )
    ).json()) as Json;
    const keyHex = await totpKeyOf(h, 'admin@comune.example.it');
    const good = totpCode(keyHex, new Date());
    const wrongCode = good === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++) {
      const r = await h.json(
        'POST',
        '/api/v1/console/sessions/verification',
        { challenge: step.challenge, code: wrongCode },
        { origin: ORIGIN },
      );
      expect(await code(r)).toBe('totp_invalid');
    }
    const late = await h.json(
      'POST',
      '/api/v1/console/sessions/verification',
      { challenge: step.challenge, code: good },
      { origin: ORIGIN },
    );
    expect(await code(late)).toBe('token_invalid');
  });

  it('rate-limits wrong passwords per e-mail and client', async () => {
    await staffMember(h, 'locked@comune.example.it', A, 'viewer');
    const tryLogin = (password: string) =>
      h.json(
        'POST',
        '/api/v1/console/sessions',
        { email: 'locked@comune.example.it', password },
        { origin: ORIGIN },
      );
    for (let i = 0; i < 5; i++)
      expect(await code(await tryLogin('wrong-password-x'))).toBe('invalid_credentials');
    const limited = await tryLogin(STAFF_PASSWORD);
    expect(limited.status).toBe(429);
    expect(await code(limited)).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('roles: a viewer reads, an operator changes positions, only an admin changes settings', async () => {
    const viewer = await loginStaff(h, 'viewer@comune.example.it');
    const operator = await loginStaff(h, 'operator@comune.example.it');
    const admin = await loginStaff(h, 'admin@comune.example.it');
    const list = await viewer.call('GET', '/api/v1/admin/positions', { entity: A });
    expect(list.status).toBe(200);
    expect(((await list.json()) as Json).total).toBe(3);
    const vCancel = await viewer.call('DELETE', '/api/v1/admin/positions/CON-1', { entity: A });
    expect(vCancel.status).toBe(403);
    expect(await code(vCancel)).toBe('role_forbidden');
    const oPatch = await operator.call('PATCH', '/api/v1/admin/entity', {
      entity: A,
      body: { name: 'Comune Cambiato' },
    });
    expect(await code(oPatch)).toBe('role_forbidden');
    const oWebhook = await operator.call('POST', '/api/v1/admin/webhooks', {
      entity: A,
      body: { url: 'https://example.org/hook' },
    });
    expect(await code(oWebhook)).toBe('role_forbidden');
    const oCancel = await operator.call('DELETE', '/api/v1/admin/positions/CON-1', { entity: A });
    expect(oCancel.status).toBe(200);
    expect(((await oCancel.json()) as Json).status).toBe('cancelled');
    const aPatch = await admin.call('PATCH', '/api/v1/admin/entity', {
      entity: A,
      body: { sector: 'Tributi' },
    });
    expect(aPatch.status).toBe(200);
  });

  it('tenant isolation: nothing of an entity not granted, whatever the request names', async () => {
    const viewer = await loginStaff(h, 'viewer@comune.example.it');
    for (const entity of [B, '99999999999', 'abc', null]) {
      const r = await viewer.call('GET', '/api/v1/admin/positions', { entity });
      expect(r.status).toBe(403);
      expect(await code(r)).toBe('entity_not_granted');
    }
    const multi = await loginStaff(h, 'multi@intermediario.example.it');
    expect(multi.session.grants.map((g) => [g.entity, g.role])).toEqual(
      [
        [B, 'viewer'],
        [A, 'operator'],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    // On B the positions of A do not exist; on B the clerk is a viewer only.
    const other = await multi.call('GET', '/api/v1/admin/positions/CON-2', { entity: B });
    expect(other.status).toBe(404);
    expect(
      ((await (await multi.call('GET', '/api/v1/admin/positions', { entity: B })).json()) as Json).total,
    ).toBe(0);
    expect(await code(await multi.call('DELETE', '/api/v1/admin/positions/CON-2', { entity: B }))).toBe(
      'role_forbidden',
    );
    expect((await multi.call('GET', '/api/v1/admin/positions/CON-2', { entity: A })).status).toBe(200);
    // The audit log of B shows nothing of A's changes.
    const auditB = (await (await multi.call('GET', '/api/v1/admin/audit', { entity: B })).json()) as Json;
    expect(auditB.items.filter((e: Json) => e.action.startsWith('admin'))).toEqual([]);
    // No cookie, a forged one: 401.
    expect(await code(await h.request('/api/v1/console/session'))).toBe('unauthorized');
    expect(
      await code(
        await h.request('/api/v1/console/session', { headers: { cookie: 'pagatore-console=abc.def' } }),
      ),
    ).toBe('unauthorized');
    expect(
      await code(
        await h.request('/api/v1/admin/positions', {
          headers: { cookie: 'pagatore-console=abc.def', 'x-pagatore-entity': A },
        }),
      ),
    ).toBe('unauthorized');
  });

  it('CSRF: a change needs our Origin and the session token; the login needs our Origin', async () => {
    const op = await loginStaff(h, 'operator@comune.example.it');
    const cancel = (headers: Record<string, string>) =>
      h.request('/api/v1/admin/positions/CON-3', {
        method: 'DELETE',
        headers: { cookie: op.cookie, 'x-pagatore-entity': A, ...headers },
      });
    expect(await code(await cancel({ 'x-csrf-token': op.csrf }))).toBe('csrf_failed'); // no Origin
    expect(await code(await cancel({ origin: 'https://evil.example', 'x-csrf-token': op.csrf }))).toBe(
      'csrf_failed',
    );
    expect(await code(await cancel({ origin: ORIGIN }))).toBe('csrf_failed'); // no token
    expect(await code(await cancel({ origin: ORIGIN, 'x-csrf-token': 'f'.repeat(64) }))).toBe('csrf_failed');
    expect(
      await code(
        await h.request('/api/v1/console/session', {
          method: 'DELETE',
          headers: { cookie: op.cookie, origin: ORIGIN },
        }),
      ),
    ).toBe('csrf_failed');
    // Nothing changed.
    expect(
      ((await (await op.call('GET', '/api/v1/admin/positions/CON-3', { entity: A })).json()) as Json).status,
    ).toBe('unpaid');
    const login = await h.json(
      'POST',
      '/api/v1/console/sessions',
      { email: 'operator@comune.example.it', password: STAFF_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(await code(login)).toBe('csrf_failed');
    // An API key needs none of it (no cookie, server to server).
    expect((await as(h, key)('GET', '/api/v1/admin/positions/CON-3')).status).toBe(200);
    // Logout ends the session.
    expect((await op.call('DELETE', '/api/v1/console/session')).status).toBe(204);
    expect(await code(await op.call('GET', '/api/v1/admin/positions', { entity: A }))).toBe('unauthorized');
  });

  it('audit: every change by staff with who, what, before and after; append-only', async () => {
    const op = await loginStaff(h, 'operator@comune.example.it');
    expect((await op.call('DELETE', '/api/v1/admin/positions/CON-2', { entity: A })).status).toBe(200);
    const created = await op.call('POST', '/api/v1/admin/positions', { entity: A, body: position('CON-9') });
    expect(created.status).toBe(201);
    const viewer = await loginStaff(h, 'viewer@comune.example.it');
    const page = (await (
      await viewer.call('GET', '/api/v1/admin/audit?limit=2', { entity: A })
    ).json()) as Json;
    expect(page.items).toHaveLength(2);
    const [create, cancel] = page.items as Json[];
    expect(create).toMatchObject({
      actor: 'operator@comune.example.it',
      entity: A,
      action: 'adminCreatePosition',
      target: 'CON-9',
      before: null,
    });
    expect(create?.after.iupd).toBe('CON-9');
    expect(cancel).toMatchObject({
      actor: 'operator@comune.example.it',
      action: 'adminCancelPosition',
      target: 'CON-2',
    });
    expect(cancel?.before.status).toBe('unpaid');
    expect(cancel?.after.status).toBe('cancelled');
    expect(Date.parse(cancel?.at)).not.toBeNaN();
    // Keyset paging: the next page starts below the last id.
    const next = (await (
      await viewer.call('GET', `/api/v1/admin/audit?limit=50&before=${page.next}`, { entity: A })
    ).json()) as Json;
    expect(next.items.every((e: Json) => e.id < page.next)).toBe(true);
    expect(next.items.map((e: Json) => e.action)).toEqual(
      expect.arrayContaining(['adminUpdateEntity', 'staffCreated', 'staffTotpEnrolled']),
    );
    const settings = next.items.find((e: Json) => e.action === 'adminUpdateEntity');
    expect(settings.before.sector).toBe(TEST_ENTITY.sector);
    expect(settings.after.sector).toBe('Tributi');
    // Reads are not changes; API keys read the log too.
    expect((await as(h, key)('GET', '/api/v1/admin/audit')).status).toBe(200);
    expect(await code(await viewer.call('GET', '/api/v1/admin/audit?limit=0', { entity: A }))).toBe(
      'validation_failed',
    );
    // The database refuses to change or remove an entry.
    await expect(
      h.deps.db.updateTable('staff_audit').set({ actor: 'someone else' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(h.deps.db.deleteFrom('staff_audit').execute()).rejects.toThrow(/append-only/);
  });

  it('ends a session idle for longer than the timeout', async () => {
    try {
      const v = await loginStaff(h, 'viewer@comune.example.it');
      const t0 = h.deps.now();
      expect((await v.call('GET', '/api/v1/console/session')).status).toBe(200);
      h.setNow(new Date(t0.getTime() + (h.deps.config.consoleIdleSeconds - 10) * 1000));
      expect((await v.call('GET', '/api/v1/console/session')).status).toBe(200);
      h.setNow(new Date(t0.getTime() + (2 * h.deps.config.consoleIdleSeconds - 30) * 1000));
      expect((await v.call('GET', '/api/v1/console/session')).status).toBe(200);
      h.setNow(new Date(t0.getTime() + 3 * h.deps.config.consoleIdleSeconds * 1000));
      const late = await v.call('GET', '/api/v1/console/session');
      expect(late.status).toBe(401);
      expect(await code(late)).toBe('unauthorized');
    } finally {
      h.setNow(null as unknown as Date);
    }
  });
});

describe('staff console: TOTP keys sealed with IDENTITY_KEY_SECRET', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      config: { identityKeySecret: 'a-secret-of-at-least-32-characters-for-tests' },
    });
    await staffMember(h, 'sealed@comune.example.it', A, 'viewer');
  });
  afterAll(async () => {
    await h.close();
  });

  it('stores the key sealed, logs in with it, and refuses (logging why) under another secret', async () => {
    const step = (await (
      await h.json(
        'POST',
        '/api/v1/console/sessions',
        { email: 'sealed@comune.example.it', password: STAFF_PASSWORD },
        { origin: ORIGIN },
      )
    ).json()) as Json;
    const stored =
      (
        await h.deps.db
          .selectFrom('staff_users')
          .select('totp_key')
          .where('email', '=', 'sealed@comune.example.it')
          .executeTakeFirstOrThrow()
      ).totp_key ?? '';
    expect(stored).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(stored.length).toBeLessThanOrEqual(64);
    const key = await totpKeyOf(h, 'sealed@comune.example.it');
    expect(step.enrolment.secret).not.toContain(stored);
    const ok = await h.json(
      'POST',
      '/api/v1/console/sessions/verification',
      { challenge: step.challenge, code: totpCode(key, h.deps.now()) },
      { origin: ORIGIN },
    );
    expect(ok.status).toBe(200);
    // The secret changes: the key no longer opens; the code is refused and the log says why.
    const config = h.deps.config as { identityKeySecret: string | null };
    config.identityKeySecret = 'another-secret-of-at-least-32-characters!';
    const next = (await (
      await h.json(
        'POST',
        '/api/v1/console/sessions',
        { email: 'sealed@comune.example.it', password: STAFF_PASSWORD },
        { origin: ORIGIN },
      )
    ).json()) as Json;
    const refused = await h.json(
      'POST',
      '/api/v1/console/sessions/verification',
      { challenge: next.challenge, code: totpCode(key, new Date(h.deps.now().getTime() + 30_000)) },
      { origin: ORIGIN },
    );
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as Json).error.code).toBe('totp_invalid');
    expect(h.logger.lines.some((l) => String(l.msg).includes('does not open with IDENTITY_KEY_SECRET'))).toBe(
      true,
    );
  });
});
