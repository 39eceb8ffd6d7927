import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.js';
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
