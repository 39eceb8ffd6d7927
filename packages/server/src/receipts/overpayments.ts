/**
 * Overpayments: receipts for practices already collected (their flag has `overpaid`) — a notice paid
 * twice through two channels, a printed notice paid at a PSP counter after the practice was paid,
 * the single payment and an installment both. Each is money the entity refunds whole, to the
 * receipt's payer (else the debtor); the admin API lists them with what to refund to whom.
 */
import type { OverpaymentList, OverpaymentView, PageRequest } from '@pagatore/sdk';
import { romeDayEnd, romeDayStart } from '../core/rome-calendar.js';
import type { Db } from '../db/database.js';

/** The flag token of an overpaying receipt. */
export const OVERPAID = 'overpaid';

export interface OverpaymentFilters extends PageRequest {
  /** Received on or after this Europe/Rome day. */
  from?: string;
  /** Received on or before this Europe/Rome day. */
  to?: string;
  /** The `next` of the previous page, `<received_at>~<id>`: keyset paging, in place of `offset`. */
  after?: string;
}

/** An entity's overpayments, newest received first, with their count and the total to refund. */
export async function listOverpayments(
  db: Db,
  entityCode: string,
  f: OverpaymentFilters,
): Promise<OverpaymentList> {
  let q = db
    .selectFrom('receipts')
    .innerJoin('positions', 'positions.id', 'receipts.position_id')
    .where('receipts.entity_code', '=', entityCode)
    .where('receipts.flag', 'like', `%${OVERPAID}%`);
  if (f.from) q = q.where('receipts.received_at', '>=', romeDayStart(f.from));
  if (f.to) q = q.where('receipts.received_at', '<', romeDayEnd(f.to));
  let page = q;
  if (f.after) {
    const [at, id] = f.after.split('~') as [string, string];
    page = page.where((eb) =>
      eb.or([
        eb('receipts.received_at', '<', at),
        eb.and([eb('receipts.received_at', '=', at), eb('receipts.id', '<', Number(id))]),
      ]),
    );
  }
  const [totals, fetched] = await Promise.all([
    q
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number | null>('receipts.amount').as('sum'),
      ])
      .executeTakeFirstOrThrow(),
    page
      .selectAll('receipts')
      .select('positions.iupd')
      .orderBy('receipts.received_at', 'desc')
      .orderBy('receipts.id', 'desc')
      .limit(f.limit + 1)
      .offset(f.after ? 0 : f.offset)
      .execute(),
  ]);
  const rows = fetched.slice(0, f.limit);
  const last = rows[rows.length - 1];
  const next = fetched.length > f.limit && last ? `${last.received_at}~${last.id}` : null;
  const positionIds = [...new Set(rows.map((r) => r.position_id))];
  const kept = positionIds.length
    ? await db
        .selectFrom('receipts')
        .select(['position_id', 'receipt_id', 'nav', 'amount', 'paid_at'])
        .where('position_id', 'in', positionIds)
        .where((eb) => eb.or([eb('flag', 'is', null), eb('flag', 'not like', `%${OVERPAID}%`)]))
        .orderBy('id')
        .execute()
    : [];
  const items = rows.map((r): OverpaymentView => {
    const payerNamed = r.payer_fiscal_code !== null && r.payer_name !== null;
    return {
      id: r.id,
      receiptId: r.receipt_id,
      iupd: r.iupd,
      nav: r.nav,
      iuv: r.iuv,
      description: r.description,
      amount: Number(r.amount),
      fee: Number(r.fee),
      paidAt: r.paid_at,
      receivedAt: r.received_at,
      psp: { id: r.psp_id, name: r.psp_name, fiscalCode: r.psp_fiscal_code },
      channel: r.channel,
      method: r.method,
      debtor: { fiscalCode: r.debtor_fiscal_code, name: r.debtor_name },
      payer:
        r.payer_fiscal_code || r.payer_name || r.payer_email
          ? { fiscalCode: r.payer_fiscal_code, name: r.payer_name, email: r.payer_email }
          : null,
      refundTo: payerNamed
        ? { fiscalCode: r.payer_fiscal_code!, name: r.payer_name!, role: 'payer' }
        : { fiscalCode: r.debtor_fiscal_code, name: r.debtor_name, role: 'debtor' },
      flag: r.flag ?? OVERPAID,
      collectedBy: kept
        .filter((k) => k.position_id === r.position_id)
        .map((k) => ({ receiptId: k.receipt_id, nav: k.nav, amount: Number(k.amount), paidAt: k.paid_at })),
    };
  });
  return {
    items,
    total: Number(totals.n),
    totalAmount: Number(totals.sum ?? 0),
    next,
    limit: f.limit,
    offset: f.after ? 0 : f.offset,
  };
}
