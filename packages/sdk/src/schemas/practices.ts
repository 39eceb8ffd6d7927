/**
 * Practices as a citizen sees them: the anonymous search by fiscal code + Codice Avviso
 * or IUV, the list of "my practices", the services a citizen may pay spontaneously and the
 * submission that creates such a position. Money is integer cents; dates `YYYY-MM-DD` Europe/Rome.
 */
import * as v from 'valibot';
import { Cents, CitizenPagination, FiscalCode, Iuv, Nav, pageOf, MAX_ROW_ID } from './common.js';
import { PaymentOption, PositionStatusSchema, ServiceCode } from './positions.js';
import { AmountRule, FieldName, LocalText, ServiceField } from './services.js';

const searchEntries = {
  fiscalCode: FiscalCode,
  /** Codice Avviso as printed (spaces allowed). */
  nav: v.optional(Nav),
  /** IUV, when the payer has it instead of the Codice Avviso. */
  iuv: v.optional(Iuv),
};
const SearchObject = v.strictObject(searchEntries);
type SearchOut = v.InferOutput<typeof SearchObject>;

/**
 * What identifies a practice without logging in: the debtor's fiscal code and its Codice Avviso
 * or IUV (when both codes are given, both must match).
 */
export const PracticeSearch = v.pipe(
  SearchObject,
  v.forward(
    v.check<SearchOut, 'required'>((s) => s.nav !== undefined || s.iuv !== undefined, 'required'),
    ['nav' as never],
  ),
);
export type PracticeSearch = v.InferInput<typeof PracticeSearch>;

/** Where a practice in "my practices" comes from. */
export const PRACTICE_ORIGINS = ['assigned', 'search', 'spontaneous'] as const;
export const PracticeOrigin = v.picklist(PRACTICE_ORIGINS, 'invalid_choice');
export type PracticeOrigin = v.InferOutput<typeof PracticeOrigin>;

/**
 * One way to pay a practice: the single payment (0) or an installment (1..n). The entity's payment
 * option without its transfers: the citizen sees no IBAN.
 */
export const PracticeOption = v.omit(PaymentOption, ['transfers']);
export type PracticeOption = v.InferOutput<typeof PracticeOption>;

/** A practice as the citizen side shows it: no IBANs, no internal notes. */
export const Practice = v.object({
  /** Opaque id for `/me/practices/{id}`. */
  id: v.string(),
  entity: v.object({ code: v.string(), name: v.string() }),
  description: v.string(),
  debtor: v.object({ fiscalCode: v.string(), name: v.string() }),
  service: v.nullable(v.string()),
  status: PositionStatusSchema,
  /** The single payment's amount, or the installments' sum when there is no single payment. */
  amount: Cents,
  /** Earliest due date of its options. */
  dueDate: v.string(),
  single: v.nullable(PracticeOption),
  installments: v.array(PracticeOption),
  /** True when some option can be paid now. */
  payable: v.boolean(),
  createdAt: v.string(),
  /**
   * The option the citizen's code named (0: the single payment, 1..n: that installment): on a
   * search hit, and in "my practices" for a practice linked by search. Absent otherwise.
   */
  found: v.optional(v.number()),
});
export type Practice = v.InferOutput<typeof Practice>;

/** A practice in the logged-in citizen's list, with why it is there. */
export const MyPractice = v.object({
  ...Practice.entries,
  /** assigned: the entity gave it to a fiscal code the account proved; search / spontaneous: linked. */
  origin: PracticeOrigin,
  /** True when the account holds it by a link (search or spontaneous) it may remove. */
  linked: v.boolean(),
});
export type MyPractice = v.InferOutput<typeof MyPractice>;

/** What the anonymous search answers on a hit. */
export const PracticeSearchResult = v.object({ practice: Practice });
export type PracticeSearchResult = v.InferOutput<typeof PracticeSearchResult>;

export const PRACTICE_SORTS = [
  'dueDate',
  '-dueDate',
  'amount',
  '-amount',
  'createdAt',
  '-createdAt',
  'status',
] as const;
export type PracticeSort = (typeof PRACTICE_SORTS)[number];

/** Sorting, filter and page of "my practices". */
export const PracticeQuery = v.strictObject({
  sort: v.optional(v.picklist(PRACTICE_SORTS, 'invalid_choice'), 'dueDate'),
  status: v.optional(PositionStatusSchema),
  origin: v.optional(PracticeOrigin),
  ...CitizenPagination,
});
export type PracticeQuery = v.InferInput<typeof PracticeQuery>;

export const PracticeList = pageOf(MyPractice);
export type PracticeList = v.InferOutput<typeof PracticeList>;

/** The `{id}` of `/me/practices/{id}`. */
export const PracticeId = v.pipe(
  v.string('invalid_type'),
  v.regex(/^[1-9][0-9]{0,9}$/, 'invalid_format'),
  v.check((s) => Number(s) <= MAX_ROW_ID, 'too_large'),
  v.description('Practice id'),
);

/** A service as citizens see it: its form and amount rule, not where the money goes. */
export const PublicService = v.object({
  code: v.string(),
  name: LocalText(100),
  description: v.optional(LocalText(500)),
  notes: v.optional(LocalText(2000)),
  fields: v.array(ServiceField),
  amount: AmountRule,
});
export type PublicService = v.InferOutput<typeof PublicService>;

export const PublicServiceList = v.object({ items: v.array(PublicService) });
export type PublicServiceList = v.InferOutput<typeof PublicServiceList>;

const SubmissionValue = v.union(
  [v.pipe(v.string(), v.maxLength(2000, 'too_long')), v.number(), v.boolean()],
  'invalid_type',
);

/**
 * "Inserimento spontaneo": a service and the values of its form. The shape is checked here; the
 * values are checked against the service's own definition (`submissionSchema`) by the server.
 */
export const SpontaneousSubmission = v.strictObject({
  service: ServiceCode,
  values: v.pipe(
    v.record(FieldName, SubmissionValue, 'invalid_type'),
    v.check((r) => Object.keys(r).length <= 30, 'too_many'),
  ),
});
export type SpontaneousSubmission = v.InferInput<typeof SpontaneousSubmission>;
