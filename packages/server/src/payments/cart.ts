/**
 * The citizen's cart, kept in the database per account (survives reload and another device), at
 * most `CART_LIMIT` practices, paid in successive pagoPA payments of at most `NOTICES_PER_PAYMENT`
 * ("carrello 1 di 2", then "2 di 2"). A practice stays in the cart until it is paid: one paid by a
 * payment of the cart counts as that payment's part until the whole cart is paid, one paid anywhere
 * else leaves it. Amounts are re-read on every view: a practice that changed or can no longer be
 * paid since it was added is flagged.
 */
import { CART_LIMIT, type CartItem, type CartView, NOTICES_PER_PAYMENT } from '@pagatore/sdk';
import { type Db, transaction, type Tx } from '../db/database.js';
import { ApiError } from '../core/errors.js';
import { nextOptionStatus } from '../positions/states.js';

/** A practice of the cart the next "Paga carrello" may take, and why it cannot when it cannot. */
export interface CartPlan {
  view: CartView;
  /** Practices no payment of the cart holds, in the order they were added, each with its part. */
  waiting: CartItem[];
  /** A payment of the cart is still on the payment page (not back yet): one at a time there. */
  open: boolean;
}

/**
 * Reads the cart and settles it: practices paid other than through the cart leave it, and once
 * every practice left was paid through the cart, the cart is done and empties. Numbers the pagoPA
 * payments: those of the cart already paid or running first, then the waiting practices in groups
 * of `NOTICES_PER_PAYMENT` in the order they were added.
 */
export async function planCart(db: Db, accountId: string, entityCode: string): Promise<CartPlan> {
  const rows = await db
    .selectFrom('cart_items')
    .leftJoin('payment_options', 'payment_options.id', 'cart_items.option_id')
    .leftJoin('positions', 'positions.id', 'payment_options.position_id')
    .leftJoin('option_locks', 'option_locks.option_id', 'cart_items.option_id')
    .leftJoin('cart_payments', 'cart_payments.payment_id', 'option_locks.payment_id')
    .leftJoin('payments', 'payments.id', 'cart_payments.payment_id')
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
      'positions.status as position_status',
      'cart_payments.payment_id as held_by',
      'cart_payments.part as held_part',
      'payments.account_id as held_for',
      'payments.state as held_state',
    ])
    .where('cart_items.account_id', '=', accountId)
    .orderBy('cart_items.added_at')
    .orderBy('cart_items.nav')
    .execute();
  const mine = rows.filter((r) => r.entity_code === null || r.entity_code === entityCode);
  // The practice was collected: this option paid, or it was closed by another option paid.
  const collected = (r: (typeof mine)[number]) =>
    r.nav !== null &&
    (r.status === 'paid' ||
      (r.status === 'cancelled' && (r.position_status === 'paid' || r.position_status === 'partially_paid')));
  const paidIds = mine.filter(collected).map((r) => r.option_id);
  // Paid through a payment of this account's cart: a receipt of the option names it.
  const paidHere = new Map<number, string>();
  if (paidIds.length) {
    const receipts = await db
      .selectFrom('receipts')
      .innerJoin('cart_payments', 'cart_payments.payment_id', 'receipts.payment_id')
      .innerJoin('payments', 'payments.id', 'receipts.payment_id')
      .select(['receipts.option_id', 'receipts.payment_id'])
      .where('receipts.option_id', 'in', paidIds)
      .where('payments.account_id', '=', accountId)
      .execute();
    for (const r of receipts) if (r.payment_id) paidHere.set(r.option_id, r.payment_id);
  }
  const gone = mine.filter((r) => collected(r) && !paidHere.has(r.option_id)).map((r) => r.cart_nav);
  const left = mine.filter((r) => !collected(r));
  const held = left.filter(
    (r) => r.status === 'in_payment' && r.held_by !== null && r.held_for === accountId,
  );
  const waitingRows = left.filter((r) => !held.includes(r));
  // Done: every practice left was paid through the cart's payments.
  const done = left.length === 0 && paidHere.size > 0;
  if (gone.length || done) {
    const drop = done ? mine.map((r) => r.cart_nav) : gone;
    await db.deleteFrom('cart_items').where('account_id', '=', accountId).where('nav', 'in', drop).execute();
  }
  if (done || left.length === 0) {
    return {
      view: {
        items: [],
        count: 0,
        total: 0,
        max: CART_LIMIT,
        perPayment: NOTICES_PER_PAYMENT,
        part: null,
        parts: 0,
      },
      waiting: [],
      open: false,
    };
  }
  const started = new Set([...paidHere.values(), ...held.map((r) => r.held_by as string)]).size;
  const item = (r: (typeof mine)[number], part: number): CartItem => {
    const missing = r.nav === null;
    // (`nav` is null when the entity replaced the option since: the cart's copy still names it.)
    const status = missing ? 'cancelled' : (r.status ?? 'cancelled');
    return {
      nav: r.cart_nav,
      practiceId: String(r.position_id),
      description: r.option_description ?? r.description ?? '',
      amount: r.amount ?? r.amount_at_add,
      amountAtAdd: r.amount_at_add,
      dueDate: r.due_date ?? '',
      status,
      changed: !missing && r.amount !== r.amount_at_add,
      payable: !missing && nextOptionStatus(status, 'start_payment') !== null,
      addedAt: r.added_at,
      part,
    };
  };
  const waiting = waitingRows.map((r, i) => item(r, started + 1 + Math.floor(i / NOTICES_PER_PAYMENT)));
  const items = [...held.map((r) => item(r, r.held_part ?? started)), ...waiting].sort((a, b) =>
    a.part !== b.part ? a.part - b.part : a.addedAt.localeCompare(b.addedAt),
  );
  return {
    view: {
      items,
      count: items.length,
      total: waiting.filter((i) => i.payable).reduce((s, i) => s + i.amount, 0),
      max: CART_LIMIT,
      perPayment: NOTICES_PER_PAYMENT,
      part: waiting.length ? started + 1 : null,
      parts: started + Math.ceil(waiting.length / NOTICES_PER_PAYMENT),
    },
    waiting,
    open: held.some((r) => r.held_state === 'created' || r.held_state === 'redirected'),
  };
}

/** The cart with current amounts, flags and its progress through its pagoPA payments. */
export async function viewCart(db: Db, accountId: string, entityCode: string): Promise<CartView> {
  return (await planCart(db, accountId, entityCode)).view;
}

/**
 * Adds a payment option the caller may reach; refuses paid, unpayable, one beyond `CART_LIMIT`
 * practices still to pay, and a second option of a practice already in the cart.
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
  await transaction(db, async (tx) => {
    await holdCart(tx, accountId);
    const present = await tx
      .selectFrom('cart_items')
      .leftJoin('payment_options', 'payment_options.id', 'cart_items.option_id')
      .select(['cart_items.nav', 'cart_items.position_id', 'payment_options.status'])
      .where('cart_items.account_id', '=', accountId)
      .execute();
    if (present.some((p) => p.nav === option.nav)) return;
    // The options of a practice exclude each other: the cart holds one of them.
    if (present.some((p) => p.position_id === option.position_id))
      throw new ApiError('one_option_per_practice');
    // Practices already paid through the cart's earlier payments no longer count.
    if (present.filter((p) => p.status !== 'paid').length >= CART_LIMIT) throw new ApiError('cart_full');
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

/**
 * Additions to one account's cart are decided one at a time: this write holds the account's row
 * (PostgreSQL) or the database (SQLite) until commit, so an addition made at the same moment reads
 * this one's item (two options of one practice, the 26th practice) instead of missing it.
 */
async function holdCart(tx: Tx, accountId: string): Promise<void> {
  await tx
    .updateTable('accounts')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', accountId)
    .execute();
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
