/**
 * Webhooks: an entity's endpoints and one delivery row per event × endpoint. Times are
 * ISO-8601 UTC; booleans 0/1.
 */
import type { Generated, Selectable } from 'kysely';

export interface WebhookEndpointsTable {
  /** `wh_` + 16 base32 characters. */
  id: string;
  entity_code: string;
  url: string;
  /** `whsec_…`: kept in clear because signing needs it; shown once at creation. */
  secret: string;
  /** The secret before the last rotation: deliveries carry its signature too until `previous_secret_until`. */
  previous_secret: string | null;
  previous_secret_until: string | null;
  description: string | null;
  /** JSON array of event types; empty means every type. */
  types: string;
  enabled: number;
  /** Highest event id already fanned out to this endpoint. */
  cursor: number;
  created_at: string;
  updated_at: string;
}

/** pending (waiting, or in flight until `next_attempt_at`), delivered, failed (gave up). */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: string;
  event_id: number;
  entity_code: string;
  event_type: string;
  practice_key: string;
  status: DeliveryStatus;
  /** Attempts since the delivery was (re)queued. */
  attempts: number;
  /** When the next attempt may start; while an attempt runs, when its lease ends. */
  next_attempt_at: string;
  /** Set by the worker holding the attempt: only it may record the outcome. */
  lease_token: string | null;
  /** First attempt of this round: retries stop a day after it. */
  retry_since: string | null;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
