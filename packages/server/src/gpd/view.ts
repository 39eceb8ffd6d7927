/** pagoPA's copy of the positions as the admin API shows it: the outbox, its backlog, one position's state. */
import type { GpdChangeList, GpdChangeView, GpdSyncView } from '@pagatore/sdk';
import { ApiError } from '../core/errors.js';
import { type Db, transaction } from '../db/database.js';
import type { EntityRow, GpdOutboxRow } from '../db/schema/index.js';
import { gpdBacklog, type GpdChangeFilters, listGpdChanges, selectReceiptPoll } from '../db/stores/gpd.js';
import { findPosition, toViews } from '../positions/positions.js';
import { positionAllows } from '../positions/states.js';
import { gpdSyncOn, queueGpdChanges } from './queue.js';

export function toChangeView(r: GpdOutboxRow): GpdChangeView {
  return {
    id: r.id,
    iupd: r.iupd,
    op: r.op,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    lastAttemptAt: r.last_attempt_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    calls: r.calls ? (JSON.parse(r.calls) as string[]) : [],
    gpdStatus: r.gpd_status,
    doneAt: r.done_at,
    createdAt: r.created_at,
  };
}

/** The entity's changes for GPD, newest first, with the backlog and the receipts read-back state. */
export async function gpdChanges(db: Db, entity: EntityRow, f: GpdChangeFilters): Promise<GpdChangeList> {
  const [page, backlog, poll] = await Promise.all([
    listGpdChanges(db, entity.code, f),
    gpdBacklog(db, entity.code),
    selectReceiptPoll(db, entity.code),
  ]);
  return {
    items: page.items.map(toChangeView),
    total: page.total,
    limit: f.limit,
    offset: f.offset,
    enabled: gpdSyncOn(entity),
    backlog,
    receipts: {
      lastRunAt: poll?.last_run_at ?? null,
      lastError: poll?.last_error ?? null,
      recorded: poll?.recorded ?? 0,
    },
  };
}

/** One position's sync state, or 404 `not_found` when the entity has no such position. */
export async function positionGpdSync(db: Db, entity: EntityRow, iupd: string): Promise<GpdSyncView> {
  if (!(await findPosition(db, entity.code, iupd))) throw new ApiError('not_found');
  const { items } = await listGpdChanges(db, entity.code, { iupd, limit: 20, offset: 0 });
  const last = items[0];
  const lastDone = items.find((r) => r.status === 'done');
  return {
    iupd,
    enabled: gpdSyncOn(entity),
    state: !last ? 'not_sent' : last.status === 'done' ? 'in_sync' : last.status,
    gpdStatus: lastDone?.gpd_status ?? null,
    syncedAt: lastDone?.done_at ?? null,
    changes: items.map(toChangeView),
  };
}

/**
 * Queues the position as it is now for GPD again: an update (GPD makes it a create when it lacks
 * it), or a cancellation for a cancelled position. 409 `conflict` when the entity's sync is off,
 * `invalid_state` for a position paid or being paid.
 */
export async function resyncPosition(
  db: Db,
  entity: EntityRow,
  iupd: string,
  now: Date,
): Promise<GpdSyncView> {
  if (!gpdSyncOn(entity)) throw new ApiError('conflict');
  await transaction(db, async (tx) => {
    const row = await findPosition(tx, entity.code, iupd);
    if (!row) throw new ApiError('not_found');
    const [position] = await toViews(tx, [row]);
    if (!position) throw new ApiError('not_found');
    // Paid or being paid: GPD learns that from the payment itself, not from a change sent here.
    if (position.status !== 'cancelled' && !positionAllows(position.status, 'update'))
      throw new ApiError('invalid_state');
    await queueGpdChanges(
      tx,
      entity,
      [
        position.status === 'cancelled'
          ? { op: 'cancel', iupd, validityDate: position.validityDate }
          : { op: 'update', position },
      ],
      now,
    );
  });
  return positionGpdSync(db, entity, iupd);
}
