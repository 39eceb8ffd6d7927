/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF or LF, newlines inside
 * quotes; `;` as separator when the header uses it, as Italian spreadsheets do) and the mapping of
 * CSV rows to positions (layout in docs/import-csv.md). Why our own reader and not a library:
 * docs/rationales/csv-reader.md.
 */

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
  /** Why the record is malformed (stray quote, unterminated quote), if it is. */
  broken?: string;
}

/**
 * Splits decoded text chunks into records.
 * @example for await (const r of readCsv(textChunks)) console.log(r.line, r.fields)
 */
export async function* readCsv(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  for await (const batch of readCsvBatches(chunks)) yield* batch;
}

/**
 * Splits decoded text chunks into records, the records of each chunk together (one step of the
 * iteration per chunk rather than per record, which counts on a million rows).
 */
export async function* readCsvBatches(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  let sep = '';
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let quoteAtEnd = false;
  let broken: string | undefined;
  let line = 1;
  let recordLine = 1;
  let pendingCr = false;
  let any = false;

  const endRecord = (): CsvRecord | null => {
    fields.push(field);
    const rec: CsvRecord = { line: recordLine, fields, ...(broken ? { broken } : {}) };
    fields = [];
    field = '';
    afterQuote = false;
    broken = undefined;
    const empty = rec.fields.length === 1 && rec.fields[0] === '' && !rec.broken;
    return empty ? null : rec;
  };

  for await (let chunk of chunks) {
    if (!any && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    any = true;
    if (!sep) {
      const firstLine = chunk.split('\n', 1)[0] ?? '';
      sep = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
    }
    const out: CsvRecord[] = [];
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const ch = chunk[i] as string;
      const splitQuote = quoteAtEnd && i === 0;
      quoteAtEnd = false;
      if (pendingCr) {
        pendingCr = false;
        if (ch === '\n') {
          i++;
          continue;
        }
      }
      if (quoted) {
        if (ch === '"') {
          if (chunk[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          // A quote ending a chunk may be the first half of `""`: the next chunk decides.
          quoteAtEnd = i + 1 === n;
          quoted = false;
          afterQuote = true;
          i++;
          continue;
        }
        if (ch === '\n') line++;
        field += ch;
        i++;
        continue;
      }
      if (ch === sep) {
        fields.push(field);
        field = '';
        afterQuote = false;
        i++;
        continue;
      }
      if (ch === '\n' || ch === '\r') {
        const rec = endRecord();
        if (rec) out.push(rec);
        line++;
        recordLine = line;
        if (ch === '\r') pendingCr = true;
        i++;
        continue;
      }
      if (ch === '"') {
        if (splitQuote) {
          // `""` split across chunks inside a quoted field.
          field += '"';
          quoted = true;
          afterQuote = false;
        } else if (field === '') quoted = true;
        else broken ??= 'stray quote';
        i++;
        continue;
      }
      if (afterQuote) broken ??= 'text after closing quote';
      // Fast path: copy a run of plain characters at once.
      let j = i + 1;
      while (j < n) {
        const c = chunk.charCodeAt(j);
        if (c === 44 || c === 59 || c === 10 || c === 13 || c === 34) break;
        j++;
      }
      field += chunk.slice(i, j);
      i = j;
    }
    if (out.length) yield out;
  }
  if (quoted) broken ??= 'unterminated quote';
  const last = endRecord();
  if (last) yield [last];
}

/** Position-level columns, taken from the first row of each position. */
export const POSITION_COLUMNS = [
  'iupd',
  'debtor_fiscal_code',
  'debtor_type',
  'debtor_name',
  'debtor_address',
  'debtor_city',
  'debtor_postal_code',
  'debtor_province',
  'debtor_country',
  'debtor_email',
  'description',
  'service',
  'validity_date',
] as const;

/** Option-level columns, one option (single payment or installment) per row. */
export const OPTION_COLUMNS = [
  'installment',
  'amount',
  'due_date',
  'option_description',
  'iuv',
  'nav',
] as const;

export const TRANSFER_FIELDS = ['iban', 'postal', 'amount', 'remittance', 'taxonomy'] as const;

/** Every column a CSV may have (any order); `transferN_*` for N = 1..5. */
export const CSV_COLUMNS: readonly string[] = [
  ...POSITION_COLUMNS,
  ...OPTION_COLUMNS,
  ...[1, 2, 3, 4, 5].flatMap((n) => TRANSFER_FIELDS.map((f) => `transfer${n}_${f}`)),
];

export const REQUIRED_COLUMNS = [
  'iupd',
  'debtor_fiscal_code',
  'debtor_name',
  'description',
  'amount',
  'due_date',
  'transfer1_iban',
  'transfer1_taxonomy',
] as const;

/** Checks a header: unknown and missing columns. */
export function checkHeader(header: string[]): { unknown: string[]; missing: string[]; columns: string[] } {
  const columns = header.map((h) => h.trim().toLowerCase());
  const known = new Set(CSV_COLUMNS);
  return {
    columns,
    unknown: columns.filter((c) => !known.has(c)),
    missing: REQUIRED_COLUMNS.filter((c) => !columns.includes(c)),
  };
}

/** Cents as typed: digits become a number, anything else stays text for the schema to refuse. */
function cents(s: string | undefined): number | string | undefined {
  if (s === undefined || s === '') return undefined;
  return /^[0-9]{1,15}$/.test(s) ? Number(s) : s;
}

function bool(s: string | undefined): boolean | string | undefined {
  if (s === undefined || s === '') return undefined;
  const l = s.toLowerCase();
  if (l === '1' || l === 'true' || l === 'si' || l === 'sì' || l === 'yes') return true;
  if (l === '0' || l === 'false' || l === 'no') return false;
  return s;
}

type Row = Record<string, string>;

/** `transferN_field` column names, built once: a key made per lookup costs more than the lookup. */
const TRANSFER_KEYS = [1, 2, 3, 4, 5].map((n) => ({
  iban: `transfer${n}_iban`,
  postal: `transfer${n}_postal`,
  amount: `transfer${n}_amount`,
  remittance: `transfer${n}_remittance`,
  taxonomy: `transfer${n}_taxonomy`,
}));

/*
 * The objects below are built with only the keys that have a value (never `delete`d afterwards):
 * deleting a property turns an object into a slow dictionary, which every schema check then pays.
 */

function option(r: Row, fallbackRemittance: string | undefined): Record<string, unknown> {
  const transfers: Record<string, unknown>[] = [];
  for (let n = 1; n <= 5; n++) {
    const k = TRANSFER_KEYS[n - 1] as (typeof TRANSFER_KEYS)[number];
    const iban = r[k.iban] || undefined;
    const amount = r[k.amount] || undefined;
    const taxonomy = r[k.taxonomy] || undefined;
    const remittance = r[k.remittance] || undefined;
    if (!iban && !amount && !taxonomy && !remittance) continue;
    transfers.push({
      iban,
      postal: bool(r[k.postal] || undefined),
      // A lone transfer takes the whole amount when its own is left empty.
      amount: cents(amount ?? (n === 1 && !r.transfer2_iban ? r.amount : undefined)),
      remittance: remittance ?? r.option_description ?? fallbackRemittance,
      taxonomy,
    });
  }
  const o: Record<string, unknown> = {};
  const amount = cents(r.amount);
  if (amount !== undefined) o.amount = amount;
  if (r.due_date) o.dueDate = r.due_date;
  if (r.option_description) o.description = r.option_description;
  if (r.iuv) o.iuv = r.iuv;
  if (r.nav) o.nav = r.nav;
  o.transfers = transfers;
  return o;
}

/**
 * Turns the rows of one position (consecutive rows with the same iupd) into the JSON shape of a
 * position, for the same schema as the API to check. Installment `0` or empty is the single payment.
 */
export function rowsToPosition(rows: Row[]): { value: unknown; problem?: { path: string; code: string } } {
  const first = rows[0] ?? {};
  const debtor: Record<string, unknown> = {};
  if (first.debtor_fiscal_code) debtor.fiscalCode = first.debtor_fiscal_code;
  if (first.debtor_type) debtor.type = first.debtor_type;
  if (first.debtor_name) debtor.name = first.debtor_name;
  if (first.debtor_address) debtor.address = first.debtor_address;
  if (first.debtor_city) debtor.city = first.debtor_city;
  if (first.debtor_postal_code) debtor.postalCode = first.debtor_postal_code;
  if (first.debtor_province) debtor.province = first.debtor_province;
  if (first.debtor_country) debtor.country = first.debtor_country;
  if (first.debtor_email) debtor.email = first.debtor_email;
  const p: Record<string, unknown> = {};
  if (first.iupd !== undefined) p.iupd = first.iupd;
  p.debtor = debtor;
  if (first.description) p.description = first.description;
  if (first.service) p.service = first.service;
  if (first.validity_date) p.validityDate = first.validity_date;
  const installments: { n: number; o: Record<string, unknown> }[] = [];
  for (const r of rows) {
    const inst = r.installment ?? '';
    if (inst === '' || inst === '0') {
      if (p.single) return { value: p, problem: { path: 'installment', code: 'mismatch' } };
      p.single = option(r, first.description);
    } else if (/^[0-9]{1,3}$/.test(inst)) {
      installments.push({ n: Number(inst), o: option(r, first.description) });
    } else return { value: p, problem: { path: 'installment', code: 'invalid_format' } };
  }
  if (installments.length) {
    installments.sort((a, b) => a.n - b.n);
    if (installments.some((x, i) => x.n !== i + 1))
      return { value: p, problem: { path: 'installment', code: 'mismatch' } };
    p.installments = installments.map((x) => x.o);
  }
  return { value: p };
}
