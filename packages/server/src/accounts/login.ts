/**
 * "Accedi" and "Esci": a session (sessions.ts) for the right password of an active account, with a
 * backoff on failures per login name and client address.
 */
import { hashToken } from '../core/tokens.js';
import { ApiError } from '../core/errors.js';
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
  const life = {
    idleSeconds: ctx.deps.config.sessionIdleSeconds,
    maxSeconds: ctx.deps.config.sessionMaxSeconds,
  };
  const session = await createSession(db, account.id, now, life, { ip: ctx.ip, userAgent: ctx.userAgent });
  await audit(db, { entity: ctx.entity.code, accountId: account.id, event: 'login', ip: ctx.ip, now });
  return { ...session, account };
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
