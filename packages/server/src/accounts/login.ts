/**
 * "Accedi" and "Esci": a session (sessions.ts) for the right password of an active account, with a
 * backoff on failures per login name and client address.
 */
import { hashToken } from '../core/tokens.js';
import { ApiError, validationError } from '../core/errors.js';
import { fieldMessage } from '../core/messages.js';
import { reconsentNeeded } from '../privacy/consents.js';
import { acceptPrivacyAgain } from './reconsent.js';
import type { AccountRow } from '../db/schema/index.js';
import { enforce, hit, peek, reset } from '../core/rate-limit.js';
import { audit } from './audit.js';
import { type AccountCtx, normalizeLogin } from './context.js';
import { verifyNothing, verifyPassword } from './crypto.js';
import { findByLogin } from './find.js';
import { createSession, invalidateSession } from './sessions.js';
import { ACCOUNT_LIMITS } from './settings.js';

/**
 * "Accedi". Failures are counted per login name and client address (the backoff): after
 * `loginFailures.limit` failures that client waits for the window to end, while the owner, from
 * another address, can still log in. Unknown names cost the same time and count the same way.
 */
export async function login(
  ctx: AccountCtx,
  username: string,
  password: string,
  consent: { privacyVersion?: string; skip?: boolean } = {},
): Promise<{ token: string; expiresAt: Date; account: AccountRow }> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  const key = normalizeLogin(username);
  await enforce(ctx.deps, `login:ip:${ctx.ip}`, ACCOUNT_LIMITS.loginPerClient);
  // The name as typed may be a password typed in the wrong field: keep only a digest of it, in the
  // counters and in the audit (enough to correlate attempts), never the text.
  const loginDigest = hashToken(key).slice(0, 24);
  const failBucket = `login-fail:${ctx.entity.code}:${loginDigest}:${ctx.ip}`;
  const backoff = await peek(db, failBucket, ACCOUNT_LIMITS.loginFailures, now);
  if (!backoff.allowed) {
    await audit(db, {
      entity: ctx.entity.code,
      event: 'login_throttled',
      ip: ctx.ip,
      detail: { loginDigest },
      now,
    });
    throw new ApiError('rate_limited', { retryAfter: backoff.retryAfter });
  }
  const account = await findByLogin(db, ctx.entity.code, key, 'active');
  const ok = account?.password_hash
    ? await verifyPassword(account.password_hash, password)
    : await verifyNothing(password);
  if (!ok || !account) {
    await hit(db, failBucket, ACCOUNT_LIMITS.loginFailures, now);
    await audit(db, {
      entity: ctx.entity.code,
      accountId: account?.id ?? null,
      event: 'login_failed',
      ip: ctx.ip,
      detail: account ? {} : { loginDigest },
      now,
    });
    throw new ApiError('invalid_credentials');
  }
  await reset(db, failBucket);
  // A privacy notice that asks for fresh consent: the password was right, the session waits for
  // the citizen to accept the new text (`409 reconsent_required`, then the same login with its version).
  const fresh = consent.skip ? null : await reconsentNeeded(db, ctx.entity, account);
  let current = account;
  if (fresh) {
    if (consent.privacyVersion === undefined) throw new ApiError('reconsent_required');
    if (consent.privacyVersion !== fresh.version)
      throw validationError([
        {
          path: 'privacyVersion',
          code: 'privacy_outdated',
          message: fieldMessage('privacy_outdated', ctx.lang),
        },
      ]);
    await acceptPrivacyAgain(ctx, account, fresh.version, 'widget');
    current = { ...account, privacy_version: fresh.version, privacy_accepted_at: now.toISOString() };
  }
  const life = {
    idleSeconds: ctx.deps.config.sessionIdleSeconds,
    maxSeconds: ctx.deps.config.sessionMaxSeconds,
  };
  const session = await createSession(db, account.id, now, life, { ip: ctx.ip, userAgent: ctx.userAgent });
  await audit(db, { entity: ctx.entity.code, accountId: account.id, event: 'login', ip: ctx.ip, now });
  return { ...session, account: current };
}

/** "Esci". */
export async function logout(ctx: AccountCtx, account: AccountRow, sessionId: string): Promise<void> {
  await invalidateSession(ctx.deps.db, sessionId);
  await audit(ctx.deps.db, {
    entity: ctx.entity.code,
    accountId: account.id,
    event: 'logout',
    ip: ctx.ip,
    now: ctx.deps.now(),
  });
}
