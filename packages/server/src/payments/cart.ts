/**
 * The citizen's cart, kept in the database per account (survives reload and another device), at
 * most 5 practices (pagoPA's per-payment limit). Amounts are re-read on every view: a practice
 * that changed or can no longer be paid since it was added is flagged.
 */
import type { CartView } from '@pagatore/sdk';
import type { Db, Tx } from '../db/database.js';
import { ApiError } from '../http/api-error.js';
import { nextOptionStatus } from '../positions/states.js';
import { MAX_ITEMS } from './payments.js';

/** The cart with current amounts and flags. */
export async function viewCart(db: Db, accountId: string, entityCode: string): Promise<CartView> {
  const rows = await db
    .selectFrom('cart_items')
    .leftJoin('payment_options', 'payment_options.id', 'cart_items.option_id')
    .leftJoin('positions', 'positions.id', 'payment_options.position_id')
    .select([
      'cart_items.option_id',
      'cart_items.position_id',
      'cart_items.nav as cart_nav',
      'cart_items.amount_at_add',
      'cart_items.added_at',
      'payment_options.nav',
      'payment_options.amount',
      'payment_options.due_date',
      'payment_options.status',
      'payment_options.description as option_description',
      'positions.description',
      'positions.entity_code',
    ])
    .where('cart_items.account_id', '=', accountId)
    .orderBy('cart_items.added_at')
    .execute();
  const items = rows
    .filter((r) => r.entity_code === null || r.entity_code === entityCode)
    .map((r) => {
      const gone = r.nav === null;
      // (`nav` is null when the entity replaced the option since: the cart's copy still names it.)
      const status = gone ? 'cancelled' : (r.status ?? 'cancelled');
      return {
        nav: r.cart_nav,
        practiceId: String(r.position_id),
        description: r.option_description ?? r.description ?? '',
        amount: r.amount ?? r.amount_at_add,
        amountAtAdd: r.amount_at_add,
        dueDate: r.due_date ?? '',
        status,
        changed: !gone && r.amount !== r.amount_at_add,
        payable: !gone && nextOptionStatus(status, 'start_payment') !== null,
        addedAt: r.added_at,
      };
    });
  return {
    items,
    count: items.length,
    total: items.filter((i) => i.payable).reduce((s, i) => s + i.amount, 0),
    max: MAX_ITEMS,
  };
}

/**
 * Adds a payment option the caller may reach; refuses paid, unpayable, a sixth one and a second
 * option of a practice already in the cart.
 */
export async function addToCart(
  db: Db,
  accountId: string,
  option: { id: number; position_id: number; nav: string; status: string; amount: number },
  now: Date,
): Promise<void> {
  if (option.status === 'paid') throw new ApiError('already_paid');
  if (option.status !== 'in_payment' && nextOptionStatus(option.status, 'start_payment') === null) {
    throw new ApiError('not_payable');
  }
  await db.transaction().execute(async (tx) => {
    const present = await tx
      .selectFrom('cart_items')
      .select(['nav', 'position_id'])
      .where('account_id', '=', accountId)
      .execute();
    if (present.some((p) => p.nav === option.nav)) return;
    // The cart is paid as one payment, which holds one option of a practice at most.
    if (present.some((p) => p.position_id === option.position_id))
      throw new ApiError('one_option_per_practice');
    if (present.length >= MAX_ITEMS) throw new ApiError('cart_full');
    await tx
      .insertInto('cart_items')
      .values({
        account_id: accountId,
        option_id: option.id,
        position_id: option.position_id,
        nav: option.nav,
        amount_at_add: option.amount,
        added_at: now.toISOString(),
      })
      .execute();
  });
}

/** "Rimuovi": false when it was not in the cart. */
export async function removeFromCart(db: Db, accountId: string, nav: string): Promise<boolean> {
  const r = await db
    .deleteFrom('cart_items')
    .where('account_id', '=', accountId)
    .where('nav', '=', nav)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** "Pulisci carrello". */
export async function clearCart(db: Db, accountId: string): Promise<void> {
  await db.deleteFrom('cart_items').where('account_id', '=', accountId).execute();
}

/** Removes every item of an account's cart (the account is closing: `accounts/closing.ts`). */
export async function emptyCartOf(tx: Tx, accountId: string): Promise<void> {
  await tx.deleteFrom('cart_items').where('account_id', '=', accountId).execute();
}
