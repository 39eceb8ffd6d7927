/**
 * The health of an entity's pagoPA connection, computed from what the server stored: the last call
 * of each node operation (recorded by `recordNodeCall` as the node calls), the last receipt, the
 * scheduled fetch of reporting flows and the last flow stored, and the GPD outbox. Nothing is asked
 * of pagoPA: this is what the server saw.
 */
import type { PagopaHealth } from '@pagatore/sdk';
import type { Db } from '../db/database.js';
import type { EntityRow } from '../db/schema/index.js';
import { pagopaSettingsOf } from './pagopa-settings.js';

/** How the node's operations group in the health: verify, activate (V1 and V2), receipt (V1 and V2). */
const GROUP: Record<string, 'verify' | 'activate' | 'receipt'> = {
  paVerifyPaymentNotice: 'verify',
  paGetPayment: 'activate',
  paGetPaymentV2: 'activate',
  paSendRT: 'receipt',
  paSendRTV2: 'receipt',
};

/**
 * Notes a node call for an entity: one row per entity and operation, overwritten each time. The
 * entity is the `idPA` the call names; a code no entity has is not noted.
 * @example await recordNodeCall(db, '80012345678', 'paVerifyPaymentNotice', null, new Date());
 */
export async function recordNodeCall(
  db: Db,
  entityCode: string,
  operation: string,
  fault: string | null,
  now: Date,
): Promise<void> {
  if (!/^[0-9]{11}$/.test(entityCode) || !GROUP[operation]) return;
  const known = await db
    .selectFrom('entities')
    .select('code')
    .where('code', '=', entityCode)
    .executeTakeFirst();
  if (!known) return;
  const row = { entity_code: entityCode, operation, last_at: now.toISOString(), fault };
  await db
    .insertInto('pagopa_node_calls')
    .values(row)
    .onConflict((oc) => oc.columns(['entity_code', 'operation']).doUpdateSet({ last_at: row.last_at, fault }))
    .execute();
}

/**
 * The health of an entity's pagoPA connection.
 * @example const health = await pagopaHealth(db, entity);
 */
export async function pagopaHealth(db: Db, entity: EntityRow): Promise<PagopaHealth> {
  const settings = pagopaSettingsOf(entity);
  const code = entity.code;
  const calls = await db
    .selectFrom('pagopa_node_calls')
    .selectAll()
    .where('entity_code', '=', code)
    .execute();
  const node: PagopaHealth['node'] = { verify: null, activate: null, receipt: null };
  for (const c of calls) {
    const group = GROUP[c.operation];
    if (!group) continue;
    const seen = node[group];
    if (!seen || seen.at < c.last_at) node[group] = { at: c.last_at, fault: c.fault };
  }
  const receipt = await db
    .selectFrom('receipts')
    .select(['received_at', 'receipt_id', 'amount', 'nav'])
    .where('entity_code', '=', code)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const job = await db
    .selectFrom('flow_fetch_jobs')
    .select(['last_run_at', 'last_error', 'next_run_at'])
    .where('entity_code', '=', code)
    .executeTakeFirst();
  const flow = await db
    .selectFrom('flows')
    .select(['received_at', 'flow_id', 'status'])
    .where('entity_code', '=', code)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const queue = await db
    .selectFrom('gpd_outbox')
    .select((eb) => [
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.min('created_at').as('oldest'),
      eb.fn.max('done_at').as('last_done'),
    ])
    .where('entity_code', '=', code)
    .groupBy('status')
    .execute();
  const lastFailure = await db
    .selectFrom('gpd_outbox')
    .select('last_error')
    .where('entity_code', '=', code)
    .where('last_error', 'is not', null)
    .orderBy('last_attempt_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const by = (s: string) => queue.find((q) => q.status === s);
  return {
    stationConfigured: settings.idBrokerPA !== null && settings.idStation !== null,
    environment: settings.environment,
    node,
    lastReceipt: receipt
      ? { at: receipt.received_at, receiptId: receipt.receipt_id, amount: receipt.amount, nav: receipt.nav }
      : null,
    flows: {
      lastFetchAt: job?.last_run_at ?? null,
      lastFetchError: job?.last_error ?? null,
      nextFetchAt: job?.next_run_at ?? null,
      lastFlow: flow ? { at: flow.received_at, flowId: flow.flow_id, status: flow.status } : null,
    },
    gpd: {
      enabled: settings.gpdSync,
      pending: Number(by('pending')?.n ?? 0),
      failed: Number(by('failed')?.n ?? 0),
      oldestPendingAt: (by('pending')?.oldest as string | null | undefined) ?? null,
      lastDoneAt: (by('done')?.last_done as string | null | undefined) ?? null,
      lastError: lastFailure?.last_error ?? null,
    },
  };
}
