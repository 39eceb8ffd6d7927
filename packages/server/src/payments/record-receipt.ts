/**
 * The one path by which money becomes a receipt, for a payment started in the portal or anywhere
 * else (the pagoPA node, the sandbox). Idempotent by receiptId: the same receipt again (or 50 times
 * at once) is recorded once. Any other receipt is money that arrived and is recorded, never
 * refused; what is unusual about it is flagged for the entity:
 *
 * | the practice…                               | options (positions/states.ts)          | flag              |
 * | ------------------------------------------- | -------------------------------------- | ----------------- |
 * | not collected yet, the option payable       | `pay` it, `close` the excluded ones    | –                 |
 * | not collected yet, the option not payable   | unchanged                              | `position_<state>`|
 * | already collected (same notice, or the      | an option held by a payment: `close`;  | `overpaid`        |
 * | single payment against an installment)      | the practice marked overpaid           |                   |
 * | – no payment of this station held the notice| as above                               | `not_activated`   |
 * | – amount differs from the option's          | as above                               | `amount_differs`  |
 *
 * Then the payment that held the notice moves by the payment table (states.ts): `receipt` once
 * every notice of it has a receipt, `late_receipt` when it had already ended. In the same
 * transaction the outbox gets the webhook events and the receipt e-mail (events/), so what leaves
 * the system leaves if and only if the receipt is recorded, and nothing here waits on SMTP.
 */
import { type Db, transaction, type Tx } from '../db/database.js';
import type { ReceiptRow } from '../db/schema/index.js';
import { appendEvent } from '../events/outbox.js';
import { queueMail } from '../events/mail-outbox.js';
import { ApiError } from '../core/errors.js';
import { movesOnPayment, nextOptionStatus } from '../positions/states.js';
import { moveOption, refreshPosition } from './options.js';
import { isUniqueViolation } from '../db/errors.js';
import { movePayment } from './payments.js';
import { type PaymentState, transition } from './states.js';

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
  /**
   * `gpd`: pagoPA's own station activated the notice and took the receipt (read back from GPD), so
   * no payment of this station holding it is expected (no `not_activated` flag).
   */
  collectedBy?: 'station' | 'gpd';
}

export type RecordResult =
  | { status: 'recorded'; receipt: ReceiptRow; paymentId: string | null; paymentPaid: boolean }
  | { status: 'duplicate'; receipt: ReceiptRow };

/** The option a receipt's notice names, with its practice. */
type PaidOption = Awaited<ReturnType<typeof optionOfNotice>>;

/** Which payment held the notice: its lock (still running), else the latest that carried it. */
interface Holder {
  paymentId: string | null;
  locked: boolean;
}

/** Records a receipt; see the table above. */
export async function recordReceipt(db: Db, r: ReceiptInput, now: Date): Promise<RecordResult> {
  try {
    return await transaction(db, async (tx): Promise<RecordResult> => {
      const existing = await findReceipt(tx, r);
      if (existing) return { status: 'duplicate', receipt: existing };
      const option = await optionOfNotice(tx, r);
      await holdPractice(tx, option.position_id, now);
      const overpaid = await alreadyCollected(tx, option);
      const holder = await holderOf(tx, option.id);
      const flags = [
        ...(overpaid ? ['overpaid'] : []),
        // No payment of this station ever held the notice (the node collected on its own, stand-in).
        ...(holder.paymentId === null && r.collectedBy !== 'gpd' ? ['not_activated'] : []),
        ...(r.amount !== option.amount ? ['amount_differs'] : []),
      ];
      if (overpaid) await markOverpaid(tx, option, now);
      else flags.push(...(await payOption(tx, option, r.paidAt, now)));
      if (holder.locked && holder.paymentId) await releaseLocks(tx, option, holder.paymentId);
      const transfers = await transfersOf(tx, r, option.id);
      const receipt = await insertReceipt(tx, receiptRow(r, option, holder.paymentId, transfers, flags, now));
      await announce(tx, r, option, receipt, transfers, overpaid, now);
      const paymentPaid = holder.paymentId
        ? await settlePayment(tx, holder.paymentId, r.entityCode, now)
        : false;
      return { status: 'recorded', receipt, paymentId: holder.paymentId, paymentPaid };
    });
  } catch (e) {
    // The same receipt recorded concurrently by another request: that one counts.
    if (isUniqueViolation(e)) {
      const existing = await findReceipt(db, r);
      if (existing) return { status: 'duplicate', receipt: existing };
    }
    throw e;
  }
}

function findReceipt(q: Db | Tx, r: Pick<ReceiptInput, 'entityCode' | 'receiptId'>) {
  return q
    .selectFrom('receipts')
    .selectAll()
    .where('entity_code', '=', r.entityCode)
    .where('receipt_id', '=', r.receiptId)
    .executeTakeFirst();
}

/** The option of the receipt's notice, or 404 `practice_not_found`. */
async function optionOfNotice(tx: Tx, r: Pick<ReceiptInput, 'entityCode' | 'nav'>) {
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
  return option;
}

/**
 * Receipts of one practice are decided one at a time: this write holds the practice's row
 * (PostgreSQL) or the database (SQLite) until commit, so a concurrent receipt on any option of the
 * practice waits and then reads this one's receipt.
 */
async function holdPractice(tx: Tx, positionId: number, now: Date): Promise<void> {
  await tx
    .updateTable('positions')
    .set({ updated_at: now.toISOString() })
    .where('id', '=', positionId)
    .execute();
}

/** Already collected: this notice, or the single payment against an installment (either way). */
async function alreadyCollected(tx: Tx, option: PaidOption): Promise<boolean> {
  const collected = await tx
    .selectFrom('receipts')
    .leftJoin('payment_options', 'payment_options.id', 'receipts.option_id')
    .select(['receipts.option_id', 'payment_options.installment'])
    .where('receipts.position_id', '=', option.position_id)
    // An overpaid receipt is refunded whole: it collected nothing of the practice.
    .where((eb) => eb.or([eb('receipts.flag', 'is', null), eb('receipts.flag', 'not like', '%overpaid%')]))
    .execute();
  return collected.some((c) => c.option_id === option.id || option.installment === 0 || c.installment === 0);
}

async function holderOf(tx: Tx, optionId: number): Promise<Holder> {
  const lock = await tx
    .selectFrom('option_locks')
    .select('payment_id')
    .where('option_id', '=', optionId)
    .executeTakeFirst();
  if (lock) return { paymentId: lock.payment_id, locked: true };
  const item = await tx
    .selectFrom('payment_items')
    .innerJoin('payments', 'payments.id', 'payment_items.payment_id')
    .select(['payments.id'])
    .where('payment_items.option_id', '=', optionId)
    .orderBy('payments.created_at', 'desc')
    .executeTakeFirst();
  return { paymentId: item?.id ?? null, locked: false };
}

/**
 * The practice's first collection: `pay` the option and `close` the ones it excludes, by the
 * option table. Returns the flag of an option the table does not let be paid.
 */
async function payOption(tx: Tx, option: PaidOption, paidAt: Date, now: Date): Promise<string[]> {
  const siblings = await tx
    .selectFrom('payment_options')
    .select(['id', 'installment', 'status'])
    .where('position_id', '=', option.position_id)
    .execute();
  const self = siblings.find((s) => s.id === option.id);
  if (!self || nextOptionStatus(self.status, 'pay') === null)
    return [`position_${self?.status ?? option.status}`];
  for (const o of movesOnPayment(siblings, self).keys()) {
    if (o === self) await moveOption(tx, o, 'pay', { paid_at: paidAt.toISOString() });
    else await moveOption(tx, o, 'close');
  }
  await refreshPosition(tx, option.position_id, now);
  return [];
}

/**
 * Money for a practice already collected: an option still held by a payment can no longer be paid
 * (`close`), and the practice is marked overpaid (the entity refunds).
 */
async function markOverpaid(tx: Tx, option: PaidOption, now: Date): Promise<void> {
  const self = await tx
    .selectFrom('payment_options')
    .select(['id', 'status'])
    .where('id', '=', option.id)
    .executeTakeFirst();
  if (self?.status === 'in_payment' && (await moveOption(tx, self, 'close')))
    await refreshPosition(tx, option.position_id, now);
  await tx
    .updateTable('positions')
    .set({ overpaid_at: now.toISOString() })
    .where('id', '=', option.position_id)
    .where('overpaid_at', 'is', null)
    .execute();
}

/** The notice's receipt is in: the payment no longer holds the option nor its practice. */
async function releaseLocks(tx: Tx, option: PaidOption, paymentId: string): Promise<void> {
  await tx.deleteFrom('option_locks').where('option_id', '=', option.id).execute();
  await tx
    .deleteFrom('position_locks')
    .where('position_id', '=', option.position_id)
    .where('payment_id', '=', paymentId)
    .execute();
}

/** The transfers as paid (the receipt's, else the option's), with the beneficiary filled in. */
async function transfersOf(tx: Tx, r: ReceiptInput, optionId: number): Promise<Required<ReceiptTransfer>[]> {
  const transfers: ReceiptTransfer[] =
    r.transfers ??
    (await tx
      .selectFrom('transfers')
      .select(['idx', 'iban', 'amount', 'remittance', 'taxonomy'])
      .where('option_id', '=', optionId)
      .orderBy('idx')
      .execute());
  return transfers.map((t) => ({
    ...t,
    fiscalCode: t.fiscalCode ?? r.entityCode,
    companyName: t.companyName ?? null,
    metadata: t.metadata ?? null,
  }));
}

/** The receipt row: what the provider told, else what the practice says. */
function receiptRow(
  r: ReceiptInput,
  option: PaidOption,
  paymentId: string | null,
  transfers: Required<ReceiptTransfer>[],
  flags: string[],
  now: Date,
) {
  const d = r.details ?? {};
  return {
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
    transfers: JSON.stringify(transfers),
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
}

async function insertReceipt(tx: Tx, row: ReturnType<typeof receiptRow>): Promise<ReceiptRow> {
  await tx.insertInto('receipts').values(row).execute();
  return (await findReceipt(tx, { entityCode: row.entity_code, receiptId: row.receipt_id })) as ReceiptRow;
}

/**
 * What leaves the system, through the outbox in this transaction: the webhook events
 * (`receipt.received`, and `receipt.overpaid`) and the receipt e-mail to the payer.
 */
async function announce(
  tx: Tx,
  r: ReceiptInput,
  option: PaidOption,
  receipt: ReceiptRow,
  transfers: Required<ReceiptTransfer>[],
  overpaid: boolean,
  now: Date,
): Promise<void> {
  const payload = {
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
      transfers,
      flag: receipt.flag,
    },
  };
  await appendEvent(tx, { entityCode: r.entityCode, type: 'receipt.received', payload, now });
  if (overpaid) await appendEvent(tx, { entityCode: r.entityCode, type: 'receipt.overpaid', payload, now });
  if (receipt.payer_email)
    await queueMail(tx, { kind: 'receipt', ref: receipt.id, entityCode: r.entityCode, now });
}

/**
 * The receipts of one payment's notices are counted one at a time: this write holds the payment's
 * row (PostgreSQL) or the database (SQLite) until commit, so of two receipts of a cart arriving at
 * once, the second waits and then counts the first's (else each would miss the other's, and the
 * payment would never become paid).
 */
async function holdPayment(tx: Tx, paymentId: string): Promise<void> {
  await tx
    .updateTable('payments')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', paymentId)
    .execute();
}

/**
 * Moves the payment that held the notice once every notice of it has a receipt: `receipt`, or
 * `late_receipt` when it had ended meanwhile (the table decides). True when it became paid.
 */
async function settlePayment(tx: Tx, paymentId: string, entityCode: string, now: Date): Promise<boolean> {
  await holdPayment(tx, paymentId);
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
  const paid = await tx
    .selectFrom('receipts')
    .select('nav')
    .where('entity_code', '=', entityCode)
    .where(
      'nav',
      'in',
      items.map((i) => i.nav),
    )
    .execute();
  if (new Set(paid.map((n) => n.nav)).size !== items.length) return false;
  const event = transition(payment.state as PaymentState, 'receipt') ? 'receipt' : 'late_receipt';
  return (await movePayment(tx, payment, event, now)) === 'paid';
}
