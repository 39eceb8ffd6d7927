// Data the soak makes: a seeded random source, valid fiscal codes, client addresses, and debt
// positions (a single payment alone, or a single payment with three installments) as JSON or CSV.
import { personalCheckLetter } from '@pagatore/sdk';

export const ENTE = '80012345676';
export const IBAN = 'IT60X0542811101000000123456';
export const TAXONOMY = '9/0101002IM/';
export const ORIGIN = 'https://www.comune-soak.example.it';

/** mulberry32: a small seeded generator, so a run can be repeated with its seed. */
export function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const MONTHS = 'ABCDEHLMPRST';

/** The n-th valid personal fiscal code of a series (16 characters, right check letter). */
export function fiscalCode(series, n) {
  let letters = '';
  let x = series * 1_000_000 + n;
  for (let i = 0; i < 6; i++) {
    letters = String.fromCharCode(65 + (x % 26)) + letters;
    x = Math.floor(x / 26);
  }
  const first15 = `${letters}${String(40 + (n % 60)).padStart(2, '0')}${MONTHS[n % 12]}${String(1 + (n % 28)).padStart(2, '0')}H501`;
  return first15 + personalCheckLetter(first15);
}

/** A client address behind the trusted proxy: every scenario run comes from its own. */
export function clientIp(rnd) {
  return `10.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`;
}

const option = (amount, dueDate, remittance) => ({
  amount,
  dueDate,
  transfers: [{ iban: IBAN, amount, remittance, taxonomy: TAXONOMY }],
});

/** A position: `multi` has a single payment of 150 € and three installments of 50 €. */
export function position(iupd, debtor, multi) {
  return {
    iupd,
    debtor: { fiscalCode: debtor, name: 'Debitore Soak' },
    description: `Soak ${iupd}`,
    single: option(multi ? 15000 : 4000 + (iupd.length % 7) * 100, '2030-12-31', `Soak ${iupd}`),
    ...(multi
      ? {
          installments: [
            option(5000, '2030-03-31', `Rata 1 ${iupd}`),
            option(5000, '2030-06-30', `Rata 2 ${iupd}`),
            option(5000, '2030-09-30', `Rata 3 ${iupd}`),
          ],
        }
      : {}),
  };
}

const CSV_HEADER =
  'iupd,debtor_fiscal_code,debtor_name,description,installment,amount,due_date,transfer1_iban,transfer1_taxonomy,transfer1_remittance';

/** Positions as the import's CSV: one row per option, installments right after their single payment. */
export function toCsv(positions) {
  const rows = [CSV_HEADER];
  for (const p of positions) {
    const opts = [p.single, ...(p.installments ?? [])];
    opts.forEach((o, i) =>
      rows.push(
        [
          p.iupd,
          p.debtor.fiscalCode,
          p.debtor.name,
          p.description,
          String(i),
          String(o.amount),
          o.dueDate,
          o.transfers[0].iban,
          o.transfers[0].taxonomy,
          o.transfers[0].remittance,
        ].join(','),
      ),
    );
  }
  return `${rows.join('\n')}\n`;
}
