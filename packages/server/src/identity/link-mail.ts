/**
 * Linking a digital identity to the portal account of the same fiscal code by a link mailed to that
 * account, instead of its password. Back from SPID/CIE with `link_required`, the citizen asks for
 * the mail (`linkByEmail`); the request is stored and the mail queued in the outbox in the same
 * transaction (events/mail-outbox.ts). The outbox's sender issues the link's token (only its
 * SHA-256 is kept; a new attempt replaces it) and mails it in the language the citizen used, to the
 * page the login came back to (`#pagatore-identity-link=<token>`). Following the link, once and
 * before it expires, links the two and logs in. Nothing is linked without it: never merged silently.
 */
import { canonicalFiscalCode, type Lang, type SessionCreated } from '@pagatore/sdk';
import type { AppDeps } from '../core/deps.js';
import { ApiError } from '../core/errors.js';
import { enforce, hit } from '../core/rate-limit.js';
import { hashToken, newToken } from '../core/tokens.js';
import { transaction } from '../db/database.js';
import type { AccountRow, IdentityHandoffsTable } from '../db/schema/index.js';
import { findEntity } from '../entities/entities.js';
import { queueMail } from '../events/mail-outbox.js';
import { audit } from '../accounts/audit.js';
import { type AccountCtx, displayName } from '../accounts/context.js';
import { markFiscalCodeProven } from '../accounts/fiscal-codes.js';
import { sendAccountMail } from '../accounts/mails.js';
import { profileOf } from '../accounts/profile.js';
import { createSession } from '../accounts/sessions.js';
import { ACCOUNT_LIMITS } from '../accounts/settings.js';
import { limitTokenTries } from '../accounts/tokens.js';
import { findProvider } from './providers.js';

/** How long a mailed link works. */
export const LINK_MAIL_TTL_SECONDS = 30 * 60;

const iso = (d: Date) => d.toISOString();

/** `mario.rossi@example.it` → `m***@example.it`: enough to recognise one's own address. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * Stores the request and queues the mail to the account's address; answers the masked address.
 * Mails to one account are capped (as recovery mails are), silently beyond the cap.
 */
export async function requestLinkMail(
  ctx: AccountCtx,
  handoff: IdentityHandoffsTable,
  account: AccountRow,
  fiscalCode: string,
): Promise<{ outcome: 'link_mail_sent'; email: string; expiresInMinutes: number }> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  if (!account.email || !handoff.return_url) throw new ApiError('conflict');
  await enforce(ctx.deps, `identity-link:ip:${ctx.ip}`, ACCOUNT_LIMITS.recoveryPerClient);
  const cap = await hit(db, `identity-link:account:${account.id}`, ACCOUNT_LIMITS.recoveryPerTarget, now);
  if (cap.allowed) {
    await transaction(db, async (tx) => {
      const row = await tx
        .insertInto('identity_link_mails')
        .values({
          entity_code: ctx.entity.code,
          account_id: account.id,
          fiscal_code: fiscalCode,
          provider_code: handoff.provider_code,
          kind: handoff.kind,
          return_url: handoff.return_url as string,
          lang: ctx.lang,
          token_hash: null,
          created_at: iso(now),
          expires_at: iso(new Date(now.getTime() + LINK_MAIL_TTL_SECONDS * 1000)),
          used_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await queueMail(tx, { kind: 'identity_link', ref: row.id, entityCode: ctx.entity.code, now });
      await audit(tx, {
        entity: ctx.entity.code,
        accountId: account.id,
        event: 'identity_link_requested',
        ip: ctx.ip,
        detail: { provider: handoff.provider_code },
        now,
      });
    });
  }
  return {
    outcome: 'link_mail_sent',
    email: maskEmail(account.email),
    expiresInMinutes: LINK_MAIL_TTL_SECONDS / 60,
  };
}

/**
 * The outbox's sender for `identity_link` mails: issues the token and mails the link. A request
 * already used, expired or whose account has no address any more mails nothing. Throws when the
 * mail could not be sent, so the outbox tries again (with a new token).
 */
export async function mailIdentityLink(deps: AppDeps, id: number): Promise<void> {
  const { db } = deps;
  const now = deps.now();
  const row = await db.selectFrom('identity_link_mails').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.used_at !== null || new Date(row.expires_at) <= now) return;
  const account = await db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', row.account_id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  const entity = await findEntity(db, row.entity_code);
  if (!account?.email || !entity) return;
  const provider = await findProvider(db, row.entity_code, row.provider_code);
  const token = newToken();
  const issued = await db
    .updateTable('identity_link_mails')
    .set({ token_hash: hashToken(token) })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(issued.numUpdatedRows) !== 1) return;
  const lang: Lang = row.lang === 'en' || row.lang === 'de' ? row.lang : 'it';
  const sent = await sendAccountMail(deps, entity, {
    kind: 'identityLink',
    to: account.email,
    lang,
    name: displayName(account),
    params: {
      provider: provider?.name ?? (row.kind === 'cie' ? 'CIE' : 'SPID'),
      fiscalCode: row.fiscal_code,
      username: account.username ?? '',
      minutes: Math.max(1, Math.round((Date.parse(row.expires_at) - now.getTime()) / 60_000)),
    },
    link: { kind: 'identity-link', token, page: row.return_url },
  });
  if (!sent) throw new Error('identity link mail not sent');
}

/**
 * Follows a mailed link: spends it (once, before it expires), links the identity's fiscal code to
 * the account, records the code as proven by SPID/CIE and answers a new session. 410
 * `token_invalid` for an unknown, used or expired link, or when the account changed meanwhile.
 */
export async function confirmIdentityLink(ctx: AccountCtx, token: string): Promise<SessionCreated> {
  await limitTokenTries(ctx);
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  const hash = hashToken(token.trim());
  const row = await db
    .selectFrom('identity_link_mails')
    .selectAll()
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || row.entity_code !== ctx.entity.code || row.used_at !== null || new Date(row.expires_at) <= now)
    throw new ApiError('token_invalid');
  const spent = await db
    .updateTable('identity_link_mails')
    .set({ used_at: iso(now) })
    .where('id', '=', row.id)
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) throw new ApiError('token_invalid');
  const account = await db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', row.account_id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!account || canonicalFiscalCode(account.fiscal_code ?? '') !== row.fiscal_code)
    throw new ApiError('token_invalid');
  await db
    .insertInto('account_identities')
    .values({
      entity_code: ctx.entity.code,
      fiscal_code: row.fiscal_code,
      account_id: account.id,
      linked_at: iso(now),
    })
    .onConflict((oc) => oc.columns(['entity_code', 'fiscal_code']).doNothing())
    .execute();
  const linked = await db
    .selectFrom('account_identities')
    .select('account_id')
    .where('entity_code', '=', ctx.entity.code)
    .where('fiscal_code', '=', row.fiscal_code)
    .executeTakeFirst();
  if (linked?.account_id !== account.id) throw new ApiError('token_invalid');
  await markFiscalCodeProven(db, account.id, row.fiscal_code, row.kind, { evidence: row.provider_code, now });
  await audit(db, {
    entity: ctx.entity.code,
    accountId: account.id,
    event: 'identity_linked',
    ip: ctx.ip,
    detail: { provider: row.provider_code, by: 'email' },
    now,
  });
  // The session is the portal's: the provider's ID token stayed with the browser that asked.
  const s = await createSession(
    db,
    account.id,
    now,
    { idleSeconds: ctx.deps.config.sessionIdleSeconds, maxSeconds: ctx.deps.config.sessionMaxSeconds },
    { ip: ctx.ip, userAgent: ctx.userAgent },
    { provider: row.provider_code, idToken: null },
  );
  return {
    token: s.token,
    expiresAt: s.expiresAt.toISOString(),
    idleTimeoutSeconds: ctx.deps.config.sessionIdleSeconds,
    account: await profileOf(ctx.deps, account),
  };
}
