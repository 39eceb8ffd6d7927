/**
 * The single-use links an account is mailed (activation, password reset, e-mail change): random
 * tokens of which only the SHA-256 is stored, one live link of a kind per account, each used once.
 */
import { hashToken, newToken } from '../core/tokens.js';
import type { Db, Tx } from '../db/database.js';
import type { AccountRow } from '../db/schema/index.js';
import { ApiError } from '../core/errors.js';
import { enforce } from '../core/rate-limit.js';
import { type AccountCtx, iso, plus } from './context.js';
import { ACCOUNT_LIMITS } from './settings.js';

export type TokenKind = 'activation' | 'password_reset' | 'email_change';

/**
 * Stores a new link token of a kind for an account and returns it (the only time it is seen).
 * With `replace`, the account's unused link of that kind goes first: a new one replaces the previous.
 */
export async function issueToken(
  db: Db | Tx,
  accountId: string,
  kind: TokenKind,
  ttlSeconds: number,
  now: Date,
  opts: { data?: string | null; replace?: boolean } = {},
): Promise<string> {
  if (opts.replace !== false) {
    await db
      .deleteFrom('account_tokens')
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('used_at', 'is', null)
      .execute();
  }
  const token = newToken();
  await db
    .insertInto('account_tokens')
    .values({
      token_hash: hashToken(token),
      account_id: accountId,
      kind,
      data: opts.data ?? null,
      created_at: iso(now),
      expires_at: iso(plus(now, ttlSeconds)),
      used_at: null,
    })
    .execute();
  return token;
}

/** Counts one try of a link token from this client (the callers' first step). */
export function limitTokenTries(ctx: AccountCtx): Promise<void> {
  return enforce(ctx.deps, `token:ip:${ctx.ip}`, ACCOUNT_LIMITS.tokenPerClient);
}

/** The account an unused token of a kind belongs to, in this entity, without spending it. */
export async function peekToken(
  ctx: AccountCtx,
  token: string,
  kind: TokenKind,
): Promise<AccountRow | undefined> {
  const row = await ctx.deps.db
    .selectFrom('account_tokens')
    .innerJoin('accounts', 'accounts.id', 'account_tokens.account_id')
    .selectAll('accounts')
    .where('account_tokens.token_hash', '=', hashToken(token.trim()))
    .where('account_tokens.kind', '=', kind)
    .where('account_tokens.used_at', 'is', null)
    .executeTakeFirst();
  return row && row.entity_code === ctx.entity.code ? row : undefined;
}

/**
 * Consumes a single-use token of a kind for this entity: the account it belongs to, or 410
 * `token_invalid` for an unknown, expired, used or foreign token. The conditional update makes
 * two concurrent uses of one token succeed once.
 */
export async function consumeToken(
  ctx: AccountCtx,
  token: string,
  kind: TokenKind,
): Promise<{ account: AccountRow; data: string | null }> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  const hash = hashToken(token.trim());
  const row = await db
    .selectFrom('account_tokens')
    .innerJoin('accounts', 'accounts.id', 'account_tokens.account_id')
    .select(['account_tokens.data', 'account_tokens.expires_at', 'account_tokens.used_at'])
    .selectAll('accounts')
    .where('account_tokens.token_hash', '=', hash)
    .where('account_tokens.kind', '=', kind)
    .executeTakeFirst();
  if (!row || row.entity_code !== ctx.entity.code || row.used_at !== null || new Date(row.expires_at) <= now)
    throw new ApiError('token_invalid');
  const res = await db
    .updateTable('account_tokens')
    .set({ used_at: iso(now) })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new ApiError('token_invalid');
  const { data, expires_at: _e, used_at: _u, ...account } = row;
  return { account: account as AccountRow, data };
}
