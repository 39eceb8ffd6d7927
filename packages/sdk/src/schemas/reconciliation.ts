/**
 * Reconciliation with pagoPA's reporting flows (flussi di rendicontazione, FdR): the entity's
 * settings for fetching them, the flows and their rows as the admin API lists them, and the daily
 * report. Money is integer cents; dates `YYYY-MM-DD`; times ISO-8601 UTC (docs/reconciliation.md).
 */
import * as v from 'valibot';
import { IsoDate, pageOf, Pagination, RowId, DayRangeQuery } from './common.js';

const Url = v.pipe(v.string('invalid_type'), v.maxLength(500, 'too_long'), v.url('invalid_url'));

/** A secret kept by the server and answered masked (`********abcd`); sending the mask back keeps it. */
const Secret = (pattern: RegExp) =>
  v.pipe(v.string('invalid_type'), v.trim(), v.regex(pattern, 'invalid_format'));

/** Where the flows come from: not fetched (`off`, uploads only), FdR 3 REST, or nodeForPa SOAP. */
export const FLOW_SOURCES = ['off', 'rest', 'soap'] as const;
export type FlowSource = (typeof FLOW_SOURCES)[number];

/**
 * How the entity's flows are fetched and when a receipt counts as late. A change merges key by key;
 * `null` clears one. The subscription key and the station password are answered masked.
 */
export const ReconciliationSettings = v.strictObject({
  /** `off` (default): flows only by upload; `rest`: FdR 3; `soap`: nodeForPa. */
  source: v.optional(v.picklist(FLOW_SOURCES, 'invalid_choice')),
  /** FdR 3 organizations API base, e.g. `https://api.uat.platform.pagopa.it/fdr-org/service/v1` (to check with pagoPA). */
  fdrUrl: v.optional(v.nullable(Url)),
  /** nodeForPa SOAP endpoint, e.g. `https://api.uat.platform.pagopa.it/nodo-auth/node-for-pa/v1` (the WSDL's UAT address). */
  nodeForPaUrl: v.optional(v.nullable(Url)),
  /** `Ocp-Apim-Subscription-Key` sent to either API. */
  subscriptionKey: v.optional(v.nullable(Secret(/^[\x21-\x7e]{1,200}$/))),
  /** The station's password for nodeForPa (8-15 characters, stPassword). */
  stationPassword: v.optional(v.nullable(Secret(/^[\x21-\x7e]{8,15}$|^\*{8}.{0,4}$/))),
  /** Minutes between two fetches (default 60). */
  intervalMinutes: v.optional(
    v.pipe(
      v.number('invalid_type'),
      v.integer('invalid_type'),
      v.minValue(5, 'too_small'),
      v.maxValue(1440, 'too_large'),
    ),
  ),
  /** Days after payment past which a receipt no flow settled is an anomaly (default 5). */
  awaitingDays: v.optional(
    v.pipe(
      v.number('invalid_type'),
      v.integer('invalid_type'),
      v.minValue(1, 'too_small'),
      v.maxValue(90, 'too_large'),
    ),
  ),
});
export type ReconciliationSettings = v.InferOutput<typeof ReconciliationSettings>;

/** How a flow was obtained. */
export const FLOW_ORIGINS = ['rest', 'soap', 'upload'] as const;
/** `valid`: parsed and matched; `invalid`: kept as received, nothing applied (see `invalidReason`). */
export const FLOW_STATUSES = ['valid', 'invalid'] as const;

/**
 * Result of one row of a flow against the receipts: `matched`; `amount_differs` (a receipt, another
 * amount); `receipt_missing` (money arrived, no receipt known); `revoked` (outcome 3); `no_rpt`
 * (outcome 9 or 8, paid without RPT); `duplicate` (the same IUV, IUR and index settled already).
 */
export const MATCH_RESULTS = [
  'matched',
  'amount_differs',
  'receipt_missing',
  'revoked',
  'no_rpt',
  'duplicate',
] as const;
export type MatchResult = (typeof MATCH_RESULTS)[number];

/**
 * Settlement state of a transfer of a receipt: `settled` (a current flow row matched it),
 * `awaiting` (no flow yet), `overdue` (no flow after the entity's `awaitingDays`), `disputed` (a row
 * names it with another amount, revoked or without RPT), `other_entity` (the money goes to another
 * entity, whose flows settle it).
 */
export const SETTLEMENT_STATES = ['settled', 'awaiting', 'overdue', 'disputed', 'other_entity'] as const;
export type SettlementState = (typeof SETTLEMENT_STATES)[number];

export const FlowView = v.object({
  id: v.number(),
  /** identificativoFlusso / `fdr`. */
  flowId: v.nullable(v.string()),
  revision: v.number(),
  origin: v.picklist(FLOW_ORIGINS),
  status: v.picklist(FLOW_STATUSES),
  invalidReason: v.nullable(v.string()),
  /** True while this is the flow's newest valid revision (older ones stay as history). */
  current: v.boolean(),
  flowDate: v.nullable(v.string()),
  pspId: v.nullable(v.string()),
  pspName: v.nullable(v.string()),
  /** identificativoUnivocoRegolamento / `regulation`: the bank transfer that settled the rows. */
  settlementId: v.nullable(v.string()),
  settlementDate: v.nullable(v.string()),
  bic: v.nullable(v.string()),
  declaredCount: v.nullable(v.number()),
  declaredAmount: v.nullable(v.number()),
  rowCount: v.number(),
  rowAmount: v.number(),
  /** The rows do not add up to the declared totals. */
  totalsMismatch: v.boolean(),
  /** Rows whose result is not `matched`. */
  anomalies: v.number(),
  sha256: v.string(),
  receivedAt: v.string(),
});
export type FlowView = v.InferOutput<typeof FlowView>;
export const FlowList = pageOf(FlowView);
export type FlowList = v.InferOutput<typeof FlowList>;

export const FlowQuery = v.strictObject({
  flowId: v.optional(v.pipe(v.string('invalid_type'), v.maxLength(35, 'too_long'))),
  status: v.optional(v.picklist(FLOW_STATUSES, 'invalid_choice')),
  /** `true`: only flows with anomalies or totals that do not add up. */
  anomalies: v.optional(v.picklist(['true', 'false'], 'invalid_choice')),
  /** Settlement dates from/to (both included). */
  from: v.optional(IsoDate),
  to: v.optional(IsoDate),
  /** `true` (default): newest valid revisions and invalid flows; `false`: every revision. */
  current: v.optional(v.picklist(['true', 'false'], 'invalid_choice')),
  ...Pagination,
});
export type FlowQuery = v.InferInput<typeof FlowQuery>;

export const FlowParams = v.strictObject({
  id: RowId,
});

export const FlowRowView = v.object({
  flowRef: v.number(),
  flowId: v.nullable(v.string()),
  revision: v.number(),
  /** Position of the row in the flow, from 1. */
  position: v.number(),
  iuv: v.string(),
  iur: v.string(),
  /** indiceDatiSingoloPagamento / `idTransfer`: the transfer of the receipt; null when absent. */
  index: v.nullable(v.number()),
  amount: v.number(),
  /** codiceEsitoSingoloPagamento: 0 paid, 3 revoked, 9 without RPT (REST also 4 and 8, stand-in). */
  outcome: v.number(),
  date: v.string(),
  result: v.picklist(MATCH_RESULTS),
  /** The receipt (its receiptId) the row settles, when one is known. */
  receiptId: v.nullable(v.string()),
  iupd: v.nullable(v.string()),
  /** The amount of the receipt's transfer (or the receipt's for the entity, without index). */
  expectedAmount: v.nullable(v.number()),
  iban: v.nullable(v.string()),
  /** False for the rows of a revision that a newer one replaced. */
  current: v.boolean(),
});
export type FlowRowView = v.InferOutput<typeof FlowRowView>;
export const FlowRowList = pageOf(FlowRowView);
export type FlowRowList = v.InferOutput<typeof FlowRowList>;

export const FlowRowQuery = v.strictObject({
  result: v.optional(v.picklist(MATCH_RESULTS, 'invalid_choice')),
  iuv: v.optional(v.pipe(v.string('invalid_type'), v.trim(), v.maxLength(35, 'too_long'))),
  iur: v.optional(v.pipe(v.string('invalid_type'), v.maxLength(35, 'too_long'))),
  /** Only rows whose result is not `matched`. */
  anomalies: v.optional(v.picklist(['true', 'false'], 'invalid_choice')),
  ...Pagination,
});
export type FlowRowQuery = v.InferInput<typeof FlowRowQuery>;

/** A fetch asked now: how many flows were listed and how many were new. */
export const FlowFetchReport = v.object({
  source: v.picklist(FLOW_SOURCES),
  listed: v.number(),
  stored: v.number(),
  invalid: v.number(),
  errors: v.array(v.string()),
});
export type FlowFetchReport = v.InferOutput<typeof FlowFetchReport>;

/** The daily report: Europe/Rome days of payment, both included. */
export const ReconciliationReportQuery = DayRangeQuery;
export type ReconciliationReportQuery = v.InferInput<typeof ReconciliationReportQuery>;

/**
 * One line of the daily report: one Europe/Rome day and one IBAN. The transfers of the receipts paid
 * that day to that IBAN split into `settled + awaiting + disputed = collected` (`overdue` is the part
 * of `awaiting` past the entity's days); `unmatched` is money flows report that day (the row's date)
 * with no receipt transfer to settle (receipt missing, duplicate, without RPT and no receipt, revoked
 * and no receipt), under the IBAN of the position when known, else empty.
 */
export interface ReconciliationReportRow {
  date: string;
  iban: string;
  collected_count: number;
  collected_amount: number;
  settled_count: number;
  settled_amount: number;
  awaiting_count: number;
  awaiting_amount: number;
  overdue_count: number;
  overdue_amount: number;
  disputed_count: number;
  disputed_amount: number;
  unmatched_count: number;
  unmatched_amount: number;
  /** disputed + overdue + unmatched rows: what the accountant looks at. */
  anomalies: number;
}

/** Column order of the report's CSV. */
export const RECONCILIATION_REPORT_COLUMNS: readonly (keyof ReconciliationReportRow)[] = [
  'date',
  'iban',
  'collected_count',
  'collected_amount',
  'settled_count',
  'settled_amount',
  'awaiting_count',
  'awaiting_amount',
  'overdue_count',
  'overdue_amount',
  'disputed_count',
  'disputed_amount',
  'unmatched_count',
  'unmatched_amount',
  'anomalies',
];
