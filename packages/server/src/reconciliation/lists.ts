/** The admin lists of flows and flow rows, with their filters, paged. */
import type { FlowList, FlowRowList, FlowRowView } from '@pagatore/sdk';
import type { Db } from '../db/database.js';
import { toFlowView } from './flows.js';

export interface FlowFilters {
  flowId?: string | undefined;
  status?: 'valid' | 'invalid' | undefined;
  anomalies?: 'true' | 'false' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  current?: 'true' | 'false' | undefined;
  limit: number;
  offset: number;
}

/** Flows, newest settlement first; by default only current revisions and invalid flows. */
export async function listFlows(db: Db, entity: string, f: FlowFilters): Promise<FlowList> {
  let q = db.selectFrom('flows').where('entity_code', '=', entity);
  if (f.current !== 'false')
    q = q.where((eb) => eb.or([eb('current', '=', 1), eb('status', '=', 'invalid')]));
  if (f.flowId) q = q.where('flow_id', '=', f.flowId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.anomalies === 'true')
    q = q.where((eb) =>
      eb.or([eb('anomalies', '>', 0), eb('totals_mismatch', '=', 1), eb('status', '=', 'invalid')]),
    );
  if (f.anomalies === 'false')
    q = q.where('anomalies', '=', 0).where('totals_mismatch', '=', 0).where('status', '=', 'valid');
  if (f.from) q = q.where('settlement_date', '>=', f.from);
  if (f.to) q = q.where('settlement_date', '<=', f.to);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('settlement_date', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { items: rows.map(toFlowView), total: Number(total.n), limit: f.limit, offset: f.offset };
}

export interface RowFilters {
  result?: string | undefined;
  iuv?: string | undefined;
  iur?: string | undefined;
  anomalies?: 'true' | 'false' | undefined;
  limit: number;
  offset: number;
}

/** Rows of one flow revision (`flowRef`), or of every current revision. */
export async function listFlowRows(
  db: Db,
  entity: string,
  flowRef: number | null,
  f: RowFilters,
): Promise<FlowRowList> {
  let q = db
    .selectFrom('flow_rows as r')
    .innerJoin('flows as fl', 'fl.id', 'r.flow_ref')
    .leftJoin('receipts as rc', 'rc.id', 'r.receipt_ref')
    .leftJoin('positions as p', 'p.id', 'rc.position_id')
    .where('r.entity_code', '=', entity);
  q = flowRef === null ? q.where('r.current', '=', 1) : q.where('r.flow_ref', '=', flowRef);
  if (f.result) q = q.where('r.result', '=', f.result);
  if (f.iuv) q = q.where('r.iuv', '=', f.iuv);
  if (f.iur) q = q.where('r.iur', '=', f.iur);
  if (f.anomalies === 'true') q = q.where('r.result', '!=', 'matched');
  if (f.anomalies === 'false') q = q.where('r.result', '=', 'matched');
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll('r')
    .select(['fl.flow_id', 'fl.revision', 'rc.receipt_id', 'p.iupd'])
    .orderBy('r.flow_ref', 'desc')
    .orderBy('r.position')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const items: FlowRowView[] = rows.map((r) => ({
    flowRef: Number(r.flow_ref),
    flowId: r.flow_id,
    revision: r.revision,
    position: r.position,
    iuv: r.iuv,
    iur: r.iur,
    index: r.idx,
    amount: Number(r.amount),
    outcome: r.outcome,
    date: r.date,
    result: r.result as FlowRowView['result'],
    receiptId: r.receipt_id ?? null,
    iupd: r.iupd ?? null,
    expectedAmount: r.expected_amount === null ? null : Number(r.expected_amount),
    iban: r.iban,
    current: r.current === 1,
  }));
  return { items, total: Number(total.n), limit: f.limit, offset: f.offset };
}
