/**
 * Reporting flows in: every flow is stored as received (raw text, SHA-256, revision) and parsed;
 * a valid one is matched row by row against the receipts, a malformed one is kept invalid with its
 * reason and applies nothing. A newer revision of a flow id takes the older one's place in the
 * current set (the older rows stay, not current), and the rows of every IUV it touches are matched
 * again, so results always follow from the current rows alone (docs/reconciliation.md).
 */
import { createHash } from 'node:crypto';
import type { FlowView, MatchResult, WebhookEventAnomaly, WebhookEventFlow } from '@pagatore/sdk';
import { type Db, engineOf, transaction, type Tx } from '../db/database.js';
import type { EntityRow, FlowRow, FlowRowRow, ReceiptRow } from '../db/schema/index.js';
import {
  insertFlow,
  insertFlowRows,
  recountAnomalies,
  retireRevisions,
  selectCurrentRowsByIuv,
  selectFlowByHash,
  selectOptionIbans,
  selectReceiptsByIuv,
  selectRevisions,
  updateRowMatch,
} from '../db/stores/flows.js';
import { isUniqueViolation } from '../db/errors.js';
import { lockEntityEventsPostgres } from '../db/stores/queues.js';
import { pagopaSettingsOf } from '../entities/pagopa-settings.js';
import { appendEvent } from '../events/outbox.js';
import { transfersOf } from '../receipts/receipts.js';
import { type ParseResult, parseFlowJson, parseFlowXml } from './parse.js';

/** The largest flow accepted (raw bytes): a flow of tens of thousands of rows fits. */
export const FLOW_MAX_BYTES = 32 * 1024 * 1024;

export interface FlowInput {
  raw: string;
  format: 'xml' | 'json';
  origin: 'rest' | 'soap' | 'upload';
  /** What the fetch listed, so a listed flow is downloaded once. */
  sourceKey?: string | null;
  /** The flow id the listing named: kept with a flow too broken to tell its own. */
  flowId?: string | null;
}

export interface StoredFlow {
  flow: FlowRow;
  /** False when the same bytes were stored already (nothing changed). */
  created: boolean;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Parses and checks that the flow is addressed to this entity. */
function readFlow(entity: EntityRow, input: FlowInput): ParseResult {
  const parsed = input.format === 'json' ? parseFlowJson(input.raw) : parseFlowXml(input.raw);
  if (!parsed.ok) return parsed;
  const idPA = pagopaSettingsOf(entity).idPA;
  if (parsed.flow.receiverId !== idPA && parsed.flow.receiverId !== entity.code)
    return {
      ok: false,
      reason: `addressed to ${parsed.flow.receiverId}, not to this entity (${idPA})`,
      flowId: parsed.flow.flowId,
    };
  return parsed;
}

/**
 * Stores a flow and applies it: one transaction, so either the flow with all its matches lands or
 * nothing does. The same bytes again answer the stored flow. Announces `flow.received` and a
 * `reconciliation.anomaly` for each row that came out other than `matched`.
 */
export async function storeFlow(db: Db, entity: EntityRow, input: FlowInput, now: Date): Promise<StoredFlow> {
  const hash = sha256(input.raw);
  const known = await selectFlowByHash(db, entity.code, hash);
  if (known) return { flow: known, created: false };
  const parsed = readFlow(entity, input);
  for (let attempt = 0; ; attempt++) {
    try {
      return await transaction(db, (tx) => applyFlow(tx, entity, input, parsed, hash, now));
    } catch (e) {
      // Another process stored the same bytes, or took the same revision number, meanwhile.
      if (!isUniqueViolation(e) || attempt >= 2) throw e;
      const again = await selectFlowByHash(db, entity.code, hash);
      if (again) return { flow: again, created: false };
    }
  }
}

async function applyFlow(
  tx: Tx,
  entity: EntityRow,
  input: FlowInput,
  parsed: ParseResult,
  hash: string,
  now: Date,
): Promise<StoredFlow> {
  // On PostgreSQL, flows of one entity apply one after the other (their rows may share IUVs); the
  // lock is the one that orders the entity's events, which this transaction writes anyway.
  if (engineOf(tx) === 'postgres') await lockEntityEventsPostgres(tx, entity.code);
  const flowId = parsed.ok ? parsed.flow.flowId : (parsed.flowId ?? input.flowId ?? null);
  const revisions = flowId ? await selectRevisions(tx, entity.code, flowId) : [];
  const given = parsed.ok ? parsed.flow.revision : null;
  if (given !== null) {
    // FdR 3 numbers its revisions: one already stored is not stored twice.
    const same = revisions.find((r) => r.revision === given);
    if (same) return { flow: same, created: false };
  }
  const revision = given ?? (revisions[0]?.revision ?? 0) + 1;
  const currentOnes = revisions.filter((r) => r.current === 1);
  const newest = parsed.ok && currentOnes.every((r) => r.revision < revision);
  const base = {
    entity_code: entity.code,
    flow_id: flowId,
    revision,
    origin: input.origin,
    source_key: input.sourceKey ?? null,
    format: input.format,
    raw: input.raw,
    sha256: hash,
    received_at: now.toISOString(),
  };
  if (!parsed.ok) {
    const id = await insertFlow(tx, {
      ...base,
      status: 'invalid',
      invalid_reason: parsed.reason.slice(0, 2000),
      current: 0,
      row_count: 0,
      row_amount: 0,
      totals_mismatch: 0,
      anomalies: 0,
    });
    const flow = (await tx
      .selectFrom('flows')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()) as FlowRow;
    await announceFlow(tx, entity.code, flow, now);
    return { flow, created: true };
  }
  const f = parsed.flow;
  const rowAmount = f.rows.reduce((a, r) => a + r.amount, 0);
  const id = await insertFlow(tx, {
    ...base,
    status: 'valid',
    invalid_reason: null,
    current: newest ? 1 : 0,
    flow_date: f.flowDate,
    psp_id: f.pspId,
    psp_name: f.pspName,
    settlement_id: f.settlementId,
    settlement_date: f.settlementDate,
    bic: f.bic,
    receiver_id: f.receiverId,
    declared_count: f.declaredCount,
    declared_amount: f.declaredAmount,
    row_count: f.rows.length,
    row_amount: rowAmount,
    totals_mismatch: f.rows.length !== f.declaredCount || rowAmount !== f.declaredAmount ? 1 : 0,
    anomalies: 0,
  });
  const iuvs = new Set(f.rows.map((r) => r.iuv));
  if (newest) {
    const retired = currentOnes.map((r) => r.id);
    if (retired.length) {
      const old = await tx
        .selectFrom('flow_rows')
        .select('iuv')
        .distinct()
        .where('flow_ref', 'in', retired)
        .execute();
      for (const r of old) iuvs.add(r.iuv);
    }
    await retireRevisions(tx, retired);
  }
  await insertFlowRows(
    tx,
    f.rows.map((r, i) => ({
      flow_ref: id,
      entity_code: entity.code,
      position: i + 1,
      iuv: r.iuv,
      iur: r.iur,
      idx: r.idx,
      amount: r.amount,
      outcome: r.outcome,
      date: r.date,
      current: newest ? 1 : 0,
      result: '',
    })),
  );
  const anomalies = newest ? await rematch(tx, entity.code, [...iuvs]) : [];
  if (!newest) await matchHistory(tx, entity.code, id);
  const flow = (await tx
    .selectFrom('flows')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()) as FlowRow;
  await announceFlow(tx, entity.code, flow, now);
  for (const a of anomalies) await announceAnomaly(tx, entity.code, a, now);
  return { flow, created: true };
}

/** What a row is matched against: a receipt of the entity, by IUV and IUR. */
interface Match {
  result: MatchResult;
  receipt: ReceiptRow | null;
  expected: number | null;
  iban: string | null;
}

/** The transfers of a receipt that credit this entity (a split payment credits others too). */
export function ownTransfers(entity: string, r: Pick<ReceiptRow, 'transfers'>) {
  return transfersOf(r).filter((t) => !t.fiscalCode || t.fiscalCode === entity);
}

const SETTLES = new Set([0, 4, 8, 9]);

/**
 * The result of each current row of these IUVs, from the rows and receipts alone: rows settle in
 * order (settlement date, flow, position); a later row of the same IUV, IUR and index that settles
 * again is a `duplicate`. Writes the results that changed; answers the rows that became anomalies.
 */
export async function rematch(tx: Tx, entity: string, iuvs: string[]): Promise<AnomalyRow[]> {
  const out: AnomalyRow[] = [];
  const touched = new Set<number>();
  for (let i = 0; i < iuvs.length; i += 400) {
    const chunk = iuvs.slice(i, i + 400);
    const rows = await selectCurrentRowsByIuv(tx, entity, chunk);
    const receipts = await selectReceiptsByIuv(tx, entity, chunk);
    const byKey = new Map(receipts.map((r) => [`${r.iuv}\u0000${r.receipt_id}`, r]));
    const optionIbans = new Map(
      (await selectOptionIbans(tx, entity, chunk)).map((t) => [`${t.iuv}\u0000${t.idx}`, t.iban]),
    );
    const seen = new Set<string>();
    for (const row of rows) {
      const receipt = byKey.get(`${row.iuv}\u0000${row.iur}`) ?? null;
      const m = matchRow(entity, row, receipt, seen);
      if (!m.iban) m.iban = optionIbans.get(`${row.iuv}\u0000${row.idx ?? 1}`) ?? null;
      const receiptRef = m.receipt?.id ?? null;
      if (
        row.result !== m.result ||
        row.receipt_ref !== receiptRef ||
        row.expected_amount !== m.expected ||
        row.iban !== m.iban
      ) {
        await updateRowMatch(tx, row.id, {
          result: m.result,
          receipt_ref: receiptRef,
          expected_amount: m.expected,
          iban: m.iban,
        });
        touched.add(row.flow_ref);
        if (m.result !== 'matched' && row.result !== m.result) out.push({ row, match: m });
      }
    }
  }
  await recountAnomalies(tx, [...touched]);
  return out;
}

function matchRow(entity: string, row: FlowRowRow, receipt: ReceiptRow | null, seen: Set<string>): Match {
  const own = receipt ? ownTransfers(entity, receipt) : [];
  const transfer = row.idx === null ? null : (own.find((t) => t.idx === row.idx) ?? null);
  const expected = receipt
    ? row.idx === null
      ? own.reduce((a, t) => a + t.amount, 0)
      : (transfer?.amount ?? null)
    : null;
  const iban = transfer?.iban ?? (row.idx === null && own.length === 1 ? own[0]!.iban : null);
  const base = { receipt, expected, iban };
  if (row.outcome === 3) return { ...base, result: 'revoked' };
  const key = `${row.iuv}\u0000${row.iur}\u0000${row.idx ?? '*'}`;
  if (SETTLES.has(row.outcome)) {
    if (seen.has(key)) return { ...base, result: 'duplicate' };
    seen.add(key);
  }
  if (row.outcome === 9 || row.outcome === 8) return { ...base, result: 'no_rpt' };
  if (!receipt) return { ...base, result: 'receipt_missing' };
  return { ...base, result: expected === row.amount ? 'matched' : 'amount_differs' };
}

/** The rows of a revision that arrived after a newer one: matched for the record, never current. */
async function matchHistory(tx: Tx, entity: string, flowRef: number): Promise<void> {
  const rows = await tx
    .selectFrom('flow_rows')
    .selectAll()
    .where('flow_ref', '=', flowRef)
    .orderBy('position')
    .execute();
  const receipts = await selectReceiptsByIuv(tx, entity, [...new Set(rows.map((r) => r.iuv))]);
  const byKey = new Map(receipts.map((r) => [`${r.iuv}\u0000${r.receipt_id}`, r]));
  const seen = new Set<string>();
  for (const row of rows) {
    const m = matchRow(entity, row, byKey.get(`${row.iuv}\u0000${row.iur}`) ?? null, seen);
    await updateRowMatch(tx, row.id, {
      result: m.result,
      receipt_ref: m.receipt?.id ?? null,
      expected_amount: m.expected,
      iban: m.iban,
    });
  }
  await recountAnomalies(tx, [flowRef]);
}

/** A row that came out as an anomaly, for its event. */
export interface AnomalyRow {
  row: FlowRowRow;
  match: Match;
}

export function flowEventOf(f: FlowRow): WebhookEventFlow {
  return {
    id: f.id,
    flowId: f.flow_id,
    revision: f.revision,
    status: f.status,
    invalidReason: f.invalid_reason,
    pspId: f.psp_id,
    settlementId: f.settlement_id,
    settlementDate: f.settlement_date,
    rowCount: f.row_count,
    rowAmount: Number(f.row_amount),
    totalsMismatch: f.totals_mismatch === 1,
    anomalies: f.anomalies,
  };
}

async function announceFlow(tx: Tx, entity: string, f: FlowRow, now: Date): Promise<void> {
  await appendEvent(tx, {
    entityCode: entity,
    type: 'flow.received',
    key: `flow:${f.flow_id ?? f.sha256.slice(0, 40)}`,
    payload: { flow: flowEventOf(f) },
    now,
  });
}

async function practiceOf(tx: Tx, r: ReceiptRow) {
  const p = await tx
    .selectFrom('positions')
    .select('iupd')
    .where('id', '=', r.position_id)
    .executeTakeFirst();
  return p ? { iupd: p.iupd, nav: r.nav, iuv: r.iuv, amount: r.amount } : undefined;
}

/** Announces one anomaly: of a flow row, or `overdue` (a receipt without a flow in time). */
export async function announceAnomaly(tx: Tx, entity: string, a: AnomalyRow, now: Date): Promise<void> {
  const anomaly: WebhookEventAnomaly = {
    kind: a.match.result,
    flowRef: a.row.flow_ref,
    flowId:
      (await tx.selectFrom('flows').select('flow_id').where('id', '=', a.row.flow_ref).executeTakeFirst())
        ?.flow_id ?? null,
    iuv: a.row.iuv,
    iur: a.row.iur,
    index: a.row.idx,
    amount: Number(a.row.amount),
    expectedAmount: a.match.expected,
    receiptId: a.match.receipt?.receipt_id ?? null,
  };
  const practice = a.match.receipt ? await practiceOf(tx, a.match.receipt) : undefined;
  await appendEvent(tx, {
    entityCode: entity,
    type: 'reconciliation.anomaly',
    key: practice?.iupd ?? `iuv:${a.row.iuv}`,
    payload: { ...(practice ? { practice } : {}), anomaly },
    now,
  });
}

/** A flow revision as the admin API shows it. */
export function toFlowView(f: FlowRow): FlowView {
  return {
    id: f.id,
    flowId: f.flow_id,
    revision: f.revision,
    origin: f.origin as FlowView['origin'],
    status: f.status,
    invalidReason: f.invalid_reason,
    current: f.current === 1,
    flowDate: f.flow_date,
    pspId: f.psp_id,
    pspName: f.psp_name,
    settlementId: f.settlement_id,
    settlementDate: f.settlement_date,
    bic: f.bic,
    declaredCount: f.declared_count === null ? null : Number(f.declared_count),
    declaredAmount: f.declared_amount === null ? null : Number(f.declared_amount),
    rowCount: f.row_count,
    rowAmount: Number(f.row_amount),
    totalsMismatch: f.totals_mismatch === 1,
    anomalies: f.anomalies,
    sha256: f.sha256,
    receivedAt: f.received_at,
  };
}
