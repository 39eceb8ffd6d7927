/**
 * Where each receipt's money stands against the flows: per transfer, settled by which flow and
 * settlement, disputed, still awaited, or overdue after the entity's `awaitingDays`; the daily
 * report per Europe/Rome day and IBAN built from the same states; and the once-only announcement of
 * overdue transfers (docs/reconciliation.md).
 */
import type { ReconciliationReportRow, SettlementState } from '@pagatore/sdk';
import { romeDate, romeDayEnd, romeDayStart } from '../core/rome-calendar.js';
import { type Db, transaction } from '../db/database.js';
import type { ReceiptRow } from '../db/schema/index.js';
import { selectRowsOfReceipts } from '../db/stores/flows.js';
import { appendEvent } from '../events/outbox.js';
import { transfersOf } from '../receipts/receipts.js';
import { reconciliationConfigOf } from './settings.js';

export interface TransferSettlement {
  state: SettlementState;
  flowId: string;
  settlementId: string;
  settlementDate: string;
}

const DISPUTED = new Set(['amount_differs', 'revoked', 'no_rpt']);
const DAY_MS = 86_400_000;

/** The entity's `awaitingDays`. */
export async function awaitingDaysOf(db: Db, entity: string): Promise<number> {
  const row = await db
    .selectFrom('entities')
    .select('reconciliation_settings')
    .where('code', '=', entity)
    .executeTakeFirst();
  return reconciliationConfigOf({ reconciliation_settings: row?.reconciliation_settings ?? '{}' })
    .awaitingDays;
}

/**
 * The settlement of each transfer of these receipts (by receipts.id, then transfer idx). A transfer
 * to another entity is `other_entity`: that entity's flows settle it.
 */
export async function settlementsOf(
  db: Db,
  entity: string,
  receipts: Pick<ReceiptRow, 'id' | 'transfers' | 'paid_at'>[],
  now: Date,
  awaitingDays: number,
): Promise<Map<number, Map<number, TransferSettlement>>> {
  const rows = await selectRowsOfReceipts(
    db,
    receipts.map((r) => r.id),
  );
  const byReceipt = new Map<number, typeof rows>();
  for (const row of rows) {
    const list = byReceipt.get(Number(row.receipt_ref)) ?? [];
    list.push(row);
    byReceipt.set(Number(row.receipt_ref), list);
  }
  const out = new Map<number, Map<number, TransferSettlement>>();
  for (const r of receipts) {
    const mine = byReceipt.get(r.id) ?? [];
    const perTransfer = new Map<number, TransferSettlement>();
    const late = new Date(r.paid_at).getTime() + awaitingDays * DAY_MS < now.getTime();
    for (const t of transfersOf(r)) {
      if (t.fiscalCode && t.fiscalCode !== entity) {
        perTransfer.set(t.idx, { state: 'other_entity', flowId: '', settlementId: '', settlementDate: '' });
        continue;
      }
      const named = mine.filter((x) => x.idx === null || x.idx === t.idx);
      const settled = named.find((x) => x.result === 'matched');
      const disputed = named.find((x) => DISPUTED.has(x.result));
      const by = settled ?? disputed;
      perTransfer.set(
        t.idx,
        by
          ? {
              state: settled ? 'settled' : 'disputed',
              flowId: by.flow_id ?? '',
              settlementId: by.settlement_id ?? '',
              settlementDate: by.settlement_date ?? '',
            }
          : { state: late ? 'overdue' : 'awaiting', flowId: '', settlementId: '', settlementDate: '' },
      );
    }
    out.set(r.id, perTransfer);
  }
  return out;
}

function emptyLine(date: string, iban: string): ReconciliationReportRow {
  return {
    date,
    iban,
    collected_count: 0,
    collected_amount: 0,
    settled_count: 0,
    settled_amount: 0,
    awaiting_count: 0,
    awaiting_amount: 0,
    overdue_count: 0,
    overdue_amount: 0,
    disputed_count: 0,
    disputed_amount: 0,
    unmatched_count: 0,
    unmatched_amount: 0,
    anomalies: 0,
  };
}

const PAGE = 1000;

/**
 * The daily report from `from` to `to` (Europe/Rome days, both included), one line per day and IBAN
 * that has anything, in date then IBAN order. The entity's own transfers of the receipts paid that
 * day make `collected = settled + awaiting + disputed` (`overdue` is part of `awaiting`); money the
 * current flow rows of that day report without a receipt transfer to settle is `unmatched`.
 */
export async function dailyReport(
  db: Db,
  entity: string,
  range: { from: string; to: string },
  now: Date,
): Promise<ReconciliationReportRow[]> {
  const awaitingDays = await awaitingDaysOf(db, entity);
  const lines = new Map<string, ReconciliationReportRow>();
  const line = (date: string, iban: string) => {
    const k = `${date}\u0000${iban}`;
    let l = lines.get(k);
    if (!l) lines.set(k, (l = emptyLine(date, iban)));
    return l;
  };
  const start = romeDayStart(range.from);
  const end = romeDayEnd(range.to);
  let after: { paidAt: string; id: number } | null = null;
  for (;;) {
    let q = db
      .selectFrom('receipts')
      .select(['id', 'transfers', 'paid_at'])
      .where('entity_code', '=', entity)
      .where('paid_at', '>=', start)
      .where('paid_at', '<', end);
    if (after) {
      const a = after;
      q = q.where((eb) =>
        eb.or([eb('paid_at', '>', a.paidAt), eb.and([eb('paid_at', '=', a.paidAt), eb('id', '>', a.id)])]),
      );
    }
    const page = await q.orderBy('paid_at').orderBy('id').limit(PAGE).execute();
    if (page.length === 0) break;
    const states = await settlementsOf(db, entity, page, now, awaitingDays);
    for (const r of page) {
      const day = romeDate(r.paid_at);
      for (const t of transfersOf(r)) {
        const s = states.get(r.id)?.get(t.idx);
        if (!s || s.state === 'other_entity') continue;
        const l = line(day, t.iban);
        l.collected_count++;
        l.collected_amount += t.amount;
        if (s.state === 'settled') {
          l.settled_count++;
          l.settled_amount += t.amount;
        } else if (s.state === 'disputed') {
          l.disputed_count++;
          l.disputed_amount += t.amount;
          l.anomalies++;
        } else {
          l.awaiting_count++;
          l.awaiting_amount += t.amount;
          if (s.state === 'overdue') {
            l.overdue_count++;
            l.overdue_amount += t.amount;
            l.anomalies++;
          }
        }
      }
    }
    const last = page[page.length - 1]!;
    after = { paidAt: last.paid_at, id: last.id };
    if (page.length < PAGE) break;
  }
  const unmatched = await db
    .selectFrom('flow_rows')
    .select(['date', 'iban', 'amount'])
    .where('entity_code', '=', entity)
    .where('current', '=', 1)
    .where('date', '>=', range.from)
    .where('date', '<=', range.to)
    .where((eb) =>
      eb.or([
        eb('result', 'in', ['receipt_missing', 'duplicate']),
        eb.and([eb('result', 'in', ['revoked', 'no_rpt']), eb('receipt_ref', 'is', null)]),
      ]),
    )
    .execute();
  for (const u of unmatched) {
    const l = line(u.date, u.iban ?? '');
    l.unmatched_count++;
    l.unmatched_amount += Number(u.amount);
    l.anomalies++;
  }
  return [...lines.values()].sort((a, b) =>
    a.date === b.date ? a.iban.localeCompare(b.iban) : a.date < b.date ? -1 : 1,
  );
}

/**
 * Announces each transfer that went past the entity's `awaitingDays` without a flow, once: a
 * `reconciliation.anomaly` of kind `overdue`, with a marker row written in the same transaction
 * (its primary key makes the "once" hold across processes). Looks back 90 days past the limit.
 */
export async function announceOverdue(db: Db, entity: string, now: Date): Promise<number> {
  const awaitingDays = await awaitingDaysOf(db, entity);
  const limit = new Date(now.getTime() - awaitingDays * DAY_MS).toISOString();
  const since = new Date(now.getTime() - (awaitingDays + 90) * DAY_MS).toISOString();
  const receipts = await db
    .selectFrom('receipts as r')
    .innerJoin('positions as p', 'p.id', 'r.position_id')
    .selectAll('r')
    .select('p.iupd')
    .where('r.entity_code', '=', entity)
    .where('r.paid_at', '>=', since)
    .where('r.paid_at', '<', limit)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('reconciliation_alerts as a')
            .select('a.idx')
            .whereRef('a.receipt_ref', '=', 'r.id')
            .where('a.kind', '=', 'overdue'),
        ),
      ),
    )
    .limit(5000)
    .execute();
  if (receipts.length === 0) return 0;
  const states = await settlementsOf(db, entity, receipts, now, awaitingDays);
  let announced = 0;
  for (const r of receipts) {
    for (const t of transfersOf(r)) {
      if (states.get(r.id)?.get(t.idx)?.state !== 'overdue') continue;
      await transaction(db, async (tx) => {
        const ins = await tx
          .insertInto('reconciliation_alerts')
          .values({
            receipt_ref: r.id,
            idx: t.idx,
            kind: 'overdue',
            entity_code: entity,
            created_at: now.toISOString(),
          })
          .onConflict((oc) => oc.columns(['receipt_ref', 'idx', 'kind']).doNothing())
          .executeTakeFirst();
        if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) return;
        announced++;
        await appendEvent(tx, {
          entityCode: entity,
          type: 'reconciliation.anomaly',
          payload: {
            practice: { iupd: r.iupd, nav: r.nav, iuv: r.iuv, amount: r.amount },
            anomaly: {
              kind: 'overdue',
              flowRef: null,
              flowId: null,
              iuv: r.iuv,
              iur: r.receipt_id,
              index: t.idx,
              amount: null,
              expectedAmount: t.amount,
              receiptId: r.receipt_id,
            },
          },
          now,
        });
      });
    }
  }
  return announced;
}
