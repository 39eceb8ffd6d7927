/**
 * When an account closes, its payments keep what accounting and pagoPA need (amounts, states,
 * dates, the account's pseudonymous id that ties them to their receipts) and lose the payer's
 * e-mail and the pages the browser came from. The receipts stay whole until the retention job
 * (privacy/retention.ts). `accounts/closing.ts` calls this inside the closing transaction.
 */
import type { Tx } from '../db/database.js';

export async function closePaymentsOfAccount(tx: Tx, accountId: string): Promise<void> {
  await tx
    .updateTable('payments')
    .set({ payer_email: null, return_url: null, redirect_url: null })
    .where('account_id', '=', accountId)
    .execute();
}
