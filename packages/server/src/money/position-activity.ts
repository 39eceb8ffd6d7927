/**
 * What happened to one position, for its page in the console: the payment attempts that carried
 * one of its notices, the receipts of its notices and the outbox events about it with their
 * webhook deliveries. The payer of a receipt is masked as on a pay link's page: the position's page
 * names the debtor, and whoever paid for them is someone else's data.
 */
import type { PositionActivity, PositionEventView, PositionReceiptView } from '@pagatore/sdk';
import type { Db } from '../db/database.js';
import { maskFiscalCode, maskName } from '../paylinks/paylinks.js';
import { findPosition } from '../positions/positions.js';
import { paymentsWithReceiptFlag, viewOf, viewsOf } from './payments.js';

/** The events shown: the newest ones, enough for any position's life. */
const EVENT_LIMIT = 200;

/** The position's activity, or null when the entity has no position with that iupd. */
export async function positionActivity(
  db: Db,
  entityCode: string,
  iupd: string,
  now: Date,
): Promise<PositionActivity | null> {
  const position = await findPosition(db, entityCode, iupd);
  if (!position) return null;

  const payments = await paymentsWithReceiptFlag(db, entityCode)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('payment_items as i')
          .select('i.payment_id')
          .whereRef('i.payment_id', '=', 'p.id')
          .where('i.position_id', '=', position.id),
      ),
    )
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
  const receiptOf = new Map(payments.map((p) => [p.id, Boolean(Number(p.has_receipt))]));
  const paymentViews = await viewsOf(db, payments, (p) => viewOf(p, receiptOf.get(p.id) ?? false, now));

  const receiptRows = await db
    .selectFrom('receipts')
    .select([
      'receipt_id',
      'nav',
      'iuv',
      'amount',
      'fee',
      'paid_at',
      'received_at',
      'psp_id',
      'psp_name',
      'channel',
      'method',
      'payer_name',
      'payer_fiscal_code',
      'payment_id',
      'flag',
    ])
    .where('entity_code', '=', entityCode)
    .where('position_id', '=', position.id)
    .orderBy('paid_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const receipts: PositionReceiptView[] = receiptRows.map((r) => ({
    receiptId: r.receipt_id,
    nav: r.nav,
    iuv: r.iuv,
    amount: Number(r.amount),
    fee: Number(r.fee),
    paidAt: r.paid_at,
    receivedAt: r.received_at,
    psp: { id: r.psp_id, name: r.psp_name },
    channel: r.channel,
    method: r.method,
    payer:
      r.payer_name === null && r.payer_fiscal_code === null
        ? null
        : {
            name: r.payer_name === null ? null : maskName(r.payer_name),
            fiscalCode: r.payer_fiscal_code === null ? null : maskFiscalCode(r.payer_fiscal_code),
          },
    paymentId: r.payment_id,
    flag: r.flag,
  }));

  const eventRows = await db
    .selectFrom('events')
    .select(['id', 'type', 'payload', 'created_at'])
    .where('entity_code', '=', entityCode)
    .where('practice_key', '=', position.iupd)
    .orderBy('id', 'desc')
    .limit(EVENT_LIMIT)
    .execute();
  const eventIds = eventRows.map((e) => Number(e.id));
  const tallies = eventIds.length
    ? await db
        .selectFrom('webhook_deliveries')
        .select(['event_id', 'status'])
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('entity_code', '=', entityCode)
        .where('event_id', 'in', eventIds)
        .groupBy(['event_id', 'status'])
        .execute()
    : [];
  const events: PositionEventView[] = eventRows.map((e) => {
    const data = parsePayload(e.payload);
    const deliveries = { pending: 0, delivered: 0, failed: 0 };
    for (const t of tallies)
      if (Number(t.event_id) === Number(e.id) && t.status in deliveries)
        deliveries[t.status as keyof typeof deliveries] += Number(t.n);
    return {
      id: Number(e.id),
      type: e.type,
      createdAt: e.created_at,
      nav: data.practice?.nav ?? null,
      amount: data.practice?.amount ?? null,
      paymentId: data.payment?.id ?? null,
      receiptId: data.receipt?.receiptId ?? null,
      deliveries,
    };
  });

  return { iupd: position.iupd, payments: paymentViews, receipts, events };
}

interface PayloadRefs {
  practice?: { nav?: string; amount?: number };
  payment?: { id?: string };
  receipt?: { receiptId?: string };
}

/** The references an event's payload carries; a payload that is not an object names none. */
function parsePayload(text: string): PayloadRefs {
  try {
    const data: unknown = JSON.parse(text);
    return data && typeof data === 'object' ? (data as PayloadRefs) : {};
  } catch {
    return {};
  }
}
