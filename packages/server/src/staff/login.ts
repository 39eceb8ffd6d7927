/**
 * Staff login in two steps and the console session. The password step (Argon2id, a backoff per
 * e-mail and client address, a limit per address) opens a challenge: a session at the `totp` stage,
 * five minutes long, good for five wrong codes. The second step takes a TOTP code (or, once
 * enrolled, a recovery code) and replaces the challenge with a new session: the token the browser
 * had before login is never the session's. A session is `<id>.<secret>` like the citizens' (the
 * database keeps the SHA-256 of the secret); it ends after `consoleIdleSeconds` without requests, at
 * `consoleMaxSeconds`, at logout, at a password or second-factor reset.
 */
import type { StaffLoginStep, StaffSession } from '@pagatore/sdk';
import { verifyNothing, verifyPassword } from '../accounts/crypto.js';
import type { AppDeps } from '../core/deps.js';
import { ApiError } from '../core/errors.js';
import { enforce, hit, type Limit, peek, reset } from '../core/rate-limit.js';
import { hashToken, newToken, sameHash } from '../core/tokens.js';
import { transaction } from '../db/database.js';
import type { StaffSessionRow, StaffUserRow } from '../db/schema/index.js';
import {
  advanceTotpCounter,
  countSessionAttempt,
  deleteDeadStaffSessions,
  deleteStaffSession,
  insertStaffSession,
  replaceRecoveryCodes,
  selectGrants,
  selectStaffByEmail,
  selectStaffById,
  selectStaffSession,
  updateStaff,
  updateStaffSession,
  useRecoveryCode,
} from '../db/stores/staff.js';
import { recordAudit } from './audit.js';
import { normalizeEmail } from './staff.js';
import { matchTotp, newTotpKey, openTotpKey, sealTotpKey, totpEnrolment } from './totp.js';

export const STAFF_LIMITS = {
  /** Password attempts per client address. */
  loginPerClient: { limit: 30, windowSeconds: 600 } satisfies Limit,
  /** Wrong passwords per e-mail and client address before that client waits. */
  loginFailures: { limit: 5, windowSeconds: 900 } satisfies Limit,
  /** Second-step attempts per client address. */
  verifyPerClient: { limit: 30, windowSeconds: 600 } satisfies Limit,
  /** Wrong codes one challenge takes before it is dropped. */
  codesPerChallenge: 5,
  /** Seconds a challenge waits for its code. */
  challengeSeconds: 300,
  /** Recovery codes given at enrolment. */
  recoveryCodes: 10,
} as const;

export interface ClientInfo {
  ip: string;
  userAgent?: string | undefined;
}

const iso = (d: Date) => d.toISOString();
const plus = (d: Date, s: number) => new Date(d.getTime() + s * 1000);

/** The CSRF token of a session: derived from its secret, so nothing more is stored. */
export function csrfTokenOf(sessionToken: string): string {
  return hashToken(`csrf:${sessionToken}`);
}

/** A token's id and secret, or null when it is not `<id>.<secret>`. */
function splitToken(token: string): [string, string] | null {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1] || token.length > 200) return null;
  return parts as [string, string];
}

export async function newSessionRow(
  deps: AppDeps,
  staffId: string,
  stage: StaffSessionRow['stage'],
  seconds: number,
  client: ClientInfo,
): Promise<{ token: string; row: StaffSessionRow }> {
  const now = deps.now();
  const id = newToken();
  const secret = newToken();
  const row: StaffSessionRow = {
    id,
    staff_id: staffId,
    secret_hash: hashToken(secret),
    stage,
    attempts: 0,
    created_at: iso(now),
    last_used_at: iso(now),
    expires_at: iso(plus(now, seconds)),
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
  };
  await insertStaffSession(deps.db, row);
  if (Math.random() < 0.02)
    await deleteDeadStaffSessions(deps.db, iso(now), iso(plus(now, -deps.config.consoleIdleSeconds)));
  return { token: `${id}.${secret}`, row };
}

/**
 * First step: the password. Unknown e-mails cost the same time and count the same way.
 * @example const step = await staffPasswordStep(deps, 'anna@comune.example.it', password, { ip });
 */
export async function staffPasswordStep(
  deps: AppDeps,
  emailInput: string,
  password: string,
  client: ClientInfo,
): Promise<StaffLoginStep> {
  const { db } = deps;
  const now = deps.now();
  const email = normalizeEmail(emailInput);
  await enforce(deps, `staff-login:ip:${client.ip}`, STAFF_LIMITS.loginPerClient);
  const failBucket = `staff-login-fail:${hashToken(email).slice(0, 24)}:${client.ip}`;
  const backoff = await peek(db, failBucket, STAFF_LIMITS.loginFailures, now);
  if (!backoff.allowed) throw new ApiError('rate_limited', { retryAfter: backoff.retryAfter });
  const staff = await selectStaffByEmail(db, email);
  const ok = staff ? await verifyPassword(staff.password_hash, password) : await verifyNothing(password);
  if (!ok || !staff || staff.status !== 'active') {
    await hit(db, failBucket, STAFF_LIMITS.loginFailures, now);
    throw new ApiError('invalid_credentials');
  }
  await reset(db, failBucket);
  let enrolment: StaffLoginStep['enrolment'];
  if (!staff.totp_enrolled_at) {
    // Not enrolled yet: a fresh key each time, shown once, kept only once a code proves it.
    const key = newTotpKey();
    await updateStaff(db, staff.id, {
      totp_key: sealTotpKey(key, deps.config.identityKeySecret),
      totp_last_counter: null,
      updated_at: iso(now),
    });
    enrolment = totpEnrolment(key, staff.email);
  }
  const { token } = await newSessionRow(deps, staff.id, 'totp', STAFF_LIMITS.challengeSeconds, client);
  return {
    step: enrolment ? 'enrol' : 'totp',
    challenge: token,
    expiresIn: STAFF_LIMITS.challengeSeconds,
    ...(enrolment ? { enrolment } : {}),
  };
}

/** The session body the console reads: who, their entities and roles, the CSRF token. */
export async function staffSessionView(
  deps: AppDeps,
  staff: StaffUserRow,
  token: string,
  row: StaffSessionRow,
): Promise<StaffSession> {
  const grants = await selectGrants(deps.db, staff.id);
  return {
    staff: { id: staff.id, email: staff.email, name: staff.name },
    grants: grants.map((g) => ({ entity: g.entity_code, entityName: g.entity_name, role: g.role })),
    csrfToken: csrfTokenOf(token),
    idleSeconds: deps.config.consoleIdleSeconds,
    expiresAt: row.expires_at,
  };
}

/**
 * Second step: a TOTP code (which also completes an enrolment) or a recovery code. Answers the
 * session token (for the cookie) and the session body.
 */
export async function staffSecondStep(
  deps: AppDeps,
  input: { challenge: string; code?: string | undefined; recoveryCode?: string | undefined },
  client: ClientInfo,
): Promise<{ token: string; session: StaffSession }> {
  const { db } = deps;
  const now = deps.now();
  await enforce(deps, `staff-verify:ip:${client.ip}`, STAFF_LIMITS.verifyPerClient);
  const parts = splitToken(input.challenge);
  const pending = parts ? await selectStaffSession(db, parts[0]) : undefined;
  if (
    !parts ||
    !pending ||
    pending.stage !== 'totp' ||
    !sameHash(pending.secret_hash, hashToken(parts[1])) ||
    now >= new Date(pending.expires_at)
  )
    throw new ApiError('token_invalid');
  const staff = await selectStaffById(db, pending.staff_id);
  if (!staff || staff.status !== 'active' || !staff.totp_key) throw new ApiError('token_invalid');
  const enrolled = staff.totp_enrolled_at !== null;
  const totpKey = openTotpKey(staff.totp_key, deps.config.identityKeySecret);
  if (!totpKey)
    deps.logger.error(
      'staff TOTP key does not open with IDENTITY_KEY_SECRET: reset it (pagatore staff reset-totp)',
      {
        staff: staff.email,
      },
    );

  let ok = false;
  if (input.code !== undefined && totpKey) {
    const step = matchTotp(totpKey, input.code, now);
    ok = step !== null && (await advanceTotpCounter(db, staff.id, step));
  } else if (input.recoveryCode !== undefined && enrolled) {
    ok = await useRecoveryCode(db, staff.id, hashToken(input.recoveryCode), iso(now));
  }
  if (!ok) {
    const attempts = await countSessionAttempt(db, pending.id);
    if (attempts >= STAFF_LIMITS.codesPerChallenge) await deleteStaffSession(db, pending.id);
    throw new ApiError('totp_invalid');
  }

  let recoveryCodes: string[] | undefined;
  if (!enrolled) {
    recoveryCodes = Array.from({ length: STAFF_LIMITS.recoveryCodes }, () => {
      const c = newToken(8).slice(0, 12);
      return `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}`;
    });
    const codes = recoveryCodes;
    await transaction(db, async (tx) => {
      await updateStaff(tx, staff.id, { totp_enrolled_at: iso(now), updated_at: iso(now) });
      await replaceRecoveryCodes(
        tx,
        staff.id,
        codes.map((c) => hashToken(c.replace(/-/g, ''))),
      );
      for (const g of await selectGrants(tx, staff.id))
        await recordAudit(tx, {
          actor: staff.email,
          staffId: staff.id,
          entity: g.entity_code,
          action: 'staffTotpEnrolled',
          target: staff.email,
          before: null,
          after: null,
          ip: client.ip,
          now,
        });
    });
  }
  await deleteStaffSession(db, pending.id);
  const { token, row } = await newSessionRow(deps, staff.id, 'active', deps.config.consoleMaxSeconds, client);
  const session = await staffSessionView(deps, staff, token, row);
  return { token, session: recoveryCodes ? { ...session, recoveryCodes } : session };
}

export interface ValidStaffSession {
  token: string;
  row: StaffSessionRow;
  staff: StaffUserRow;
}

/** The active session of a token, or null (unknown, wrong, idle too long, expired, staff disabled). */
export async function validateStaffSession(deps: AppDeps, token: string): Promise<ValidStaffSession | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const { db } = deps;
  const now = deps.now();
  const row = await selectStaffSession(db, parts[0]);
  if (!row || row.stage !== 'active' || !sameHash(row.secret_hash, hashToken(parts[1]))) return null;
  const idle = now.getTime() - new Date(row.last_used_at).getTime();
  if (now >= new Date(row.expires_at) || idle >= deps.config.consoleIdleSeconds * 1000) {
    await deleteStaffSession(db, row.id);
    return null;
  }
  const staff = await selectStaffById(db, row.staff_id);
  if (!staff || staff.status !== 'active') return null;
  // Sliding idle timeout, written at most every 30 seconds.
  if (idle > 30_000) await updateStaffSession(db, row.id, { last_used_at: iso(now) });
  return { token, row, staff };
}

/** Ends a session. */
export async function endStaffSession(deps: AppDeps, id: string): Promise<void> {
  await deleteStaffSession(deps.db, id);
}
