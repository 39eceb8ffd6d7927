import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, readCsv, rowsToPosition } from './csv.js';
import { readJsonArray } from './json.js';

async function* pieces(text: string, cuts: number[]): AsyncGenerator<string> {
  let at = 0;
  for (const c of [...new Set(cuts.map((x) => x % (text.length + 1)))].sort((a, b) => a - b)) {
    yield text.slice(at, c);
    at = c;
  }
  yield text.slice(at);
}

async function all<T>(g: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of g) out.push(x);
  return out;
}

const quote = (f: string) => (/[",\n\r]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);

describe('streaming readers', () => {
  it('reads any CSV however the bytes are split', async () => {
    const field = fc.string({
      unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'è', '\r\n'),
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        async (rows, cuts, crlf) => {
          const text = rows.map((r) => r.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
          const got = await all(readCsv(pieces(text, cuts)));
          expect(got.map((r) => r.fields)).toEqual(rows);
          expect(got.every((r) => !r.broken)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('marks stray and unterminated quotes, and keeps line numbers', async () => {
    const got = await all(readCsv(pieces('a,b\nx"y,1\n"ok",2\n"open,3\n4,5', [5, 13])));
    expect(got[0]).toEqual({ line: 1, fields: ['a', 'b'] });
    expect(got[1]).toMatchObject({ line: 2, broken: 'stray quote' });
    expect(got[2]).toEqual({ line: 3, fields: ['ok', '2'] });
    expect(got[3]).toMatchObject({ line: 4, broken: 'unterminated quote' });
  });

  it('reads semicolon CSV as Italian spreadsheets write it', async () => {
    const got = await all(readCsv(pieces('iupd;amount\nA;"1;0"\n', [])));
    expect(got.map((r) => r.fields)).toEqual([
      ['iupd', 'amount'],
      ['A', '1;0'],
    ]);
  });

  it('splits a JSON array into its elements however the bytes are split', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue(), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (values, cuts) => {
          const text = JSON.stringify(values, null, 1);
          const got = await all(readJsonArray(pieces(text, cuts)));
          expect(got.map((r) => r.value)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** rowsToPosition as it was before it stopped deleting keys: the shape the schema sees must not change. */
function referenceRowsToPosition(rows: Record<string, string>[]): {
  value: unknown;
  problem?: { path: string; code: string };
} {
  const cents = (s: string | undefined) =>
    s === undefined || s === '' ? undefined : /^[0-9]{1,15}$/.test(s) ? Number(s) : s;
  const bool = (s: string | undefined) => {
    if (s === undefined || s === '') return undefined;
    const l = s.toLowerCase();
    if (l === '1' || l === 'true' || l === 'si' || l === 'sì' || l === 'yes') return true;
    if (l === '0' || l === 'false' || l === 'no') return false;
    return s;
  };
  const option = (r: Record<string, string>, fallback: string | undefined) => {
    const transfers: Record<string, unknown>[] = [];
    for (let n = 1; n <= 5; n++) {
      const t = (f: string) => r[`transfer${n}_${f}`] || undefined;
      if (!t('iban') && !t('amount') && !t('taxonomy') && !t('remittance')) continue;
      transfers.push({
        iban: t('iban'),
        postal: bool(t('postal')),
        amount: cents(t('amount') ?? (n === 1 && !r.transfer2_iban ? r.amount : undefined)),
        remittance: t('remittance') ?? r.option_description ?? fallback,
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
  };
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

describe('rowsToPosition', () => {
  it('gives the schema the same object (keys in the same order) as before', () => {
    const cell = fc.constantFrom('', '', '0', '1', '01', '2', 'x', '100', 'sì', 'no', '12.5', 'A B');
    const row = fc.dictionary(fc.constantFrom(...CSV_COLUMNS), cell, { maxKeys: 16 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 4 }), (rows) => {
        const got = rowsToPosition(rows);
        const want = referenceRowsToPosition(rows);
        expect(got.problem).toEqual(want.problem);
        // A row with a problem is reported from the problem alone; its value goes nowhere.
        if (want.problem) return;
        expect(got.value).toEqual(want.value);
        // Key order decides the order of the schema's errors.
        const keys = (x: unknown): unknown =>
          x && typeof x === 'object'
            ? Array.isArray(x)
              ? x.map(keys)
              : Object.entries(x).map(([k, v]) => [k, keys(v)])
            : x;
        expect(keys(got.value)).toEqual(keys(want.value));
      }),
      { numRuns: 2000 },
    );
  });
});
