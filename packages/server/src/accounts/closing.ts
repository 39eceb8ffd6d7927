/**
 * Closing an account ("Revoca consenso privacy"): the account stops, personal data goes, payment
 * records the law requires stay. `closeAccount` is the one way an account closes, from a route, the
 * CLI or a job: it takes the caller's transaction and names every area that holds personal data of
 * the account, so nothing depends on which modules happened to load.
 */
import { transaction, type Tx } from '../db/database.js';
import type { AccountRow } from '../db/schema/index.js';
import { emptyCartOf } from '../payments/cart.js';
import { closePaymentsOfAccount } from '../payments/account-closed.js';
import { type ConsentChannel, PRIVACY, recordConsent } from '../privacy/consents.js';
import { closePracticesOfAccount } from '../practices/account-closed.js';
import { audit } from './audit.js';
import { type AccountCtx, displayName, iso, langOf, mail } from './context.js';

/** The account being closed, and who closes it from where. */
export interface Closing {
  account: Pick<AccountRow, 'id' | 'entity_code' | 'privacy_version' | 'lang'>;
  now: Date;
  /** The client address of the request, when there is one. */
  ip?: string | null;
  /** Where the revocation came from: the citizen's widget, or staff on the citizen's request. */
  channel?: ConsentChannel;
  /** The staff member or key acting on the citizen's request. */
  actor?: string | null;
  /** The salt setting of the ledger's address hashes (`deps.config`). */
  config?: { privacySalt: string | null };
}

/**
 * Closes an account inside `tx`: empties its cart, cancels its unpaid spontaneous practices and
 * drops its practice links, forgets its proven fiscal codes, links and sessions, and erases the
 * profile. The row keeps its id and dates so payment records that name it stay consistent.
 */
export async function closeAccount(
  tx: Tx,
  { account, now, ip = null, channel = 'widget', actor = null, config = { privacySalt: null } }: Closing,
): Promise<void> {
  await emptyCartOf(tx, account.id);
  await closePracticesOfAccount(tx, account.id, now);
  await tx.deleteFrom('account_fiscal_codes').where('account_id', '=', account.id).execute();
  await tx.deleteFrom('account_tokens').where('account_id', '=', account.id).execute();
  await tx.deleteFrom('sessions').where('account_id', '=', account.id).execute();
  await tx.deleteFrom('account_identities').where('account_id', '=', account.id).execute();
  await tx.deleteFrom('identity_link_mails').where('account_id', '=', account.id).execute();
  await closePaymentsOfAccount(tx, account.id);
  // The account's activity stays as a pseudonymous security record, without its client addresses.
  await tx.updateTable('account_audit').set({ ip: null }).where('account_id', '=', account.id).execute();
  await erasePersonalData(tx, account.id, now);
  const entity = await tx
    .selectFrom('entities')
    .selectAll()
    .where('code', '=', account.entity_code)
    .executeTakeFirstOrThrow();
  await recordConsent(tx, config, {
    entity,
    accountId: account.id,
    kind: PRIVACY,
    action: 'revoke',
    version: account.privacy_version,
    lang: langOf(account),
    channel,
    actor,
    ip,
    now,
  });
  await audit(tx, {
    entity: account.entity_code,
    accountId: account.id,
    event: 'consent_revoked',
    // The ledger keeps the address of the revocation, salted and hashed.
    ip: null,
    detail: { privacyVersion: account.privacy_version, channel },
    now,
  });
}

/** Marks the account closed and blanks every column that tells who the person was. */
async function erasePersonalData(tx: Tx, accountId: string, now: Date): Promise<void> {
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
      email_reminders: 0,
      closed_at: iso(now),
      updated_at: iso(now),
    })
    .where('id', '=', accountId)
    .execute();
}

/** "Revoca consenso privacy" by the account holder: closes the account; the former address is told. */
export async function revokeConsent(ctx: AccountCtx, account: AccountRow): Promise<void> {
  const now = ctx.deps.now();
  await transaction(ctx.deps.db, (tx) =>
    closeAccount(tx, { account, now, ip: ctx.ip, config: ctx.deps.config }),
  );
  if (account.email) {
    await mail(ctx, {
      kind: 'accountClosed',
      to: account.email,
      lang: langOf(account),
      name: displayName(account),
      params: {},
    });
  }
}
