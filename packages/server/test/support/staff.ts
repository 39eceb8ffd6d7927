/**
 * Staff console helpers for tests: create a staff member, log in through both steps (reading the
 * TOTP key from the database, as the staff member's authenticator app would hold it), and send
 * console requests with the session cookie, the Origin, the CSRF token and the entity header.
 */
import type { StaffRole, StaffSession } from '@pagatore/sdk';
import { createStaff } from '../../src/staff/staff.js';
import { openTotpKey, TOTP_PERIOD, totpCode, totpStep } from '../../src/staff/totp.js';
import type { Harness } from './harness.js';

export const STAFF_PASSWORD = 'Sportello-Tributi-2026';
export const ORIGIN = 'http://localhost:8787';

/** Creates (or grants) a staff member. */
export async function staffMember(h: Harness, email: string, entity: string, role: StaffRole): Promise<void> {
  await createStaff(
    h.deps.db,
    { email, name: email.split('@')[0] ?? email, password: STAFF_PASSWORD, entity, role },
    'test',
    new Date(),
  );
}

/** The TOTP key the database holds for a staff member. */
export async function totpKeyOf(h: Harness, email: string): Promise<string> {
  const row = await h.deps.db
    .selectFrom('staff_users')
    .select('totp_key')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const key = row.totp_key && openTotpKey(row.totp_key, h.deps.config.identityKeySecret);
  if (!key) throw new Error(`${email} has no TOTP key`);
  return key;
}

/** The `name=value` of the session cookie a response sets. */
export function cookieOf(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  const m = /^([^=;]+=[^;]*)/.exec(set);
  if (!m?.[1]) throw new Error(`no cookie in ${set}`);
  return m[1];
}

export interface StaffAgent {
  cookie: string;
  csrf: string;
  session: StaffSession;
  /** A console request: cookie, Origin, CSRF token, and the entity when given. */
  call(
    method: string,
    path: string,
    opts?: { body?: unknown; entity?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
}

/**
 * Logs in through both steps (enrolling the second factor at the first login). A TOTP step is good
 * once: when this staff member's last code was of the current step, the app's clock moves on to the
 * next step first, as a person waits for the next code.
 */
export async function loginStaff(h: Harness, email: string): Promise<StaffAgent> {
  const last = await h.deps.db
    .selectFrom('staff_users')
    .select('totp_last_counter')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  if (last.totp_last_counter !== null && totpStep(h.deps.now()) <= Number(last.totp_last_counter))
    h.setNow(new Date((Number(last.totp_last_counter) + 1) * TOTP_PERIOD * 1000 + 1000));
  const first = await h.json(
    'POST',
    '/api/v1/console/sessions',
    { email, password: STAFF_PASSWORD },
    { origin: ORIGIN },
  );
  if (first.status !== 200) throw new Error(`login: ${first.status} ${await first.text()}`);
  const step = (await first.json()) as { challenge: string };
  const key = await totpKeyOf(h, email);
  const code = totpCode(key, h.deps.now());
  const second = await h.json(
    'POST',
    '/api/v1/console/sessions/verification',
    { challenge: step.challenge, code },
    { origin: ORIGIN },
  );
  if (second.status !== 200) throw new Error(`verify: ${second.status} ${await second.text()}`);
  const cookie = cookieOf(second);
  const session = (await second.json()) as StaffSession;
  return {
    cookie,
    csrf: session.csrfToken,
    session,
    call: (method, path, o = {}) =>
      h.json(method, path, o.body, {
        cookie,
        origin: ORIGIN,
        'x-csrf-token': session.csrfToken,
        ...(o.entity ? { 'x-pagatore-entity': o.entity } : {}),
        ...o.headers,
      }),
  };
}
