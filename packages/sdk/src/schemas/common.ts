/**
 * Building blocks of every input schema: fiscal codes, NAV, IUV, IBAN, cents, dates. One definition
 * each, used by the server to validate, by the SDK to type, and by the widgets' forms.
 */
import * as v from 'valibot';
import { MAX_CENTS } from '../codes/amount.js';
import { normalizeFiscalCode, validateFiscalCode } from '../codes/codice-fiscale.js';
import { isValidIban, normalizeIban } from '../codes/iban.js';
import { normalizeNav, parseNav } from '../codes/nav.js';
import { isValidTaxonomy, normalizeTaxonomy } from '../codes/taxonomy.js';
import type { FieldProblem } from '../errors.js';
import { type FieldCode, isFieldCode } from './fields.js';

const str = () => v.string('invalid_type');

/** Codice fiscale (16) or 11-digit code of the debtor / citizen, normalised to upper case. */
export const FiscalCode = v.pipe(
  str(),
  v.transform(normalizeFiscalCode),
  v.check((s) => validateFiscalCode(s).ok, 'invalid_fiscal_code'),
  v.metadata({ example: 'RSSMRA85T10A562S' }),
  v.description('Codice fiscale (16 characters) or 11-digit fiscal code / partita IVA'),
);

/** The entity's 11-digit fiscal code (the `{ente}` of every route). Shape only: pagoPA test codes fail Luhn. */
export const EntityCode = v.pipe(
  str(),
  v.regex(/^[0-9]{11}$/, 'invalid_entity_code'),
  v.description("The entity's 11-digit fiscal code"),
  v.metadata({ example: '80012345678' }),
);

/**
 * Codice Avviso: 18 digits with a valid mod-93 check; spaces allowed as printed. Eighteen digits
 * whose last two do not match the others (a digit mistyped or swapped) get their own code,
 * `invalid_nav_check`, so the payer is told to check the digits rather than count them.
 */
export const Nav = v.pipe(
  str(),
  v.transform(normalizeNav),
  v.check(
    (s) => parseNav(s).ok,
    (issue) => {
      const r = parseNav(String(issue.input));
      return !r.ok && r.problem === 'checksum' ? 'invalid_nav_check' : 'invalid_nav';
    },
  ),
  v.description('Codice Avviso (NAV): 18 digits'),
  v.metadata({ example: '301000000000000144' }),
);

/** IUV: 15 or 17 digits for notices (checked against the entity's scheme by the server), ≤ 35 chars. */
export const Iuv = v.pipe(
  str(),
  v.transform(normalizeNav),
  v.regex(/^[0-9]{15,17}$/, 'invalid_iuv'),
  v.description('Identificativo Univoco di Versamento'),
);

/** IBAN of a SEPA country with a valid check. */
export const Iban = v.pipe(
  str(),
  v.transform(normalizeIban),
  v.check(isValidIban, 'invalid_iban'),
  v.description('IBAN (spaces allowed)'),
);

/** pagoPA taxonomy code, with or without the `9/…/` wrapper; stored without it. */
export const Taxonomy = v.pipe(
  str(),
  v.transform(normalizeTaxonomy),
  v.check(isValidTaxonomy, 'invalid_taxonomy'),
  v.description('pagoPA taxonomy code, e.g. 0101002IM'),
);

/** Money: a non-negative integer number of euro cents. */
export const Cents = v.pipe(
  v.number('invalid_cents'),
  v.safeInteger('invalid_cents'),
  v.minValue(0, 'invalid_cents'),
  v.maxValue(MAX_CENTS, 'too_large'),
  v.description('Amount in euro cents (integer)'),
);

/** A strictly positive amount in cents. */
export const PositiveCents = v.pipe(Cents, v.minValue(1, 'too_small'));

/** Calendar date `YYYY-MM-DD` (interpreted in Europe/Rome). */
export const IsoDate = v.pipe(
  str(),
  v.isoDate('invalid_date'),
  v.check((s) => {
    const [y, m, d] = s.split('-').map(Number);
    const dt = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
    return dt.getUTCDate() === d && dt.getUTCMonth() + 1 === m;
  }, 'invalid_date'),
  v.description('Date, YYYY-MM-DD, Europe/Rome'),
);

/** E-mail address. */
export const Email = v.pipe(str(), v.trim(), v.maxLength(254, 'too_long'), v.email('invalid_email'));

/** Language of messages, e-mails and PDFs. */
export const LangSchema = v.picklist(['it', 'en', 'de'], 'invalid_choice');

/** Bounded trimmed text. */
export function text(max: number, min = 1) {
  return v.pipe(
    str(),
    v.trim(),
    v.minLength(min, min === 1 ? 'required' : 'too_short'),
    v.maxLength(max, 'too_long'),
  );
}

/**
 * A whole number from a query string (digits only: no sign, blank, exponent or hex) or a JSON
 * number; anything else is `invalid_type`.
 */
export function wholeNumber() {
  return v.pipe(
    v.union([v.number(), v.string()], 'invalid_type'),
    v.transform((x) => (typeof x === 'number' || /^-?[0-9]{1,15}$/.test(x) ? Number(x) : Number.NaN)),
    v.integer('invalid_type'),
  );
}

/**
 * The page a list asks for, `limit` items from `offset`: every paged list takes these two query
 * parameters, with its own default and largest page.
 * @example v.strictObject({ status: v.optional(Status), ...pageQuery({ size: 20, max: 100 }) })
 */
export function pageQuery({ size, max }: { size: number; max: number }) {
  return {
    limit: v.optional(v.pipe(wholeNumber(), v.minValue(1, 'too_small'), v.maxValue(max, 'too_large')), size),
    offset: v.optional(v.pipe(wholeNumber(), v.minValue(0, 'too_small')), 0),
  };
}

/** Admin lists: 50 a page, at most 200. */
export const Pagination = pageQuery({ size: 50, max: 200 });
/** The citizen's lists (practices, receipts): 20 a page, at most 100. */
export const CitizenPagination = pageQuery({ size: 20, max: 100 });

/** The page a domain list function is asked for. */
export interface PageRequest {
  limit: number;
  offset: number;
}

/** A page of a list: its items, how many match the filters in all, and the page asked for. */
export interface Page<T> extends PageRequest {
  items: T[];
  total: number;
}

/** The answer of every paged list: `{ items, total, limit, offset }`. */
export function pageOf<TItem extends v.GenericSchema>(item: TItem) {
  return v.object({ items: v.array(item), total: v.number(), limit: v.number(), offset: v.number() });
}

type Issue = v.BaseIssue<unknown>;

function issueCode(issue: Issue): FieldCode {
  if (isFieldCode(issue.message)) return issue.message;
  if (issue.received === 'undefined' && (issue.kind === 'schema' || issue.type === 'object'))
    return 'required';
  switch (issue.type) {
    case 'strict_object':
      return 'unknown_field';
    case 'max_length':
      return 'too_long';
    case 'min_length':
      return 'too_short';
    case 'max_value':
      return 'too_large';
    case 'min_value':
      return 'too_small';
    case 'email':
      return 'invalid_email';
    case 'picklist':
    case 'literal':
    case 'enum':
      return 'invalid_choice';
    case 'regex':
      return 'invalid_format';
    default:
      return issue.kind === 'schema' ? 'invalid_type' : 'invalid_format';
  }
}

function issuePath(issue: Issue): string {
  const parts = (issue.path ?? []).map((p) => String((p as { key: unknown }).key));
  return parts.join('.');
}

/** Turns valibot issues into field problems, one per path (the first problem wins). */
export function toFieldProblems(issues: readonly Issue[]): FieldProblem[] {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const issue of issues) {
    const code = issueCode(issue);
    let path = issuePath(issue);
    if (code === 'unknown_field' && issue.input !== undefined && path === '')
      path = String(issue.expected ?? '');
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, code });
  }
  return out;
}

/**
 * Validates input against a schema: the parsed value, or the field problems (path and code) a form
 * shows in its own words and the server answers with its messages.
 * @example const r = check(FiscalCode, 'rssmra85t10a562s'); if (r.ok) r.value // 'RSSMRA85T10A562S'
 */
export function check<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): { ok: true; value: v.InferOutput<S> } | { ok: false; fields: FieldProblem[] } {
  const r = v.safeParse(schema, input);
  return r.success ? { ok: true, value: r.output } : { ok: false, fields: toFieldProblems(r.issues) };
}

/**
 * The largest row id: ids are PostgreSQL `integer` identity columns (SQLite's are wider), so a
 * longer id in a path is refused as too large rather than looked up.
 */
export const MAX_ROW_ID = 2_147_483_647;

/** A row id in a path, as its decimal digits; the number it names. */
export const RowId = v.pipe(
  v.string('invalid_type'),
  v.regex(/^[1-9][0-9]{0,9}$/, 'invalid_format'),
  v.transform(Number),
  v.maxValue(MAX_ROW_ID, 'too_large'),
);

/**
 * A range of Europe/Rome days, both included, and the format of the answer: what the receipts
 * export and the daily reconciliation report take.
 */
export const DayRangeQuery = v.pipe(
  v.strictObject({
    from: IsoDate,
    to: IsoDate,
    format: v.optional(v.picklist(['csv', 'json'], 'invalid_choice')),
  }),
  v.forward(
    v.check((q) => q.from <= q.to, 'too_small'),
    ['to'],
  ),
);
