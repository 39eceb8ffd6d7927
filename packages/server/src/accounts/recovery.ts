/**
 * Recovery by e-mail: the activation link again, the username, a password reset link. Every
 * request gets the same answer whether or not an account matches; mails to one account are capped.
 * An account still waiting for activation gets its activation link whatever it asked for.
 */
import type { Lang } from '@pagatore/sdk';
import type { AccountRow } from '../db/schema/index.js';
import { ApiError } from '../core/errors.js';
import { enforce, hit } from '../core/rate-limit.js';
import { sendActivationAgain } from './activation.js';
import { audit } from './audit.js';
import { type AccountCtx, displayName, langOf, mail, requirePortal } from './context.js';
import { hashPassword } from './crypto.js';
import { findByLogin, findOpenByEmail } from './find.js';
import { personalPasswordError, storePassword } from './passwords.js';
import { ACCOUNT_LIMITS, ACCOUNT_TTL } from './settings.js';
import { consumeToken, issueToken, limitTokenTries, peekToken } from './tokens.js';

/**
 * The account a recovery request may mail, after the per-client limit (a 429) and the per-account
 * cap (silent: a 429 there would tell that the account exists).
 */
async function recoveryTarget(
  ctx: AccountCtx,
  find: () => Promise<AccountRow | undefined>,
): Promise<AccountRow | undefined> {
  requirePortal(ctx);
  await enforce(ctx.deps, `recovery:ip:${ctx.ip}`, ACCOUNT_LIMITS.recoveryPerClient);
  const account = await find();
  if (!account) return undefined;
  const cap = await hit(
    ctx.deps.db,
    `recovery:account:${account.id}`,
    ACCOUNT_LIMITS.recoveryPerTarget,
    ctx.deps.now(),
  );
  return cap.allowed ? account : undefined;
}

/** The username to the account's address ("Username dimenticato?"). */
function mailUsername(ctx: AccountCtx, account: AccountRow, fallbackTo: string, lang?: Lang) {
  return mail(ctx, {
    kind: 'usernameReminder',
    to: account.email ?? fallbackTo,
    lang: lang ?? langOf(account),
    name: displayName(account),
    params: { username: account.username ?? '' },
    link: { kind: 'login' },
  });
}

/** Sends the activation link again (pending account) or the username (active account). */
export async function resendActivation(ctx: AccountCtx, email: string, lang?: Lang): Promise<void> {
  const account = await recoveryTarget(ctx, () => findOpenByEmail(ctx.deps.db, ctx.entity.code, email));
  if (!account) return;
  if (account.status === 'pending') await sendActivationAgain(ctx, account, lang);
  else await mailUsername(ctx, account, email, lang);
}

/** "Username dimenticato?": the username to the account's e-mail, if any. */
export async function requestUsernameReminder(ctx: AccountCtx, email: string, lang?: Lang): Promise<void> {
  const account = await recoveryTarget(ctx, () => findOpenByEmail(ctx.deps.db, ctx.entity.code, email));
  if (!account) return;
  if (account.status === 'pending') return sendActivationAgain(ctx, account, lang);
  await audit(ctx.deps.db, {
    entity: ctx.entity.code,
    accountId: account.id,
    event: 'username_reminder',
    ip: ctx.ip,
    now: ctx.deps.now(),
  });
  await mailUsername(ctx, account, email, lang);
}

/** "Password dimenticata?": a single-use, short-lived link to the account's e-mail, if any. */
export async function requestPasswordReset(ctx: AccountCtx, loginName: string, lang?: Lang): Promise<void> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  const account = await recoveryTarget(ctx, async () => {
    const found = await findByLogin(db, ctx.entity.code, loginName, 'open');
    return found?.email ? found : undefined;
  });
  if (!account?.email) return;
  if (account.status === 'pending') return sendActivationAgain(ctx, account, lang);
  const token = await issueToken(db, account.id, 'password_reset', ACCOUNT_TTL.passwordResetSeconds, now);
  await audit(db, {
    entity: ctx.entity.code,
    accountId: account.id,
    event: 'password_reset_requested',
    ip: ctx.ip,
    now,
  });
  await mail(ctx, {
    kind: 'passwordReset',
    to: account.email,
    lang: lang ?? langOf(account),
    name: displayName(account),
    params: { username: account.username ?? '', minutes: ACCOUNT_TTL.passwordResetSeconds / 60 },
    link: { kind: 'reset', token },
  });
}

/** Sets a new password with a reset token; every session of the account ends. */
export async function confirmPasswordReset(ctx: AccountCtx, token: string, password: string): Promise<void> {
  await limitTokenTries(ctx);
  // Check the password against the account before spending the token, so a rejected password
  // leaves the link usable for a second try.
  const holder = await peekToken(ctx, token, 'password_reset');
  if (holder) {
    const err = personalPasswordError(holder, password, 'password', ctx.lang);
    if (err) throw err;
  }
  const passwordHash = await hashPassword(password);
  const { account } = await consumeToken(ctx, token, 'password_reset');
  if (account.status !== 'active') throw new ApiError('token_invalid');
  await storePassword(ctx, account.id, passwordHash, 'password_reset');
}
