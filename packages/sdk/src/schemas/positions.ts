/**
 * Debt positions (pratiche) as the entity loads them: debtor, description, a single payment option
 * and/or installments, each with up to five transfers. One schema for the admin API, the bulk
 * import (JSON and CSV rows become this shape) and the SDK's types. Money is integer cents; dates
 * are `YYYY-MM-DD` in Europe/Rome.
 */
import * as v from 'valibot';
import { MAX_CENTS } from '../codes/amount.js';
import {
  Cents,
  FiscalCode,
  Iban,
  IsoDate,
  Iuv,
  Nav,
  pageOf,
  Pagination,
  PositiveCents,
  Taxonomy,
  text,
} from './common.js';

/** The states a position or a payment option can be in (the server's state table enforces moves). */
export const POSITION_STATUSES = [
  'unpaid',
  'in_payment',
  'partially_paid',
  'paid',
  'expired',
  'cancelled',
] as const;
export type PositionStatus = (typeof POSITION_STATUSES)[number];
export const PositionStatusSchema = v.picklist(POSITION_STATUSES, 'invalid_choice');

/** F: natural person (persona fisica); G: legal person (persona giuridica), as pagoPA names them. */
export const DebtorTypeSchema = v.picklist(['F', 'G'], 'invalid_choice');
export type DebtorType = v.InferOutput<typeof DebtorTypeSchema>;

/** The entity's own identifier of a position (GPD `iupd`): letters, digits and `._:-`. */
export const Iupd = v.pipe(
  v.string('invalid_type'),
  v.trim(),
  v.minLength(1, 'required'),
  v.maxLength(64, 'too_long'),
  v.regex(/^[A-Za-z0-9._:-]+$/, 'invalid_format'),
  v.description("The entity's own id of the position (iupd)"),
  v.metadata({ example: 'TARI-2026-000123' }),
);

/** Service code: what spontaneous-payment services and positions are grouped by. */
export const ServiceCode = v.pipe(
  v.string('invalid_type'),
  v.trim(),
  v.minLength(1, 'required'),
  v.maxLength(40, 'too_long'),
  v.regex(/^[A-Za-z0-9_-]+$/, 'invalid_format'),
  v.description('Service (category) code'),
);

const optionalText = (max: number) => v.optional(text(max));

/** The debtor, as printed on the notice (FACTS.md §3: name ≤ 70, address ≤ 140). */
export const DebtorInput = v.pipe(
  v.strictObject({
    fiscalCode: FiscalCode,
    /** Defaults to F for 16-character codes and G for 11-digit codes. */
    type: v.optional(DebtorTypeSchema),
    name: text(70),
    address: optionalText(140),
    city: optionalText(60),
    postalCode: v.optional(
      v.pipe(v.string('invalid_type'), v.regex(/^[0-9A-Za-z -]{2,10}$/, 'invalid_format')),
    ),
    province: v.optional(v.pipe(v.string('invalid_type'), v.regex(/^[A-Za-z]{2}$/, 'invalid_format'))),
    country: v.optional(v.pipe(v.string('invalid_type'), v.regex(/^[A-Za-z]{2}$/, 'invalid_format'))),
    email: v.optional(
      v.pipe(v.string('invalid_type'), v.trim(), v.maxLength(254, 'too_long'), v.email('invalid_email')),
    ),
  }),
  // A 16-character code belongs to a natural person only.
  v.forward(
    v.check((d) => !(d.type === 'G' && d.fiscalCode.length === 16), 'invalid_choice'),
    ['type'],
  ),
  v.transform((d) => ({
    ...d,
    type: d.type ?? (d.fiscalCode.length === 16 ? ('F' as const) : ('G' as const)),
    province: d.province?.toUpperCase(),
    country: d.country?.toUpperCase(),
  })),
);
export type DebtorInput = v.InferInput<typeof DebtorInput>;

/** One beneficiary of an option's amount: an IBAN (or postal IBAN), its share, remittance and taxonomy. */
export const TransferInput = v.strictObject({
  iban: Iban,
  /** True when `iban` is the IBAN of a postal current account (c/c postale). */
  postal: v.optional(v.boolean('invalid_type'), false),
  amount: PositiveCents,
  remittance: text(140),
  taxonomy: Taxonomy,
});
export type TransferInput = v.InferInput<typeof TransferInput>;

/** A payment option: the single payment or one installment. IUV and NAV are assigned when omitted. */
export const OptionInput = v.pipe(
  v.strictObject({
    amount: PositiveCents,
    dueDate: IsoDate,
    description: optionalText(140),
    iuv: v.optional(Iuv),
    nav: v.optional(Nav),
    transfers: v.pipe(
      v.array(TransferInput, 'invalid_type'),
      v.minLength(1, 'too_few'),
      v.maxLength(5, 'too_many'),
    ),
  }),
  // pagoPA refuses an option whose transfers do not add up to its amount (FACTS.md §6).
  v.forward(
    v.check((o) => o.transfers.reduce((s, t) => s + t.amount, 0) === o.amount, 'mismatch'),
    ['transfers'],
  ),
);
export type OptionInput = v.InferInput<typeof OptionInput>;

const positionEntries = {
  debtor: DebtorInput,
  description: text(140),
  service: v.optional(ServiceCode),
  /** From when the position may be paid (defaults to at once). */
  validityDate: v.optional(IsoDate),
  single: v.optional(OptionInput),
  installments: v.optional(
    v.pipe(v.array(OptionInput, 'invalid_type'), v.minLength(2, 'too_few'), v.maxLength(60, 'too_many')),
  ),
};

type PositionShape = {
  validityDate?: string | undefined;
  single?: { dueDate: string } | undefined;
  installments?: { dueDate: string }[] | undefined;
};

/** At least one way to pay. */
function hasOption(p: PositionShape): boolean {
  return p.single !== undefined || p.installments !== undefined;
}

/** Due dates never precede the validity date (GPD create-time check). */
function datesInOrder(p: PositionShape): boolean {
  const from = p.validityDate;
  if (!from) return true;
  return [p.single, ...(p.installments ?? [])].every((o) => !o || o.dueDate >= from);
}

// `/* @__PURE__ */ (() => …)()`: a bundler may drop the schema where it is unused (the widgets); a
// spread of other schemas' entries would otherwise read as a side effect and keep all it names.
const PositionInputObject = /* @__PURE__ */ (() => v.strictObject({ iupd: Iupd, ...positionEntries }))();
type PositionInputOut = v.InferOutput<typeof PositionInputObject>;

/** A position to create (POST) or to upsert (import). */
export const PositionInput = v.pipe(
  PositionInputObject,
  v.forward(v.check<PositionInputOut, 'required'>(hasOption, 'required'), ['single']),
  v.forward(v.check<PositionInputOut, 'invalid_date'>(datesInOrder, 'invalid_date'), ['validityDate']),
);
export type PositionInput = v.InferInput<typeof PositionInput>;
export type ParsedPosition = v.InferOutput<typeof PositionInput>;

const PositionUpdateObject = v.strictObject(positionEntries);
type PositionUpdateOut = v.InferOutput<typeof PositionUpdateObject>;

/** A position's new content (PUT): options without IUV/NAV keep the ones they had. */
export const PositionUpdate = v.pipe(
  PositionUpdateObject,
  v.forward(v.check<PositionUpdateOut, 'required'>(hasOption, 'required'), ['single']),
  v.forward(v.check<PositionUpdateOut, 'invalid_date'>(datesInOrder, 'invalid_date'), ['validityDate']),
);
export type PositionUpdate = v.InferInput<typeof PositionUpdate>;
export type ParsedPositionUpdate = v.InferOutput<typeof PositionUpdate>;

export const Transfer = v.object({
  iban: v.string(),
  postal: v.boolean(),
  amount: Cents,
  remittance: v.string(),
  taxonomy: v.string(),
});
export type Transfer = v.InferOutput<typeof Transfer>;

export const PaymentOption = v.object({
  /** 0 for the single payment, 1..n for installments. */
  installment: v.number(),
  amount: Cents,
  dueDate: v.string(),
  description: v.nullable(v.string()),
  iuv: v.string(),
  nav: v.string(),
  status: PositionStatusSchema,
  paidAt: v.nullable(v.string()),
  transfers: v.array(Transfer),
});
export type PaymentOption = v.InferOutput<typeof PaymentOption>;

export const Debtor = v.object({
  fiscalCode: v.string(),
  type: DebtorTypeSchema,
  name: v.string(),
  address: v.nullable(v.string()),
  city: v.nullable(v.string()),
  postalCode: v.nullable(v.string()),
  province: v.nullable(v.string()),
  country: v.nullable(v.string()),
  email: v.nullable(v.string()),
});
export type Debtor = v.InferOutput<typeof Debtor>;

/** A position as the admin API returns it. */
export const Position = v.object({
  iupd: v.string(),
  status: PositionStatusSchema,
  debtor: Debtor,
  description: v.string(),
  service: v.nullable(v.string()),
  validityDate: v.nullable(v.string()),
  single: v.nullable(PaymentOption),
  installments: v.array(PaymentOption),
  createdAt: v.string(),
  updatedAt: v.string(),
  /**
   * When a receipt first collected it beyond what it asked (paid twice, or its single payment and
   * an installment both): see `GET /api/v1/admin/overpayments`. Null when never.
   */
  overpaidAt: v.nullable(v.string()),
});
export type Position = v.InferOutput<typeof Position>;

const queryText = (max: number) =>
  v.optional(v.pipe(v.string('invalid_type'), v.trim(), v.maxLength(max, 'too_long')));

/** The orders the position list offers (`-` descending). */
export const POSITION_SORTS = [
  'due',
  '-due',
  'amount',
  '-amount',
  'name',
  '-name',
  'created',
  '-created',
] as const;
export type PositionSort = (typeof POSITION_SORTS)[number];

/** Euro cents in a query string: digits only. */
const queryCents = v.optional(
  v.pipe(
    v.union([v.number(), v.string()], 'invalid_cents'),
    v.transform((x) => (typeof x === 'number' || /^[0-9]{1,15}$/.test(x) ? Number(x) : Number.NaN)),
    v.safeInteger('invalid_cents'),
    v.minValue(0, 'invalid_cents'),
    v.maxValue(MAX_CENTS, 'too_large'),
  ),
);

/** Filters of the position list. */
export const PositionQuery = v.strictObject({
  status: v.optional(PositionStatusSchema),
  debtor: v.optional(FiscalCode),
  service: v.optional(ServiceCode),
  nav: v.optional(Nav),
  iuv: v.optional(Iuv),
  /** Positions with an option due on or after this date. */
  dueFrom: v.optional(IsoDate),
  dueTo: v.optional(IsoDate),
  /** Text in the description or the debtor's name. */
  q: queryText(100),
  /** true: only positions collected more than once (overpaid); false: only the others. */
  overpaid: v.optional(
    v.pipe(
      v.union([v.boolean(), v.picklist(['true', 'false'])], 'invalid_type'),
      v.transform((b) => b === true || b === 'true'),
    ),
  ),
  /** The position with this IUPD (exact). */
  iupd: v.optional(Iupd),
  /** Positions asking at least this amount in all (euro cents). */
  amountFrom: queryCents,
  /** Positions asking at most this amount in all (euro cents). */
  amountTo: queryCents,
  /**
   * The order: by first due date, total amount, debtor's name or creation, `-` for descending;
   * ties broken by creation in the same direction. Newest first when not given.
   */
  sort: v.optional(v.picklist(POSITION_SORTS, 'invalid_choice'), '-created'),
  /**
   * Keyset paging: the `next` of the previous page (opaque), valid with the same filters and
   * sort. It pages without counting skipped rows, so it stays fast on a million positions;
   * `offset` must then be 0.
   */
  cursor: v.optional(
    v.pipe(
      v.string('invalid_type'),
      v.maxLength(400, 'too_long'),
      v.regex(/^[A-Za-z0-9_-]+$/, 'invalid_format'),
    ),
  ),
  ...Pagination,
});
export type PositionQuery = v.InferInput<typeof PositionQuery>;

/**
 * A page of positions: `next` is the `cursor` of the page after this one in the same sort (null on
 * the last page).
 */
export const PositionList = /* @__PURE__ */ (() =>
  v.object({
    ...pageOf(Position).entries,
    next: v.nullable(v.string()),
  }))();
export type PositionList = v.InferOutput<typeof PositionList>;

export const IupdParams = v.strictObject({ iupd: Iupd });

/** One rejected row of an import: nothing of it was written. */
export const ImportRowError = v.object({
  /** 1-based record number (JSON/NDJSON) or line number of the position's first row (CSV). */
  row: v.number(),
  iupd: v.nullable(v.string()),
  code: v.string(),
  message: v.string(),
  fields: v.array(v.object({ path: v.string(), code: v.string(), message: v.string() })),
});
export type ImportRowError = v.InferOutput<typeof ImportRowError>;

/** What an import did. */
export const ImportReport = v.object({
  format: v.picklist(['json', 'ndjson', 'csv']),
  received: v.number(),
  created: v.number(),
  updated: v.number(),
  rejected: v.number(),
  errors: v.array(ImportRowError),
  /** True when more rows were rejected than `errors` lists. */
  errorsTruncated: v.boolean(),
  ms: v.number(),
});
export type ImportReport = v.InferOutput<typeof ImportReport>;

export const ImportQuery = v.strictObject({
  format: v.optional(v.picklist(['json', 'ndjson', 'csv'], 'invalid_choice')),
});

/** The id of an import job (`imp_` and 24 hex digits). */
export const ImportJobId = v.pipe(v.string('invalid_type'), v.regex(/^imp_[0-9a-f]{24}$/, 'invalid_format'));
export const ImportJobParams = v.strictObject({ id: ImportJobId });

/**
 * An import run in the background (the console's upload): its progress while it runs (bytes read
 * of the upload's size, positions seen, created, updated, rejected so far), then its report; or,
 * when the file itself was refused (a bad CSV header), the error. Chunks land whole as in the
 * plain import, and a rejected row writes nothing.
 */
export const ImportJob = v.object({
  id: v.string(),
  status: v.picklist(['running', 'done', 'failed']),
  format: v.picklist(['json', 'ndjson', 'csv']),
  totalBytes: v.number(),
  bytes: v.number(),
  received: v.number(),
  created: v.number(),
  updated: v.number(),
  rejected: v.number(),
  report: v.nullable(ImportReport),
  error: v.nullable(
    v.object({
      code: v.string(),
      message: v.string(),
      fields: v.array(v.object({ path: v.string(), code: v.string(), message: v.string() })),
    }),
  ),
  createdAt: v.string(),
  finishedAt: v.nullable(v.string()),
});
export type ImportJob = v.InferOutput<typeof ImportJob>;
