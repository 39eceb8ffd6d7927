/**
 * The reconciliation export: receipts paid in a range of Europe/Rome days, one row per
 * transfer, as CSV or JSON. Streamed: a page of receipts is read only when the client has taken the
 * previous one, so a year of receipts costs the memory of one page (docs/reconciliation.md).
 */
import { RECEIPT_EXPORT_COLUMNS, type ReceiptExportRow } from '@pagatore/sdk';
import { romeDate, romeDayEnd, romeDayStart } from '../core/rome-calendar.js';
import type { Db } from '../db/database.js';
import { awaitingDaysOf, settlementsOf } from '../reconciliation/settlement.js';
import { transfersOf } from './receipts.js';

const PAGE = 500;

/**
 * Rows of the receipts paid from `from` to `to` (Rome days, both included), in payment order, a page
 * at a time. Keyset paging on (paid_at, id): rows written meanwhile neither repeat nor shift pages.
 */
export async function* exportRows(
  db: Db,
  entityCode: string,
  range: { from: string; to: string },
  now: Date = new Date(),
): AsyncGenerator<ReceiptExportRow[]> {
  const awaitingDays = await awaitingDaysOf(db, entityCode);
  const start = romeDayStart(range.from);
  const end = romeDayEnd(range.to);
  let after: { paidAt: string; id: number } | null = null;
  for (;;) {
    let q = db
      .selectFrom('receipts as r')
      .innerJoin('positions as p', 'p.id', 'r.position_id')
      .selectAll('r')
      .select('p.iupd')
      .where('r.entity_code', '=', entityCode)
      .where('r.paid_at', '>=', start)
      .where('r.paid_at', '<', end);
    if (after) {
      const a = after;
      q = q.where((eb) =>
        eb.or([
          eb('r.paid_at', '>', a.paidAt),
          eb.and([eb('r.paid_at', '=', a.paidAt), eb('r.id', '>', a.id)]),
        ]),
      );
    }
    const page = await q.orderBy('r.paid_at').orderBy('r.id').limit(PAGE).execute();
    if (page.length === 0) return;
    const rows: ReceiptExportRow[] = [];
    const settlements = await settlementsOf(db, entityCode, page, now, awaitingDays);
    for (const r of page) {
      const base = {
        receipt_id: r.receipt_id,
        paid_at: r.paid_at,
        paid_date: romeDate(r.paid_at),
        iupd: r.iupd,
        nav: r.nav,
        iuv: r.iuv,
        description: r.description,
        receipt_amount: r.amount,
        fee: r.fee,
        psp_id: r.psp_id,
        psp_name: r.psp_name,
        psp_fiscal_code: r.psp_fiscal_code ?? '',
        channel: r.channel,
        method: r.method,
        debtor_fiscal_code: r.debtor_fiscal_code,
        debtor_name: r.debtor_name,
        payer_fiscal_code: r.payer_fiscal_code ?? '',
        payer_name: r.payer_name ?? '',
        payment_id: r.payment_id ?? '',
        flag: r.flag ?? '',
        creditor_fiscal_code: r.creditor_fiscal_code ?? r.entity_code,
        company_name: r.company_name ?? '',
        office_name: r.office_name ?? '',
        outcome: r.outcome ?? 'OK',
        channel_description: r.channel_description ?? '',
        psp_partita_iva: r.psp_partita_iva ?? '',
        payment_note: r.payment_note ?? '',
        primary_ci_incurred_fee: r.primary_ci_incurred_fee,
        id_bundle: r.id_bundle ?? '',
        id_ci_bundle: r.id_ci_bundle ?? '',
        application_date: r.application_date ?? '',
        transfer_date: r.transfer_date ?? '',
        metadata: r.metadata ?? '',
        stand_in: r.stand_in === null ? null : r.stand_in === 1,
      };
      for (const t of transfersOf(r)) {
        const settled = settlements.get(r.id)?.get(t.idx);
        rows.push({
          ...base,
          transfer_idx: t.idx,
          transfer_iban: t.iban,
          transfer_amount: t.amount,
          transfer_remittance: t.remittance,
          transfer_taxonomy: t.taxonomy,
          transfer_fiscal_code: t.fiscalCode ?? r.entity_code,
          transfer_company_name: t.companyName ?? '',
          transfer_metadata: t.metadata ? JSON.stringify(t.metadata) : '',
          settlement_flow_id: settled?.flowId ?? '',
          settlement_id: settled?.settlementId ?? '',
          settlement_date: settled?.settlementDate ?? '',
          settlement_state: settled?.state ?? '',
        });
      }
    }
    yield rows;
    const last = page[page.length - 1] as (typeof page)[number];
    after = { paidAt: last.paid_at, id: last.id };
    if (page.length < PAGE) return;
  }
}

/** One CSV field (RFC 4180); text a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The export as a stream of UTF-8 bytes in the format asked for. */
export function exportStream(
  db: Db,
  entityCode: string,
  range: { from: string; to: string },
  format: 'csv' | 'json',
  now: Date = new Date(),
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = exportRows(db, entityCode, range, now);
  let first = true;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(
            encoder.encode(format === 'csv' ? `${RECEIPT_EXPORT_COLUMNS.join(',')}\r\n` : '['),
          );
          return;
        }
        const next = await pages.next();
        if (next.done) {
          if (format === 'json') controller.enqueue(encoder.encode(first ? ']\n' : '\n]\n'));
          controller.close();
          return;
        }
        let chunk = '';
        for (const row of next.value) {
          if (format === 'csv') {
            chunk += `${RECEIPT_EXPORT_COLUMNS.map((c) => csvField(row[c])).join(',')}\r\n`;
          } else {
            chunk += `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
            first = false;
          }
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (e) {
        // Headers are gone already: the client sees a cut stream (no closing bracket / short CSV).
        controller.error(e);
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}
