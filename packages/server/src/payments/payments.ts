/**
 * Payments once started (start.ts): redirected, activated, returned, abandoned, ended or expired;
 * receipts are recorded through one path (record-receipt.ts). Every state change goes through the tables in `states.ts` (payments) and
 * `positions/states.ts` (options), inside one transaction, with conditional updates, so duplicate
 * or late notifications, retries, concurrent attempts and crashes never pay twice nor lose a receipt.
 */
import { ApiError } from '../core/errors.js';
import { type Db, transaction, type Tx } from '../db/database.js';
import type { PaymentItemRow, PaymentRow, ReceiptRow } from '../db/schema/index.js';
import { appendEvent, type EventType, paymentPractices } from '../events/outbox.js';
import { moveOption, refreshPosition } from './options.js';
import { isOpen, OPEN_PAYMENT_STATES, type PaymentEvent, type PaymentState, transition } from './states.js';

/** Moves a payment by an event if its table allows it; false when refused or raced. */
export async function movePayment(
  tx: Tx,
  payment: Pick<PaymentRow, 'id' | 'state'>,
  event: PaymentEvent,
  now: Date,
  extra: { provider_ref?: string; redirect_url?: string } = {},
): Promise<PaymentState | null> {
  const next = transition(payment.state as PaymentState, event);
  if (next === null) return null;
  // The payer abandons only what pagoPA has not activated: the same update checks it, so an
  // activation committed meanwhile makes it refuse (and `markActivated` refuses after it).
  const unactivated = event === 'abandon';
  const final = next === 'paid' || next === 'failed' || next === 'cancelled' || next === 'expired';
  const r = await tx
    .updateTable('payments')
    .set({
      ...extra,
      state: next,
      updated_at: now.toISOString(),
      ...(final ? { ended_at: now.toISOString() } : {}),
    })
    .where('id', '=', payment.id)
    .where('state', '=', payment.state)
    .$if(unactivated, (q) => q.where('activated_at', 'is', null))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  if (final) {
    // The outbox: one event per practice of the payment, in this same transaction.
    const items = await paymentPractices(tx, payment.id);
    const row = await tx
      .selectFrom('payments')
      .select(['amount'])
      .where('id', '=', payment.id)
      .executeTakeFirstOrThrow();
    for (const { practice, entityCode } of items) {
      await appendEvent(tx, {
        entityCode,
        type: `payment.${next}` as EventType,
        payload: {
          practice,
          payment: {
            id: payment.id,
            state: next,
            amount: row.amount,
            navs: items.map((i) => i.practice.nav),
          },
        },
        now,
      });
    }
  }
  return next;
}

/** Records that the browser was sent to the provider, and the page it was sent to. */
export async function markRedirected(
  db: Db,
  paymentId: string,
  redirect: { providerRef: string; redirectUrl: string },
  now: Date,
): Promise<void> {
  await transaction(db, async (tx) => {
    const p = await tx
      .selectFrom('payments')
      .select(['id', 'state'])
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow();
    await movePayment(tx, p, 'redirect', now, {
      provider_ref: redirect.providerRef,
      redirect_url: redirect.redirectUrl,
    });
  });
}

/**
 * Records that pagoPA activated a running payment (the node's paGetPayment on one of its notices,
 * the sandbox's "paid"): from then on its outcome comes from pagoPA and the payer can no longer
 * abandon it. One conditional update, so it and `abandonPayment` cannot both win. False when the
 * payment is no longer open (abandoned, ended).
 */
export async function markActivated(db: Db, paymentId: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('payments')
    .set((eb) => ({ activated_at: eb.fn.coalesce('activated_at', eb.val(now.toISOString())) }))
    .where('id', '=', paymentId)
    .where('state', 'in', [...OPEN_PAYMENT_STATES])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Holds the practices a payment still locks (their rows on PostgreSQL, the database on SQLite)
 * before the payment's own row is written: the order `recordReceipt` takes them in (the practice,
 * then the payment). A payment ending while one of its receipts is recorded then waits for it, or
 * it for the payment, never both for each other (PostgreSQL would abort one as a deadlock).
 */
async function holdPracticesOf(tx: Tx, paymentId: string): Promise<void> {
  await tx
    .updateTable('positions')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', 'in', (eb) =>
      eb.selectFrom('position_locks').select('position_id').where('payment_id', '=', paymentId),
    )
    .execute();
}

/** Frees the options and practices a payment held (it ended without a receipt). */
async function releasePayment(tx: Tx, paymentId: string, now: Date): Promise<void> {
  const locks = await tx
    .selectFrom('option_locks')
    .select('option_id')
    .where('payment_id', '=', paymentId)
    .execute();
  const positions = new Set<number>();
  for (const { option_id } of locks) {
    const o = await tx
      .selectFrom('payment_options')
      .select(['id', 'status', 'position_id'])
      .where('id', '=', option_id)
      .executeTakeFirst();
    if (!o) continue;
    await moveOption(tx, o, 'abort_payment');
    positions.add(o.position_id);
  }
  await tx.deleteFrom('option_locks').where('payment_id', '=', paymentId).execute();
  await tx.deleteFrom('position_locks').where('payment_id', '=', paymentId).execute();
  for (const pid of positions) await refreshPosition(tx, pid, now);
}

/**
 * "Annulla e ricomincia": the payer gives up a payment of its own that pagoPA has not activated.
 * It ends as `cancelled` through the state table and frees its practices, which can be paid again
 * at once (a cart's practices never left the cart). Refused with `payment_activated` once pagoPA activated it (its outcome will come from
 * pagoPA), `already_paid` when paid, `not_found` for another's payment. A payment already ended
 * otherwise is answered as it is: there is nothing left to abandon.
 */
export async function abandonPayment(
  db: Db,
  ids: { paymentId: string; accountId: string; entityCode: string },
  now: Date,
): Promise<void> {
  await transaction(db, async (tx) => {
    await holdPracticesOf(tx, ids.paymentId);
    const read = () =>
      tx
        .selectFrom('payments')
        .select(['id', 'state', 'account_id', 'entity_code', 'activated_at'])
        .where('id', '=', ids.paymentId)
        .executeTakeFirst();
    const p = await read();
    if (!p || p.account_id !== ids.accountId || p.entity_code !== ids.entityCode)
      throw new ApiError('not_found');
    const refuse = (q: { state: string; activated_at: string | null }) => {
      if (q.state === 'paid') throw new ApiError('already_paid');
      if (q.activated_at !== null && isOpen(q.state as PaymentState)) throw new ApiError('payment_activated');
    };
    refuse(p);
    if (!isOpen(p.state as PaymentState)) return;
    if (!(await movePayment(tx, p, 'abandon', now))) {
      const again = await read();
      if (again) refuse(again);
      return;
    }
    await releasePayment(tx, p.id, now);
  });
}

/** The payer is back on the entity's page: the payment waits for its receipt ("in verifica"). */
export async function markReturned(db: Db, paymentId: string, now: Date): Promise<void> {
  await transaction(db, async (tx) => {
    const p = await tx
      .selectFrom('payments')
      .select(['id', 'state'])
      .where('id', '=', paymentId)
      .executeTakeFirst();
    if (p) await movePayment(tx, p, 'return', now);
  });
}

/**
 * Ends a running payment without a receipt (payer cancelled, provider error, TTL) and frees its
 * options. Returns false when the payment had already ended (a replayed outcome changes nothing).
 */
export async function endPayment(
  db: Db,
  paymentId: string,
  event: 'fail' | 'cancel' | 'expire',
  now: Date,
): Promise<boolean> {
  return transaction(db, async (tx) => {
    await holdPracticesOf(tx, paymentId);
    const p = await tx
      .selectFrom('payments')
      .select(['id', 'state'])
      .where('id', '=', paymentId)
      .executeTakeFirst();
    if (!p) return false;
    const moved = await movePayment(tx, p, event, now);
    if (!moved) return false;
    await releasePayment(tx, paymentId, now);
    return true;
  });
}

/** Expires running payments past their TTL; returns how many. Safe to run from every process. */
export async function expireDuePayments(db: Db, now: Date): Promise<number> {
  const due = await db
    .selectFrom('payments')
    .select('id')
    .where('state', 'in', OPEN_PAYMENT_STATES)
    .where('expires_at', '<=', now.toISOString())
    .execute();
  let n = 0;
  for (const { id } of due) if (await endPayment(db, id, 'expire', now)) n++;
  return n;
}

/** A payment with its items and receipts, or undefined. */
export async function loadPayment(
  db: Db,
  id: string,
): Promise<{ payment: PaymentRow; items: PaymentItemRow[]; receipts: ReceiptRow[] } | undefined> {
  const payment = await db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!payment) return undefined;
  const items = await db
    .selectFrom('payment_items')
    .selectAll()
    .where('payment_id', '=', id)
    .orderBy('option_id')
    .execute();
  const receipts = await db
    .selectFrom('receipts')
    .selectAll()
    .where('payment_id', '=', id)
    .orderBy('id')
    .execute();
  return { payment, items, receipts };
}
