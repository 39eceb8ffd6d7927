/**
 * The profile: what the API shows of an account, editing it, changing the e-mail (confirmed by a
 * link to the new address, the old one told) and the password (with the current one).
 */
import { type Profile, type ProfileUpdate } from '@pagatore/sdk';
import { fieldMessage } from '../core/messages.js';
import type * as v from 'valibot';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { AccountRow } from '../db/schema/index.js';
import { ApiError } from '../core/errors.js';
import type { AppDeps } from '../core/deps.js';
import { enforce } from '../core/rate-limit.js';
import { audit } from './audit.js';
import { type AccountCtx, displayName, iso, langOf, mail, normalizeLogin, requirePortal } from './context.js';
import { hashPassword, verifyPassword } from './crypto.js';
import { findOpenByEmail } from './find.js';
import { provenFiscalCodes } from './fiscal-codes.js';
import { personalPasswordError, storePassword } from './passwords.js';
import { ACCOUNT_LIMITS, ACCOUNT_TTL } from './settings.js';
import { consumeToken, issueToken, limitTokenTries } from './tokens.js';

/** The profile the API shows. */
export async function toProfile(db: Db, a: AccountRow): Promise<Profile> {
  return {
    id: a.id,
    username: a.username ?? '',
    email: a.email ?? '',
    pendingEmail: null,
    fiscalCode: a.fiscal_code ?? '',
    subjectKind: a.subject_kind ?? 'person',
    firstName: a.first_name,
    lastName: a.last_name,
    companyName: a.company_name,
    address: a.address ?? '',
    country: a.country ?? '',
    city: a.city ?? '',
    province: a.province,
    postalCode: a.postal_code ?? '',
    phone: a.phone ?? '',
    lang: langOf(a),
    privacy: { version: a.privacy_version ?? '', acceptedAt: a.privacy_accepted_at ?? '' },
    provenFiscalCodes: await provenFiscalCodes(db, a.id),
    createdAt: a.created_at,
  };
}

/** The pending new e-mail of an account, if a confirmation link is live. */
async function pendingEmailOf(db: Db, accountId: string, now: Date): Promise<string | null> {
  const row = await db
    .selectFrom('account_tokens')
    .select('data')
    .where('account_id', '=', accountId)
    .where('kind', '=', 'email_change')
    .where('used_at', 'is', null)
    .where('expires_at', '>', iso(now))
    .executeTakeFirst();
  return row?.data ?? null;
}

/** The profile with its pending e-mail. */
export async function profileOf(deps: AppDeps, a: AccountRow): Promise<Profile> {
  const p = await toProfile(deps.db, a);
  return { ...p, pendingEmail: await pendingEmailOf(deps.db, a.id, deps.now()) };
}

/**
 * Edits address, phone and language at once; a new e-mail is only recorded as pending and mailed a
 * confirmation link (see `requestEmailChange`).
 */
export async function updateProfile(
  ctx: AccountCtx,
  account: AccountRow,
  input: v.InferOutput<typeof ProfileUpdate>,
): Promise<AccountRow> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  const patch = {
    address: input.address,
    country: input.country,
    city: input.city,
    province: input.province ?? null,
    postal_code: input.postalCode,
    phone: input.phone,
    lang: input.lang ?? account.lang,
    updated_at: iso(now),
  };
  await db.updateTable('accounts').set(patch).where('id', '=', account.id).execute();
  await audit(db, {
    entity: ctx.entity.code,
    accountId: account.id,
    event: 'profile_updated',
    ip: ctx.ip,
    now,
  });
  const updated = { ...account, ...patch };
  if (input.email && normalizeLogin(input.email) !== account.email_normalized) {
    await requestEmailChange(ctx, account, updated, input.email);
  }
  return updated;
}

/**
 * Records a new e-mail as pending and mails its confirmation link; the old address is told. A new
 * address that already has an account gets a notice instead of a link, and the answer does not
 * change.
 */
async function requestEmailChange(
  ctx: AccountCtx,
  account: AccountRow,
  updated: AccountRow,
  email: string,
): Promise<void> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  requirePortal(ctx);
  const taken = await findOpenByEmail(db, ctx.entity.code, email);
  const token = await issueToken(db, account.id, 'email_change', ACCOUNT_TTL.emailChangeSeconds, now, {
    data: email,
  });
  await audit(db, {
    entity: ctx.entity.code,
    accountId: account.id,
    event: 'email_change_requested',
    ip: ctx.ip,
    now,
  });
  const lang = langOf(updated);
  if (taken) {
    await mail(ctx, {
      kind: 'alreadyRegistered',
      to: taken.email ?? email,
      lang: langOf(taken),
      name: displayName(taken),
      params: { username: taken.username ?? '' },
      link: { kind: 'login' },
    });
  } else {
    await mail(ctx, {
      kind: 'emailChange',
      to: email,
      lang,
      name: displayName(updated),
      params: { username: updated.username ?? '', hours: ACCOUNT_TTL.emailChangeSeconds / 3600 },
      link: { kind: 'email', token },
    });
  }
  if (account.email) {
    await mail(ctx, {
      kind: 'emailChangeNotice',
      to: account.email,
      lang,
      name: displayName(updated),
      params: { username: updated.username ?? '', newEmail: email },
    });
  }
}

/** Confirms a new e-mail with the token sent to it. */
export async function confirmEmail(ctx: AccountCtx, token: string): Promise<{ email: string }> {
  await limitTokenTries(ctx);
  const now = ctx.deps.now();
  const { account, data } = await consumeToken(ctx, token, 'email_change');
  if (!data || account.status !== 'active') throw new ApiError('token_invalid');
  const taken = await findOpenByEmail(ctx.deps.db, ctx.entity.code, data);
  if (taken && taken.id !== account.id) throw new ApiError('token_invalid');
  try {
    await ctx.deps.db
      .updateTable('accounts')
      .set({ email: data, email_normalized: normalizeLogin(data), updated_at: iso(now) })
      .where('id', '=', account.id)
      .execute();
  } catch (e) {
    if (isUniqueViolation(e)) throw new ApiError('token_invalid');
    throw e;
  }
  await audit(ctx.deps.db, {
    entity: ctx.entity.code,
    accountId: account.id,
    event: 'email_changed',
    ip: ctx.ip,
    now,
  });
  return { email: data };
}

/** Changes the password with the current one; the other sessions end and the address is told. */
export async function changePassword(
  ctx: AccountCtx,
  account: AccountRow,
  sessionId: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  await enforce(ctx.deps, `password-change:${account.id}`, ACCOUNT_LIMITS.passwordChange);
  if (!account.password_hash || !(await verifyPassword(account.password_hash, currentPassword))) {
    await audit(ctx.deps.db, {
      entity: ctx.entity.code,
      accountId: account.id,
      event: 'password_change_failed',
      ip: ctx.ip,
      now: ctx.deps.now(),
    });
    throw new ApiError('invalid_credentials', {
      fields: [
        {
          path: 'currentPassword',
          code: 'invalid_format',
          message: fieldMessage('invalid_format', ctx.lang),
        },
      ],
    });
  }
  const err = personalPasswordError(account, newPassword, 'newPassword', ctx.lang);
  if (err) throw err;
  await storePassword(ctx, account.id, await hashPassword(newPassword), 'password_changed', sessionId);
  if (account.email) {
    await mail(ctx, {
      kind: 'passwordChanged',
      to: account.email,
      lang: langOf(account),
      name: displayName(account),
      params: { username: account.username ?? '' },
    });
  }
}
