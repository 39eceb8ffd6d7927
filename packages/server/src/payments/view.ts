/** What the payer sees of a payment: its state, outcome, practices, receipts and the ways on. */
import type { PaymentView } from '@pagatore/sdk';
import type { Db } from '../db/database.js';
import type { PaymentItemRow, PaymentRow, ReceiptRow } from '../db/schema/index.js';
import { isOpen, outcomeOf, type PaymentState } from './states.js';

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
