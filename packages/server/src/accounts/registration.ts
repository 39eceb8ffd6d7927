/**
 * "Registrati". A registration creates a pending account and mails its activation link; the answer
 * is the same whatever happened, and what differs goes by e-mail to the address concerned:
 *
 * | the e-mail…                  | the username…         | outcome         | mail                    |
 * | ---------------------------- | --------------------- | --------------- | ----------------------- |
 * | is free or only pending      | free (or that one's)  | `created`       | activation link         |
 * | has an active account        | any                   | `email_taken`   | "already registered" to the owner |
 * | is free or only pending      | another account's     | `username_taken`| "username taken" to the registrant |
 *
 * A pending account with the same e-mail is replaced (receiving the mail is what proves the
 * address, so the latest one wins).
 */
import { canonicalFiscalCode, type Lang, type RegistrationParsed } from '@pagatore/sdk';
import { fieldMessage } from '../core/messages.js';
import { type Db, transaction, type Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { AccountRow } from '../db/schema/index.js';
import { ApiError, validationError } from '../core/errors.js';
import { audit } from './audit.js';
import { PRIVACY, recordConsent } from '../privacy/consents.js';
import {
  type AccountCtx,
  displayName,
  iso,
  langOf,
  mail,
  normalizeLogin,
  plus,
  requirePortal,
} from './context.js';
import { hashPassword } from './crypto.js';
import { ACCOUNT_TTL } from './settings.js';
import { issueToken } from './tokens.js';

type Outcome =
  | { kind: 'created'; id: string; token: string }
  | { kind: 'email_taken'; owner: AccountRow }
  | { kind: 'username_taken' };

/** What the registration steps share. */
interface Registration {
  input: RegistrationParsed;
  lang: Lang;
  passwordHash: string;
  now: Date;
}

/** Registers; see the table above. */
export async function registerAccount(ctx: AccountCtx, input: RegistrationParsed): Promise<void> {
  // An entity may take accounts only from SPID and CIE (identity/handoff.ts creates those).
  if (ctx.entity.own_registration !== 1) throw new ApiError('registration_disabled');
  requirePortal(ctx);
  requireCurrentPrivacy(ctx, input);
  // Hash first, whatever happens next, so every branch takes the same time.
  const reg: Registration = {
    input,
    lang: input.lang ?? ctx.lang,
    passwordHash: await hashPassword(input.password),
    now: ctx.deps.now(),
  };
  await freeExpiredPending(ctx.deps.db, ctx.entity.code, reg.now);
  let outcome: Outcome;
  try {
    outcome = await transaction(ctx.deps.db, (tx) => decide(ctx, tx, reg));
  } catch (e) {
    // A concurrent registration took the username or e-mail between our check and our insert.
    if (!isUniqueViolation(e)) throw e;
    outcome = { kind: 'username_taken' };
  }
  await tell(ctx, reg, outcome);
}

/** Consent counts for the text shown: a page open since before the entity changed it must reload. */
function requireCurrentPrivacy(ctx: AccountCtx, input: RegistrationParsed): void {
  if (input.privacyVersion === ctx.entity.privacy_version) return;
  throw validationError([
    { path: 'privacyVersion', code: 'privacy_outdated', message: fieldMessage('privacy_outdated', ctx.lang) },
  ]);
}

/** Pending accounts whose last link expired free their e-mail and username. */
async function freeExpiredPending(db: Db, entity: string, now: Date): Promise<void> {
  await db
    .deleteFrom('accounts')
    .where('entity_code', '=', entity)
    .where('status', '=', 'pending')
    .where('updated_at', '<', iso(plus(now, -ACCOUNT_TTL.activationSeconds)))
    .execute();
}

/** Decides the outcome and, when the names are free, creates the pending account with its link. */
async function decide(ctx: AccountCtx, tx: Tx, reg: Registration): Promise<Outcome> {
  const { input } = reg;
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
  const id = await insertPendingAccount(ctx, tx, reg);
  await recordConsent(tx, ctx.deps.config, {
    entity: ctx.entity,
    accountId: id,
    kind: PRIVACY,
    action: 'grant',
    version: input.privacyVersion,
    lang: reg.lang,
    channel: 'widget',
    ip: ctx.ip,
    now: reg.now,
  });
  const token = await issueToken(tx, id, 'activation', ACCOUNT_TTL.activationSeconds, reg.now);
  await audit(tx, {
    entity: ctx.entity.code,
    accountId: id,
    event: 'registered',
    ip: ctx.ip,
    detail: { privacyVersion: input.privacyVersion, subjectKind: input.subjectKind },
    now: reg.now,
  });
  return { kind: 'created', id, token };
}

/** The pending account row, with the consent given; returns its id. */
async function insertPendingAccount(ctx: AccountCtx, tx: Tx, reg: Registration): Promise<string> {
  const { input, now } = reg;
  const person = input.subjectKind === 'person';
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
      first_name: person ? (input.firstName ?? null) : null,
      last_name: person ? (input.lastName ?? null) : null,
      company_name: person ? null : (input.companyName ?? null),
      address: input.address,
      country: input.country,
      city: input.city,
      province: input.province ?? null,
      postal_code: input.postalCode,
      phone: input.phone,
      lang: reg.lang,
      password_hash: reg.passwordHash,
      privacy_version: input.privacyVersion,
      privacy_accepted_at: iso(now),
      created_at: iso(now),
      activated_at: null,
      closed_at: null,
      updated_at: iso(now),
    })
    .execute();
  return id;
}

/** The one mail of the outcome (and the audit of a duplicate). */
async function tell(ctx: AccountCtx, reg: Registration, outcome: Outcome): Promise<void> {
  const { input, lang, now } = reg;
  const name = input.companyName ?? `${input.firstName ?? ''} ${input.lastName ?? ''}`.trim();
  if (outcome.kind === 'created') {
    await mail(ctx, {
      kind: 'activation',
      to: input.email,
      lang,
      name,
      params: { username: input.username, hours: ACCOUNT_TTL.activationSeconds / 3600 },
      link: { kind: 'activate', token: outcome.token },
    });
    return;
  }
  const owner = outcome.kind === 'email_taken' ? outcome.owner : null;
  await audit(ctx.deps.db, {
    entity: ctx.entity.code,
    ...(owner ? { accountId: owner.id } : {}),
    event: 'registration_duplicate',
    ip: ctx.ip,
    detail: { reason: owner ? 'email' : 'username' },
    now,
  });
  if (owner) {
    await mail(ctx, {
      kind: 'alreadyRegistered',
      to: owner.email ?? input.email,
      lang: langOf(owner),
      name: displayName(owner),
      params: { username: owner.username ?? '' },
      link: { kind: 'login' },
    });
  } else {
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
