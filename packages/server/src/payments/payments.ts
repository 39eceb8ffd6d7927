/**
 * Payments: start one on 1-5 payment options, end or expire it; receipts are recorded through
 * one path (record-receipt.ts). Every state change goes through the tables in `states.ts` (payments) and
 * `positions/states.ts` (options), inside one transaction, with conditional updates, so duplicate
 * or late notifications, retries, concurrent attempts and crashes never pay twice nor lose a receipt.
 */
import { NOTICES_PER_PAYMENT } from '@pagatore/sdk';
import { sql } from 'kysely';
import { ApiError } from '../core/errors.js';
import { newToken } from '../core/tokens.js';
import type { Db, Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { PaymentItemRow, PaymentRow, ReceiptRow } from '../db/schema/index.js';
import { nextOptionStatus } from '../positions/states.js';
import { appendEvent, type EventType, paymentPractices } from '../events/outbox.js';
import { moveOption, refreshPosition } from './options.js';
import { isOpen, OPEN_PAYMENT_STATES, type PaymentEvent, type PaymentState, transition } from './states.js';

/** pagoPA's limit of notices in one payment (Checkout carts). */
export const MAX_ITEMS = NOTICES_PER_PAYMENT;

export interface StartPaymentInput {
  entityCode: string;
  accountId: string | null;
  optionIds: number[];
  returnUrl: string | null;
  payerEmail: string | null;
  lang: string;
  provider: string;
  ttlSeconds: number;
  /** Started by "Paga carrello": which of the cart's successive payments it is. */
  cart?: { part: number; parts: number };
  /** pagoPA activates it as it starts (the node's own activation of a notice). */
  activated?: boolean;
}

/**
 * Why an option cannot start a payment now, given all the options of its practice (pagoPA's rule:
 * the options of one practice exclude each other), or null when it can. Paid, or closed by a paid
 * sibling: `already_paid`; any option of the practice in a running payment: `payment_in_progress`;
 * expired or cancelled: `not_payable`.
 */
export function refusalOf(
  option: { id: number; status: string },
  siblings: readonly { id: number; status: string }[],
): 'already_paid' | 'payment_in_progress' | 'not_payable' | null {
  if (option.status === 'paid') return 'already_paid';
  if (siblings.some((s) => s.status === 'in_payment')) return 'payment_in_progress';
  if (option.status === 'cancelled' && siblings.some((s) => s.id !== option.id && s.status === 'paid'))
    return 'already_paid';
  if (nextOptionStatus(option.status, 'start_payment') === null) return 'not_payable';
  return null;
}

/**
 * Creates a payment and locks its options and their practices. Refuses (409) options already paid
 * or closed, not payable, or of a practice with a payment running on any of its options, and (422)
 * two options of one practice; two concurrent starts on options of one practice give one payment,
 * on one process or several: the practice's lock row is inserted first, in the same transaction,
 * and its primary key lets one of them through.
 */
export async function startPayment(
  db: Db,
  input: StartPaymentInput,
  now: Date,
): Promise<{ payment: PaymentRow; items: PaymentItemRow[] }> {
  const ids = [...new Set(input.optionIds)];
  if (ids.length === 0)
    throw new ApiError('validation_failed', {
      fields: [{ path: 'items', code: 'too_few', message: 'too few' }],
    });
  if (ids.length > MAX_ITEMS)
    throw new ApiError('validation_failed', {
      fields: [{ path: 'items', code: 'too_many', message: 'too many' }],
    });
  try {
    return await db.transaction().execute(async (tx) => {
      const options = await tx
        .selectFrom('payment_options')
        .innerJoin('positions', 'positions.id', 'payment_options.position_id')
        .select([
          'payment_options.id',
          'payment_options.position_id',
          'payment_options.status',
          'payment_options.amount',
          'payment_options.nav',
          'payment_options.description as option_description',
          'positions.description',
        ])
        .where('payment_options.entity_code', '=', input.entityCode)
        .where('payment_options.id', 'in', ids)
        .execute();
      if (options.length !== ids.length) throw new ApiError('practice_not_found');
      const positionIds = [...new Set(options.map((o) => o.position_id))];
      if (positionIds.length !== options.length) throw new ApiError('one_option_per_practice');
      const id = newToken();
      const at = now.toISOString();
      const payment = {
        id,
        entity_code: input.entityCode,
        account_id: input.accountId,
        state: 'created',
        amount: options.reduce((s, o) => s + o.amount, 0),
        provider: input.provider,
        provider_ref: null,
        return_url: input.returnUrl,
        payer_email: input.payerEmail,
        lang: input.lang,
        created_at: at,
        updated_at: at,
        expires_at: new Date(now.getTime() + input.ttlSeconds * 1000).toISOString(),
        ended_at: null,
        redirect_url: null,
        activated_at: input.activated ? at : null,
      };
      await tx.insertInto('payments').values(payment).execute();
      if (input.cart)
        await tx
          .insertInto('cart_payments')
          .values({ payment_id: id, part: input.cart.part, parts: input.cart.parts })
          .execute();
      // The practices' locks first: a concurrent start on any option of one of them waits here
      // (PostgreSQL) or fails on the key, and the states read below are the ones it left.
      await tx
        .insertInto('position_locks')
        .values(positionIds.map((pid) => ({ position_id: pid, payment_id: id, created_at: at })))
        .execute();
      const siblings = await tx
        .selectFrom('payment_options')
        .select(['id', 'position_id', 'status'])
        .where('position_id', 'in', positionIds)
        .execute();
      for (const o of options) {
        const own = siblings.find((s) => s.id === o.id) ?? o;
        const refusal = refusalOf(
          own,
          siblings.filter((s) => s.position_id === o.position_id),
        );
        if (refusal) throw new ApiError(refusal);
      }
      const items = options.map((o) => ({
        payment_id: id,
        option_id: o.id,
        position_id: o.position_id,
        nav: o.nav,
        amount: o.amount,
        description: (o.option_description ?? o.description).slice(0, 140),
        transfers: null,
      }));
      await tx.insertInto('payment_items').values(items).execute();
      await tx
        .insertInto('option_locks')
        .values(options.map((o) => ({ option_id: o.id, payment_id: id, created_at: at })))
        .execute();
      for (const o of options) {
        const current = siblings.find((s) => s.id === o.id)?.status ?? o.status;
        if (!(await moveOption(tx, { id: o.id, status: current }, 'start_payment')))
          throw new ApiError('payment_in_progress');
      }
      for (const pid of positionIds) await refreshPosition(tx, pid, now);
      return { payment: payment as PaymentRow, items };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ApiError('payment_in_progress');
    throw e;
  }
}

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
  await db.transaction().execute(async (tx) => {
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
    .set({ activated_at: sql<string>`coalesce(activated_at, ${now.toISOString()})` })
    .where('id', '=', paymentId)
    .where('state', 'in', [...OPEN_PAYMENT_STATES])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
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
  await db.transaction().execute(async (tx) => {
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
  await db.transaction().execute(async (tx) => {
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
  return db.transaction().execute(async (tx) => {
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
  const items = await db.selectFrom('payment_items').selectAll().where('payment_id', '=', id).execute();
  const receipts = await db.selectFrom('receipts').selectAll().where('payment_id', '=', id).execute();
  return { payment, items, receipts };
}
