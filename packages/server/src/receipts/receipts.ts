/**
 * Receipts as the citizen sees them: the history of paid practices ("Ricerca pratiche") with
 * filters, and one receipt for its PDF. A citizen sees the receipts of practices it may reach
 * (proven fiscal code, found by search, created by it) and of payments it made itself.
 */
import type { Page, PageRequest, ReceiptView } from '@pagatore/sdk';
import { romeDayEnd, romeDayStart } from '../core/rome-calendar.js';
import type { Db } from '../db/database.js';
import type { ReceiptRow } from '../db/schema/index.js';
import type { ReceiptTransfer } from '../payments/record-receipt.js';
import { type Holder, provenSpellings, reachable } from '../practices/access.js';

export interface ReceiptFilters extends PageRequest {
  from?: string;
  to?: string;
  service?: string;
  code?: string;
  amount?: number;
}

type ReceiptWithService = ReceiptRow & { service_code: string | null };

function visible(db: Db, holder: Holder, spellings: string[]) {
  return db
    .selectFrom('receipts')
    .innerJoin('positions', 'positions.id', 'receipts.position_id')
    .where('receipts.entity_code', '=', holder.entity_code)
    .where((eb) =>
      eb.or([
        eb(
          'receipts.payment_id',
          'in',
          eb.selectFrom('payments').select('payments.id').where('payments.account_id', '=', holder.id),
        ),
        // The joined position is one the account may reach (proven code, search, spontaneous).
        reachable(holder, spellings)(eb as never),
      ]),
    );
}

/** "Ricerca pratiche": the receipts a citizen may see, newest first. */
export async function listReceipts(db: Db, holder: Holder, f: ReceiptFilters): Promise<Page<ReceiptView>> {
  const spellings = await provenSpellings(db, holder.id);
  let q = visible(db, holder, spellings);
  if (f.from) q = q.where('receipts.paid_at', '>=', romeDayStart(f.from));
  if (f.to) q = q.where('receipts.paid_at', '<', romeDayEnd(f.to));
  if (f.service) q = q.where('positions.service_code', '=', f.service);
  if (f.code) {
    const code = f.code;
    q = q.where((eb) => eb.or([eb('receipts.nav', '=', code), eb('receipts.iuv', '=', code)]));
  }
  if (f.amount !== undefined) q = q.where('receipts.amount', '=', f.amount);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = (await q
    .selectAll('receipts')
    .select('positions.service_code')
    .orderBy('receipts.paid_at', 'desc')
    .orderBy('receipts.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute()) as ReceiptWithService[];
  return { items: rows.map(toReceiptView), total: Number(total.n), limit: f.limit, offset: f.offset };
}

/** One receipt the citizen may see, or undefined. */
export async function findVisibleReceipt(
  db: Db,
  holder: Holder,
  id: number,
): Promise<ReceiptWithService | undefined> {
  const spellings = await provenSpellings(db, holder.id);
  return (await visible(db, holder, spellings)
    .selectAll('receipts')
    .select('positions.service_code')
    .where('receipts.id', '=', id)
    .executeTakeFirst()) as ReceiptWithService | undefined;
}

/** The transfers a receipt keeps, as `recordReceipt` stored them. */
export function transfersOf(r: Pick<ReceiptRow, 'transfers'>): ReceiptTransfer[] {
  return JSON.parse(r.transfers) as ReceiptTransfer[];
}

/** A receipt as the API shows it. */
export function toReceiptView(r: ReceiptWithService): ReceiptView {
  const transfers = transfersOf(r);
  return {
    id: r.id,
    receiptId: r.receipt_id,
    nav: r.nav,
    iuv: r.iuv,
    description: r.description,
    serviceCode: r.service_code,
    amount: r.amount,
    fee: r.fee,
    paidAt: r.paid_at,
    pspName: r.psp_name,
    channel: r.channel,
    method: r.method,
    debtor: { fiscalCode: r.debtor_fiscal_code, name: r.debtor_name },
    payer:
      r.payer_fiscal_code || r.payer_name ? { fiscalCode: r.payer_fiscal_code, name: r.payer_name } : null,
    transfers: transfers.map((t) => ({
      idx: t.idx,
      iban: t.iban,
      amount: t.amount,
      remittance: t.remittance,
      fiscalCode: t.fiscalCode ?? r.entity_code,
      companyName: t.companyName ?? null,
    })),
    paymentId: r.payment_id,
    overpaid: (r.flag ?? '').split(',').includes('overpaid'),
    creditor: {
      fiscalCode: r.creditor_fiscal_code ?? r.entity_code,
      name: r.company_name,
      office: r.office_name,
    },
  };
}
