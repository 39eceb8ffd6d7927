/**
 * The outbox: every paid, failed, expired or cancelled payment and every received receipt appends
 * an event in the same transaction as the state change, so an event exists if and only if the
 * change committed. Webhook delivery (issue #8) reads events in id order, per practice.
 */
import type { Tx } from '../db/database.js';

export const EVENT_TYPES = [
  'receipt.received',
  'payment.paid',
  'payment.failed',
  'payment.cancelled',
  'payment.expired',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What every event carries about its practice. */
export interface EventPractice {
  iupd: string;
  nav: string;
  iuv: string;
  amount: number;
}

export interface ReceiptEventData {
  receiptId: string;
  amount: number;
  fee: number;
  paidAt: string;
  psp: { id: string; name: string; fiscalCode: string | null };
  channel: string;
  method: string;
  debtor: { fiscalCode: string; name: string };
  payer: { fiscalCode: string | null; name: string | null } | null;
  transfers: { idx: number; iban: string; amount: number; remittance: string; taxonomy: string }[];
  /** Set when the entity should look at it (e.g. the practice was cancelled meanwhile). */
  flag: string | null;
}

export interface PaymentEventData {
  id: string;
  state: string;
  amount: number;
  /** Every notice of the payment (a cart pays up to 5). */
  navs: string[];
}

export interface EventPayload {
  practice: EventPractice;
  receipt?: ReceiptEventData;
  payment?: PaymentEventData;
}

/** Appends an event; call it inside the transaction that makes the change. */
export async function appendEvent(
  tx: Tx,
  e: { entityCode: string; type: EventType; payload: EventPayload; now: Date },
): Promise<void> {
  await tx
    .insertInto('events')
    .values({
      entity_code: e.entityCode,
      type: e.type,
      practice_key: e.payload.practice.iupd,
      payload: JSON.stringify(e.payload),
      created_at: e.now.toISOString(),
    })
    .execute();
}

/** The practice data of a payment's items, for its events. */
export async function paymentPractices(
  tx: Tx,
  paymentId: string,
): Promise<{ practice: EventPractice; entityCode: string }[]> {
  const rows = await tx
    .selectFrom('payment_items')
    .innerJoin('positions', 'positions.id', 'payment_items.position_id')
    .leftJoin('payment_options', 'payment_options.id', 'payment_items.option_id')
    .select([
      'positions.iupd',
      'positions.entity_code',
      'payment_items.nav',
      'payment_items.amount',
      'payment_options.iuv',
    ])
    .where('payment_items.payment_id', '=', paymentId)
    .execute();
  return rows.map((r) => ({
    entityCode: r.entity_code,
    practice: { iupd: r.iupd, nav: r.nav, iuv: r.iuv ?? r.nav.slice(1), amount: r.amount },
  }));
}
