/**
 * Setting a password, whichever way (reset link, change with the current one): never one made of
 * the account's own data, and the sessions it should end go in the same transaction.
 */
import { isPersonalPassword, type Lang } from '@pagatore/sdk';
import { fieldMessage } from '../core/messages.js';
import { transaction } from '../db/database.js';
import type { AccountRow } from '../db/schema/index.js';
import { type ApiError, validationError } from '../core/errors.js';
import { audit } from './audit.js';
import { type AccountCtx, iso } from './context.js';

/** The refusal of a password built from the account's own data (names, codes, e-mail), or null. */
export function personalPasswordError(
  a: AccountRow,
  password: string,
  path: string,
  lang: Lang,
): ApiError | null {
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

/**
 * Stores a new password hash and ends the account's sessions but `keepSession` (the one that
 * changed it), with the audit event, in one transaction.
 */
export async function storePassword(
  ctx: AccountCtx,
  accountId: string,
  passwordHash: string,
  event: 'password_reset' | 'password_changed',
  keepSession?: string,
): Promise<void> {
  const now = ctx.deps.now();
  await transaction(ctx.deps.db, async (tx) => {
    await tx
      .updateTable('accounts')
      .set({ password_hash: passwordHash, updated_at: iso(now) })
      .where('id', '=', accountId)
      .execute();
    let sessions = tx.deleteFrom('sessions').where('account_id', '=', accountId);
    if (keepSession !== undefined) sessions = sessions.where('id', '<>', keepSession);
    await sessions.execute();
    await audit(tx, { entity: ctx.entity.code, accountId, event, ip: ctx.ip, now });
  });
}
