/**
 * Payments: start one on 1-5 payment options, record receipts through one path, end or expire
 * it. Every state change goes through the tables in `states.ts` (payments) and
 * `positions/states.ts` (options), inside one transaction, with conditional updates, so duplicate
 * or late notifications, retries, concurrent attempts and crashes never pay twice nor lose a receipt.
 */
import { NOTICES_PER_PAYMENT } from '@pagatore/sdk';
import { ApiError } from '../core/errors.js';
import { newToken } from '../core/tokens.js';
import type { Db, Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { PaymentItemRow, PaymentRow, ReceiptRow } from '../db/schema/index.js';
import {
  derivePositionStatus,
  movesOnPayment,
  nextOptionStatus,
  transitionOption,
} from '../positions/states.js';
import { appendEvent, type EventType, paymentPractices } from '../events/outbox.js';
import { OPEN_PAYMENT_STATES, type PaymentEvent, type PaymentState, transition } from './states.js';

/** pagoPA's limit of notices in one payment (Checkout carts). */
export const MAX_ITEMS = NOTICES_PER_PAYMENT;

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
  /** Started by "Paga carrello": which of the cart's successive payments it is. */
  cart?: { part: number; parts: number };
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
        const updated = await tx
          .updateTable('payment_options')
          .set({ status: 'in_payment' })
          .where('id', '=', o.id)
          .where('status', '=', siblings.find((s) => s.id === o.id)?.status ?? o.status)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw new ApiError('payment_in_progress');
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
    await tx.deleteFrom('position_locks').where('payment_id', '=', paymentId).execute();
    for (const pid of positions) await refreshPosition(tx, pid, now);
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

/** A transfer as a receipt keeps it. */
export interface ReceiptTransfer {
  idx: number;
  iban: string;
  amount: number;
  remittance: string;
  taxonomy: string;
  /** The beneficiary entity's fiscal code (fiscalCodePA); the receipt's entity when not told. */
  fiscalCode?: string;
  /** The beneficiary's name, when the receipt tells it. */
  companyName?: string | null;
  metadata?: { key: string; value: string }[] | null;
}

/**
 * What a receipt says beyond what every provider tells (ctReceiptV2): kept as it came. Without it
 * the receipt takes the practice's description and debtor.
 */
export interface ReceiptDetails {
  description: string;
  debtor: { fiscalCode: string; name: string };
  creditorFiscalCode: string;
  companyName: string;
  officeName: string | null;
  outcome: string;
  channelDescription: string | null;
  pspPartitaIva: string | null;
  paymentNote: string | null;
  primaryCiIncurredFee: number | null;
  idBundle: string | null;
  idCiBundle: string | null;
  /** YYYY-MM-DD */
  applicationDate: string | null;
  /** YYYY-MM-DD */
  transferDate: string | null;
  metadata: { key: string; value: string }[] | null;
  standIn: boolean | null;
  /** The message the receipt came in. */
  raw: string | null;
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
  /** The receipt's own fields, as far as the provider tells them. */
  details?: Partial<ReceiptDetails>;
}

export type RecordResult =
  | { status: 'recorded'; receipt: ReceiptRow; paymentId: string | null; paymentPaid: boolean }
  | { status: 'duplicate'; receipt: ReceiptRow };

/**
 * The one path by which money becomes a receipt: for a payment started in the portal or anywhere
 * else. Idempotent by receiptId: the same receipt again (or 50 times at once) is recorded once.
 * Any other receipt is money that arrived and is recorded, never refused: one for a practice
 * already collected (the notice paid twice, or another option of the practice paid) is flagged
 * `overpaid`, changes no option and marks the practice overpaid; one for a notice no payment
 * ever held is flagged `not_activated`; one for a practice cancelled or changed meanwhile is
 * flagged too.
 */
export async function recordReceipt(db: Db, r: ReceiptInput, now: Date): Promise<RecordResult> {
  const find = (q: Db | Tx) =>
    q
      .selectFrom('receipts')
      .selectAll()
      .where('entity_code', '=', r.entityCode)
      .where('receipt_id', '=', r.receiptId)
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
      // Receipts of one practice are decided one at a time: this write holds the practice's row
      // (PostgreSQL) or the database (SQLite) until commit, so a concurrent receipt on any option
      // of the practice waits and then reads this one's receipt below.
      await tx
        .updateTable('positions')
        .set({ updated_at: now.toISOString() })
        .where('id', '=', option.position_id)
        .execute();
      const collected = await tx
        .selectFrom('receipts')
        .leftJoin('payment_options', 'payment_options.id', 'receipts.option_id')
        .select(['receipts.option_id', 'payment_options.installment'])
        .where('receipts.position_id', '=', option.position_id)
        // An overpaid receipt is refunded whole: it collected nothing of the practice.
        .where((eb) =>
          eb.or([eb('receipts.flag', 'is', null), eb('receipts.flag', 'not like', '%overpaid%')]),
        )
        .execute();
      // Already collected: this notice, or the single payment against an installment (either way).
      const overpaid = collected.some(
        (c) => c.option_id === option.id || option.installment === 0 || c.installment === 0,
      );
      const transfers: ReceiptTransfer[] =
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
      const keptTransfers = transfers.map((t) => ({
        ...t,
        fiscalCode: t.fiscalCode ?? r.entityCode,
        companyName: t.companyName ?? null,
        metadata: t.metadata ?? null,
      }));
      const d = r.details ?? {};
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
      const flags: string[] = [];
      if (overpaid) flags.push('overpaid');
      // No payment of this station ever held the notice (the node collected on its own, stand-in).
      if (paymentId === null) flags.push('not_activated');
      if (r.amount !== option.amount) flags.push('amount_differs');
      const siblings = await tx
        .selectFrom('payment_options')
        .select(['id', 'installment', 'status'])
        .where('position_id', '=', option.position_id)
        .execute();
      const self = siblings.find((s) => s.id === option.id);
      if (!overpaid) {
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
          flags.push(`position_${self?.status ?? option.status}`);
        }
      } else {
        // Still held by a payment while another option was collected: it can no longer be paid.
        if (self?.status === 'in_payment') {
          await tx
            .updateTable('payment_options')
            .set({ status: transitionOption(self.status, 'close') })
            .where('id', '=', self.id)
            .execute();
          await refreshPosition(tx, option.position_id, now);
        }
        await tx
          .updateTable('positions')
          .set({ overpaid_at: now.toISOString() })
          .where('id', '=', option.position_id)
          .where('overpaid_at', 'is', null)
          .execute();
      }
      if (lock) {
        await tx.deleteFrom('option_locks').where('option_id', '=', option.id).execute();
        await tx
          .deleteFrom('position_locks')
          .where('position_id', '=', option.position_id)
          .where('payment_id', '=', lock.payment_id)
          .execute();
      }
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
        description: (d.description ?? option.option_description ?? option.description).slice(0, 140),
        psp_id: r.pspId,
        psp_name: r.pspName,
        psp_fiscal_code: r.pspFiscalCode,
        channel: r.channel,
        method: r.method,
        paid_at: r.paidAt.toISOString(),
        debtor_fiscal_code: d.debtor?.fiscalCode ?? option.debtor_fiscal_code,
        debtor_name: d.debtor?.name ?? option.debtor_name,
        payer_fiscal_code: r.payer?.fiscalCode ?? null,
        payer_name: r.payer?.name ?? null,
        payer_email: r.payer?.email ?? null,
        transfers: JSON.stringify(keptTransfers),
        flag: flags.length ? flags.join(',') : null,
        received_at: now.toISOString(),
        creditor_fiscal_code: d.creditorFiscalCode ?? r.entityCode,
        company_name: d.companyName ?? null,
        office_name: d.officeName ?? null,
        outcome: d.outcome ?? 'OK',
        channel_description: d.channelDescription ?? null,
        psp_partita_iva: d.pspPartitaIva ?? null,
        payment_note: d.paymentNote ?? null,
        primary_ci_incurred_fee: d.primaryCiIncurredFee ?? null,
        id_bundle: d.idBundle ?? null,
        id_ci_bundle: d.idCiBundle ?? null,
        application_date: d.applicationDate ?? null,
        transfer_date: d.transferDate ?? null,
        metadata: d.metadata ? JSON.stringify(d.metadata) : null,
        stand_in: d.standIn === undefined || d.standIn === null ? null : d.standIn ? 1 : 0,
        raw: d.raw ?? null,
      };
      await tx.insertInto('receipts').values(receipt).execute();
      const receiptPayload = {
        practice: { iupd: option.iupd, nav: r.nav, iuv: option.iuv, amount: option.amount },
        receipt: {
          receiptId: r.receiptId,
          amount: r.amount,
          fee: r.fee,
          paidAt: receipt.paid_at,
          psp: { id: r.pspId, name: r.pspName, fiscalCode: r.pspFiscalCode },
          channel: r.channel,
          method: r.method,
          debtor: { fiscalCode: receipt.debtor_fiscal_code, name: receipt.debtor_name },
          payer: r.payer ? { fiscalCode: r.payer.fiscalCode, name: r.payer.name } : null,
          transfers: keptTransfers,
          flag: receipt.flag,
        },
      };
      await appendEvent(tx, {
        entityCode: r.entityCode,
        type: 'receipt.received',
        payload: receiptPayload,
        now,
      });
      if (overpaid)
        await appendEvent(tx, {
          entityCode: r.entityCode,
          type: 'receipt.overpaid',
          payload: receiptPayload,
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
        if (new Set(paidNavs.map((n) => n.nav)).size === items.length) {
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
