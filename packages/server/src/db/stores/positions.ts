/**
 * Storage of debt positions (`positions`, `payment_options`, `transfers`, `iuv_counters`): the
 * reads and writes the positions domain plans a batch with, and the lookup by NAV/IUV.
 *
 * Each function is one operation on both engines. PostgreSQL (and SQLite where noted) runs the
 * Kysely query; on SQLite the two paths that carry the load take better-sqlite3 directly, with
 * statements prepared once (the one statement cache): the lookup reads on the read connection
 * (db/read-connection.ts), and the bulk writes run on the transaction's own connection, where a
 * transaction of this process holds it (see `sqliteOf`).
 */
import type { Db, Tx } from '../database.js';
import { readConnection } from '../read-connection.js';

/** The lookup's joined row, column by column: [column, alias]. */
export const LOOKUP_COLUMNS = [
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

export type LookupAlias = (typeof LOOKUP_COLUMNS)[number][1];

/** Where each alias sits in a lookup row. */
export const LOOKUP_INDEX = Object.fromEntries(LOOKUP_COLUMNS.map(([, alias], i) => [alias, i])) as Record<
  LookupAlias,
  number
>;

/** One row of the lookup: the values of LOOKUP_COLUMNS in their order (read with LOOKUP_INDEX). */
export type LookupRow = unknown[];

const SELECT_LIST = LOOKUP_COLUMNS.map(([column, alias]) => `${column} as ${alias}`).join(', ');
// No ORDER BY: SQLite would sort through a temporary b-tree; the caller sorts the few rows.
const LOOKUP_SQL = (column: 'nav' | 'iuv') => `select ${SELECT_LIST}
  from positions p
  join payment_options o on o.position_id = p.id
  left join transfers t on t.option_id = o.id
  where p.id = (select position_id from payment_options where entity_code = ? and ${column} = ?)
    and p.entity_code = ?`;
const LOOKUP = { nav: LOOKUP_SQL('nav'), iuv: LOOKUP_SQL('iuv') };

/**
 * The rows (one per option × transfer, in no set order) of the entity's position holding an option
 * with this NAV (or IUV), unique per entity; none when there is no such position. Outside a
 * transaction on a SQLite file it reads on the read connection, rows straight as arrays.
 * @example const rows = await lookupPositionRows(db, '80012345676', 'nav', '301000000000000144');
 */
export async function lookupPositionRows(
  db: Db | Tx,
  entityCode: string,
  column: 'nav' | 'iuv',
  code: string,
): Promise<LookupRow[]> {
  const conn = readConnection(db);
  if (conn) return conn.statement(LOOKUP[column]).raw(true).all(entityCode, code, entityCode) as LookupRow[];
  const rows = await db
    .selectFrom('positions as p')
    .innerJoin('payment_options as o', 'o.position_id', 'p.id')
    .leftJoin('transfers as t', 't.option_id', 'o.id')
    .select(LOOKUP_COLUMNS.map(([c, alias]) => `${c} as ${alias}` as const))
    .where('p.id', '=', (eb) =>
      eb
        .selectFrom('payment_options')
        .select('position_id')
        .where('entity_code', '=', entityCode)
        .where(column, '=', code),
    )
    .where('p.entity_code', '=', entityCode)
    .execute();
  return rows.map((r) => LOOKUP_COLUMNS.map(([, alias]) => (r as Record<LookupAlias, unknown>)[alias]));
}
