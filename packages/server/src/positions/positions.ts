/**
 * Debt positions of an entity: writing them in batches (create, replace, upsert by iupd — one code
 * path for the admin API and the bulk import), reading them back as the API shows them, listing
 * with filters. Query functions take `db` (or a transaction) first.
 */
import {
  type ErrorCode,
  type FieldError,
  type Lang,
  type NavScheme,
  type Page,
  type ParsedPosition,
  type PaymentOption,
  type Position,
  type PositionQuery,
  type PositionSort,
  type PositionStatus,
} from '@pagatore/sdk';
import { fieldMessage, messageOf } from '../core/messages.js';
import type * as v from 'valibot';
import { sql } from 'kysely';
import { ApiError } from '../core/errors.js';
import { type Db, engineOf, transaction, type Tx } from '../db/database.js';
import type {
  EntityRow,
  NewPaymentOptionRow,
  PaymentOptionRow,
  PositionRow,
  TransferRow,
} from '../db/schema/index.js';
import {
  deleteOptionsOfPositions,
  insertOptions,
  insertPositions,
  insertTransfers,
  reserveIuvNumbers,
  selectOptionCodes,
  selectOptionsByNav,
  selectOptionsByNavRange,
  selectOptionsOfPositions,
  selectPositionsByIupd,
  selectTransfersOfPositions,
  updatePositions,
} from '../db/stores/positions.js';
import { navSchemeOf } from '../entities/entities.js';
import { type GpdChange, gpdSyncOn, queueGpdChanges } from '../gpd/queue.js';
import { queueIoNewPositions } from '../outbound/io/outbox.js';
import { lookupByCode } from './lookup.js';
import { codesFor, givenCodes } from './codes.js';
import { assertPositionAllows, derivePositionStatus, nextOptionStatus, positionAllows } from './states.js';

/** How a batch treats an iupd that exists (or does not). */
export type WriteMode = 'create' | 'replace' | 'upsert';

/** One position to write, with where it came from (record or line number) for the error report. */
export interface WriteItem {
  row: number;
  position: ParsedPosition;
}

/** Why one row was not written. */
export interface RowError {
  row: number;
  iupd: string | null;
  code: ErrorCode;
  message: string;
  fields: FieldError[];
}

export interface WriteResult {
  created: number;
  updated: number;
  errors: RowError[];
  /** Position ids by iupd, of the rows written. */
  ids: Map<string, number>;
}

export function rowError(
  row: number,
  iupd: string | null,
  code: ErrorCode,
  fields: FieldError[],
  lang: Lang,
): RowError {
  return { row, iupd, code, message: messageOf(code, lang), fields };
}

type ParsedOption = NonNullable<ParsedPosition['single']>;

interface PlannedOption {
  installment: number;
  amount: number;
  dueDate: string;
  description: string | null;
  iuv: string;
  nav: string;
  transfers: ParsedOption['transfers'];
}

interface Planned {
  item: WriteItem;
  existingId: number | null;
  options: PlannedOption[];
  /** Options waiting for a server-assigned code (installment numbers). */
  unassigned: PlannedOption[];
}

function optionsOf(p: ParsedPosition) {
  const list: { installment: number; path: string; o: ParsedOption }[] = [];
  if (p.single) list.push({ installment: 0, path: 'single', o: p.single });
  (p.installments ?? []).forEach((o, i) => list.push({ installment: i + 1, path: `installments.${i}`, o }));
  return list;
}

/** A position of the batch that is there already. */
interface Existing {
  id: number;
  status: string;
}

/** The codes of a replaced position's options, by installment. */
type KeptCodes = Map<number, { iuv: string; nav: string }>;

/**
 * Writes a batch of positions in the caller's transaction. Rows that cannot be written (iupd taken
 * on create, missing on replace, a state that refuses updates, a NAV/IUV that does not fit the
 * entity or is used by another position) are reported and leave nothing behind; the others land.
 * The steps: keep the last row of each iupd, read what exists, plan each row (mode and state
 * rules, given or kept codes), refuse NAVs already taken, assign server codes, store.
 */
export async function writePositions(
  tx: Tx,
  entity: EntityRow,
  items: readonly WriteItem[],
  mode: WriteMode,
  now: Date,
  lang: Lang = 'it',
): Promise<WriteResult> {
  const result: WriteResult = { created: 0, updated: 0, errors: [], ids: new Map() };
  if (items.length === 0) return result;
  const scheme = navSchemeOf(entity);
  const unique = lastOfEachIupd(items);
  const existing = await existingPositions(tx, entity.code, unique);
  const kept = await keptCodes(tx, entity.code, existing);
  const planned = planRows(unique, existing, kept, mode, scheme, lang, result.errors);
  const { writable, navOwner } = await refuseTakenNavs(tx, entity.code, planned, lang, result.errors);
  await assignCodes(tx, entity.code, scheme, writable, navOwner);
  await storePlanned(tx, entity.code, writable, now, result);
  await queueForGpd(tx, entity, writable, result, now);
  // Messages on the IO app for the positions created (not for replaced ones).
  await queueIoNewPositions(
    tx,
    entity,
    writable
      .filter((pl) => pl.existingId === null)
      .map((pl) => result.ids.get(pl.item.position.iupd) as number),
    now,
  );
  return result;
}

/** The written positions, as they are now, for pagoPA's copy (when the entity keeps it in step). */
async function queueForGpd(
  tx: Tx,
  entity: EntityRow,
  writable: Planned[],
  result: WriteResult,
  now: Date,
): Promise<void> {
  if (writable.length === 0 || !gpdSyncOn(entity)) return;
  const ids = writable.map((pl) => result.ids.get(pl.item.position.iupd) as number);
  const rows = await tx.selectFrom('positions').selectAll().where('id', 'in', ids).execute();
  const views = new Map((await toViews(tx, rows)).map((v) => [v.iupd, v]));
  const changes: GpdChange[] = [];
  for (const pl of writable) {
    const position = views.get(pl.item.position.iupd);
    if (position) changes.push({ op: pl.existingId === null ? 'create' : 'update', position });
  }
  await queueGpdChanges(tx, entity, changes, now);
}

/** A later row of the same batch with the same iupd wins, as it would in separate batches. */
function lastOfEachIupd(items: readonly WriteItem[]): WriteItem[] {
  const lastByIupd = new Map<string, WriteItem>();
  for (const item of items) lastByIupd.set(item.position.iupd, item);
  return [...lastByIupd.values()];
}

/** The batch's positions that exist, by iupd. */
async function existingPositions(
  tx: Tx,
  entityCode: string,
  items: readonly WriteItem[],
): Promise<Map<string, Existing>> {
  const rows = await selectPositionsByIupd(
    tx,
    entityCode,
    items.map((i) => i.position.iupd),
  );
  return new Map(rows.map((r) => [r.iupd, { id: r.id, status: r.status }]));
}

/** Codes of options being replaced, by position id: kept for options that come without IUV/NAV. */
async function keptCodes(
  tx: Tx,
  entityCode: string,
  existing: Map<string, Existing>,
): Promise<Map<number, KeptCodes>> {
  const out = new Map<number, KeptCodes>();
  const ids = [...existing.values()].map((e) => e.id);
  if (ids.length === 0) return out;
  for (const r of await selectOptionCodes(tx, entityCode, ids)) {
    let m = out.get(r.position_id);
    if (!m) out.set(r.position_id, (m = new Map()));
    m.set(r.installment, { iuv: r.iuv, nav: r.nav });
  }
  return out;
}

/**
 * Each row checked against the mode (create needs a new iupd, replace an existing one) and the
 * state of the position it replaces, its options with their given or kept codes; the rows refused
 * go to `errors`.
 */
function planRows(
  items: readonly WriteItem[],
  existing: Map<string, Existing>,
  kept: Map<number, KeptCodes>,
  mode: WriteMode,
  scheme: NavScheme,
  lang: Lang,
  errors: RowError[],
): Planned[] {
  const planned: Planned[] = [];
  for (const item of items) {
    const p = item.position;
    const found = existing.get(p.iupd);
    if (found && mode === 'create') {
      errors.push(rowError(item.row, p.iupd, 'already_exists', [], lang));
      continue;
    }
    if (!found && mode === 'replace') {
      errors.push(rowError(item.row, p.iupd, 'not_found', [], lang));
      continue;
    }
    if (found && !positionAllows(found.status, 'update')) {
      errors.push(rowError(item.row, p.iupd, 'invalid_state', [], lang));
      continue;
    }
    const fieldErrors: FieldError[] = [];
    const options: PlannedOption[] = [];
    const unassigned: PlannedOption[] = [];
    const codesKept = found ? kept.get(found.id) : undefined;
    for (const { installment, path, o } of optionsOf(p)) {
      const option: PlannedOption = {
        installment,
        amount: o.amount,
        dueDate: o.dueDate,
        description: o.description ?? null,
        iuv: '',
        nav: '',
        transfers: o.transfers,
      };
      const codes = givenCodes(scheme, { iuv: o.iuv, nav: o.nav }, path, lang);
      if (codes && 'errors' in codes) fieldErrors.push(...codes.errors);
      else if (codes) Object.assign(option, codes);
      else if (codesKept?.has(installment)) Object.assign(option, codesKept.get(installment));
      else unassigned.push(option);
      options.push(option);
    }
    if (fieldErrors.length) {
      errors.push(rowError(item.row, p.iupd, 'validation_failed', fieldErrors, lang));
      continue;
    }
    planned.push({ item, existingId: found?.id ?? null, options, unassigned });
  }
  return planned;
}

/**
 * NAVs are unique per entity: within the batch, and against other positions' options. The rows
 * that clash go to `errors` (`already_exists`, the NAV fields); the others are writable.
 */
async function refuseTakenNavs(
  tx: Tx,
  entityCode: string,
  planned: Planned[],
  lang: Lang,
  errors: RowError[],
): Promise<{ writable: Planned[]; navOwner: Map<string, Planned> }> {
  const navOwner = new Map<string, Planned>();
  const clash = new Set<Planned>();
  for (const pl of planned) {
    for (const o of pl.options) {
      if (!o.nav) continue;
      const other = navOwner.get(o.nav);
      if (other && other !== pl) clash.add(pl);
      else navOwner.set(o.nav, pl);
    }
  }
  const replacing = new Set(planned.flatMap((pl) => (pl.existingId === null ? [] : [pl.existingId])));
  const taken = takenOf(await selectOptionsByNav(tx, entityCode, [...navOwner.keys()]), replacing);
  for (const nav of taken) {
    const pl = navOwner.get(nav);
    if (pl) clash.add(pl);
  }
  const writable: Planned[] = [];
  for (const pl of planned) {
    if (!clash.has(pl)) {
      writable.push(pl);
      continue;
    }
    const fields = optionsOf(pl.item.position)
      .filter(({ installment }) => {
        const nav = pl.options.find((o) => o.installment === installment)?.nav;
        return nav !== undefined && (taken.has(nav) || navOwner.get(nav) !== pl);
      })
      .map(({ path }) => ({
        path: `${path}.nav`,
        code: 'invalid_nav',
        message: fieldMessage('invalid_nav', lang),
      }));
    errors.push(rowError(pl.item.row, pl.item.position.iupd, 'already_exists', fields, lang));
  }
  return { writable, navOwner };
}

/** Server-assigned codes: reserves counter numbers, skipping any an entity happened to use itself. */
async function assignCodes(
  tx: Tx,
  entityCode: string,
  scheme: NavScheme,
  writable: Planned[],
  navOwner: Map<string, Planned>,
): Promise<void> {
  let pending = writable.flatMap((pl) => pl.unassigned);
  while (pending.length > 0) {
    const first = await reserveIuvNumbers(tx, entityCode, pending.length);
    let from = '';
    let to = '';
    pending.forEach((o, i) => {
      const codes = codesFor(scheme, first + i);
      o.iuv = codes.iuv;
      o.nav = codes.nav;
      if (from === '' || codes.nav < from) from = codes.nav;
      if (codes.nav > to) to = codes.nav;
    });
    // The NAVs of consecutive numbers sit side by side: one index range finds any the entity used.
    const used = takenOf(await selectOptionsByNavRange(tx, entityCode, from, to), new Set());
    pending = pending.filter((o) => used.has(o.nav) || navOwner.has(o.nav));
    for (const o of pending) o.nav = '';
  }
}

/**
 * Stores the writable rows: a replaced position keeps its id and gets its options anew; new
 * positions, then every option, then their transfers go in as multi-row inserts.
 */
async function storePlanned(
  tx: Tx,
  entityCode: string,
  writable: Planned[],
  now: Date,
  result: WriteResult,
): Promise<void> {
  if (writable.length === 0) return;
  const nowIso = now.toISOString();
  const toUpdate = writable.filter((pl) => pl.existingId !== null);
  const toInsert = writable.filter((pl) => pl.existingId === null);

  if (toUpdate.length > 0) {
    await deleteOptionsOfPositions(
      tx,
      toUpdate.map((pl) => pl.existingId as number),
    );
    await updatePositions(
      tx,
      toUpdate.map((pl) => ({ id: pl.existingId as number, values: positionValues(pl, nowIso) })),
    );
    for (const pl of toUpdate) result.ids.set(pl.item.position.iupd, pl.existingId as number);
    result.updated += toUpdate.length;
  }
  const inserted = await insertPositions(
    tx,
    toInsert.map((pl) => ({ ...positionValues(pl, nowIso), entity_code: entityCode, created_at: nowIso })),
  );
  for (const r of inserted) result.ids.set(r.iupd, r.id);
  result.created += inserted.length;

  const optionRows: NewPaymentOptionRow[] = [];
  const transfersByNav = new Map<string, PlannedOption['transfers']>();
  for (const pl of writable) {
    const positionId = result.ids.get(pl.item.position.iupd) as number;
    for (const o of pl.options) {
      optionRows.push({
        position_id: positionId,
        entity_code: entityCode,
        installment: o.installment,
        amount: o.amount,
        due_date: o.dueDate,
        description: o.description,
        iuv: o.iuv,
        nav: o.nav,
        status: 'unpaid',
        paid_at: null,
      });
      transfersByNav.set(o.nav, o.transfers);
    }
  }
  const transferRows: TransferRow[] = [];
  for (const { id, nav } of await insertOptions(tx, optionRows)) {
    (transfersByNav.get(nav) ?? []).forEach((t, i) =>
      transferRows.push({
        option_id: id,
        idx: i + 1,
        iban: t.iban,
        postal: t.postal ? 1 : 0,
        amount: t.amount,
        remittance: t.remittance,
        taxonomy: t.taxonomy,
      }),
    );
  }
  await insertTransfers(tx, transferRows);
}

/** A position's columns as a write sets them (the entity and creation time are the insert's). */
function positionValues(pl: Planned, nowIso: string) {
  const p = pl.item.position;
  const d = p.debtor;
  const options = pl.options;
  // One option (the common case) needs no sorting or summing.
  let dueDate = options.length === 1 ? (options[0] as PlannedOption).dueDate : '';
  let single: PlannedOption | undefined;
  let sum = 0;
  for (const o of options) {
    if (o.dueDate < dueDate || dueDate === '') dueDate = o.dueDate;
    if (o.installment === 0) single ??= o;
    sum += o.amount;
  }
  return {
    iupd: p.iupd,
    status: derivePositionStatus(options.map((o) => ({ installment: o.installment, status: 'unpaid' }))),
    debtor_fiscal_code: d.fiscalCode,
    debtor_type: d.type,
    debtor_name: d.name,
    debtor_address: d.address ?? null,
    debtor_city: d.city ?? null,
    debtor_postal_code: d.postalCode ?? null,
    debtor_province: d.province ?? null,
    debtor_country: d.country ?? null,
    debtor_email: d.email ?? null,
    description: p.description,
    service_code: p.service ?? null,
    validity_date: p.validityDate ?? null,
    due_date: dueDate,
    amount: single ? single.amount : sum,
    updated_at: nowIso,
  };
}

/** Which NAVs of the rows belong to positions other than the ones being replaced. */
function takenOf(rows: { nav: string; position_id: number }[], ignorePositions: Set<number>): Set<string> {
  const out = new Set<string>();
  for (const r of rows) if (!ignorePositions.has(r.position_id)) out.add(r.nav);
  return out;
}

/** A single-row write's error as the API's error. */
function asApiError(e: RowError): ApiError {
  return new ApiError(e.code, e.fields.length ? { fields: e.fields } : {});
}

/**
 * Creates or replaces one position in its own transaction and answers it as the API shows it;
 * throws the row's error (`already_exists`, `not_found`, `invalid_state`, `validation_failed`).
 */
export async function savePosition(
  db: Db,
  entity: EntityRow,
  position: ParsedPosition,
  mode: WriteMode,
  now: Date,
  lang: Lang,
): Promise<Position> {
  return transaction(db, async (tx) => {
    const r = await writePositions(tx, entity, [{ row: 1, position }], mode, now, lang);
    const err = r.errors[0];
    if (err) throw asApiError(err);
    const row = await findPosition(tx, entity.code, position.iupd);
    if (!row) throw new ApiError('internal');
    const [view] = await toViews(tx, [row]);
    if (!view) throw new ApiError('internal');
    return view;
  });
}

/**
 * Cancels an entity's position by iupd in one transaction and answers it as the API shows it, or
 * null when there is none; 409 `invalid_state` when its state refuses.
 */
export async function cancelPositionView(
  db: Db,
  entityCode: string,
  iupd: string,
  now: Date,
): Promise<Position | null> {
  return transaction(db, async (tx) => {
    const row = await findPosition(tx, entityCode, iupd);
    if (!row) return null;
    assertPositionAllows(row.status, 'cancel');
    await cancelPosition(tx, row.id, now);
    const fresh = await findPosition(tx, entityCode, iupd);
    const [view] = await toViews(tx, fresh ? [fresh] : []);
    if (!view) throw new ApiError('internal');
    return view;
  });
}

/**
 * Cancels a position: each option moves by the state table; the caller checked the position's. The
 * cancellation is queued for pagoPA's copy in the same transaction.
 */
export async function cancelPosition(tx: Tx, positionId: number, now: Date): Promise<void> {
  const options = await tx
    .selectFrom('payment_options')
    .select(['id', 'installment', 'status'])
    .where('position_id', '=', positionId)
    .execute();
  for (const o of options) {
    const next = nextOptionStatus(o.status, 'cancel');
    if (!next) continue;
    await tx
      .updateTable('payment_options')
      .set({ status: next })
      .where('id', '=', o.id)
      .where('status', '=', o.status)
      .execute();
    o.status = next;
  }
  await tx
    .updateTable('positions')
    .set({ status: derivePositionStatus(options), updated_at: now.toISOString() })
    .where('id', '=', positionId)
    .execute();
  const position = await tx
    .selectFrom('positions')
    .innerJoin('entities', 'entities.code', 'positions.entity_code')
    .select([
      'entities.code',
      'entities.name',
      'entities.pagopa_settings',
      'positions.iupd',
      'positions.validity_date',
    ])
    .where('positions.id', '=', positionId)
    .executeTakeFirst();
  if (position)
    await queueGpdChanges(
      tx,
      position,
      [{ op: 'cancel', iupd: position.iupd, validityDate: position.validity_date }],
      now,
    );
}

export async function findPosition(
  db: Db | Tx,
  entityCode: string,
  iupd: string,
): Promise<PositionRow | undefined> {
  return db
    .selectFrom('positions')
    .selectAll()
    .where('entity_code', '=', entityCode)
    .where('iupd', '=', iupd)
    .executeTakeFirst();
}

/**
 * Positions as the API shows them, with options and transfers, in the order given. With
 * `transfers: false` every option's transfers are left empty and not read (a view that never shows
 * them, as the citizen's, saves the query); `options` are the rows' options when they were read
 * with the rows (the citizen's search on PostgreSQL), which saves that query too.
 */
export async function toViews(
  db: Db | Tx,
  rows: PositionRow[],
  opts: { transfers?: boolean; options?: PaymentOptionRow[] | undefined } = {},
): Promise<Position[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [options, transfers] = await Promise.all([
    opts.options ?? selectOptionsOfPositions(db, ids),
    opts.transfers === false ? [] : selectTransfersOfPositions(db, ids),
  ]);
  return assemble(rows, options, transfers);
}

function assemble(rows: PositionRow[], options: PaymentOptionRow[], transfers: TransferRow[]): Position[] {
  const transfersByOption = new Map<number, TransferRow[]>();
  for (const t of transfers) {
    const list = transfersByOption.get(t.option_id) ?? [];
    list.push(t);
    transfersByOption.set(t.option_id, list);
  }
  const optionsByPosition = new Map<number, PaymentOptionRow[]>();
  for (const o of options) {
    const list = optionsByPosition.get(o.position_id) ?? [];
    list.push(o);
    optionsByPosition.set(o.position_id, list);
  }
  return rows.map((r) => {
    const opts = (optionsByPosition.get(r.id) ?? []).map((o) =>
      optionView(o, transfersByOption.get(o.id) ?? []),
    );
    return {
      iupd: r.iupd,
      status: r.status as PositionStatus,
      debtor: {
        fiscalCode: r.debtor_fiscal_code,
        type: r.debtor_type as 'F' | 'G',
        name: r.debtor_name,
        address: r.debtor_address,
        city: r.debtor_city,
        postalCode: r.debtor_postal_code,
        province: r.debtor_province,
        country: r.debtor_country,
        email: r.debtor_email,
      },
      description: r.description,
      service: r.service_code,
      validityDate: r.validity_date,
      single: opts.find((o) => o.installment === 0) ?? null,
      installments: opts.filter((o) => o.installment > 0),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      overpaidAt: r.overpaid_at,
    };
  });
}

function optionView(o: PaymentOptionRow, transfers: TransferRow[]): PaymentOption {
  return {
    installment: o.installment,
    amount: Number(o.amount),
    dueDate: o.due_date,
    description: o.description,
    iuv: o.iuv,
    nav: o.nav,
    status: o.status as PaymentOption['status'],
    paidAt: o.paid_at,
    transfers: transfers.map((t) => ({
      iban: t.iban,
      postal: t.postal === 1,
      amount: Number(t.amount),
      remittance: t.remittance,
      taxonomy: t.taxonomy,
    })),
  };
}

type ParsedQuery = v.InferOutput<typeof PositionQuery>;

/** A page of positions with the cursor of the next one. */
export type PositionPage = Page<Position> & { next: string | null };

/** The column each sort walks (its index ends with the id, the tie-break). */
const SORT_COLUMNS = {
  due: 'positions.due_date',
  amount: 'positions.amount',
  name: 'positions.debtor_name',
  created: 'positions.id',
} as const;
type SortKey = keyof typeof SORT_COLUMNS;

/** Where a page ended: the sort it belongs to, the sort column's value and the id of its last row. */
interface Cursor {
  s: PositionSort;
  v: string | number;
  i: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** The cursor as sent back, or null when it is not one this sort could have given. */
function decodeCursor(raw: string, sort: PositionSort): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
    const key = sort.replace('-', '') as SortKey;
    const valueOk =
      key === 'amount' || key === 'created'
        ? Number.isSafeInteger(c.v)
        : typeof c.v === 'string' && c.v.length <= 140;
    if (c.s !== sort || !valueOk || !Number.isSafeInteger(c.i) || (c.i as number) < 0) return null;
    return c as Cursor;
  } catch {
    return null;
  }
}

function badQuery(path: string, code: 'invalid_format' | 'not_applicable'): ApiError {
  return new ApiError('validation_failed', { fields: [{ path, code, message: fieldMessage(code) }] });
}

/** True when the query asks for a NAV or IUV and nothing else (the lookup integrators make most). */
function onlyByCode(q: ParsedQuery): boolean {
  return (
    !q.status &&
    !q.debtor &&
    !q.service &&
    !q.dueFrom &&
    !q.dueTo &&
    !q.q &&
    q.overpaid === undefined &&
    !q.iupd &&
    q.amountFrom === undefined &&
    q.amountTo === undefined &&
    !q.cursor
  );
}

/**
 * The statements of one page of the list: the page (one row more than asked, to know there is a
 * next) and the count. Exported for the test that checks each order is served by an index.
 */
export function positionPageQueries(db: Db, entityCode: string, q: ParsedQuery) {
  const byCode = q.nav ?? q.iuv;
  const sort = q.sort;
  const desc = sort.startsWith('-');
  const key = sort.replace('-', '') as SortKey;
  const column = SORT_COLUMNS[key];
  let cursor: Cursor | null = null;
  if (q.cursor !== undefined) {
    if (q.offset !== 0) throw badQuery('query.offset', 'not_applicable');
    cursor = decodeCursor(q.cursor, sort);
    if (!cursor) throw badQuery('query.cursor', 'invalid_format');
  }
  let query = db.selectFrom('positions').where('positions.entity_code', '=', entityCode);
  if (q.status) query = query.where('positions.status', '=', q.status);
  if (q.debtor) query = query.where('positions.debtor_fiscal_code', '=', q.debtor);
  if (q.iupd) query = query.where('positions.iupd', '=', q.iupd);
  if (q.service) query = query.where('positions.service_code', '=', q.service);
  if (q.dueFrom) query = query.where('positions.due_date', '>=', q.dueFrom);
  if (q.dueTo) query = query.where('positions.due_date', '<=', q.dueTo);
  if (q.amountFrom !== undefined) query = query.where('positions.amount', '>=', q.amountFrom);
  if (q.amountTo !== undefined) query = query.where('positions.amount', '<=', q.amountTo);
  if (q.overpaid !== undefined)
    query = query.where('positions.overpaid_at', q.overpaid ? 'is not' : 'is', null);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('positions.description', 'like', like),
        eb('positions.debtor_name', 'like', like),
        eb('positions.iupd', 'like', like),
      ]),
    );
  }
  if (byCode !== undefined) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('payment_options')
          .select('payment_options.id')
          .whereRef('payment_options.position_id', '=', 'positions.id')
          .where('payment_options.entity_code', '=', entityCode)
          .where(q.nav !== undefined ? 'payment_options.nav' : 'payment_options.iuv', '=', byCode),
      ),
    );
  }
  let pageQuery = query;
  if (cursor) {
    const c = cursor;
    pageQuery =
      key === 'created'
        ? pageQuery.where('positions.id', desc ? '<' : '>', c.i)
        : pageQuery.where((eb) =>
            eb(eb.refTuple(column, 'positions.id'), desc ? '<' : '>', eb.tuple(c.v as never, c.i)),
          );
  }
  const dir = desc ? 'desc' : 'asc';
  // A debtor, an IUPD or a code match few rows: found by their own index and sorted, rather than
  // walking the whole order looking for them. SQLite would take the order's index (no statistics
  // tell it otherwise); `+column` keeps it from ordering by it. PostgreSQL's planner has them.
  const few = q.debtor !== undefined || q.iupd !== undefined || byCode !== undefined;
  const orderRef = (col: typeof column) =>
    few && engineOf(db) === 'sqlite' ? sql<unknown>`+${sql.ref(col)}` : sql<unknown>`${sql.ref(col)}`;
  pageQuery = key === 'created' ? pageQuery : pageQuery.orderBy(orderRef(column), dir);
  pageQuery = pageQuery.orderBy(orderRef('positions.id'), dir).limit(q.limit + 1);
  // `offset` stays for the callers that page by it; the console and the cursor never send one.
  if (q.offset > 0) pageQuery = pageQuery.offset(q.offset);
  return {
    key,
    sort,
    page: pageQuery.selectAll('positions'),
    count: query.select((eb) => eb.fn.countAll<number>().as('n')),
  };
}

/**
 * A page of an entity's positions in the asked order (newest first by default), with the total
 * matching the filters and the keyset cursor of the next page. Every order walks an index of its
 * own (migration 0029), so a page costs the same on the first page and the thousandth.
 */
export async function listPositions(db: Db, entityCode: string, q: ParsedQuery): Promise<PositionPage> {
  const byCode = q.nav ?? q.iuv;
  // NAV and IUV are unique per entity: at most one position, no count needed, no query to build.
  if (byCode !== undefined && onlyByCode(q)) {
    const found = await lookupByCode(db, entityCode, q.nav !== undefined ? 'nav' : 'iuv', byCode);
    return {
      items: found && q.offset === 0 ? [found] : [],
      total: found ? 1 : 0,
      limit: q.limit,
      offset: q.offset,
      next: null,
    };
  }
  const { key, sort, page: pageQuery, count: countQuery } = positionPageQueries(db, entityCode, q);
  const [rows, count] = await Promise.all([pageQuery.execute(), countQuery.executeTakeFirstOrThrow()]);
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page[page.length - 1];
  const next =
    more && last
      ? encodeCursor({
          s: sort,
          v:
            key === 'amount'
              ? Number(last.amount)
              : key === 'created'
                ? last.id
                : key === 'due'
                  ? last.due_date
                  : last.debtor_name,
          i: last.id,
        })
      : null;
  return { items: await toViews(db, page), total: Number(count.n), limit: q.limit, offset: q.offset, next };
}
