/**
 * The outbox: every paid, failed, expired or cancelled payment and every received receipt appends
 * an event in the same transaction as the state change, so an event exists if and only if the
 * change committed. Webhook delivery reads events in id order, per practice.
 */
import type { WebhookEventData, WebhookEventPractice, WebhookEventType } from '@pagatore/sdk';
import { engineOf, type Tx } from '../db/database.js';
import { lockEntityEventsPostgres } from '../db/stores/queues.js';

/** The event types and payloads are the webhooks' own, declared in the SDK. */
export type EventType = WebhookEventType;
export type EventPayload = WebhookEventData;

/**
 * Appends an event; call it inside the transaction that makes the change.
 *
 * Webhook fan-out reads an entity's events in id order behind a cursor, so ids must become visible
 * in id order. SQLite commits one writer at a time. On PostgreSQL ids are taken before commit, so a
 * transaction-scoped advisory lock per entity, taken before the id, makes the transactions that
 * write an entity's events take their ids and commit one after the other: no lower id can commit
 * after a higher one, and a reader never skips an event.
 */
export async function appendEvent(
  tx: Tx,
  e: { entityCode: string; type: EventType; payload: EventPayload; now: Date; key?: string },
): Promise<void> {
  if (engineOf(tx) === 'postgres') await lockEntityEventsPostgres(tx, e.entityCode);
  await tx
    .insertInto('events')
    .values({
      entity_code: e.entityCode,
      type: e.type,
      // Deliveries go out in order per key: the practice's iupd, or the event's own key (a flow).
      practice_key: e.key ?? e.payload.practice?.iupd ?? e.type,
      payload: JSON.stringify(e.payload),
      created_at: e.now.toISOString(),
    })
    .execute();
}

/** The practice data of a payment's items, for its events. */
export async function paymentPractices(
  tx: Tx,
  paymentId: string,
): Promise<{ practice: WebhookEventPractice; entityCode: string }[]> {
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
    .orderBy('payment_items.option_id')
    .execute();
  return rows.map((r) => ({
    entityCode: r.entity_code,
    practice: { iupd: r.iupd, nav: r.nav, iuv: r.iuv ?? r.nav.slice(1), amount: r.amount },
  }));
}
