/**
 * The citizen's consent to e-mail reminders (off until asked) and the one-click way out of them.
 * Every change of the consent goes through `setReminderPreference`, the one place that writes it
 * (and records it in the account's audit), whether from the profile or from a mail's unsubscribe
 * link.
 */
import type { ReminderPreference } from '@pagatore/sdk';
import { audit } from '../accounts/audit.js';
import { hashToken, newToken } from '../core/tokens.js';
import { type Db, type Tx, transaction } from '../db/database.js';
import type { AccountRow, EntityRow } from '../db/schema/index.js';
import { recordConsent } from '../privacy/consents.js';
import { reminderConfigOf } from './settings.js';

/** How long the unsubscribe link of a reminder mail works. */
export const UNSUBSCRIBE_TTL_DAYS = 400;

/** Where the consent was changed, for the audit. */
export type PreferenceSource = 'profile' | 'unsubscribe_link' | 'one_click';

/** The account's choice, and whether (and when) the entity sends reminders. */
export function reminderPreferenceOf(
  entity: Pick<EntityRow, 'reminder_settings'>,
  account: Pick<AccountRow, 'email_reminders'>,
): ReminderPreference {
  const config = reminderConfigOf(entity);
  return { email: account.email_reminders === 1, offered: config.email, daysBefore: config.daysBefore };
}

/**
 * Records the account's choice about e-mail reminders, with an audit line saying from where.
 * Answers whether it changed anything.
 * @example await setReminderPreference(db, account, { email: true, source: 'profile', ip }, now)
 */
export async function setReminderPreference(
  db: Db,
  account: Pick<AccountRow, 'id' | 'entity_code'> & { lang?: string },
  choice: {
    email: boolean;
    source: PreferenceSource;
    ip?: string | null;
    /** The salt setting of the consent ledger's address hashes (`deps.config`). */
    config?: { privacySalt: string | null };
  },
  now: Date,
): Promise<boolean> {
  return transaction(db, async (tx) => {
    const res = await tx
      .updateTable('accounts')
      .set({ email_reminders: choice.email ? 1 : 0, updated_at: now.toISOString() })
      .where('id', '=', account.id)
      .where('email_reminders', '=', choice.email ? 0 : 1)
      .executeTakeFirst();
    const changed = Number(res.numUpdatedRows) > 0;
    if (changed) {
      // The consent ledger proves it too, with the reminders text in force when there is one.
      const entity = await tx
        .selectFrom('entities')
        .selectAll()
        .where('code', '=', account.entity_code)
        .executeTakeFirstOrThrow();
      await recordConsent(tx, choice.config ?? { privacySalt: null }, {
        entity,
        accountId: account.id,
        kind: 'reminders',
        action: choice.email ? 'grant' : 'revoke',
        lang: account.lang === 'en' || account.lang === 'de' ? account.lang : 'it',
        channel: 'widget',
        ip: choice.ip ?? null,
        now,
      });
      await audit(tx, {
        entity: account.entity_code,
        accountId: account.id,
        event: choice.email ? 'reminders_on' : 'reminders_off',
        ip: choice.ip ?? null,
        detail: { source: choice.source },
        now,
      });
    }
    return changed;
  });
}

/** A new unsubscribe token for a reminder mail to the account (the server keeps its hash). */
export async function issueUnsubscribeToken(db: Db | Tx, accountId: string, now: Date): Promise<string> {
  const token = newToken();
  await db
    .insertInto('account_tokens')
    .values({
      token_hash: hashToken(token),
      account_id: accountId,
      kind: 'reminders_off',
      data: null,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + UNSUBSCRIBE_TTL_DAYS * 86_400_000).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/** The open account of the entity an unexpired unsubscribe token belongs to, or undefined. */
export async function unsubscribeAccount(
  db: Db,
  entityCode: string,
  token: string,
  now: Date,
): Promise<AccountRow | undefined> {
  const row = await db
    .selectFrom('account_tokens')
    .innerJoin('accounts', 'accounts.id', 'account_tokens.account_id')
    .selectAll('accounts')
    .where('account_tokens.token_hash', '=', hashToken(token))
    .where('account_tokens.kind', '=', 'reminders_off')
    .where('account_tokens.expires_at', '>', now.toISOString())
    .where('accounts.entity_code', '=', entityCode)
    .where('accounts.status', '!=', 'closed')
    .executeTakeFirst();
  return row;
}
