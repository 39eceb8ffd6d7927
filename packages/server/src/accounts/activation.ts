/**
 * Activation: a pending account becomes active with the token its activation link carries; no
 * account works before. A new link keeps the pending account (and its username) for another period.
 */
import type { Lang } from '@pagatore/sdk';
import type { AccountRow } from '../db/schema/index.js';
import { ApiError } from '../core/errors.js';
import { audit } from './audit.js';
import { type AccountCtx, displayName, iso, langOf, mail } from './context.js';
import { ACCOUNT_TTL } from './settings.js';
import { consumeToken, issueToken, limitTokenTries } from './tokens.js';

/** Activates a pending account with its link's token; answers the username. */
export async function activateAccount(ctx: AccountCtx, token: string): Promise<{ username: string }> {
  await limitTokenTries(ctx);
  const now = ctx.deps.now();
  const { account } = await consumeToken(ctx, token, 'activation');
  const res = await ctx.deps.db
    .updateTable('accounts')
    .set({ status: 'active', activated_at: iso(now), updated_at: iso(now) })
    .where('id', '=', account.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new ApiError('token_invalid');
  await audit(ctx.deps.db, {
    entity: ctx.entity.code,
    accountId: account.id,
    event: 'activated',
    ip: ctx.ip,
    now,
  });
  return { username: account.username ?? '' };
}

/**
 * A new activation link for a pending account. Recovery requests for a pending account get this
 * too: what such a user needs is the link.
 */
export async function sendActivationAgain(ctx: AccountCtx, account: AccountRow, lang?: Lang): Promise<void> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  if (!account.email) return;
  const token = await issueToken(db, account.id, 'activation', ACCOUNT_TTL.activationSeconds, now);
  await db
    .updateTable('accounts')
    .set({ updated_at: iso(now) })
    .where('id', '=', account.id)
    .execute();
  await audit(db, {
    entity: ctx.entity.code,
    accountId: account.id,
    event: 'activation_resent',
    ip: ctx.ip,
    now,
  });
  await mail(ctx, {
    kind: 'activation',
    to: account.email,
    lang: lang ?? langOf(account),
    name: displayName(account),
    params: { username: account.username ?? '', hours: ACCOUNT_TTL.activationSeconds / 3600 },
    link: { kind: 'activate', token },
  });
}
