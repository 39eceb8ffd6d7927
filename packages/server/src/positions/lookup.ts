/**
 * The position holding a NAV (or IUV) — unique per entity — with all its options and transfers, in
 * one statement: the lookup integrators make most. On SQLite files it runs on the read connection
 * (prepared once, rows as arrays) and the view is built straight from the rows; elsewhere the same
 * SQL goes through Kysely.
 */
import type { PaymentOption, Position, PositionStatus } from '@pagatore/sdk';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import type { ReadConnection } from '../db/read-connection.js';

/** The joined row's columns, in order: [column, alias]. */
const COLUMNS = [
  ['p.iupd', 'iupd'],
  ['p.status', 'status'],
  ['p.debtor_fiscal_code', 'debtor_fiscal_code'],
  ['p.debtor_type', 'debtor_type'],
  ['p.debtor_name', 'debtor_name'],
  ['p.debtor_address', 'debtor_address'],
  ['p.debtor_city', 'debtor_city'],
  ['p.debtor_postal_code', 'debtor_postal_code'],
  ['p.debtor_province', 'debtor_province'],
  ['p.debtor_country', 'debtor_country'],
  ['p.debtor_email', 'debtor_email'],
  ['p.description', 'description'],
  ['p.service_code', 'service_code'],
  ['p.validity_date', 'validity_date'],
  ['p.created_at', 'created_at'],
  ['p.updated_at', 'updated_at'],
  ['p.overpaid_at', 'overpaid_at'],
  ['o.id', 'o_id'],
  ['o.installment', 'o_installment'],
  ['o.amount', 'o_amount'],
  ['o.due_date', 'o_due_date'],
  ['o.description', 'o_description'],
  ['o.iuv', 'o_iuv'],
  ['o.nav', 'o_nav'],
  ['o.status', 'o_status'],
  ['o.paid_at', 'o_paid_at'],
  ['t.idx', 't_idx'],
  ['t.iban', 't_iban'],
  ['t.postal', 't_postal'],
  ['t.amount', 't_amount'],
  ['t.remittance', 't_remittance'],
  ['t.taxonomy', 't_taxonomy'],
] as const;

type Alias = (typeof COLUMNS)[number][1];
/** Index of each alias in a row. */
const I = Object.fromEntries(COLUMNS.map(([, alias], i) => [alias, i])) as Record<Alias, number>;
type Row = unknown[];

const SELECT_LIST = COLUMNS.map(([column, alias]) => `${column} as ${alias}`).join(', ');
// No ORDER BY: SQLite would sort through a temporary b-tree; the few rows are sorted here.
const FROM = `from positions p
  join payment_options o on o.position_id = p.id
  left join transfers t on t.option_id = o.id`;
const BY = (column: 'nav' | 'iuv') => `select ${SELECT_LIST} ${FROM}
  where p.id = (select position_id from payment_options where entity_code = ? and ${column} = ?)
    and p.entity_code = ?`;
const SQL = { nav: BY('nav'), iuv: BY('iuv') };

/** Options by installment, each option's transfers by index (a missing transfer first). */
function byInstallmentAndIndex(a: Row, b: Row): number {
  return (
    (a[I.o_installment] as number) - (b[I.o_installment] as number) ||
    (a[I.o_id] as number) - (b[I.o_id] as number) ||
    ((a[I.t_idx] as number | null) ?? -1) - ((b[I.t_idx] as number | null) ?? -1)
  );
}

/** The API's view of a position from its joined rows (one per option × transfer), or null. */
export function positionFromRows(rows: Row[]): Position | null {
  const p = rows[0];
  if (!p) return null;
  if (rows.length > 1) rows.sort(byInstallmentAndIndex);
  const options: PaymentOption[] = [];
  let optionId: unknown;
  let option: PaymentOption | undefined;
  for (const r of rows) {
    if (!option || r[I.o_id] !== optionId) {
      optionId = r[I.o_id];
      option = {
        installment: r[I.o_installment] as number,
        amount: Number(r[I.o_amount]),
        dueDate: r[I.o_due_date] as string,
        description: r[I.o_description] as string | null,
        iuv: r[I.o_iuv] as string,
        nav: r[I.o_nav] as string,
        status: r[I.o_status] as PaymentOption['status'],
        paidAt: r[I.o_paid_at] as string | null,
        transfers: [],
      };
      options.push(option);
    }
    if (r[I.t_idx] !== null) {
      option.transfers.push({
        iban: (r[I.t_iban] as string | null) ?? '',
        postal: r[I.t_postal] === 1,
        amount: Number(r[I.t_amount] ?? 0),
        remittance: (r[I.t_remittance] as string | null) ?? '',
        taxonomy: (r[I.t_taxonomy] as string | null) ?? '',
      });
    }
  }
  return {
    iupd: p[I.iupd] as string,
    status: p[I.status] as PositionStatus,
    debtor: {
      fiscalCode: p[I.debtor_fiscal_code] as string,
      type: p[I.debtor_type] as 'F' | 'G',
      name: p[I.debtor_name] as string,
      address: p[I.debtor_address] as string | null,
      city: p[I.debtor_city] as string | null,
      postalCode: p[I.debtor_postal_code] as string | null,
      province: p[I.debtor_province] as string | null,
      country: p[I.debtor_country] as string | null,
      email: p[I.debtor_email] as string | null,
    },
    description: p[I.description] as string,
    service: p[I.service_code] as string | null,
    validityDate: p[I.validity_date] as string | null,
    single: options.find((o) => o.installment === 0) ?? null,
    installments: options.filter((o) => o.installment > 0),
    createdAt: p[I.created_at] as string,
    updatedAt: p[I.updated_at] as string,
    overpaidAt: p[I.overpaid_at] as string | null,
  };
}

/**
 * The position holding an option with this NAV (or IUV) in the entity, as the API shows it.
 * @example const p = await lookupByCode(db, '80012345676', 'nav', '301000000000000144', readConnection(deps));
 */
export async function lookupByCode(
  db: Db | Tx,
  entityCode: string,
  column: 'nav' | 'iuv',
  value: string,
  conn: ReadConnection | null = null,
): Promise<Position | null> {
  if (conn) {
    const stmt = conn.statement(SQL[column]).raw(true);
    return positionFromRows(stmt.all(entityCode, value, entityCode) as Row[]);
  }
  const { rows } = await sql<Record<Alias, unknown>>`select ${sql.raw(SELECT_LIST)} ${sql.raw(FROM)}
    where p.id = (select position_id from payment_options
      where entity_code = ${entityCode} and ${sql.raw(column)} = ${value})
    and p.entity_code = ${entityCode}`.execute(db);
  return positionFromRows(rows.map((r) => COLUMNS.map(([, alias]) => r[alias])));
}
