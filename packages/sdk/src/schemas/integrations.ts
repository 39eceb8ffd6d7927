/**
 * The entity's integration settings as its admins manage them: API keys (the secret shown once),
 * the rotation of a webhook endpoint's signing secret, and the health of the pagoPA connection
 * computed from what the server stored (node calls, receipts, reporting flows, the GPD queue).
 */
import * as v from 'valibot';
import { text } from './common.js';
import { WebhookView } from './webhooks.js';

/** A new API key: the name says who uses it (a management system, a script). */
export const ApiKeyInput = v.strictObject({ name: text(100) });
export type ApiKeyInput = v.InferInput<typeof ApiKeyInput>;

export const ApiKeyView = v.object({
  /** The key's public id: 16 base32 characters. */
  id: v.string(),
  name: v.string(),
  /** The start of the key as it is sent (`pgk_<id>_…`): enough to tell keys apart, useless to call. */
  prefix: v.string(),
  createdAt: v.string(),
  /** When it last authenticated a request (refreshed at most once a minute); null: never. */
  lastUsedAt: v.nullable(v.string()),
  /** When it was revoked; null while it works. */
  revokedAt: v.nullable(v.string()),
});
export type ApiKeyView = v.InferOutput<typeof ApiKeyView>;

/** A created key with the whole secret: shown only in this response, never stored. */
export const ApiKeyCreated = v.object({ ...ApiKeyView.entries, key: v.string() });
export type ApiKeyCreated = v.InferOutput<typeof ApiKeyCreated>;

export const ApiKeyList = v.object({ items: v.array(ApiKeyView) });
export type ApiKeyList = v.InferOutput<typeof ApiKeyList>;

export const ApiKeyParams = v.strictObject({
  id: v.pipe(v.string('invalid_type'), v.regex(/^[a-z2-7]{16}$/, 'invalid_format')),
});

/** Longest grace period of an old webhook secret: a week. */
export const MAX_SECRET_GRACE_HOURS = 168;

/**
 * A secret rotation: the old secret keeps signing deliveries beside the new one for `graceHours`
 * (0: it stops at once), so a receiver can switch to the new secret without rejecting anything.
 */
export const WebhookRotateInput = v.strictObject({
  graceHours: v.optional(
    v.pipe(
      v.number('invalid_type'),
      v.integer('invalid_type'),
      v.minValue(0, 'too_small'),
      v.maxValue(MAX_SECRET_GRACE_HOURS, 'too_large'),
    ),
    24,
  ),
});
export type WebhookRotateInput = v.InferInput<typeof WebhookRotateInput>;

/** The rotated endpoint with its new secret (shown only in this response). */
export const WebhookRotated = v.object({
  ...WebhookView.entries,
  secret: v.string(),
  /** Until when deliveries carry a second signature made with the old secret; null: none. */
  previousSecretUntil: v.nullable(v.string()),
});
export type WebhookRotated = v.InferOutput<typeof WebhookRotated>;

const NodeCall = v.nullable(
  v.object({
    at: v.string(),
    /** The `PAA_*` fault of the answer; null when the call was answered OK. */
    fault: v.nullable(v.string()),
  }),
);

/** The health of the entity's pagoPA connection, from what the server stored. */
export const PagopaHealth = v.object({
  /** The station is named (broker and station ids set): the node can be configured to call. */
  stationConfigured: v.boolean(),
  environment: v.picklist(['UAT', 'production']),
  /** The last call of each node operation seen for this entity. */
  node: v.object({
    verify: NodeCall,
    activate: NodeCall,
    receipt: NodeCall,
  }),
  /** The last receipt recorded, whatever path brought it. */
  lastReceipt: v.nullable(
    v.object({ at: v.string(), receiptId: v.string(), amount: v.number(), nav: v.nullable(v.string()) }),
  ),
  flows: v.object({
    /** The scheduled fetch's last run and its error; null when never run. */
    lastFetchAt: v.nullable(v.string()),
    lastFetchError: v.nullable(v.string()),
    nextFetchAt: v.nullable(v.string()),
    /** The last reporting flow stored (fetched or uploaded). */
    lastFlow: v.nullable(v.object({ at: v.string(), flowId: v.nullable(v.string()), status: v.string() })),
  }),
  gpd: v.object({
    enabled: v.boolean(),
    pending: v.number(),
    failed: v.number(),
    oldestPendingAt: v.nullable(v.string()),
    lastDoneAt: v.nullable(v.string()),
    lastError: v.nullable(v.string()),
  }),
});
export type PagopaHealth = v.InferOutput<typeof PagopaHealth>;
