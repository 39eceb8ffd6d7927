/**
 * The widget's half of a digital-identity login: it exchanges the one-time code it got back on its
 * page, with the verifier whose S256 challenge started the flow, for the usual bearer session.
 *
 * | the fiscal code…                                   | answer                                   |
 * | -------------------------------------------------- | ---------------------------------------- |
 * | logs in to an account already                      | `session`                                |
 * | belongs to a portal account (registered, password) | `link_required`; with its password: `session`, linked; or `linkByEmail`: `link_mail_sent` (link-mail.ts) |
 * | is new                                              | `consent_required`; with consent: account created, `session` |
 *
 * The code is spent when a session is issued; until then (and its expiry) it serves the second call.
 * Every session issued this way counts the fiscal code as proven (assigned practices show at once).
 */
import { canonicalFiscalCode, type IdentityExchangeResult } from '@pagatore/sdk';
import { createHash, timingSafeEqual } from 'node:crypto';
import type * as v from 'valibot';
import type { IdentityExchange } from '@pagatore/sdk';
import { ApiError, validationError } from '../core/errors.js';
import { hashToken } from '../core/tokens.js';
import { fieldMessage } from '../core/messages.js';
import { transaction } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { AccountRow, IdentityHandoffsTable } from '../db/schema/index.js';
import { type AccountCtx, normalizeLogin } from '../accounts/context.js';
import { audit } from '../accounts/audit.js';
import { markFiscalCodeProven } from '../accounts/fiscal-codes.js';
import { login } from '../accounts/login.js';
import { createSession, invalidateSession } from '../accounts/sessions.js';
import { limitTokenTries } from '../accounts/tokens.js';
import { profileOf } from '../accounts/profile.js';
import type { ProvenIdentity } from './claims.js';
import { requestLinkMail } from './link-mail.js';
import { PRIVACY, reconsentNeeded, recordConsent } from '../privacy/consents.js';
import { acceptPrivacyAgain } from '../accounts/reconsent.js';

type Exchange = v.InferOutput<typeof IdentityExchange>;

const iso = (d: Date) => d.toISOString();

/** BASE64URL(SHA-256(verifier)) equals the challenge, in constant time. */
function verifierMatches(verifier: string, challenge: string): boolean {
  const got = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const want = Buffer.from(challenge);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** Exchanges a hand-back code; see the table above. */
export async function exchangeIdentity(ctx: AccountCtx, input: Exchange): Promise<IdentityExchangeResult> {
  await limitTokenTries(ctx);
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  const codeHash = hashToken(input.code.trim());
  const row = await db
    .selectFrom('identity_handoffs')
    .selectAll()
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  if (
    !row ||
    row.entity_code !== ctx.entity.code ||
    row.used_at !== null ||
    new Date(row.expires_at) <= now ||
    !verifierMatches(input.verifier, row.challenge)
  )
    throw new ApiError('token_invalid');
  const identity = JSON.parse(row.identity) as ProvenIdentity;

  const linked = await db
    .selectFrom('account_identities')
    .innerJoin('accounts', 'accounts.id', 'account_identities.account_id')
    .selectAll('accounts')
    .where('account_identities.entity_code', '=', ctx.entity.code)
    .where('account_identities.fiscal_code', '=', identity.fiscalCode)
    .where('accounts.status', '=', 'active')
    .executeTakeFirst();
  if (linked) {
    // A notice that asks for fresh consent: shown once more, as at the first login.
    const fresh = await reconsentNeeded(db, ctx.entity, linked);
    if (fresh) {
      if (input.privacyVersion === undefined)
        return { outcome: 'consent_required', identity, privacyVersion: fresh.version };
      if (input.privacyVersion !== fresh.version) throw outdated(ctx);
      await acceptPrivacyAgain(ctx, linked, fresh.version, row.kind);
    }
    return issue(ctx, row, linked, identity, null);
  }

  const portal = await db
    .selectFrom('accounts')
    .selectAll()
    .where('entity_code', '=', ctx.entity.code)
    .where('fiscal_code', '=', identity.fiscalCode)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (portal) {
    if (input.linkByEmail && !input.link) return requestLinkMail(ctx, row, portal, identity.fiscalCode);
    if (!input.link)
      return {
        outcome: 'link_required',
        identity,
        canLinkByEmail: portal.email !== null && row.return_url !== null,
      };
    // The password proves the account is theirs; the fiscal code must be the identity's.
    const s = await login(ctx, input.link.username, input.link.password, { skip: true });
    if (canonicalFiscalCode(s.account.fiscal_code ?? '') !== identity.fiscalCode) {
      await invalidateSession(db, s.token.split('.')[0] ?? '');
      throw new ApiError('invalid_credentials');
    }
    await db
      .insertInto('account_identities')
      .values({
        entity_code: ctx.entity.code,
        fiscal_code: identity.fiscalCode,
        account_id: s.account.id,
        linked_at: iso(now),
      })
      .onConflict((oc) => oc.columns(['entity_code', 'fiscal_code']).doNothing())
      .execute();
    await audit(db, {
      entity: ctx.entity.code,
      accountId: s.account.id,
      event: 'identity_linked',
      ip: ctx.ip,
      detail: { provider: row.provider_code },
      now,
    });
    return issue(ctx, row, s.account, identity, s);
  }

  if (input.privacyVersion === undefined) {
    return { outcome: 'consent_required', identity, privacyVersion: ctx.entity.privacy_version ?? '' };
  }
  if (input.privacyVersion !== ctx.entity.privacy_version) throw outdated(ctx);
  const account = await createFromIdentity(ctx, identity, input.privacyVersion, row.provider_code, row.kind);
  return issue(ctx, row, account, identity, null);
}

/** Consent given to a text that is no longer the current one: the page shows the new one. */
const outdated = (ctx: AccountCtx) =>
  validationError([
    { path: 'privacyVersion', code: 'privacy_outdated', message: fieldMessage('privacy_outdated', ctx.lang) },
  ]);

/** A new active account from the identity, with the consent given on the page. */
async function createFromIdentity(
  ctx: AccountCtx,
  identity: ProvenIdentity,
  privacyVersion: string,
  provider: string,
  kind: 'spid' | 'cie',
): Promise<AccountRow> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  const id = crypto.randomUUID();
  // The provider's e-mail is taken when no other account of the entity uses it.
  const emailKey = identity.email ? normalizeLogin(identity.email) : null;
  const emailFree =
    emailKey !== null &&
    !(await db
      .selectFrom('accounts')
      .select('id')
      .where('entity_code', '=', ctx.entity.code)
      .where('email_normalized', '=', emailKey)
      .executeTakeFirst());
  try {
    await transaction(db, async (tx) => {
      await tx
        .insertInto('accounts')
        .values({
          id,
          entity_code: ctx.entity.code,
          status: 'active',
          username: null,
          email: emailFree ? identity.email : null,
          email_normalized: emailFree ? emailKey : null,
          fiscal_code: identity.fiscalCode,
          subject_kind: 'person',
          first_name: identity.firstName,
          last_name: identity.lastName,
          company_name: null,
          address: null,
          country: null,
          city: null,
          province: null,
          postal_code: null,
          phone: null,
          lang: ctx.lang,
          password_hash: null,
          privacy_version: privacyVersion,
          privacy_accepted_at: iso(now),
          created_at: iso(now),
          activated_at: iso(now),
          closed_at: null,
          updated_at: iso(now),
        })
        .execute();
      await tx
        .insertInto('account_identities')
        .values({
          entity_code: ctx.entity.code,
          fiscal_code: identity.fiscalCode,
          account_id: id,
          linked_at: iso(now),
        })
        .execute();
      await recordConsent(tx, ctx.deps.config, {
        entity: ctx.entity,
        accountId: id,
        kind: PRIVACY,
        action: 'grant',
        version: privacyVersion,
        lang: ctx.lang,
        channel: kind,
        ip: ctx.ip,
        now,
      });
      await audit(tx, {
        entity: ctx.entity.code,
        accountId: id,
        event: 'registered',
        ip: ctx.ip,
        detail: { privacyVersion, provider },
        now,
      });
    });
  } catch (e) {
    // The same identity, in another tab, created it first.
    if (!isUniqueViolation(e)) throw e;
  }
  const row = await db
    .selectFrom('account_identities')
    .innerJoin('accounts', 'accounts.id', 'account_identities.account_id')
    .selectAll('accounts')
    .where('account_identities.entity_code', '=', ctx.entity.code)
    .where('account_identities.fiscal_code', '=', identity.fiscalCode)
    .executeTakeFirst();
  if (!row) throw new ApiError('internal');
  return row;
}

/** Spends the code, records the proof, and answers the session (a new one unless given). */
async function issue(
  ctx: AccountCtx,
  handoff: IdentityHandoffsTable,
  account: AccountRow,
  identity: ProvenIdentity,
  session: { token: string; expiresAt: Date } | null,
): Promise<IdentityExchangeResult> {
  const { db } = ctx.deps;
  const now = ctx.deps.now();
  const spent = await db
    .updateTable('identity_handoffs')
    .set({ used_at: iso(now) })
    .where('code_hash', '=', handoff.code_hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) {
    if (session) await invalidateSession(db, session.token.split('.')[0] ?? '');
    throw new ApiError('token_invalid');
  }
  // The session remembers its provider and ID token: "Esci" can end the provider's session too.
  const identitySession = { provider: handoff.provider_code, idToken: handoff.id_token };
  await markFiscalCodeProven(db, account.id, identity.fiscalCode, handoff.kind, {
    evidence: handoff.provider_code,
    now,
  });
  if (session)
    await db
      .updateTable('sessions')
      .set({ identity_provider: identitySession.provider, id_token: identitySession.idToken })
      .where('id', '=', session.token.split('.')[0] ?? '')
      .execute();
  const s =
    session ??
    (await createSession(
      db,
      account.id,
      now,
      { idleSeconds: ctx.deps.config.sessionIdleSeconds, maxSeconds: ctx.deps.config.sessionMaxSeconds },
      { ip: ctx.ip, userAgent: ctx.userAgent },
      identitySession,
    ));
  await audit(db, {
    entity: ctx.entity.code,
    accountId: account.id,
    event: 'identity_login',
    ip: ctx.ip,
    detail: { provider: handoff.provider_code, kind: handoff.kind },
    now,
  });
  return {
    outcome: 'session',
    session: {
      token: s.token,
      expiresAt: s.expiresAt.toISOString(),
      idleTimeoutSeconds: ctx.deps.config.sessionIdleSeconds,
      account: await profileOf(ctx.deps, account),
    },
  };
}
