/**
 * What other areas do when an account closes (consent revoked): the cart empties, unpaid
 * spontaneous positions the user created are cancelled. Each area registers its hook at import;
 * hooks run inside the closing transaction, so the account closes with all of them or not at all.
 */
import type { Tx } from '../db/database.js';

export interface ClosedAccount {
  accountId: string;
  entityCode: string;
  /** The fiscal code the account declared (already erased from the account row). */
  fiscalCode: string | null;
  now: Date;
}

export type AccountClosedHook = (tx: Tx, account: ClosedAccount) => Promise<void>;

const hooks = new Set<AccountClosedHook>();

/**
 * Registers a hook run when an account closes; returns the function that removes it.
 * @example onAccountClosed(async (tx, { accountId }) => { await tx.deleteFrom('cart_items').where('account_id', '=', accountId).execute(); });
 */
export function onAccountClosed(hook: AccountClosedHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Runs every registered hook (in registration order). */
export async function runAccountClosedHooks(tx: Tx, account: ClosedAccount): Promise<void> {
  for (const hook of hooks) await hook(tx, account);
}
