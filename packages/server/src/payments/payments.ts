/**
 * Payments: start one on 1-5 payment options, record receipts through one path, end or expire
 * it. Every state change goes through the tables in `states.ts` (payments) and
 * `positions/states.ts` (options), inside one transaction, with conditional updates, so duplicate
 * or late notifications, retries, concurrent attempts and crashes never pay twice nor lose a receipt.
 */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { ApiError } from '../http/api-error.js';
import type { Db, Tx } from '../db/database.js';
import type { PaymentItemRow, PaymentRow, ReceiptRow } from '../db/schema/index.js';
import { derivePositionStatus, movesOnPayment, nextOptionStatus } from '../positions/states.js';
import { appendEvent, type EventType, paymentPractices } from '../events/outbox.js';
import { type PaymentEvent, type PaymentState, transition } from './states.js';

/** pagoPA's limit of notices in one payment (Checkout carts). */
export const MAX_ITEMS = 5;

/** A random id for URLs: 20 bytes, base32. */
export function randomId(bytes = 20): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

function isUniqueViolation(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /UNIQUE constraint failed|duplicate key value|SQLITE_CONSTRAINT_PRIMARYKEY|PRIMARY KEY/i.test(msg);
}

/** Re-derives and stores a position's status from its options. */
async function refreshPosition(tx: Tx, positionId: number, now: Date): Promise<void> {
  const options = await tx
    .selectFrom('payment_options')
    .select(['installment', 'status'])
    .where('position_id', '=', positionId)
    .execute();
  await tx
    .updateTable('positions')
    .set({ status: derivePositionStatus(options), updated_at: now.toISOString() })
    .where('id', '=', positionId)
    .execute();
}

export interface StartPaymentInput {
  entityCode: string;
  accountId: string | null;
  optionIds: number[];
  returnUrl: string | null;
  payerEmail: string | null;
  lang: string;
  provider: string;
  ttlSeconds: number;
}

/**
 * Creates a payment and locks its options. Refuses (409) options already paid, not payable or in
 * another running payment; two concurrent starts on one option give one payment.
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
  if (ids.length > MAX_ITEMS) throw new ApiError('cart_full');
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
      for (const o of options) {
        if (o.status === 'paid') throw new ApiError('already_paid');
        if (o.status === 'in_payment') throw new ApiError('payment_in_progress');
        if (nextOptionStatus(o.status, 'start_payment') === null) throw new ApiError('not_payable');
      }
      const id = randomId();
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
      };
      await tx.insertInto('payments').values(payment).execute();
      const items = options.map((o) => ({
        payment_id: id,
        option_id: o.id,
        position_id: o.position_id,
        nav: o.nav,
        amount: o.amount,
        description: (o.option_description ?? o.description).slice(0, 140),
      }));
      await tx.insertInto('payment_items').values(items).execute();
      // The lock's primary key is what makes a concurrent second start fail.
      await tx
        .insertInto('option_locks')
        .values(options.map((o) => ({ option_id: o.id, payment_id: id, created_at: at })))
        .execute();
      for (const o of options) {
        const updated = await tx
          .updateTable('payment_options')
          .set({ status: 'in_payment' })
          .where('id', '=', o.id)
          .where('status', '=', o.status)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw new ApiError('payment_in_progress');
      }
      for (const pid of new Set(options.map((o) => o.position_id))) await refreshPosition(tx, pid, now);
      return { payment: payment as PaymentRow, items };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ApiError('payment_in_progress');
    throw e;
  }
}

/** Moves a payment by an event if its table allows it; false when refused or raced. */
async function movePayment(
  tx: Tx,
  payment: Pick<PaymentRow, 'id' | 'state'>,
  event: PaymentEvent,
  now: Date,
  extra: { provider_ref?: string } = {},
): Promise<PaymentState | null> {
  const next = transition(payment.state as PaymentState, event);
  if (next === null) return null;
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

/** Records that the browser was sent to the provider. */
export async function markRedirected(
  db: Db,
  paymentId: string,
  providerRef: string,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const p = await tx
      .selectFrom('payments')
      .select(['id', 'state'])
      .where('id', '=', paymentId)
      .executeTakeFirstOrThrow();
    await movePayment(tx, p, 'redirect', now, { provider_ref: providerRef });
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
      const next = nextOptionStatus(o.status, 'abort_payment');
      if (next)
        await tx
          .updateTable('payment_options')
          .set({ status: next })
          .where('id', '=', o.id)
          .where('status', '=', o.status)
          .execute();
      positions.add(o.position_id);
    }
    await tx.deleteFrom('option_locks').where('payment_id', '=', paymentId).execute();
    for (const pid of positions) await refreshPosition(tx, pid, now);
    return true;
  });
}

/** Expires running payments past their TTL; returns how many. Safe to run from every process. */
export async function expireDuePayments(db: Db, now: Date): Promise<number> {
  const due = await db
    .selectFrom('payments')
    .select('id')
    .where('state', 'in', ['created', 'redirected', 'in_verification'])
    .where('expires_at', '<=', now.toISOString())
    .execute();
  let n = 0;
  for (const { id } of due) if (await endPayment(db, id, 'expire', now)) n++;
  return n;
}

/** A transfer as a receipt keeps it. */
export interface ReceiptTransfer {
  idx: number;
  iban: string;
  amount: number;
  remittance: string;
  taxonomy: string;
}

/** What any provider (sandbox, the pagoPA node) hands to the one recording path. */
export interface ReceiptInput {
  entityCode: string;
  nav: string;
  receiptId: string;
  amount: number;
  fee: number;
  pspId: string;
  pspName: string;
  pspFiscalCode: string | null;
  channel: string;
  method: string;
  paidAt: Date;
  payer: { fiscalCode: string | null; name: string | null; email: string | null } | null;
  /** Transfers as paid; defaults to the option's own. */
  transfers?: ReceiptTransfer[];
}

export type RecordResult =
  | { status: 'recorded'; receipt: ReceiptRow; paymentId: string | null; paymentPaid: boolean }
  | { status: 'duplicate'; receipt: ReceiptRow };

/**
 * The one path by which money becomes a receipt: for a payment started in the portal or anywhere
 * else. Idempotent: the same receipt again (or 50 times at once) is recorded once. A receipt for a
 * practice cancelled or changed meanwhile is still stored (the money was taken) and flagged.
 */
export async function recordReceipt(db: Db, r: ReceiptInput, now: Date): Promise<RecordResult> {
  const find = (q: Db | Tx) =>
    q
      .selectFrom('receipts')
      .selectAll()
      .where('entity_code', '=', r.entityCode)
      .where((eb) => eb.or([eb('nav', '=', r.nav), eb('receipt_id', '=', r.receiptId)]))
      .executeTakeFirst();
  try {
    return await db.transaction().execute(async (tx) => {
      const existing = await find(tx);
      if (existing) return { status: 'duplicate', receipt: existing } as const;
      const option = await tx
        .selectFrom('payment_options')
        .innerJoin('positions', 'positions.id', 'payment_options.position_id')
        .select([
          'payment_options.id',
          'payment_options.position_id',
          'payment_options.installment',
          'payment_options.status',
          'payment_options.amount',
          'payment_options.iuv',
          'payment_options.description as option_description',
          'positions.description',
          'positions.debtor_fiscal_code',
          'positions.debtor_name',
          'positions.iupd',
        ])
        .where('payment_options.entity_code', '=', r.entityCode)
        .where('payment_options.nav', '=', r.nav)
        .executeTakeFirst();
      if (!option) throw new ApiError('practice_not_found');
      const transfers =
        r.transfers ??
        (
          await tx
            .selectFrom('transfers')
            .select(['idx', 'iban', 'amount', 'remittance', 'taxonomy'])
            .where('option_id', '=', option.id)
            .orderBy('idx')
            .execute()
        ).map((t) => ({
          idx: t.idx,
          iban: t.iban,
          amount: t.amount,
          remittance: t.remittance,
          taxonomy: t.taxonomy,
        }));
      const flags: string[] = [];
      if (r.amount !== option.amount) flags.push('amount_differs');
      const siblings = await tx
        .selectFrom('payment_options')
        .select(['id', 'installment', 'status'])
        .where('position_id', '=', option.position_id)
        .execute();
      const self = siblings.find((s) => s.id === option.id);
      if (self && nextOptionStatus(self.status, 'pay') !== null) {
        for (const [o, next] of movesOnPayment(siblings, self)) {
          await tx
            .updateTable('payment_options')
            .set({ status: next, ...(o.id === self.id ? { paid_at: r.paidAt.toISOString() } : {}) })
            .where('id', '=', o.id)
            .execute();
        }
        await refreshPosition(tx, option.position_id, now);
      } else {
        flags.push(`position_${option.status}`);
      }
      const lock = await tx
        .selectFrom('option_locks')
        .select('payment_id')
        .where('option_id', '=', option.id)
        .executeTakeFirst();
      const item = lock
        ? null
        : await tx
            .selectFrom('payment_items')
            .innerJoin('payments', 'payments.id', 'payment_items.payment_id')
            .select(['payments.id'])
            .where('payment_items.option_id', '=', option.id)
            .orderBy('payments.created_at', 'desc')
            .executeTakeFirst();
      const paymentId = lock?.payment_id ?? item?.id ?? null;
      await tx.deleteFrom('option_locks').where('option_id', '=', option.id).execute();
      const receipt = {
        entity_code: r.entityCode,
        option_id: option.id,
        position_id: option.position_id,
        payment_id: paymentId,
        receipt_id: r.receiptId,
        nav: r.nav,
        iuv: option.iuv,
        amount: r.amount,
        fee: r.fee,
        description: (option.option_description ?? option.description).slice(0, 140),
        psp_id: r.pspId,
        psp_name: r.pspName,
        psp_fiscal_code: r.pspFiscalCode,
        channel: r.channel,
        method: r.method,
        paid_at: r.paidAt.toISOString(),
        debtor_fiscal_code: option.debtor_fiscal_code,
        debtor_name: option.debtor_name,
        payer_fiscal_code: r.payer?.fiscalCode ?? null,
        payer_name: r.payer?.name ?? null,
        payer_email: r.payer?.email ?? null,
        transfers: JSON.stringify(transfers),
        flag: flags.length ? flags.join(',') : null,
        received_at: now.toISOString(),
      };
      await tx.insertInto('receipts').values(receipt).execute();
      await appendEvent(tx, {
        entityCode: r.entityCode,
        type: 'receipt.received',
        payload: {
          practice: { iupd: option.iupd, nav: r.nav, iuv: option.iuv, amount: option.amount },
          receipt: {
            receiptId: r.receiptId,
            amount: r.amount,
            fee: r.fee,
            paidAt: receipt.paid_at,
            psp: { id: r.pspId, name: r.pspName, fiscalCode: r.pspFiscalCode },
            channel: r.channel,
            method: r.method,
            debtor: { fiscalCode: option.debtor_fiscal_code, name: option.debtor_name },
            payer: r.payer ? { fiscalCode: r.payer.fiscalCode, name: r.payer.name } : null,
            transfers,
            flag: receipt.flag,
          },
        },
        now,
      });
      let paymentPaid = false;
      if (paymentId) {
        const payment = await tx
          .selectFrom('payments')
          .select(['id', 'state'])
          .where('id', '=', paymentId)
          .executeTakeFirstOrThrow();
        const items = await tx
          .selectFrom('payment_items')
          .select('nav')
          .where('payment_id', '=', paymentId)
          .execute();
        const paidNavs = await tx
          .selectFrom('receipts')
          .select('nav')
          .where('entity_code', '=', r.entityCode)
          .where(
            'nav',
            'in',
            items.map((i) => i.nav),
          )
          .execute();
        if (paidNavs.length === items.length) {
          const event: PaymentEvent = transition(payment.state as PaymentState, 'receipt')
            ? 'receipt'
            : 'late_receipt';
          paymentPaid = (await movePayment(tx, payment, event, now)) === 'paid';
        }
      }
      const stored = await find(tx);
      return { status: 'recorded', receipt: stored as ReceiptRow, paymentId, paymentPaid } as const;
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      const existing = await find(db);
      if (existing) return { status: 'duplicate', receipt: existing };
    }
    throw e;
  }
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
