/** Payments, the cart and receipts: what the citizen API takes and answers. */
import * as v from 'valibot';
import { CitizenPagination, EntityCode, IsoDate, Nav, pageOf, RowId } from './common.js';

/** The most notices one pagoPA payment holds (Checkout's "EC carts": at most 5 payment notices). */
export const NOTICES_PER_PAYMENT = 5;

/**
 * The most practices a citizen's cart holds: paid in successive pagoPA payments of at most
 * `NOTICES_PER_PAYMENT` ("carrello 1 di 5" … "5 di 5"). Beyond it `cart_full`; why 25: docs/payments.md.
 */
export const CART_LIMIT = 25;

/** Money-moving states of a payment, in the order they happen. */
export const PAYMENT_STATES = [
  'created',
  'redirected',
  'in_verification',
  'paid',
  'failed',
  'cancelled',
  'expired',
] as const;
export const PaymentStateSchema = v.picklist(PAYMENT_STATES);
export type PaymentState = (typeof PAYMENT_STATES)[number];

/**
 * States of a payment still waiting for its outcome ("pagamento in verifica"): its practices are
 * locked, and a receipt may still come.
 */
export const OPEN_PAYMENT_STATES = [
  'created',
  'redirected',
  'in_verification',
] as const satisfies readonly PaymentState[];
export type OpenPaymentState = (typeof OPEN_PAYMENT_STATES)[number];

/** What the payer's return page shows: "pagamento in verifica" while pending. */
export const PaymentOutcomeSchema = v.picklist(['pending', 'paid', 'failed', 'cancelled', 'expired']);
export type PaymentOutcome = v.InferOutput<typeof PaymentOutcomeSchema>;

/**
 * Pay some notices (by Codice Avviso: the single payment or one installment of a practice), or the
 * whole cart. `returnUrl` must be a page of the entity's registered origins.
 */
export const PaymentRequest = v.pipe(
  v.strictObject({
    options: v.optional(
      v.pipe(
        v.array(Nav, 'invalid_type'),
        v.minLength(1, 'too_few'),
        v.maxLength(NOTICES_PER_PAYMENT, 'too_many'),
      ),
    ),
    cart: v.optional(v.boolean('invalid_type')),
    returnUrl: v.optional(
      v.pipe(v.string('invalid_type'), v.maxLength(2000, 'too_long'), v.url('invalid_url')),
    ),
  }),
  v.check((b) => (b.options !== undefined) !== (b.cart === true), 'required'),
);
export type PaymentRequest = v.InferInput<typeof PaymentRequest>;

export const PaymentItem = v.object({
  /** Id of the practice (`/me/practices/{id}`). */
  practiceId: v.string(),
  nav: v.string(),
  description: v.string(),
  amount: v.number(),
  /** Id of its receipt once paid. */
  receiptId: v.nullable(v.number()),
});

/**
 * A payment started by "Paga carrello": which of the cart's successive pagoPA payments it is
 * ("carrello 1 di 2"), and how many the cart took when it started.
 */
export const CartPart = v.object({ part: v.number(), parts: v.number() });
export type CartPart = v.InferOutput<typeof CartPart>;

export const PaymentView = v.object({
  id: v.string(),
  state: PaymentStateSchema,
  outcome: PaymentOutcomeSchema,
  /** What the practices cost, cents. */
  amount: v.number(),
  /** The payment provider's fee on top of the amount, cents, once its receipts arrived (else null). */
  fee: v.nullable(v.number()),
  createdAt: v.string(),
  /** When a running payment frees its practices if no receipt came (the payment's TTL). */
  expiresAt: v.string(),
  endedAt: v.nullable(v.string()),
  /**
   * When pagoPA activated it (took it in charge): from then on it cannot be abandoned and its
   * outcome comes from pagoPA by itself, at the latest by `expiresAt`. Null before.
   */
  activatedAt: v.nullable(v.string()),
  /** "Riprendi il pagamento": the pagoPA page of the payment, while the payer can go back to it. */
  resumeUrl: v.nullable(v.string()),
  /** "Annulla e ricomincia" is allowed: running and not activated by pagoPA. */
  abandonable: v.boolean(),
  items: v.array(PaymentItem),
  /** Started by "Paga carrello": its place among the cart's payments; null for "Paga". */
  cart: v.nullable(CartPart),
});
export type PaymentView = v.InferOutput<typeof PaymentView>;

/** The logged-in citizen's payments still running, newest first. */
export const OpenPaymentList = v.object({ items: v.array(PaymentView) });
export type OpenPaymentList = v.InferOutput<typeof OpenPaymentList>;

export const PaymentStarted = v.object({
  id: v.string(),
  state: PaymentStateSchema,
  amount: v.number(),
  expiresAt: v.string(),
  /** Where to send the browser (pagoPA Checkout, or the sandbox in demo mode). */
  redirectUrl: v.string(),
  /** Started by "Paga carrello": which of the cart's payments this is; null for "Paga". */
  cart: v.nullable(CartPart),
});
export type PaymentStarted = v.InferOutput<typeof PaymentStarted>;

export const PaymentParams = v.strictObject({
  ente: EntityCode,
  id: v.pipe(v.string(), v.regex(/^[a-z2-7]{16,64}$/, 'invalid_format')),
});

export const PaymentQuery = v.strictObject({
  returned: v.optional(v.picklist(['1', 'true'], 'invalid_choice')),
});

export const CartAdd = v.strictObject({ nav: Nav });

export const CartItem = v.object({
  /** Codice Avviso of the option in the cart (single payment or installment). */
  nav: v.string(),
  /** Id of the practice (`/me/practices/{id}`). */
  practiceId: v.string(),
  description: v.string(),
  /** Current amount. */
  amount: v.number(),
  amountAtAdd: v.number(),
  dueDate: v.string(),
  status: v.string(),
  /** The amount changed since it was added. */
  changed: v.boolean(),
  /** It can still be paid (not paid, expired, cancelled or in another payment). */
  payable: v.boolean(),
  addedAt: v.string(),
  /**
   * Which of the cart's pagoPA payments holds it ("carrello 2 di 3"): the one running on it, or the
   * one that will, in the order the practices were added.
   */
  part: v.number(),
});
export type CartItem = v.InferOutput<typeof CartItem>;

/**
 * The practices still to pay (a practice paid through the cart, or anywhere else, leaves it) and
 * the cart's progress through its successive pagoPA payments of at most `perPayment` practices.
 */
export const CartView = v.object({
  items: v.array(CartItem),
  count: v.number(),
  /** Sum of the current amounts of payable items. */
  total: v.number(),
  /** The most practices the cart holds (`CART_LIMIT`). */
  max: v.number(),
  /** The most practices one pagoPA payment takes (`NOTICES_PER_PAYMENT`). */
  perPayment: v.number(),
  /**
   * The payment "Paga carrello" starts next, 1-based, counting those of this cart already paid or
   * running; null when every practice left is in a running payment (or the cart is empty).
   */
  part: v.nullable(v.number()),
  /** How many pagoPA payments the whole cart takes, those paid or running included; 0 when empty. */
  parts: v.number(),
});
export type CartView = v.InferOutput<typeof CartView>;

export const CartItemParams = v.strictObject({ ente: EntityCode, nav: Nav });

const QueryInt = v.pipe(v.string(), v.regex(/^[0-9]{1,15}$/, 'invalid_format'), v.transform(Number));

/** "Ricerca pratiche": filters of the history of paid practices. */
export const ReceiptQuery = v.strictObject({
  from: v.optional(IsoDate),
  to: v.optional(IsoDate),
  service: v.optional(v.pipe(v.string(), v.maxLength(35, 'too_long'))),
  /** IUV or NAV, spaces allowed. */
  code: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => s.replace(/\s+/g, '')),
      v.regex(/^[0-9]{1,35}$/, 'invalid_format'),
    ),
  ),
  /** Exact amount in cents. */
  amount: v.optional(QueryInt),
  ...CitizenPagination,
});
export type ReceiptQuery = v.InferInput<typeof ReceiptQuery>;

export const ReceiptTransferView = v.object({
  idx: v.number(),
  iban: v.string(),
  amount: v.number(),
  remittance: v.string(),
  /** The beneficiary entity's fiscal code (another entity's in a multi-entity payment). */
  fiscalCode: v.string(),
  /** The beneficiary's name, when the receipt tells it. */
  companyName: v.nullable(v.string()),
});

export const ReceiptView = v.object({
  id: v.number(),
  receiptId: v.string(),
  nav: v.string(),
  iuv: v.string(),
  description: v.string(),
  serviceCode: v.nullable(v.string()),
  amount: v.number(),
  fee: v.number(),
  paidAt: v.string(),
  pspName: v.string(),
  channel: v.string(),
  method: v.string(),
  debtor: v.object({ fiscalCode: v.string(), name: v.string() }),
  payer: v.nullable(v.object({ fiscalCode: v.nullable(v.string()), name: v.nullable(v.string()) })),
  transfers: v.array(ReceiptTransferView),
  paymentId: v.nullable(v.string()),
  /**
   * The practice had already been collected when this receipt arrived (paid twice, or the single
   * payment and an installment both): the entity refunds it.
   */
  overpaid: v.boolean(),
  /** The creditor entity as the receipt names it. */
  creditor: v.object({
    fiscalCode: v.string(),
    name: v.nullable(v.string()),
    office: v.nullable(v.string()),
  }),
});
export type ReceiptView = v.InferOutput<typeof ReceiptView>;

export const ReceiptList = pageOf(ReceiptView);
export type ReceiptList = v.InferOutput<typeof ReceiptList>;

export const ReceiptParams = v.strictObject({
  ente: EntityCode,
  id: RowId,
});
