/**
 * The accounts domain: registration, activation, login, recovery, profile, consent. Query
 * functions take the request's context (`AccountCtx`) first. Answers that could reveal whether an
 * account exists are the same in every case; what differs goes by e-mail to the address concerned.
 */
import {
  fieldMessage,
  isPersonalPassword,
  type Lang,
  type Profile,
  type ProfileUpdate,
  type RegistrationParsed,
} from '@pagatore/sdk';
import type * as v from 'valibot';
import { type Db, transaction } from '../db/database.js';
import type { AccountRow, EntityRow } from '../db/schema/index.js';
import { ApiError, validationError } from '../http/api-error.js';
import type { AppDeps } from '../http/context.js';
import { enforce, hit, peek, reset } from '../rate-limit/rate-limit.js';
import { audit } from './audit.js';
import { hashPassword, hashToken, newToken, verifyNothing, verifyPassword } from './crypto.js';
import { canonicalFiscalCode, provenFiscalCodes } from './fiscal-codes.js';
import { runAccountClosedHooks } from './hooks.js';
import { portalUrlOf, sendAccountMail, type AccountMail } from './mails.js';
import { createSession, invalidateSession } from './sessions.js';
import { ACCOUNT_LIMITS, ACCOUNT_TTL } from './settings.js';

/** Who asks, for which entity, from where. */
export interface AccountCtx {
  deps: AppDeps;
  entity: EntityRow;
  ip: string;
  userAgent?: string;
  lang: Lang;
}

type TokenKind = 'activation' | 'password_reset' | 'email_change';

const iso = (d: Date) => d.toISOString();
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

function normalizeLogin(s: string): string {
  return s.trim().toLowerCase();
}

function displayName(a: Pick<AccountRow, 'first_name' | 'last_name' | 'company_name' | 'username'>): string {
  const person = [a.first_name, a.last_name].filter(Boolean).join(' ');
  return a.company_name ?? (person || a.username || '');
}

function langOf(a: Pick<AccountRow, 'lang'>): Lang {
  return a.lang === 'en' || a.lang === 'de' ? a.lang : 'it';
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Error && /unique|duplicate key/i.test(e.message);
}

/** Links with tokens go only to the entity's portal page; refuse before writing anything. */
function requirePortal(ctx: AccountCtx): void {
  if (!portalUrlOf(ctx.entity)) {
    ctx.deps.logger.error('entity has no portal_url on its allowed origins: account mails cannot link', {
      entity: ctx.entity.code,
    });
    throw new ApiError('unavailable');
  }
}

async function findOpenByEmail(db: Db, entity: string, email: string): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('email_normalized', '=', normalizeLogin(email))
    .where('status', '<>', 'closed')
    .executeTakeFirst();
}

/**
 * The account a login name (username or e-mail) names: `open` for anything not closed (recovery
 * mails also reach accounts waiting for activation), `active` for signing in.
 */
async function findByLogin(
  db: Db,
  entity: string,
  login: string,
  which: 'open' | 'active',
): Promise<AccountRow | undefined> {
  const key = normalizeLogin(login);
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('status', which === 'active' ? '=' : '<>', which === 'active' ? 'active' : 'closed')
    .where((eb) => eb.or([eb('username', '=', key), eb('email_normalized', '=', key)]))
    .executeTakeFirst();
}

async function issueToken(
  db: Db,
  accountId: string,
  kind: TokenKind,
  ttlSeconds: number,
  now: Date,
  data: string | null = null,
): Promise<string> {
  // One live link of a kind per account: a new one replaces the previous.
  await db
    .deleteFrom('account_tokens')
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .execute();
  const token = newToken();
  await db
    .insertInto('account_tokens')
    .values({
      token_hash: hashToken(token),
      account_id: accountId,
      kind,
      data,
      created_at: iso(now),
      expires_at: iso(plus(now, ttlSeconds)),
      used_at: null,
    })
    .execute();
  return token;
}

/** Counts one try of a link token from this client (the callers' first step). */
function limitTokenTries(ctx: AccountCtx): Promise<void> {
  return enforce(ctx.deps, `token:ip:${ctx.ip}`, ACCOUNT_LIMITS.tokenPerClient);
}

/**
 * Consumes a single-use token of a kind for this entity: the account it belongs to, or 410
 * `token_invalid` for an unknown, expired, used or foreign token. The conditional update makes
 * two concurrent uses of one token succeed once.
 */
async function consumeToken(
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

function mail(ctx: AccountCtx, m: AccountMail): Promise<boolean> {
  return sendAccountMail(ctx.deps, ctx.entity, m);
}

/**
 * "Registrati". Creates a pending account and mails the activation link, or, when the e-mail
 * already has an active account, tells that address; when the username is taken, tells the
 * registrant's address. The answer is the same in every case. A pending account with the same
 * e-mail is replaced (receiving the mail is what proves the address, so the latest one wins).
 */
export async function registerAccount(ctx: AccountCtx, input: RegistrationParsed): Promise<void> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  requirePortal(ctx);
  // Consent counts for the text shown: a page open since before the entity changed it must reload.
  if (input.privacyVersion !== ctx.entity.privacy_version) {
    throw validationError([
      {
        path: 'privacyVersion',
        code: 'privacy_outdated',
        message: fieldMessage('privacy_outdated', ctx.lang),
      },
    ]);
  }
  // Hash first, whatever happens next, so every branch takes the same time.
  const passwordHash = await hashPassword(input.password);
  const lang = input.lang ?? ctx.lang;
  // Pending accounts whose last link expired free their e-mail and username.
  await db
    .deleteFrom('accounts')
    .where('entity_code', '=', ctx.entity.code)
    .where('status', '=', 'pending')
    .where('updated_at', '<', iso(plus(now, -ACCOUNT_TTL.activationSeconds)))
    .execute();

  const name = input.companyName ?? `${input.firstName ?? ''} ${input.lastName ?? ''}`.trim();
  type Outcome =
    | { kind: 'created'; id: string; token: string }
    | { kind: 'email_taken'; owner: AccountRow }
    | { kind: 'username_taken' };
  let outcome: Outcome;
  try {
    outcome = await transaction(db, async (tx): Promise<Outcome> => {
      const emailOwner = await tx
        .selectFrom('accounts')
        .selectAll()
        .where('entity_code', '=', ctx.entity.code)
        .where('email_normalized', '=', normalizeLogin(input.email))
        .where('status', '<>', 'closed')
        .executeTakeFirst();
      if (emailOwner?.status === 'active') return { kind: 'email_taken', owner: emailOwner };
      const usernameOwner = await tx
        .selectFrom('accounts')
        .select('id')
        .where('entity_code', '=', ctx.entity.code)
        .where('username', '=', input.username)
        .executeTakeFirst();
      if (usernameOwner && usernameOwner.id !== emailOwner?.id) return { kind: 'username_taken' };
      if (emailOwner) await tx.deleteFrom('accounts').where('id', '=', emailOwner.id).execute();
      const id = crypto.randomUUID();
      await tx
        .insertInto('accounts')
        .values({
          id,
          entity_code: ctx.entity.code,
          status: 'pending',
          username: input.username,
          email: input.email,
          email_normalized: normalizeLogin(input.email),
          fiscal_code: canonicalFiscalCode(input.fiscalCode),
          subject_kind: input.subjectKind,
          first_name: input.subjectKind === 'person' ? (input.firstName ?? null) : null,
          last_name: input.subjectKind === 'person' ? (input.lastName ?? null) : null,
          company_name: input.subjectKind === 'legal' ? (input.companyName ?? null) : null,
          address: input.address,
          country: input.country,
          city: input.city,
          province: input.province ?? null,
          postal_code: input.postalCode,
          phone: input.phone,
          lang,
          password_hash: passwordHash,
          privacy_version: input.privacyVersion,
          privacy_accepted_at: iso(now),
          created_at: iso(now),
          activated_at: null,
          closed_at: null,
          updated_at: iso(now),
        })
        .execute();
      const token = newToken();
      await tx
        .insertInto('account_tokens')
        .values({
          token_hash: hashToken(token),
          account_id: id,
          kind: 'activation',
          data: null,
          created_at: iso(now),
          expires_at: iso(plus(now, ACCOUNT_TTL.activationSeconds)),
          used_at: null,
        })
        .execute();
      await audit(tx, {
        entity: ctx.entity.code,
        accountId: id,
        event: 'registered',
        ip: ctx.ip,
        detail: { privacyVersion: input.privacyVersion, subjectKind: input.subjectKind },
        now,
      });
      return { kind: 'created', id, token };
    });
  } catch (e) {
    // A concurrent registration took the username or e-mail between our check and our insert.
    if (!isUniqueViolation(e)) throw e;
    outcome = { kind: 'username_taken' };
  }

  if (outcome.kind === 'created') {
    await mail(ctx, {
      kind: 'activation',
      to: input.email,
      lang,
      name,
      params: { username: input.username, hours: ACCOUNT_TTL.activationSeconds / 3600 },
      link: { kind: 'activate', token: outcome.token },
    });
  } else if (outcome.kind === 'email_taken') {
    const owner = outcome.owner;
    await audit(db, {
      entity: ctx.entity.code,
      accountId: owner.id,
      event: 'registration_duplicate',
      ip: ctx.ip,
      detail: { reason: 'email' },
      now,
    });
    await mail(ctx, {
      kind: 'alreadyRegistered',
      to: owner.email ?? input.email,
      lang: langOf(owner),
      name: displayName(owner),
      params: { username: owner.username ?? '' },
      link: { kind: 'login' },
    });
  } else {
    await audit(db, {
      entity: ctx.entity.code,
      event: 'registration_duplicate',
      ip: ctx.ip,
      detail: { reason: 'username' },
      now,
    });
    await mail(ctx, {
      kind: 'usernameTaken',
      to: input.email,
      lang,
      name,
      params: { username: input.username },
      link: { kind: 'login' },
    });
  }
}

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
 * A new activation link for a pending account; the account (and its username) is kept for another
 * period. Recovery requests for a pending account get this too: what such a user needs is the link.
 */
async function sendActivationAgain(ctx: AccountCtx, account: AccountRow, lang?: Lang): Promise<void> {
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

/** Sends the activation link again (pending account) or the username (active account). */
export async function resendActivation(ctx: AccountCtx, email: string, lang?: Lang): Promise<void> {
  const { db } = ctx.deps;
  requirePortal(ctx);
  await enforce(ctx.deps, `recovery:ip:${ctx.ip}`, ACCOUNT_LIMITS.recoveryPerClient);
  const account = await findOpenByEmail(db, ctx.entity.code, email);
  if (!account || !(await underTargetLimit(ctx, account.id))) return;
  if (account.status === 'pending') {
    await sendActivationAgain(ctx, account, lang);
  } else {
    await mail(ctx, {
      kind: 'usernameReminder',
      to: account.email ?? email,
      lang: lang ?? langOf(account),
      name: displayName(account),
      params: { username: account.username ?? '' },
      link: { kind: 'login' },
    });
  }
}

/**
 * Mails to one account are capped; over the cap nothing is sent, silently (a 429 here would tell
 * that the account exists).
 */
async function underTargetLimit(ctx: AccountCtx, accountId: string): Promise<boolean> {
  const state = await hit(
    ctx.deps.db,
    `recovery:account:${accountId}`,
    ACCOUNT_LIMITS.recoveryPerTarget,
    ctx.deps.now(),
  );
  return state.allowed;
}

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

/** "Password dimenticata?": a single-use, short-lived link to the account's e-mail, if any. */
export async function requestPasswordReset(ctx: AccountCtx, loginName: string, lang?: Lang): Promise<void> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  requirePortal(ctx);
  await enforce(ctx.deps, `recovery:ip:${ctx.ip}`, ACCOUNT_LIMITS.recoveryPerClient);
  const account = await findByLogin(db, ctx.entity.code, loginName, 'open');
  if (!account?.email || !(await underTargetLimit(ctx, account.id))) return;
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

function personalPasswordError(a: AccountRow, password: string, path: string, lang: Lang): ApiError | null {
  const personal = isPersonalPassword(password, {
    username: a.username,
    email: a.email,
    fiscalCode: a.fiscal_code,
    firstName: a.first_name,
    lastName: a.last_name,
    companyName: a.company_name,
  });
  return personal
    ? validationError([{ path, code: 'password_personal', message: fieldMessage('password_personal', lang) }])
    : null;
}

/** Sets a new password with a reset token; every session of the account ends. */
export async function confirmPasswordReset(ctx: AccountCtx, token: string, password: string): Promise<void> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  await limitTokenTries(ctx);
  // Check the password against the account before spending the token, so a rejected password
  // leaves the link usable for a second try.
  const peekRow = await db
    .selectFrom('account_tokens')
    .innerJoin('accounts', 'accounts.id', 'account_tokens.account_id')
    .selectAll('accounts')
    .where('account_tokens.token_hash', '=', hashToken(token.trim()))
    .where('account_tokens.kind', '=', 'password_reset')
    .where('account_tokens.used_at', 'is', null)
    .executeTakeFirst();
  if (peekRow && peekRow.entity_code === ctx.entity.code) {
    const err = personalPasswordError(peekRow, password, 'password', ctx.lang);
    if (err) throw err;
  }
  const passwordHash = await hashPassword(password);
  const { account } = await consumeToken(ctx, token, 'password_reset');
  if (account.status !== 'active') throw new ApiError('token_invalid');
  await transaction(db, async (tx) => {
    await tx
      .updateTable('accounts')
      .set({ password_hash: passwordHash, updated_at: iso(now) })
      .where('id', '=', account.id)
      .execute();
    await tx.deleteFrom('sessions').where('account_id', '=', account.id).execute();
    await audit(tx, {
      entity: ctx.entity.code,
      accountId: account.id,
      event: 'password_reset',
      ip: ctx.ip,
      now,
    });
  });
}

/** "Username dimenticato?": the username to the account's e-mail, if any. */
export async function requestUsernameReminder(ctx: AccountCtx, email: string, lang?: Lang): Promise<void> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  requirePortal(ctx);
  await enforce(ctx.deps, `recovery:ip:${ctx.ip}`, ACCOUNT_LIMITS.recoveryPerClient);
  const account = await findOpenByEmail(db, ctx.entity.code, email);
  if (!account || !(await underTargetLimit(ctx, account.id))) return;
  if (account.status === 'pending') return sendActivationAgain(ctx, account, lang);
  await audit(db, {
    entity: ctx.entity.code,
    accountId: account.id,
    event: 'username_reminder',
    ip: ctx.ip,
    now,
  });
  await mail(ctx, {
    kind: 'usernameReminder',
    to: account.email ?? email,
    lang: lang ?? langOf(account),
    name: displayName(account),
    params: { username: account.username ?? '' },
    link: { kind: 'login' },
  });
}

/**
 * Edits address, phone and language at once; a new e-mail is only recorded as pending and mailed a
 * confirmation link (the old address is told). A new address that already has an account gets a
 * notice instead of a link, and the answer does not change.
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
    requirePortal(ctx);
    const taken = await findOpenByEmail(db, ctx.entity.code, input.email);
    const token = await issueToken(
      db,
      account.id,
      'email_change',
      ACCOUNT_TTL.emailChangeSeconds,
      now,
      input.email,
    );
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
        to: taken.email ?? input.email,
        lang: langOf(taken),
        name: displayName(taken),
        params: { username: taken.username ?? '' },
        link: { kind: 'login' },
      });
    } else {
      await mail(ctx, {
        kind: 'emailChange',
        to: input.email,
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
        params: { username: updated.username ?? '', newEmail: input.email },
      });
    }
  }
  return updated;
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

/** Changes the password with the current one; the other sessions end. */
export async function changePassword(
  ctx: AccountCtx,
  account: AccountRow,
  sessionId: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  await enforce(ctx.deps, `password-change:${account.id}`, ACCOUNT_LIMITS.passwordChange);
  if (!account.password_hash || !(await verifyPassword(account.password_hash, currentPassword))) {
    await audit(db, {
      entity: ctx.entity.code,
      accountId: account.id,
      event: 'password_change_failed',
      ip: ctx.ip,
      now,
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
  const passwordHash = await hashPassword(newPassword);
  await transaction(db, async (tx) => {
    await tx
      .updateTable('accounts')
      .set({ password_hash: passwordHash, updated_at: iso(now) })
      .where('id', '=', account.id)
      .execute();
    await tx
      .deleteFrom('sessions')
      .where('account_id', '=', account.id)
      .where('id', '<>', sessionId)
      .execute();
    await audit(tx, {
      entity: ctx.entity.code,
      accountId: account.id,
      event: 'password_changed',
      ip: ctx.ip,
      now,
    });
  });
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

/**
 * "Revoca consenso privacy": in one transaction the other areas' hooks run (cart, spontaneous
 * positions), proofs, links and sessions go, and the profile is erased; the row keeps its id and
 * dates so payment records that name it stay consistent. The former address is told.
 */
export async function revokeConsent(ctx: AccountCtx, account: AccountRow): Promise<void> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  const before = { ...account };
  await transaction(db, async (tx) => {
    await runAccountClosedHooks(tx, {
      accountId: account.id,
      entityCode: ctx.entity.code,
      fiscalCode: account.fiscal_code,
      now,
    });
    await tx.deleteFrom('account_fiscal_codes').where('account_id', '=', account.id).execute();
    await tx.deleteFrom('account_tokens').where('account_id', '=', account.id).execute();
    await tx.deleteFrom('sessions').where('account_id', '=', account.id).execute();
    await tx
      .updateTable('accounts')
      .set({
        status: 'closed',
        username: null,
        email: null,
        email_normalized: null,
        fiscal_code: null,
        subject_kind: null,
        first_name: null,
        last_name: null,
        company_name: null,
        address: null,
        country: null,
        city: null,
        province: null,
        postal_code: null,
        phone: null,
        password_hash: null,
        closed_at: iso(now),
        updated_at: iso(now),
      })
      .where('id', '=', account.id)
      .execute();
    await audit(tx, {
      entity: ctx.entity.code,
      accountId: account.id,
      event: 'consent_revoked',
      ip: ctx.ip,
      detail: { privacyVersion: account.privacy_version },
      now,
    });
  });
  if (before.email) {
    await mail(ctx, {
      kind: 'accountClosed',
      to: before.email,
      lang: langOf(before),
      name: displayName(before),
      params: {},
    });
  }
}
