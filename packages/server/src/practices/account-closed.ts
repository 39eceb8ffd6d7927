/**
 * When an account closes (consent revoked), its unpaid spontaneous positions are cancelled (nobody
 * will pay them and the entity should not chase them) and its links go with the personal data.
 * Runs inside the closing transaction, through the accounts area's hook list.
 */
import { onAccountClosed, type AccountClosedHook } from '../accounts/hooks.js';
import { positionAllows } from '../positions/states.js';
import { cancelPosition } from '../positions/positions.js';

/** Cancels the account's unpaid spontaneous positions and drops its practice links. */
export const closePracticesOfAccount: AccountClosedHook = async (tx, account) => {
  const rows = await tx
    .selectFrom('practice_links')
    .innerJoin('positions', 'positions.id', 'practice_links.position_id')
    .select(['positions.id', 'positions.status'])
    .where('practice_links.account_id', '=', account.accountId)
    .where('practice_links.origin', '=', 'spontaneous')
    .execute();
  for (const r of rows) {
    if (positionAllows(r.status, 'cancel')) await cancelPosition(tx, r.id, account.now);
  }
  await tx.deleteFrom('practice_links').where('account_id', '=', account.accountId).execute();
};

let registered = false;

/** Registers the hook once (the routes module calls it when the app is built). */
export function registerPracticeHooks(): void {
  if (registered) return;
  registered = true;
  onAccountClosed(closePracticesOfAccount);
}
