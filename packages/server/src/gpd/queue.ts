/**
 * Queues the changes of positions for pagoPA's copy (GPD), in the transaction of the change, so a
 * change is sent if and only if it committed, and in the order it was made. Nothing is queued for
 * an entity that does not keep GPD in step (`pagopa.gpdSync`).
 */
import type { Position } from '@pagatore/sdk';
import type { Tx } from '../db/database.js';
import type { EntityRow, GpdOp } from '../db/schema/index.js';
import { insertGpdChanges } from '../db/stores/gpd.js';
import { pagopaSettingsOf } from '../entities/pagopa-settings.js';
import { gpdPositionOf } from './model.js';

/** True when the entity keeps pagoPA's copy of its positions in step. */
export function gpdSyncOn(entity: Pick<EntityRow, 'code' | 'pagopa_settings'>): boolean {
  return pagopaSettingsOf(entity).gpdSync;
}

/** One change: the position as it is after it (create, update), or its iupd (cancel). */
export type GpdChange =
  | { op: 'create' | 'update'; position: Position }
  | { op: 'cancel'; iupd: string; validityDate: string | null };

/** Queues changes of the entity's positions; call it inside the transaction that makes them. */
export async function queueGpdChanges(
  tx: Tx,
  entity: Pick<EntityRow, 'code' | 'name' | 'pagopa_settings'>,
  changes: readonly GpdChange[],
  now: Date,
): Promise<void> {
  if (changes.length === 0 || !gpdSyncOn(entity)) return;
  const at = now.toISOString();
  await insertGpdChanges(
    tx,
    changes.map((c) => ({
      entity_code: entity.code,
      iupd: c.op === 'cancel' ? c.iupd : c.position.iupd,
      op: c.op as GpdOp,
      body: c.op === 'cancel' ? null : JSON.stringify(gpdPositionOf(c.position, entity)),
      validity_date: c.op === 'cancel' ? c.validityDate : c.position.validityDate,
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      lease_token: null,
      retry_since: null,
      last_attempt_at: null,
      last_status: null,
      last_error: null,
      calls: null,
      gpd_status: null,
      done_at: null,
      created_at: at,
    })),
  );
}
