/**
 * The receipts GPD recorded (pagoPA's own station took the payment), read back and recorded here
 * through `recordReceipt`, the one recording path: a receipt this server already has (the same
 * receiptId, from its own station or an earlier read-back) is recorded once.
 *
 * A scheduled job per entity keeping GPD in step without its own station (`ownStation` false): every
 * `intervalMs` one process (the holder of the entity's lease row, gpd_receipt_polls) lists the
 * receipts of the last days (gpd_payments.json `getOrganizationReceipts`, paged), and for each IUV
 * without a receipt here reads the receipt itself (`getReceiptByIUV`: the paSendRT(V2) request GPD
 * received, XML) and records it. A crash leaves the lease to run out; the next run reads the same
 * days again and records only what is missing.
 */
import * as v from 'valibot';
import { addDays, romeDate } from '../core/rome-calendar.js';
import { newToken } from '../core/tokens.js';
import type { Db } from '../db/database.js';
import type { EntityRow } from '../db/schema/index.js';
import { claimReceiptPoll, finishReceiptPoll, selectIuvsWithReceipt } from '../db/stores/gpd.js';
import { listEntities } from '../entities/entities.js';
import { pagopaSettingsOf } from '../entities/pagopa-settings.js';
import type { Logger } from '../log/logger.js';
import type { OutboundOptions } from '../outbound/request.js';
import { NodeReceipt, receiptInputOf } from '../payments/pagopa/node.js';
import { parseReceiptDocument } from '../payments/pagopa/soap.js';
import { recordReceipt } from '../payments/record-receipt.js';
import { gpdCall, type GpdTarget, problemOf } from './client.js';

export interface GpdReceiptDeps {
  db: Db;
  config: { webhookTimeoutMs: number };
  logger: Logger;
  now: () => Date;
  version: string;
  resolve?: OutboundOptions['resolve'];
}

/** How often each entity's receipts are read back. */
export const GPD_RECEIPTS_INTERVAL_MS = 5 * 60_000;

/** Days read again on each run: a receipt GPD records late is still found. */
const OVERLAP_DAYS = 2;
/** The first run reads this many days back. */
const FIRST_DAYS = 7;
/** A run holds its entity this long at most (a crashed run's lease runs out). */
const RUN_LEASE_MS = 10 * 60_000;
const PAGE_SIZE = 100;
const MAX_PAGES = 100;

/** One listed receipt (`ReceiptModelResponse` of pagopa-gpd-payments; the OpenAPI leaves it open). */
const Listed = v.object({ iuv: v.string() });
const ListPage = v.object({
  totalPages: v.optional(v.number()),
  results: v.optional(v.array(v.unknown())),
});

export interface ReceiptRun {
  /** Receipts recorded now (not already here). */
  recorded: number;
  /** Receipts that could not be read or recorded (kept for the next run). */
  failed: number;
}

/** Whether the entity's receipts come back from GPD. */
export function readsGpdReceipts(entity: EntityRow): boolean {
  const s = pagopaSettingsOf(entity);
  return s.gpdSync && !s.ownStation;
}

/**
 * One run for one entity, if it is due and no other process runs it; undefined when it did not run.
 * `intervalMs` is when the next run is due.
 */
export async function pollGpdReceipts(
  deps: GpdReceiptDeps,
  entity: EntityRow,
  intervalMs: number,
): Promise<ReceiptRun | undefined> {
  const now = deps.now();
  const token = newToken(15);
  const row = await claimReceiptPoll(
    deps.db,
    entity.code,
    now.toISOString(),
    new Date(now.getTime() + RUN_LEASE_MS).toISOString(),
    token,
  );
  if (!row) return undefined;
  const today = romeDate(now);
  const from = row.from_date ?? addDays(today, -FIRST_DAYS);
  let run: ReceiptRun = { recorded: 0, failed: 0 };
  let error: string | null = null;
  try {
    run = await readBack(deps, entity, from, today);
  } catch (e) {
    error = (e instanceof Error ? e.message : String(e)).slice(0, 300);
    deps.logger.warn('gpd receipts read-back failed', { entity: entity.code, error });
  }
  const done = deps.now();
  await finishReceiptPoll(deps.db, entity.code, token, {
    nextAt: new Date(done.getTime() + intervalMs).toISOString(),
    // Only a run that read everything moves on; otherwise the same days are read again.
    fromDate: error === null && run.failed === 0 ? addDays(today, -OVERLAP_DAYS) : from,
    lastRunAt: done.toISOString(),
    lastError: error ?? (run.failed ? `${run.failed} receipts not recorded` : null),
    recorded: run.recorded,
  });
  return run;
}

async function readBack(
  deps: GpdReceiptDeps,
  entity: EntityRow,
  from: string,
  to: string,
): Promise<ReceiptRun> {
  const settings = pagopaSettingsOf(entity);
  const target: GpdTarget = {
    settings,
    entityCode: settings.idPA,
    allowPrivate: entity.allow_private_targets === 1,
    userAgent: `Pagatore/${deps.version}`,
  };
  const callDeps = {
    timeoutMs: deps.config.webhookTimeoutMs,
    ...(deps.resolve ? { resolve: deps.resolve } : {}),
  };
  const org = encodeURIComponent(settings.idPA);
  const iuvs: string[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const q = new URLSearchParams({ pageNum: String(page), pageSize: String(PAGE_SIZE), from, to });
    const a = await gpdCall(callDeps, target, {
      service: 'receipts',
      method: 'GET',
      path: `/payments/${org}/receipts?${q}`,
    });
    // "No receipts found".
    if (a.status === 404) break;
    if (a.status !== 200) throw new Error(`receipts list: ${problemOf(a)}`);
    const list = v.safeParse(ListPage, a.json);
    if (!list.success) throw new Error('receipts list: not a PaymentsResult');
    for (const r of list.output.results ?? []) {
      const item = v.safeParse(Listed, r);
      if (item.success) iuvs.push(item.output.iuv);
    }
    if (page + 1 >= (list.output.totalPages ?? 1)) break;
  }
  const known = await selectIuvsWithReceipt(deps.db, entity.code, iuvs);
  const run: ReceiptRun = { recorded: 0, failed: 0 };
  for (const iuv of new Set(iuvs)) {
    if (known.has(iuv)) continue;
    try {
      if (await recordOne(deps, callDeps, target, org, entity.code, iuv)) run.recorded++;
    } catch (e) {
      run.failed++;
      deps.logger.warn('gpd receipt not recorded', {
        entity: entity.code,
        iuv,
        error: (e instanceof Error ? e.message : String(e)).slice(0, 300),
      });
    }
  }
  return run;
}

/** Reads one receipt from GPD and records it; true when it was new here. */
async function recordOne(
  deps: GpdReceiptDeps,
  callDeps: { timeoutMs: number },
  target: GpdTarget,
  org: string,
  entityCode: string,
  iuv: string,
): Promise<boolean> {
  const a = await gpdCall(callDeps, target, {
    service: 'receipts',
    method: 'GET',
    path: `/payments/${org}/receipts/${encodeURIComponent(iuv)}`,
    accept: 'application/xml',
  });
  if (a.status !== 200) throw new Error(`receipt ${iuv}: ${problemOf(a)}`);
  const parsed = v.safeParse(NodeReceipt, parseReceiptDocument(a.text));
  if (!parsed.success) throw new Error(`receipt ${iuv}: ${parsed.issues[0]?.message ?? 'not a receipt'}`);
  const r = parsed.output;
  if (r.fiscalCode !== target.entityCode) throw new Error(`receipt ${iuv}: of another entity`);
  // A KO receipt took no money.
  if (r.outcome !== 'OK') return false;
  const now = deps.now();
  const result = await recordReceipt(
    deps.db,
    { ...receiptInputOf(entityCode, r, a.text, now), collectedBy: 'gpd' },
    now,
  );
  return result.status === 'recorded';
}

/** One tick of the job: a run for each entity that reads GPD's receipts and is due. */
export async function pollAllGpdReceipts(deps: GpdReceiptDeps, intervalMs: number): Promise<number> {
  let recorded = 0;
  for (const entity of await listEntities(deps.db)) {
    if (!readsGpdReceipts(entity)) continue;
    recorded += (await pollGpdReceipts(deps, entity, intervalMs))?.recorded ?? 0;
  }
  return recorded;
}
