/**
 * pagoPA's copy of the positions (GPD), as the admin API shows it: each change of a position waiting
 * in the outbox or sent, and the sync state of one position (docs/pagopa.md §5).
 */
import * as v from 'valibot';
import { Pagination, pageOf, text } from './common.js';

/** What a change asks of GPD: create, update (replaced here), cancel (invalidate, or delete when never valid). */
export const GPD_OPS = ['create', 'update', 'cancel'] as const;
export type GpdOp = (typeof GPD_OPS)[number];

/** pending: waiting or in flight; done: GPD has it; failed: GPD refused it for good (see lastError). */
export const GPD_CHANGE_STATUSES = ['pending', 'done', 'failed'] as const;

/** A position's status on GPD (v1 PaymentPositionModel `status`). */
export const GPD_POSITION_STATUSES = [
  'DRAFT',
  'PUBLISHED',
  'VALID',
  'INVALID',
  'EXPIRED',
  'PARTIALLY_PAID',
  'PAID',
  'REPORTED',
] as const;

/** One change of a position to send to GPD. */
export const GpdChangeView = v.object({
  id: v.number(),
  iupd: v.string(),
  op: v.picklist(GPD_OPS),
  status: v.picklist(GPD_CHANGE_STATUSES),
  attempts: v.number(),
  /** When the next attempt may start (pending only). */
  nextAttemptAt: v.nullable(v.string()),
  lastAttemptAt: v.nullable(v.string()),
  /** HTTP status of the last answer, null when GPD could not be reached. */
  lastStatus: v.nullable(v.number()),
  lastError: v.nullable(v.string()),
  /** The calls the change took, in order: `POST 409`, `PUT 200`. */
  calls: v.array(v.string()),
  /** The position's status on GPD after this change, as GPD answered it; null when not told. */
  gpdStatus: v.nullable(v.string()),
  doneAt: v.nullable(v.string()),
  createdAt: v.string(),
});
export type GpdChangeView = v.InferOutput<typeof GpdChangeView>;

export const GpdChangeQuery = v.strictObject({
  status: v.optional(v.picklist(GPD_CHANGE_STATUSES, 'invalid_choice')),
  iupd: v.optional(text(64)),
  ...Pagination,
});
export type GpdChangeQuery = v.InferInput<typeof GpdChangeQuery>;

/** The outbox: its changes (newest first) and the backlog, by status. */
export const GpdChangeList = v.object({
  ...pageOf(GpdChangeView).entries,
  /** Whether the entity keeps GPD in step (`pagopa.gpdSync`). */
  enabled: v.boolean(),
  backlog: v.object({
    pending: v.number(),
    failed: v.number(),
    /** Creation time of the oldest pending change, null when none. */
    oldestPendingAt: v.nullable(v.string()),
  }),
  /** The read-back of GPD's receipts: when it last ran, and how many receipts it recorded in all. */
  receipts: v.object({
    lastRunAt: v.nullable(v.string()),
    lastError: v.nullable(v.string()),
    recorded: v.number(),
  }),
});
export type GpdChangeList = v.InferOutput<typeof GpdChangeList>;

/**
 * One position's sync state: `in_sync` (its last change is done), `pending`, `failed` (its last
 * change was refused), `not_sent` (no change of it was ever queued: created before the sync was on,
 * or the sync is off).
 */
export const GpdSyncView = v.object({
  iupd: v.string(),
  enabled: v.boolean(),
  state: v.picklist(['in_sync', 'pending', 'failed', 'not_sent']),
  /** The position's status on GPD as its last answer gave it. */
  gpdStatus: v.nullable(v.string()),
  /** When its last change was done on GPD. */
  syncedAt: v.nullable(v.string()),
  /** Its changes, newest first (the last 20). */
  changes: v.array(GpdChangeView),
});
export type GpdSyncView = v.InferOutput<typeof GpdSyncView>;
