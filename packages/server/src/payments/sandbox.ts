/**
 * The sandbox's receipts. Choosing "paid" on the sandbox page stores the outcome; it is delivered
 * (receipts with the fields of a pagoPA receipt, through `recordReceipt`) a moment later, as
 * pagoPA's paSendRT arrives after the payer is redirected. Stored in the database, so a server
 * killed in between delivers it after restart. Demo mode only.
 */
import type { Db } from '../db/database.js';
import { createHash } from 'node:crypto';
import { recordReceipt } from './record-receipt.js';

/** The sandbox PSP's fee on a payment, cents (shown apart from the amount, as on pagoPA). */
export const SANDBOX_FEE = 100;

/** The receiptId of a sandbox payment's notice: the same at every delivery of it. */
export function sandboxReceiptId(paymentId: string, nav: string): string {
  return `SBX${createHash('sha256').update(`${paymentId}:${nav}`).digest('hex').slice(0, 24).toUpperCase()}`;
}

/** Schedules the receipts of a payment the payer marked "paid". Idempotent. */
export async function scheduleSandboxReceipts(db: Db, paymentId: string, dueAt: Date): Promise<void> {
  await db
    .insertInto('sandbox_outcomes')
    .values({ payment_id: paymentId, due_at: dueAt.toISOString(), delivered_at: null })
    .onConflict((oc) => oc.column('payment_id').doNothing())
    .execute();
}

/**
 * Delivers the receipts of every due sandbox outcome; returns how many payments. Recording a
 * receipt queues its e-mail in the outbox, as for pagoPA's.
 */
export async function deliverDueSandboxReceipts(db: Db, now: Date): Promise<number> {
  const due = await db
    .selectFrom('sandbox_outcomes')
    .select('payment_id')
    .where('delivered_at', 'is', null)
    .where('due_at', '<=', now.toISOString())
    .execute();
  let delivered = 0;
  for (const { payment_id } of due) {
    const payment = await db
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', payment_id)
      .executeTakeFirst();
    if (!payment) continue;
    const items = await db
      .selectFrom('payment_items')
      .selectAll()
      .where('payment_id', '=', payment_id)
      .orderBy('option_id')
      .execute();
    const account = payment.account_id
      ? await db.selectFrom('accounts').selectAll().where('id', '=', payment.account_id).executeTakeFirst()
      : undefined;
    const entity = await db
      .selectFrom('entities')
      .select(['code', 'name'])
      .where('code', '=', payment.entity_code)
      .executeTakeFirst();
    const payerName = account
      ? account.company_name || [account.first_name, account.last_name].filter(Boolean).join(' ') || null
      : null;
    for (const [i, item] of items.entries()) {
      // recordReceipt is idempotent by receiptId, which is derived from the payment and the notice:
      // a second delivery (two processes, a retry) adds nothing.
      await recordReceipt(
        db,
        {
          entityCode: payment.entity_code,
          nav: item.nav,
          receiptId: sandboxReceiptId(payment_id, item.nav),
          amount: item.amount,
          fee: i === 0 ? SANDBOX_FEE : 0,
          pspId: 'SANDBOX_PSP',
          pspName: 'Banca Sandbox (dimostrativa)',
          pspFiscalCode: '00000000000',
          channel: 'SANDBOX_CHANNEL_ONLINE',
          method: 'CP',
          paidAt: new Date(Math.min(now.getTime(), Date.parse(payment.updated_at) || now.getTime())),
          payer: { fiscalCode: account?.fiscal_code ?? null, name: payerName, email: payment.payer_email },
          // What a pagoPA receipt would say and the sandbox knows; the rest stays empty.
          details: {
            creditorFiscalCode: payment.entity_code,
            companyName: entity?.name.slice(0, 140),
            outcome: 'OK',
            channelDescription: 'Sandbox online',
            standIn: false,
          },
        },
        now,
      );
    }
    await db
      .updateTable('sandbox_outcomes')
      .set({ delivered_at: now.toISOString() })
      .where('payment_id', '=', payment_id)
      .execute();
    delivered++;
  }
  return delivered;
}
