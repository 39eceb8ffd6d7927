/**
 * Entity events: webhook endpoints, their deliveries, and the reconciliation export of
 * receipts. Money is integer cents; times ISO-8601 UTC; export dates `YYYY-MM-DD` in Europe/Rome.
 */
import * as v from 'valibot';
import { IsoDate, pageOf, Pagination, text, MAX_ROW_ID, DayRangeQuery } from './common.js';

/** Every event type a webhook can receive. */
export const WEBHOOK_EVENT_TYPES = [
  'receipt.received',
  /** A receipt for a practice already collected: money to refund (the receipt's flag has `overpaid`). */
  'receipt.overpaid',
  'payment.paid',
  'payment.failed',
  'payment.cancelled',
  'payment.expired',
  /** A reporting flow (or a new revision of one) was stored: `data.flow`. */
  'flow.received',
  /** Something for the accountant: a flow row that is not `matched`, or a receipt past its days without a flow (`data.anomaly`). */
  'reconciliation.anomaly',
  /** A "Paga ora" link was opened for the first time (docs/reach.md). */
  'paylink.opened',
  /** A reminder of a due date was sent to the citizen, by e-mail or on the IO app (`data.reminder`). */
  'reminder.sent',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Where events are POSTed: http(s), no credentials in the URL. The server asks https in production. */
export const WebhookUrl = v.pipe(
  v.string('invalid_type'),
  v.trim(),
  v.maxLength(2000, 'too_long'),
  v.url('invalid_url'),
  v.check((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password && !u.hash;
    } catch {
      return false;
    }
  }, 'invalid_url'),
  v.description('URL receiving the events (https:// in production)'),
  v.metadata({ example: 'https://tributi.comune.example.it/pagatore/events' }),
);

const EventTypes = v.pipe(
  v.array(v.picklist(WEBHOOK_EVENT_TYPES, 'invalid_choice'), 'invalid_type'),
  v.maxLength(WEBHOOK_EVENT_TYPES.length, 'too_many'),
  v.transform((types) => [...new Set(types)]),
  v.description('Event types to receive; empty or absent: all'),
);

export const WebhookInput = v.strictObject({
  url: WebhookUrl,
  types: v.optional(EventTypes, []),
  enabled: v.optional(v.boolean('invalid_type'), true),
  description: v.optional(v.nullable(text(200)), null),
});
export type WebhookInput = v.InferInput<typeof WebhookInput>;

export const WebhookUpdate = v.strictObject({
  url: v.optional(WebhookUrl),
  types: v.optional(EventTypes),
  /** false pauses delivery: events keep queuing and go out, in order, once enabled again. */
  enabled: v.optional(v.boolean('invalid_type')),
  description: v.optional(v.nullable(text(200))),
});
export type WebhookUpdate = v.InferInput<typeof WebhookUpdate>;

export const WebhookView = v.object({
  id: v.string(),
  url: v.string(),
  types: v.array(v.string()),
  enabled: v.boolean(),
  description: v.nullable(v.string()),
  createdAt: v.string(),
  updatedAt: v.string(),
});
export type WebhookView = v.InferOutput<typeof WebhookView>;

/** A created endpoint with its signing secret: shown only in this response. */
export const WebhookCreated = v.object({ ...WebhookView.entries, secret: v.string() });
export type WebhookCreated = v.InferOutput<typeof WebhookCreated>;

export const WebhookList = v.object({ items: v.array(WebhookView) });
export type WebhookList = v.InferOutput<typeof WebhookList>;

/** `wh_` and 16 base32 characters. */
export const WebhookParams = v.strictObject({
  id: v.pipe(v.string('invalid_type'), v.regex(/^wh_[a-z2-7]{16}$/, 'invalid_format')),
});

const PositiveId = v.pipe(
  v.union([v.string(), v.number()], 'invalid_type'),
  v.transform(String),
  v.regex(/^[1-9][0-9]{0,9}$/, 'invalid_format'),
  v.transform(Number),
  v.maxValue(MAX_ROW_ID, 'too_large'),
);

export const DeliveryParams = v.strictObject({ id: WebhookParams.entries.id, delivery: PositiveId });
export const WebhookEventParams = v.strictObject({ id: WebhookParams.entries.id, event: PositiveId });

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export const DeliveryQuery = v.strictObject({
  status: v.optional(v.picklist(DELIVERY_STATUSES, 'invalid_choice')),
  type: v.optional(v.picklist(WEBHOOK_EVENT_TYPES, 'invalid_choice')),
  /** The practice's iupd. */
  practice: v.optional(text(64)),
  event: v.optional(PositiveId),
  ...Pagination,
});
export type DeliveryQuery = v.InferInput<typeof DeliveryQuery>;

export const DeliveryView = v.object({
  id: v.number(),
  webhookId: v.string(),
  eventId: v.number(),
  eventType: v.string(),
  /** The practice's iupd: deliveries of one practice go out in event order. */
  practice: v.string(),
  status: v.picklist(DELIVERY_STATUSES),
  attempts: v.number(),
  nextAttemptAt: v.nullable(v.string()),
  lastAttemptAt: v.nullable(v.string()),
  lastStatus: v.nullable(v.number()),
  lastError: v.nullable(v.string()),
  deliveredAt: v.nullable(v.string()),
  createdAt: v.string(),
});
export type DeliveryView = v.InferOutput<typeof DeliveryView>;

export const DeliveryList = pageOf(DeliveryView);
export type DeliveryList = v.InferOutput<typeof DeliveryList>;

/** What every event carries about its practice. */
export interface WebhookEventPractice {
  iupd: string;
  nav: string;
  iuv: string;
  amount: number;
}

/** The receipt of a `receipt.received` or `receipt.overpaid` event. */
export interface WebhookEventReceipt {
  receiptId: string;
  amount: number;
  fee: number;
  paidAt: string;
  psp: { id: string; name: string; fiscalCode: string | null };
  channel: string;
  method: string;
  debtor: { fiscalCode: string; name: string };
  payer: { fiscalCode: string | null; name: string | null } | null;
  transfers: {
    idx: number;
    iban: string;
    amount: number;
    remittance: string;
    taxonomy: string;
    /** The beneficiary entity (fiscalCodePA): another entity's in a payment split between entities. */
    fiscalCode: string;
    /** The beneficiary's name, when the receipt tells it. */
    companyName: string | null;
    metadata: { key: string; value: string }[] | null;
  }[];
  /**
   * Comma-separated tokens when the entity should look at it, else null: `overpaid` (the practice
   * was already collected: refund this receipt), `not_activated` (paid without an activation of
   * this station), `amount_differs`, `position_<status>` (e.g. cancelled meanwhile).
   */
  flag: string | null;
}

/** The payment of a `payment.*` event. */
export interface WebhookEventPayment {
  id: string;
  state: string;
  amount: number;
  /** Every notice of the payment (a cart pays up to 5). */
  navs: string[];
}

/** The flow of a `flow.received` event. */
export interface WebhookEventFlow {
  /** The stored revision's id (`GET /api/v1/admin/flows/{id}`). */
  id: number;
  flowId: string | null;
  revision: number;
  status: 'valid' | 'invalid';
  invalidReason: string | null;
  pspId: string | null;
  settlementId: string | null;
  settlementDate: string | null;
  rowCount: number;
  rowAmount: number;
  totalsMismatch: boolean;
  anomalies: number;
}

/** What a `reconciliation.anomaly` event reports. */
export interface WebhookEventAnomaly {
  /** A flow row's result (`amount_differs`, `receipt_missing`, `revoked`, `no_rpt`, `duplicate`), or `overdue` (a receipt no flow settled in time). */
  kind: string;
  /** The flow revision (id) and flow id of the row; null for `overdue`. */
  flowRef: number | null;
  flowId: string | null;
  iuv: string;
  iur: string;
  index: number | null;
  /** What the flow says (null for `overdue`) and what the receipt says (null without a receipt). */
  amount: number | null;
  expectedAmount: number | null;
  receiptId: string | null;
}

/** An event's `data`. */
export interface WebhookEventData {
  /** The practice concerned; absent for `flow.received` and for an anomaly with no known practice. */
  practice?: WebhookEventPractice;
  flow?: WebhookEventFlow;
  anomaly?: WebhookEventAnomaly;
  receipt?: WebhookEventReceipt;
  payment?: WebhookEventPayment;
  payLink?: WebhookEventPayLink;
  reminder?: WebhookEventReminder;
}

/** The reminder of a `reminder.sent` event (docs/reach.md). */
export interface WebhookEventReminder {
  /** Its row in the reminder ledger. */
  id: number;
  kind: 'before_due' | 'due_date' | 'new_position';
  channel: 'email' | 'io';
  /** 0 the single payment, 1..n an installment. */
  installment: number;
  dueDate: string;
  sentAt: string;
}

/** The link of a `paylink.opened` event: its id, the installment it names (null: whole practice). */
export interface WebhookEventPayLink {
  id: string;
  installment: number | null;
  openedAt: string;
}

/** What a webhook POST carries (its body), whatever the type. */
export interface WebhookEvent {
  /** The event id (also in `Pagatore-Event-Id`): a receiver deduplicates on it. */
  id: string;
  type: WebhookEventType;
  /** The entity's fiscal code. */
  entity: string;
  createdAt: string;
  data: WebhookEventData;
}

/** A keyset cursor of the overpayment list: the `next` of the previous page, opaque. */
const OverpaymentCursor = v.pipe(
  v.string('invalid_type'),
  v.regex(/^[0-9TZ:.-]{10,30}~[0-9]{1,15}$/, 'invalid_format'),
);

/**
 * Filters of the overpayment list: received on these Europe/Rome days (both included), paged. A
 * page follows the one before by `after` (its `next`: stable while new overpayments arrive), which
 * replaces `offset`.
 */
export const OverpaymentQuery = v.pipe(
  v.strictObject({
    from: v.optional(IsoDate),
    to: v.optional(IsoDate),
    after: v.optional(OverpaymentCursor),
    ...Pagination,
  }),
  v.forward(
    v.check((q) => !q.from || !q.to || q.from <= q.to, 'too_small'),
    ['to'],
  ),
);
export type OverpaymentQuery = v.InferInput<typeof OverpaymentQuery>;

const Party = v.object({ fiscalCode: v.nullable(v.string()), name: v.nullable(v.string()) });

/**
 * A receipt for a practice already collected (its flag has `overpaid`): the whole receipt is to be
 * refunded, to its payer (else its debtor), and changed nothing of the practice.
 */
export const OverpaymentView = v.object({
  /** The receipt's id in Pagatore (as in the citizen's history). */
  id: v.number(),
  /** pagoPA receiptId (IUR) of the overpaying receipt. */
  receiptId: v.string(),
  iupd: v.string(),
  nav: v.string(),
  iuv: v.string(),
  description: v.string(),
  /** Cents to refund: the receipt's whole amount. */
  amount: v.number(),
  /** The PSP's fee the payer paid on top (not the entity's to refund). */
  fee: v.number(),
  paidAt: v.string(),
  receivedAt: v.string(),
  psp: v.object({ id: v.string(), name: v.string(), fiscalCode: v.nullable(v.string()) }),
  channel: v.string(),
  method: v.string(),
  debtor: v.object({ fiscalCode: v.string(), name: v.string() }),
  payer: v.nullable(v.object({ ...Party.entries, email: v.nullable(v.string()) })),
  /** Who gets the money back: the payer when the receipt names one, else the debtor. */
  refundTo: v.object({ fiscalCode: v.string(), name: v.string(), role: v.picklist(['payer', 'debtor']) }),
  /** The receipt's flag tokens (`overpaid` and any other). */
  flag: v.string(),
  /** The receipts that collected the practice before (kept): what this one paid again. */
  collectedBy: v.array(
    v.object({ receiptId: v.string(), nav: v.string(), amount: v.number(), paidAt: v.string() }),
  ),
});
export type OverpaymentView = v.InferOutput<typeof OverpaymentView>;

export const OverpaymentList = v.object({
  ...pageOf(OverpaymentView).entries,
  /** The `after` of the next page, or null on the last one. */
  next: v.nullable(v.string()),
  /** Cents to refund over every overpayment matching the filters. */
  totalAmount: v.number(),
});
export type OverpaymentList = v.InferOutput<typeof OverpaymentList>;

/** The reconciliation export's range (paid on these Europe/Rome days, both included) and format. */
export const ReceiptExportQuery = DayRangeQuery;
export type ReceiptExportQuery = v.InferInput<typeof ReceiptExportQuery>;

/** One row of the reconciliation export: one transfer of one receipt. */
export interface ReceiptExportRow {
  receipt_id: string;
  paid_at: string;
  paid_date: string;
  iupd: string;
  nav: string;
  iuv: string;
  description: string;
  receipt_amount: number;
  fee: number;
  psp_id: string;
  psp_name: string;
  psp_fiscal_code: string;
  channel: string;
  method: string;
  debtor_fiscal_code: string;
  debtor_name: string;
  payer_fiscal_code: string;
  payer_name: string;
  transfer_idx: number;
  transfer_iban: string;
  transfer_amount: number;
  transfer_remittance: string;
  transfer_taxonomy: string;
  payment_id: string;
  flag: string;
  /** The receipt's own fields (pagoPA ctReceiptV2); empty (null in JSON for numbers) when not told. */
  creditor_fiscal_code: string;
  company_name: string;
  office_name: string;
  outcome: string;
  channel_description: string;
  psp_partita_iva: string;
  payment_note: string;
  primary_ci_incurred_fee: number | null;
  id_bundle: string;
  id_ci_bundle: string;
  application_date: string;
  transfer_date: string;
  /** The receipt's metadata as a JSON array of `{ key, value }`, or empty. */
  metadata: string;
  /** True when the node collected the payment while the station was unreachable; null if not told. */
  stand_in: boolean | null;
  /** The transfer's beneficiary entity (fiscalCodePA) and its name when the receipt tells it. */
  transfer_fiscal_code: string;
  transfer_company_name: string;
  /** The transfer's metadata as a JSON array of `{ key, value }`, or empty. */
  transfer_metadata: string;
  /** The reporting flow that settled the transfer (identificativoFlusso), or empty. */
  settlement_flow_id: string;
  /** The settlement (identificativoUnivocoRegolamento: the bank transfer), or empty. */
  settlement_id: string;
  /** The settlement's date (dataRegolamento), or empty. */
  settlement_date: string;
  /** `settled`, `awaiting`, `overdue`, `disputed` or `other_entity` (docs/reconciliation.md). */
  settlement_state: string;
}

/** Column order of the CSV export (docs/reconciliation.md describes each). */
export const RECEIPT_EXPORT_COLUMNS: readonly (keyof ReceiptExportRow)[] = [
  'receipt_id',
  'paid_at',
  'paid_date',
  'iupd',
  'nav',
  'iuv',
  'description',
  'receipt_amount',
  'fee',
  'psp_id',
  'psp_name',
  'psp_fiscal_code',
  'channel',
  'method',
  'debtor_fiscal_code',
  'debtor_name',
  'payer_fiscal_code',
  'payer_name',
  'transfer_idx',
  'transfer_iban',
  'transfer_amount',
  'transfer_remittance',
  'transfer_taxonomy',
  'payment_id',
  'flag',
  'creditor_fiscal_code',
  'company_name',
  'office_name',
  'outcome',
  'channel_description',
  'psp_partita_iva',
  'payment_note',
  'primary_ci_incurred_fee',
  'id_bundle',
  'id_ci_bundle',
  'application_date',
  'transfer_date',
  'metadata',
  'stand_in',
  'transfer_fiscal_code',
  'transfer_company_name',
  'transfer_metadata',
  'settlement_flow_id',
  'settlement_id',
  'settlement_date',
  'settlement_state',
];
