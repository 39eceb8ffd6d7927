/**
 * When an account closes (consent revoked), its unpaid spontaneous positions are cancelled (nobody
 * will pay them and the entity should not chase them) and its links go with the personal data.
 * `accounts/closing.ts` calls this inside the closing transaction.
 */
import type { Tx } from '../db/database.js';
import { positionAllows } from '../positions/states.js';
import { cancelPosition } from '../positions/positions.js';

/** Cancels the account's unpaid spontaneous positions and drops its practice links. */
export async function closePracticesOfAccount(tx: Tx, accountId: string, now: Date): Promise<void> {
  const rows = await tx
    .selectFrom('practice_links')
    .innerJoin('positions', 'positions.id', 'practice_links.position_id')
    .select(['positions.id', 'positions.status'])
    .where('practice_links.account_id', '=', accountId)
    .where('practice_links.origin', '=', 'spontaneous')
    .execute();
  for (const r of rows) {
    if (positionAllows(r.status, 'cancel')) await cancelPosition(tx, r.id, now);
  }
  await tx.deleteFrom('practice_links').where('account_id', '=', accountId).execute();
}
