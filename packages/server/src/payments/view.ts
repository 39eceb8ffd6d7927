/** What the payer sees of a payment: its state, outcome, practices, receipts and the ways on. */
import type { PaymentView } from '@pagatore/sdk';
import type { AppDeps } from '../core/deps.js';
import type { Db } from '../db/database.js';
import type { PaymentItemRow, PaymentRow, ReceiptRow } from '../db/schema/index.js';
import { ApiError } from '../core/errors.js';
import { expireDuePayments, loadPayment, markReturned } from './payments.js';
import { deliverDueSandboxReceipts } from './sandbox.js';
import { isOpen, OPEN_PAYMENT_STATES, outcomeOf, type PaymentState } from './states.js';

/**
 * Brings in what is due before the payer looks: the sandbox's receipts (demo mode) and the expiry
 * of payments past their time.
 */
export async function settleDuePayments(deps: AppDeps): Promise<void> {
  if (deps.config.paymentProvider === 'sandbox') await deliverDueSandboxReceipts(deps.db, deps.now());
  await expireDuePayments(deps.db, deps.now());
}

/**
 * A payment of the account with the entity as it sees it (another's is `not_found`); `returned`:
 * the payer is back on the entity's page, and the payment waits for its receipt.
 */
export async function paymentOfPayer(
  db: Db,
  owner: { accountId: string; entityCode: string },
  paymentId: string,
  now: Date,
  returned = false,
): Promise<PaymentView> {
  let loaded = await loadPayment(db, paymentId);
  if (
    !loaded ||
    loaded.payment.account_id !== owner.accountId ||
    loaded.payment.entity_code !== owner.entityCode
  )
    throw new ApiError('not_found');
  if (returned) {
    await markReturned(db, paymentId, now);
    loaded = (await loadPayment(db, paymentId)) ?? loaded;
  }
  return paymentView(db, loaded, now);
}

/** The account's running payments with the entity, newest first (at most 50), as it sees them. */
export async function openPaymentsOf(
  db: Db,
  owner: { accountId: string; entityCode: string },
  now: Date,
): Promise<PaymentView[]> {
  const rows = await db
    .selectFrom('payments')
    .select('id')
    .where('account_id', '=', owner.accountId)
    .where('entity_code', '=', owner.entityCode)
    .where('state', 'in', [...OPEN_PAYMENT_STATES])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(50)
    .execute();
  const items: PaymentView[] = [];
  for (const { id } of rows) {
    const loaded = await loadPayment(db, id);
    if (loaded) items.push(await paymentView(db, loaded, now));
  }
  return items;
}

/**
 * A payment as its payer sees it. While it runs and pagoPA has not activated it, the payer may
 * abandon it, and go back to the provider's page while it is on it (not yet returned, not past
 * its time).
 */
export async function paymentView(
  db: Db,
  loaded: { payment: PaymentRow; items: PaymentItemRow[]; receipts: ReceiptRow[] },
  now: Date,
): Promise<PaymentView> {
  const { payment, items, receipts } = loaded;
  const cart = await db
    .selectFrom('cart_payments')
    .select(['part', 'parts'])
    .where('payment_id', '=', payment.id)
    .executeTakeFirst();
  const state = payment.state as PaymentState;
  const abandonable = isOpen(state) && payment.activated_at === null;
  return {
    id: payment.id,
    state,
    outcome: outcomeOf(state),
    amount: payment.amount,
    // Known once every practice of the payment has its receipt.
    fee:
      receipts.length && items.every((i) => receipts.some((r) => r.nav === i.nav))
        ? receipts.reduce((sum, r) => sum + r.fee, 0)
        : null,
    createdAt: payment.created_at,
    expiresAt: payment.expires_at,
    endedAt: payment.ended_at,
    activatedAt: payment.activated_at,
    resumeUrl:
      abandonable && state === 'redirected' && payment.expires_at > now.toISOString()
        ? payment.redirect_url
        : null,
    abandonable,
    items: items.map((i) => ({
      practiceId: String(i.position_id),
      nav: i.nav,
      description: i.description,
      amount: i.amount,
      receiptId: receipts.find((r) => r.nav === i.nav)?.id ?? null,
    })),
    cart: cart ?? null,
  };
}
