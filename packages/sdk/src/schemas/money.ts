/**
 * Money in, for the entity's staff: the payments that are running, expired or stuck (past their
 * TTL with no receipt), and the figures of the dashboard (collected per day and per service, by
 * payment method, share paid by the due date, amount still open by due month).
 */
import * as v from 'valibot';
import { IsoDate } from './common.js';
import { PaymentStateSchema } from './payments.js';

const str = () => v.string('invalid_type');

/**
 * Which payments a list shows: `in_progress` (running, within their TTL), `stuck` (past their TTL
 * with no receipt: still open because nobody expired them, or expired after pagoPA activated them,
 * so the money may have been taken), `expired` (ended by their TTL, no receipt).
 */
export const PAYMENT_VIEWS = ['in_progress', 'stuck', 'expired'] as const;
export type PaymentListView = (typeof PAYMENT_VIEWS)[number];

/**
 * What a clerk can do about a payment: `expire` (end it now and free its practices: a stuck payment
 * still open), `open_position` (its practices' pages), `search_flows` (the reporting flows' rows of
 * its IUVs: money a PSP settled without a receipt here), `wait` (pagoPA still has it: the receipt
 * comes by itself).
 */
export const PAYMENT_ACTIONS = ['expire', 'open_position', 'search_flows', 'wait'] as const;
export type PaymentAction = (typeof PAYMENT_ACTIONS)[number];

/** A keyset cursor: the `next` of the previous page, opaque. */
const Cursor = v.pipe(str(), v.regex(/^[0-9TZ:.-]{10,30}~[a-z2-7]{16,64}$/, 'invalid_format'));

export const AdminPaymentQuery = v.strictObject({
  view: v.optional(v.picklist(PAYMENT_VIEWS, 'invalid_choice'), 'in_progress'),
  after: v.optional(Cursor),
  limit: v.optional(
    v.pipe(
      str(),
      v.regex(/^[0-9]{1,3}$/, 'invalid_format'),
      v.transform(Number),
      v.minValue(1, 'too_small'),
      v.maxValue(200, 'too_large'),
    ),
    '50',
  ),
});
export type AdminPaymentQuery = v.InferInput<typeof AdminPaymentQuery>;

export const AdminPaymentParams = v.strictObject({
  id: v.pipe(str(), v.regex(/^[a-z2-7]{16,64}$/, 'invalid_format')),
});

export const AdminPaymentItem = v.object({
  iupd: v.string(),
  nav: v.string(),
  iuv: v.string(),
  amount: v.number(),
  description: v.string(),
  debtorName: v.string(),
  debtorFiscalCode: v.string(),
});

export const AdminPaymentView = v.object({
  id: v.string(),
  state: PaymentStateSchema,
  /** The list it belongs to; null once a receipt closed it (paid). */
  view: v.nullable(v.picklist(PAYMENT_VIEWS)),
  amount: v.number(),
  provider: v.string(),
  createdAt: v.string(),
  expiresAt: v.string(),
  endedAt: v.nullable(v.string()),
  /** When pagoPA activated it (its outcome then comes from pagoPA), or null. */
  activatedAt: v.nullable(v.string()),
  /** Its notices, in option order. */
  items: v.array(AdminPaymentItem),
  /** What can be done about it, most useful first. */
  actions: v.array(v.picklist(PAYMENT_ACTIONS)),
});
export type AdminPaymentView = v.InferOutput<typeof AdminPaymentView>;

export const AdminPaymentList = v.object({
  items: v.array(AdminPaymentView),
  /** The `after` of the next page, or null on the last one. */
  next: v.nullable(v.string()),
});
export type AdminPaymentList = v.InferOutput<typeof AdminPaymentList>;

/** The dashboard's range: Europe/Rome days of payment, both included, at most 366 days. */
export const StatsQuery = v.pipe(
  v.strictObject({ from: IsoDate, to: IsoDate }),
  v.forward(
    v.check((q) => q.from <= q.to, 'too_small'),
    ['to'],
  ),
  v.forward(
    v.check((q) => Date.parse(q.to) - Date.parse(q.from) <= 365 * 86_400_000, 'too_large'),
    ['to'],
  ),
);
export type StatsQuery = v.InferInput<typeof StatsQuery>;

const Tally = { count: v.number(), amount: v.number() };

export const Stats = v.object({
  from: v.string(),
  to: v.string(),
  /** Every day of the range, empty days included: receipts paid that day. */
  collectedByDay: v.array(v.object({ date: v.string(), ...Tally })),
  /** Receipts of the range by the service their position came from (`null`: loaded by the entity). */
  collectedByService: v.array(v.object({ service: v.nullable(v.string()), name: v.string(), ...Tally })),
  /** One line per day and service with receipts: the receipts page's totals. */
  collectedByDayService: v.array(
    v.object({ date: v.string(), service: v.nullable(v.string()), name: v.string(), ...Tally }),
  ),
  /** Receipts of the range by payment method (the receipt's `method`: CP card, PO at a counter, …). */
  byMethod: v.array(v.object({ method: v.string(), ...Tally })),
  /** Receipts of the range (not overpayments) paid on or before their option's due date, and after. */
  onTime: v.object({ onTime: v.number(), late: v.number() }),
  /** What is still to be paid (open options of live positions) by the month it falls due. */
  openByDueMonth: v.array(v.object({ month: v.string(), ...Tally })),
  total: v.object(Tally),
});
export type Stats = v.InferOutput<typeof Stats>;

/** A receipt of one position, as its page shows it: the payer masked, as on a pay link's page. */
export const PositionReceiptView = v.object({
  /** pagoPA's receipt id (IUR / receiptId). */
  receiptId: v.string(),
  nav: v.string(),
  iuv: v.string(),
  amount: v.number(),
  /** The PSP's fee the payer paid on top. */
  fee: v.number(),
  paidAt: v.string(),
  receivedAt: v.string(),
  psp: v.object({ id: v.string(), name: v.string() }),
  channel: v.string(),
  /** The payment method the receipt names (CP card, PO at a counter, …). */
  method: v.string(),
  /** Who paid, masked (`M**** R****`, `RSS***********2S`); null when the receipt names nobody. */
  payer: v.nullable(v.object({ name: v.nullable(v.string()), fiscalCode: v.nullable(v.string()) })),
  /** Whether the payment went through the entity's own payment (a receipt from outside has none). */
  paymentId: v.nullable(v.string()),
  /** Set when the entity should look at it (`overpaid`, `amount_differs`, …), else null. */
  flag: v.nullable(v.string()),
});
export type PositionReceiptView = v.InferOutput<typeof PositionReceiptView>;

/** An event of the outbox about one position: what the entity's webhooks were sent about it. */
export const PositionEventView = v.object({
  id: v.number(),
  type: v.string(),
  createdAt: v.string(),
  /** The notice it is about, with the amount, when the event names one. */
  nav: v.nullable(v.string()),
  amount: v.nullable(v.number()),
  /** The payment or receipt it is about, when it is about one. */
  paymentId: v.nullable(v.string()),
  receiptId: v.nullable(v.string()),
  /** Its webhook deliveries by status (all zero when the entity has no webhook for it). */
  deliveries: v.object({ pending: v.number(), delivered: v.number(), failed: v.number() }),
});
export type PositionEventView = v.InferOutput<typeof PositionEventView>;

/**
 * What happened to one position: its payment attempts (newest first), its receipts (newest first)
 * and its events (newest first, at most the last 200).
 */
export const PositionActivity = v.object({
  iupd: v.string(),
  payments: v.array(AdminPaymentView),
  receipts: v.array(PositionReceiptView),
  events: v.array(PositionEventView),
});
export type PositionActivity = v.InferOutput<typeof PositionActivity>;
