/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF or LF, newlines inside
 * quotes; `;` as separator when the header uses it, as Italian spreadsheets do) and the mapping of
 * CSV rows to positions (layout in docs/import-csv.md).
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
    for (const r of out) yield r;
  }
  if (quoted) broken ??= 'unterminated quote';
  const last = endRecord();
  if (last) yield last;
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

function option(r: Row, fallbackRemittance: string | undefined): Record<string, unknown> {
  const transfers: Record<string, unknown>[] = [];
  for (let n = 1; n <= 5; n++) {
    const t = (f: string) => r[`transfer${n}_${f}`] || undefined;
    if (!t('iban') && !t('amount') && !t('taxonomy') && !t('remittance')) continue;
    transfers.push({
      iban: t('iban'),
      postal: bool(t('postal')),
      // A lone transfer takes the whole amount when its own is left empty.
      amount: cents(t('amount') ?? (n === 1 && !r.transfer2_iban ? r.amount : undefined)),
      remittance: t('remittance') ?? r.option_description ?? fallbackRemittance,
      taxonomy: t('taxonomy'),
    });
  }
  const o: Record<string, unknown> = {
    amount: cents(r.amount),
    dueDate: r.due_date || undefined,
    description: r.option_description || undefined,
    iuv: r.iuv || undefined,
    nav: r.nav || undefined,
    transfers,
  };
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * Turns the rows of one position (consecutive rows with the same iupd) into the JSON shape of a
 * position, for the same schema as the API to check. Installment `0` or empty is the single payment.
 */
export function rowsToPosition(rows: Row[]): { value: unknown; problem?: { path: string; code: string } } {
  const first = rows[0] ?? {};
  const debtor: Record<string, unknown> = {
    fiscalCode: first.debtor_fiscal_code || undefined,
    type: first.debtor_type || undefined,
    name: first.debtor_name || undefined,
    address: first.debtor_address || undefined,
    city: first.debtor_city || undefined,
    postalCode: first.debtor_postal_code || undefined,
    province: first.debtor_province || undefined,
    country: first.debtor_country || undefined,
    email: first.debtor_email || undefined,
  };
  for (const k of Object.keys(debtor)) if (debtor[k] === undefined) delete debtor[k];
  const p: Record<string, unknown> = {
    iupd: first.iupd,
    debtor,
    description: first.description || undefined,
    service: first.service || undefined,
    validityDate: first.validity_date || undefined,
  };
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
  for (const k of Object.keys(p)) if (p[k] === undefined) delete p[k];
  return { value: p };
}
