// The positions both import benches load: the same rows for Pagatore's CSV import and for each
// engine's own fastest path (raw prepared inserts on SQLite, COPY on PostgreSQL).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DEMO_ENTITY } from '@pagatore/server';

const DEBTORS = [
  ['RSSMRA85T10A562S', 'F', 'Mario Rossi'],
  ['BSCMTT83A12L719R', 'F', 'Matteo Bosco'],
  ['02345670125', 'G', 'Esempio Costruzioni S.r.l.'],
];
export const IBAN = DEMO_ENTITY.iban;
export const TAXONOMY = '0101002IM';

/** The i-th row, the same for every side. */
export function row(i) {
  const [cf, type, name] = DEBTORS[i % DEBTORS.length];
  return {
    iupd: `BENCH-${i}`,
    cf,
    type,
    name,
    description: `TARI 2026 utenza ${i}`,
    amount: 5000 + (i % 20000),
    due: '2026-12-16',
  };
}

/** Writes `rows` positions as an import CSV (docs/import-csv.md). */
export async function writeCsv(file, rows) {
  const out = createWriteStream(file);
  out.write(
    'iupd,debtor_fiscal_code,debtor_type,debtor_name,description,amount,due_date,transfer1_iban,transfer1_taxonomy\n',
  );
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const r = row(i);
    buf += `${r.iupd},${r.cf},${r.type},${r.name},${r.description},${r.amount},${r.due},${IBAN},9/${TAXONOMY}/\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/** n distinct 1-based ids spread over `rows` (7919 is prime, so the stride visits them all). */
export function sampleIds(n, rows) {
  const ids = new Set();
  for (let i = 0; ids.size < Math.min(n, rows); i++) ids.add(1 + ((i * 7919) % rows));
  return [...ids];
}
