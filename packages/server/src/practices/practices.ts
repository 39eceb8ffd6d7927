/**
 * Practices on the citizen side: the anonymous search (both identifiers must match), the views a
 * citizen sees, "my practices" (sorted, filtered, paged) and the links an account keeps to
 * practices it found by search. Query functions take `db` (or a transaction) first.
 */
import {
  canonicalFiscalCode,
  type MyPractice,
  type Page,
  type Practice,
  type PracticeOption,
  type PracticeOrigin,
  type PracticeQuery,
  type PracticeSort,
} from '@pagatore/sdk';
import type * as v from 'valibot';
import { markFiscalCodeProven } from '../accounts/fiscal-codes.js';
import type { Db, SqliteStatements, Tx } from '../db/database.js';
import type { EntityRow, PaymentOptionRow, PositionRow } from '../db/schema/index.js';
import { ApiError } from '../core/errors.js';
import { romeDate } from '../core/rome-calendar.js';
import {
  selectOptionsOfPositions,
  selectPositionByCodes,
  selectPositionByCodesOn,
} from '../db/stores/positions.js';
import { nextOptionStatus } from '../positions/states.js';
import { type Holder, provenSpellings, reachable } from './access.js';

/** The identifiers of an anonymous search, parsed by the SDK's `PracticeSearch`. */
export interface SearchKeys {
  fiscalCode: string;
  nav?: string | undefined;
  iuv?: string | undefined;
}

/**
 * A position found by search, with the option (0: single payment, 1..n: installment) the code named,
 * and its options when they were read with it.
 */
export type FoundPosition = PositionRow & { found_installment: number; options?: PaymentOptionRow[] };

/** Whether a position's debtor is the person of this fiscal code, in any spelling of it (omocodia). */
export function isDebtorOf(row: PositionRow, fiscalCode: string): boolean {
  return canonicalFiscalCode(row.debtor_fiscal_code) === canonicalFiscalCode(fiscalCode);
}

/**
 * The position whose debtor fiscal code and Codice Avviso / IUV both match, or undefined. A
 * wrong fiscal code and an unknown code look the same to the caller.
 */
export async function findBySearch(
  db: Db | Tx,
  entityCode: string,
  keys: SearchKeys,
): Promise<FoundPosition | undefined> {
  if (keys.nav === undefined && keys.iuv === undefined) return undefined;
  const row = await selectPositionByCodes(db, entityCode, { nav: keys.nav, iuv: keys.iuv });
  if (!row) return undefined;
  // Omocodia: the entity may have loaded another spelling of the same person's code.
  return isDebtorOf(row, keys.fiscalCode) ? row : undefined;
}

/** `findBySearch` on a SQLite connection's statements. */
export function findBySearchOn(
  statements: SqliteStatements,
  entityCode: string,
  keys: SearchKeys,
): FoundPosition | undefined {
  if (keys.nav === undefined && keys.iuv === undefined) return undefined;
  const row = selectPositionByCodesOn(statements, entityCode, { nav: keys.nav, iuv: keys.iuv });
  return row && isDebtorOf(row, keys.fiscalCode) ? row : undefined;
}

/**
 * Citizen views of positions (in the order given), without IBANs. A row found by search says which
 * option its code named (`found`); rows that carry their options (read with them) save the query.
 */
export async function toPractices(
  db: Db | Tx,
  entity: Pick<EntityRow, 'code' | 'name'>,
  rows: (PositionRow | FoundPosition)[],
  now: Date,
): Promise<Practice[]> {
  if (rows.length === 0) return [];
  const carried = rows.every((r) => 'options' in r && r.options !== undefined);
  const byPosition = new Map<number, PaymentOptionRow[]>();
  if (!carried)
    for (const o of await selectOptionsOfPositions(
      db,
      rows.map((r) => r.id),
    )) {
      const list = byPosition.get(o.position_id);
      if (list) list.push(o);
      else byPosition.set(o.position_id, [o]);
    }
  const today = romeDate(now);
  return rows.map((row) =>
    practiceView(entity, row, ('options' in row && row.options) || byPosition.get(row.id) || [], today),
  );
}

/**
 * The citizen's view of one position with its options (ordered by installment) on `today` (Rome's
 * date): no transfers, since their IBANs are the entity's business.
 */
export function practiceView(
  entity: Pick<EntityRow, 'code' | 'name'>,
  row: PositionRow | FoundPosition,
  options: readonly PaymentOptionRow[],
  today: string,
): Practice {
  let single: PracticeOption | null = null;
  const installments: PracticeOption[] = [];
  let running = false;
  let startable = false;
  for (const o of options) {
    const status = o.status as PracticeOption['status'];
    const option: PracticeOption = {
      installment: o.installment,
      amount: Number(o.amount),
      dueDate: o.due_date,
      description: o.description,
      iuv: o.iuv,
      nav: o.nav,
      status,
      paidAt: o.paid_at,
    };
    if (o.installment > 0) installments.push(option);
    else if (single === null && o.installment === 0) single = option;
    else continue;
    if (status === 'in_payment') running = true;
    if (nextOptionStatus(status, 'start_payment') !== null) startable = true;
  }
  const open = row.validity_date === null || row.validity_date <= today;
  return {
    id: String(row.id),
    entity: { code: entity.code, name: entity.name },
    description: row.description,
    debtor: { fiscalCode: row.debtor_fiscal_code, name: row.debtor_name },
    service: row.service_code,
    status: row.status as Practice['status'],
    amount: Number(row.amount),
    dueDate: row.due_date,
    single,
    installments,
    // The state table says which options a payment may start on; a payment running on any
    // option holds the whole practice (its options exclude each other).
    payable: open && !running && startable,
    createdAt: row.created_at,
    ...('found_installment' in row ? { found: Number(row.found_installment) } : {}),
  };
}

type Links = Map<number, { origin: 'search' | 'spontaneous'; evidence: string | null }>;

async function linksOf(db: Db | Tx, accountId: string, positionIds: number[]): Promise<Links> {
  if (positionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('practice_links')
    .select(['position_id', 'origin', 'evidence'])
    .where('account_id', '=', accountId)
    .where('position_id', 'in', positionIds)
    .execute();
  return new Map(rows.map((r) => [r.position_id, { origin: r.origin, evidence: r.evidence }]));
}

/** The option a search link's code (Codice Avviso or IUV) names, if any. */
function foundByEvidence(p: Practice, evidence: string | null): number | undefined {
  if (!evidence) return undefined;
  const o = [p.single, ...p.installments].find((x) => x && (x.nav === evidence || x.iuv === evidence));
  return o?.installment;
}

function originOf(row: PositionRow, link: 'search' | 'spontaneous' | undefined, spellings: Set<string>) {
  if (link === 'spontaneous') return 'spontaneous';
  if (spellings.has(row.debtor_fiscal_code)) return 'assigned';
  return 'search';
}

/** Views of positions the account reaches, with why it reaches each. */
export async function toMyPractices(
  db: Db | Tx,
  entity: Pick<EntityRow, 'code' | 'name'>,
  holder: Holder,
  rows: (PositionRow | FoundPosition)[],
  now: Date,
  spellings?: string[],
): Promise<MyPractice[]> {
  const proven = new Set(spellings ?? (await provenSpellings(db, holder.id)));
  const links = await linksOf(
    db,
    holder.id,
    rows.map((r) => r.id),
  );
  const practices = await toPractices(db, entity, rows, now);
  return practices.map((p, i) => {
    const row = rows[i] as PositionRow;
    const link = links.get(row.id);
    const origin: PracticeOrigin = originOf(row, link?.origin, proven);
    const found = p.found ?? (link?.origin === 'search' ? foundByEvidence(p, link.evidence) : undefined);
    return { ...p, ...(found !== undefined ? { found } : {}), origin, linked: link !== undefined };
  });
}

type ParsedQuery = v.InferOutput<typeof PracticeQuery>;

const SORTS: Record<
  PracticeSort,
  { column: 'due_date' | 'amount' | 'created_at' | 'status'; desc: boolean }
> = {
  dueDate: { column: 'due_date', desc: false },
  '-dueDate': { column: 'due_date', desc: true },
  amount: { column: 'amount', desc: false },
  '-amount': { column: 'amount', desc: true },
  createdAt: { column: 'created_at', desc: false },
  '-createdAt': { column: 'created_at', desc: true },
  status: { column: 'status', desc: false },
};

/** A page of "my practices" and how many there are in all. */
export async function listMyPractices(
  db: Db,
  entity: Pick<EntityRow, 'code' | 'name'>,
  holder: Holder,
  q: ParsedQuery,
  now: Date,
): Promise<Page<MyPractice>> {
  const spellings = await provenSpellings(db, holder.id);
  let query = db.selectFrom('positions').where(reachable(holder, spellings));
  if (q.status) query = query.where('positions.status', '=', q.status);
  if (q.origin) {
    const linked = (origin: 'search' | 'spontaneous') =>
      db
        .selectFrom('practice_links')
        .select('practice_links.position_id')
        .where('practice_links.account_id', '=', holder.id)
        .where('practice_links.origin', '=', origin);
    const assigned = spellings.length > 0 ? spellings : [''];
    if (q.origin === 'spontaneous') query = query.where('positions.id', 'in', linked('spontaneous'));
    else if (q.origin === 'assigned') {
      query = query
        .where('positions.debtor_fiscal_code', 'in', assigned)
        .where('positions.id', 'not in', linked('spontaneous'));
    } else {
      query = query
        .where('positions.id', 'in', linked('search'))
        .where('positions.debtor_fiscal_code', 'not in', assigned);
    }
  }
  const sort = SORTS[q.sort];
  const [rows, count] = await Promise.all([
    query
      .selectAll('positions')
      .orderBy(`positions.${sort.column}`, sort.desc ? 'desc' : 'asc')
      .orderBy('positions.id', 'desc')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = await toMyPractices(db, entity, holder, rows, now, spellings);
  return { items, total: Number(count.n), limit: q.limit, offset: q.offset };
}

/**
 * Keeps a practice found by search in the account's list. When the search was made with a
 * Codice Avviso on the account's own fiscal code, the account has proved it holds that code.
 */
export async function linkFoundPractice(
  db: Db,
  account: Holder & { fiscal_code: string | null },
  row: PositionRow,
  keys: SearchKeys,
  now: Date,
): Promise<void> {
  await db
    .insertInto('practice_links')
    .values({
      account_id: account.id,
      position_id: row.id,
      entity_code: row.entity_code,
      origin: 'search',
      evidence: keys.nav ?? keys.iuv ?? null,
      created_at: now.toISOString(),
    })
    // A spontaneous link stays what it is.
    .onConflict((oc) => oc.columns(['account_id', 'position_id']).doNothing())
    .execute();
  await proveIfOwn(db, account, row, keys, now);
}

/**
 * A hit with the Codice Avviso on the account's own declared fiscal code proves the account holds
 * it (the notice went to its holder). The IUV alone does not: it is not what the notice calls the
 * code to pay with, and FACTS/DESIGN tie the proof to the Codice Avviso.
 */
export async function proveIfOwn(
  db: Db,
  account: Holder & { fiscal_code: string | null },
  row: PositionRow,
  keys: SearchKeys,
  now: Date,
): Promise<boolean> {
  if (keys.nav === undefined || !account.fiscal_code) return false;
  if (account.entity_code !== row.entity_code) return false;
  const own = canonicalFiscalCode(account.fiscal_code);
  if (canonicalFiscalCode(row.debtor_fiscal_code) !== own) return false;
  await markFiscalCodeProven(db, account.id, own, 'notice', { evidence: keys.nav, now });
  return true;
}

/** Removes a search link; assigned and spontaneous practices cannot be removed. */
export async function unlinkPractice(db: Db, holder: Holder, positionId: number): Promise<void> {
  const link = await db
    .selectFrom('practice_links')
    .select('origin')
    .where('account_id', '=', holder.id)
    .where('position_id', '=', positionId)
    .executeTakeFirst();
  if (link?.origin !== 'search') throw new ApiError('invalid_state');
  await db
    .deleteFrom('practice_links')
    .where('account_id', '=', holder.id)
    .where('position_id', '=', positionId)
    .where('origin', '=', 'search')
    .execute();
}
