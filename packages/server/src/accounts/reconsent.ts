/**
 * Fresh consent at login: when the entity published a privacy notice that asks for it, the next
 * login (password or SPID/CIE) shows the new text, and accepting it records the grant and moves
 * the account to the new version, in one transaction.
 */
import type { AccountRow } from '../db/schema/index.js';
import { transaction } from '../db/database.js';
import { PRIVACY, recordConsent, type ConsentChannel } from '../privacy/consents.js';
import { audit } from './audit.js';
import { type AccountCtx, iso } from './context.js';

/** Records the grant of `version` and makes it the account's accepted privacy version. */
export async function acceptPrivacyAgain(
  ctx: AccountCtx,
  account: Pick<AccountRow, 'id'>,
  version: string,
  channel: ConsentChannel,
): Promise<void> {
  const now = ctx.deps.now();
  await transaction(ctx.deps.db, async (tx) => {
    await recordConsent(tx, ctx.deps.config, {
      entity: ctx.entity,
      accountId: account.id,
      kind: PRIVACY,
      action: 'grant',
      version,
      lang: ctx.lang,
      channel,
      ip: ctx.ip,
      now,
    });
    await tx
      .updateTable('accounts')
      .set({ privacy_version: version, privacy_accepted_at: iso(now), updated_at: iso(now) })
      .where('id', '=', account.id)
      .execute();
    await audit(tx, {
      entity: ctx.entity.code,
      accountId: account.id,
      event: 'consent_renewed',
      ip: ctx.ip,
      detail: { privacyVersion: version },
      now,
    });
  });
}
