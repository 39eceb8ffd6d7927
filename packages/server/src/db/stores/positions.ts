/**
 * Storage of debt positions (`positions`, `payment_options`, `transfers`, `iuv_counters`): the
 * reads and writes the positions domain plans a batch with, and the lookup by NAV/IUV.
 *
 * Each function is one operation on both engines: PostgreSQL runs its Kysely query, and so does
 * SQLite except where the load is, which takes better-sqlite3 directly with statements prepared
 * once (the one statement cache): the lookup outside a transaction reads on the read connection
 * (db/read-connection.ts), and the bulk reads and writes inside a transaction run on that
 * transaction's own connection (`sqliteStatementsOf`).
 */
import {
  type Db,
  engineOf,
  SQLITE_MAX_PARAMETERS,
  type SqliteStatements,
  sqliteStatementsOf,
  type Tx,
} from '../database.js';
import { copyRows, nextIds } from '../pg-copy.js';
import { quickReader, readConnection } from '../read-connection.js';
import type {
  NewPaymentOptionRow,
  NewPositionRow,
  PaymentOptionRow,
  PositionRow,
  PositionsTable,
  TransferRow,
} from '../schema/index.js';
import { sql, type Updateable } from 'kysely';

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

/** The position of a search, with the installment of the option its code named. */
export type FoundPositionRow = PositionRow & { found_installment: number };

/**
 * The entity's position holding an option with this NAV and/or IUV (both must match when both are
 * given), with that option's installment; undefined when there is none. Outside a transaction on a
 * SQLite file it reads on the read connection with a statement prepared once (the citizen's search).
 * @example await selectPositionByCodes(db, '80012345676', { nav: '301000000000000144' })
 */
export async function selectPositionByCodes(
  db: Db | Tx,
  entityCode: string,
  codes: { nav?: string | undefined; iuv?: string | undefined },
): Promise<FoundPositionRow | undefined> {
  const statements = quickReader(db);
  if (statements) return selectPositionByCodesOn(statements, entityCode, codes);
  let q = db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .selectAll('positions')
    .select('payment_options.installment as found_installment')
    .where('payment_options.entity_code', '=', entityCode)
    .where('positions.entity_code', '=', entityCode);
  if (codes.nav !== undefined) q = q.where('payment_options.nav', '=', codes.nav);
  if (codes.iuv !== undefined) q = q.where('payment_options.iuv', '=', codes.iuv);
  return q.executeTakeFirst();
}

/** `selectPositionByCodes` on a SQLite connection's statements. */
export function selectPositionByCodesOn(
  statements: SqliteStatements,
  entityCode: string,
  codes: { nav?: string | undefined; iuv?: string | undefined },
): FoundPositionRow | undefined {
  const text = `select p.*, o.installment as found_installment
      from payment_options o join positions p on p.id = o.position_id
      where o.entity_code = ? and p.entity_code = ?${codes.nav !== undefined ? ' and o.nav = ?' : ''}${codes.iuv !== undefined ? ' and o.iuv = ?' : ''}`;
  const args = [entityCode, entityCode];
  if (codes.nav !== undefined) args.push(codes.nav);
  if (codes.iuv !== undefined) args.push(codes.iuv);
  return statements(text).get(...args) as FoundPositionRow | undefined;
}

/**
 * Values per list in one `in (…)` and rows per multi-row INSERT through Kysely: far below SQLite's
 * SQLITE_MAX_PARAMETERS and PostgreSQL's 65,535 for the widest row written here.
 */
const PER_STATEMENT = 500;

/** Rows per multi-row INSERT on the SQLite fast path: measured the fastest there. */
const SQLITE_ROWS_PER_INSERT = 50;

function parts<T>(list: readonly T[], size = PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const q = (name: string) => `"${name}"`;

/**
 * PostgreSQL: the rows of the entity whose `column` is one of `values`, in one statement whatever
 * their number (the list goes as one array parameter), each value looked up by the index on
 * (entity_code, column). Written as `column = any($1)` or as a join, the planner weighs a thousand
 * index probes against one scan of the table and takes the scan from some 20,000 rows on: a scan
 * of the whole table for each chunk of an import. A lateral subquery it cannot flatten (OFFSET 0)
 * is planned alone, for one value, and run per value. (A table never analyzed may still be walked
 * by another index of the entity: the import analyzes after its first chunk, import/import.ts.)
 */
export function pgSelectIn<R>(
  table: 'positions' | 'payment_options',
  columns: readonly string[],
  entityCode: string,
  column: string,
  values: readonly (string | number)[],
) {
  const type = typeof values[0] === 'number' ? 'int8' : 'text';
  return sql<R>`select ${sql.join(columns.map((c) => sql.ref(`t.${c}`)))}
    from unnest(${[...new Set(values)]}::${sql.raw(type)}[]) as k(v)
    cross join lateral (select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)}
      where entity_code = ${entityCode} and ${sql.ref(column)} = k.v offset 0) as t`;
}

/**
 * `select <columns> from <table> where entity_code = ? and <column> in (…)` by parts, on the
 * transaction's SQLite connection (no builder work per value) or through Kysely; on PostgreSQL in
 * one statement (`pgSelectIn`).
 */
async function selectIn<R>(
  tx: Tx,
  table: 'positions' | 'payment_options',
  columns: readonly string[],
  entityCode: string,
  inColumn: string,
  values: readonly (string | number)[],
): Promise<R[]> {
  const out: R[] = [];
  const statements = sqliteStatementsOf(tx);
  if (!statements && engineOf(tx) === 'postgres') {
    if (values.length === 0) return out;
    return (await pgSelectIn<R>(table, columns, entityCode, inColumn, values).execute(tx)).rows;
  }
  for (const part of parts(values)) {
    if (statements) {
      const text = `select ${columns.map(q).join(', ')} from ${q(table)} where "entity_code" = ? and ${q(inColumn)} in (${part.map(() => '?').join(', ')})`;
      out.push(...(statements(text).all(entityCode, ...part) as R[]));
    } else {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- table and columns are this module's own
      const query = (tx as any).selectFrom(table).select(columns).where('entity_code', '=', entityCode);
      out.push(...((await query.where(inColumn, 'in', part).execute()) as R[]));
    }
  }
  return out;
}

/** The entity's positions with these iupds (id, iupd, status). */
export function selectPositionsByIupd(
  tx: Tx,
  entityCode: string,
  iupds: readonly string[],
): Promise<{ id: number; iupd: string; status: string }[]> {
  return selectIn(tx, 'positions', ['id', 'iupd', 'status'], entityCode, 'iupd', iupds);
}

/** The codes (installment, IUV, NAV) of the options of these positions of the entity. */
export function selectOptionCodes(
  tx: Tx,
  entityCode: string,
  positionIds: readonly number[],
): Promise<{ position_id: number; installment: number; iuv: string; nav: string }[]> {
  return selectIn(
    tx,
    'payment_options',
    ['position_id', 'installment', 'iuv', 'nav'],
    entityCode,
    'position_id',
    positionIds,
  );
}

/** The entity's options holding any of these NAVs, with their positions. */
export function selectOptionsByNav(
  tx: Tx,
  entityCode: string,
  navs: readonly string[],
): Promise<{ nav: string; position_id: number }[]> {
  return selectIn(tx, 'payment_options', ['nav', 'position_id'], entityCode, 'nav', navs);
}

/**
 * The entity's options whose NAV lies between two (both included), with their positions: one
 * index range for the NAVs of consecutive counter numbers, which sit side by side.
 */
export async function selectOptionsByNavRange(
  tx: Tx,
  entityCode: string,
  from: string,
  to: string,
): Promise<{ nav: string; position_id: number }[]> {
  const statements = sqliteStatementsOf(tx);
  if (statements)
    return statements(
      'select "nav", "position_id" from "payment_options" where "entity_code" = ? and "nav" between ? and ?',
    ).all(entityCode, from, to) as { nav: string; position_id: number }[];
  return tx
    .selectFrom('payment_options')
    .select(['nav', 'position_id'])
    .where('entity_code', '=', entityCode)
    .where('nav', '>=', from)
    .where('nav', '<=', to)
    .execute();
}

/**
 * Reserves `count` consecutive numbers of the entity's IUV counter; returns the first. The counter
 * row is updated in the caller's transaction, so several processes never get the same numbers.
 */
export async function reserveIuvNumbers(tx: Tx, entityCode: string, count: number): Promise<number> {
  const row = await tx
    .insertInto('iuv_counters')
    .values({ entity_code: entityCode, next_value: 1 + count })
    .onConflict((oc) =>
      oc
        .column('entity_code')
        .doUpdateSet((eb) => ({ next_value: eb('iuv_counters.next_value', '+', count) })),
    )
    .returning('next_value')
    .executeTakeFirstOrThrow();
  return Number(row.next_value) - count;
}

/** Deletes the options (and, by cascade, the transfers) of these positions. */
export async function deleteOptionsOfPositions(tx: Tx, positionIds: readonly number[]): Promise<void> {
  const statements = sqliteStatementsOf(tx);
  if (statements) {
    const st = statements('delete from "payment_options" where "position_id" = ?');
    for (const id of positionIds) st.run(id);
    return;
  }
  for (const part of parts(positionIds))
    await tx.deleteFrom('payment_options').where('position_id', 'in', part).execute();
}

/** Changes of one position row, by id. */
export interface PositionUpdate {
  id: number;
  values: Updateable<PositionsTable>;
}

/** Updates positions, each by its id with its own values. */
export async function updatePositions(tx: Tx, updates: readonly PositionUpdate[]): Promise<void> {
  const statements = sqliteStatementsOf(tx);
  for (const { id, values } of updates) {
    if (statements) {
      const cols = Object.keys(values) as (keyof typeof values)[];
      const st = statements(
        `update "positions" set ${cols.map((c) => `${q(c)} = ?`).join(', ')} where "id" = ?`,
      );
      st.run(...cols.map((c) => values[c] ?? null), id);
    } else {
      await tx.updateTable('positions').set(values).where('id', '=', id).execute();
    }
  }
}

const POSITION_COLUMNS = [
  'entity_code',
  'iupd',
  'status',
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
  'service_code',
  'validity_date',
  'due_date',
  'amount',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof NewPositionRow)[];

const OPTION_COLUMNS = [
  'position_id',
  'entity_code',
  'installment',
  'amount',
  'due_date',
  'description',
  'iuv',
  'nav',
  'status',
  'paid_at',
] as const satisfies readonly (keyof NewPaymentOptionRow)[];

const TRANSFER_COLUMNS = [
  'option_id',
  'idx',
  'iban',
  'postal',
  'amount',
  'remittance',
  'taxonomy',
] as const satisfies readonly (keyof TransferRow)[];

/**
 * Inserts new positions; returns each one's id with its iupd (in no set order).
 * @example const ids = await insertPositions(tx, rows); // [{ id: 7, iupd: 'TARI-1' }, …]
 */
export async function insertPositions(
  tx: Tx,
  rows: readonly NewPositionRow[],
): Promise<{ id: number; iupd: string }[]> {
  if (rows.length === 0) return [];
  const statements = sqliteStatementsOf(tx);
  if (statements) {
    const first = sqliteInsert(statements, 'positions', POSITION_COLUMNS, rows, true);
    return rows.map((r, i) => ({ id: first + i, iupd: r.iupd }));
  }
  if (engineOf(tx) === 'postgres') {
    const ids = await nextIds(tx, 'positions', rows.length);
    await copyRows(tx, 'positions', POSITION_COLUMNS, rows, ids);
    return rows.map((r, i) => ({ id: ids[i] as number, iupd: r.iupd }));
  }
  const out: { id: number; iupd: string }[] = [];
  for (const part of parts(rows))
    out.push(
      ...(await tx
        .insertInto('positions')
        .values(only(part, POSITION_COLUMNS))
        .returning(['id', 'iupd'])
        .execute()),
    );
  return out;
}

/** Inserts payment options; returns each one's id with its NAV (in no set order). */
export async function insertOptions(
  tx: Tx,
  rows: readonly NewPaymentOptionRow[],
): Promise<{ id: number; nav: string }[]> {
  if (rows.length === 0) return [];
  const statements = sqliteStatementsOf(tx);
  if (statements) {
    const first = sqliteInsert(statements, 'payment_options', OPTION_COLUMNS, rows, true);
    return rows.map((r, i) => ({ id: first + i, nav: r.nav }));
  }
  if (engineOf(tx) === 'postgres') {
    const ids = await nextIds(tx, 'payment_options', rows.length);
    await copyRows(tx, 'payment_options', OPTION_COLUMNS, rows, ids);
    return rows.map((r, i) => ({ id: ids[i] as number, nav: r.nav }));
  }
  const out: { id: number; nav: string }[] = [];
  for (const part of parts(rows))
    out.push(
      ...(await tx
        .insertInto('payment_options')
        .values(only(part, OPTION_COLUMNS))
        .returning(['id', 'nav'])
        .execute()),
    );
  return out;
}

/** Inserts transfers (beneficiaries of options). */
export async function insertTransfers(tx: Tx, rows: readonly TransferRow[]): Promise<void> {
  if (rows.length === 0) return;
  const statements = sqliteStatementsOf(tx);
  if (statements) {
    sqliteInsert(statements, 'transfers', TRANSFER_COLUMNS, rows, false);
    return;
  }
  if (engineOf(tx) === 'postgres') {
    await copyRows(tx, 'transfers', TRANSFER_COLUMNS, rows);
    return;
  }
  for (const part of parts(rows))
    await tx.insertInto('transfers').values(only(part, TRANSFER_COLUMNS)).execute();
}

/** The rows with only these columns (a missing one as null). */
function only<R extends object, C extends keyof R & string>(
  rows: readonly R[],
  columns: readonly C[],
): Pick<R, C>[] {
  return rows.map((r) => {
    const out = {} as Pick<R, C>;
    for (const c of columns) out[c] = (r[c] ?? null) as R[C];
    return out;
  });
}

/**
 * Inserts rows on the transaction's SQLite connection by SQLITE_ROWS_PER_INSERT per statement (one
 * multi-row INSERT costs far less than as many single-row ones), the rest one by one. With `withId`
 * the ids are given here, counting up from the table's largest: the transaction holds the
 * database's write lock once it writes (a writer that got in first makes this write fail, never
 * take its ids), and each row's id is known without RETURNING, whose rows come in no set order.
 * Returns the first id (0 without `withId`).
 */
function sqliteInsert<R extends object>(
  statements: SqliteStatements,
  table: string,
  rowColumns: readonly (keyof R & string)[],
  rows: readonly R[],
  withId: boolean,
): number {
  const columns: string[] = withId ? ['id', ...rowColumns] : [...rowColumns];
  const width = columns.length;
  const per = Math.max(1, Math.min(SQLITE_ROWS_PER_INSERT, Math.floor(SQLITE_MAX_PARAMETERS / width)));
  const head = `insert into ${q(table)} (${columns.map(q).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const firstId = withId
    ? Number((statements(`select max("id") as "m" from ${q(table)}`).get() as { m: number | null }).m ?? 0) +
      1
    : 0;
  const fill = (values: unknown[], from: number, count: number) => {
    let k = 0;
    for (let r = from; r < from + count; r++) {
      const row = rows[r] as R;
      if (withId) values[k++] = firstId + r;
      for (const c of rowColumns) values[k++] = row[c] ?? null;
    }
  };
  let r = 0;
  if (rows.length >= per) {
    const many = statements(head + new Array<string>(per).fill(tuple).join(', '));
    const values = new Array<unknown>(per * width);
    for (; r + per <= rows.length; r += per) {
      fill(values, r, per);
      many.run(values);
    }
  }
  if (r < rows.length) {
    const one = statements(head + tuple);
    const values = new Array<unknown>(width);
    for (; r < rows.length; r++) {
      fill(values, r, 1);
      one.run(values);
    }
  }
  return firstId;
}

/**
 * Lists of at most this many positions are read on the read connection (outside a transaction on a
 * SQLite file) with a statement prepared once per list length: the views of one search, one page.
 */
const FEW = 50;
const marks = (n: number) => new Array<string>(n).fill('?').join(', ');

/** The options of these positions, by installment. */
export async function selectOptionsOfPositions(
  db: Db | Tx,
  positionIds: readonly number[],
): Promise<PaymentOptionRow[]> {
  const statements = positionIds.length > 0 && positionIds.length <= FEW ? quickReader(db) : null;
  if (statements) return selectOptionsOfPositionsOn(statements, positionIds);
  const out: PaymentOptionRow[] = [];
  for (const part of parts(positionIds))
    out.push(
      ...(await db
        .selectFrom('payment_options')
        .selectAll()
        .where('position_id', 'in', part)
        .orderBy('installment')
        .execute()),
    );
  return out;
}

/** `selectOptionsOfPositions` of a few positions (up to 50) on a SQLite connection's statements. */
export function selectOptionsOfPositionsOn(
  statements: SqliteStatements,
  positionIds: readonly number[],
): PaymentOptionRow[] {
  const text = `select * from "payment_options" where "position_id" in (${marks(positionIds.length)}) order by "installment"`;
  return statements(text).all(...positionIds) as PaymentOptionRow[];
}

/** The transfers of these positions' options, by index. */
export async function selectTransfersOfPositions(
  db: Db | Tx,
  positionIds: readonly number[],
): Promise<TransferRow[]> {
  const statements = positionIds.length > 0 && positionIds.length <= FEW ? quickReader(db) : null;
  if (statements) {
    const text = `select "t".* from "transfers" as "t" inner join "payment_options" as "o" on "o"."id" = "t"."option_id" where "o"."position_id" in (${marks(positionIds.length)}) order by "t"."idx"`;
    return statements(text).all(...positionIds) as TransferRow[];
  }
  const out: TransferRow[] = [];
  for (const part of parts(positionIds))
    out.push(
      ...(await db
        .selectFrom('transfers as t')
        .innerJoin('payment_options as o', 'o.id', 't.option_id')
        .selectAll('t')
        .where('o.position_id', 'in', part)
        .orderBy('t.idx')
        .execute()),
    );
  return out;
}

/** The positions' tables whose statistics steer the lookup's and the search's plans. */
const PLANNED_TABLES = ['positions', 'payment_options', 'transfers'] as const;

/**
 * After a bulk write of `written` positions, refreshes PostgreSQL's planner statistics when the
 * write is a tenth or more of what they describe (the share at which autovacuum would analyze,
 * taken at once instead of within its next round). Until then a table filled from empty is
 * planned as if it were still small: a lookup may walk every position of the entity instead of
 * going by id. SQLite plans by its indexes' shape and needs nothing. Answers whether it analyzed.
 * @example await refreshPlannerStatistics(db, report.created)
 */
export async function refreshPlannerStatistics(db: Db, written: number): Promise<boolean> {
  if (engineOf(db) !== 'postgres' || written === 0) return false;
  const { rows } = await sql<{ reltuples: number }>`
    select reltuples::float8 as reltuples from pg_class where oid = 'positions'::regclass`.execute(db);
  const known = Number(rows[0]?.reltuples ?? -1);
  // reltuples is -1 for a table never analyzed (0 on PostgreSQL before 14).
  if (known > 0 && written < known / 10) return false;
  await sql.raw(`analyze ${PLANNED_TABLES.join(', ')}`).execute(db);
  return true;
}
