/**
 * A payment option's state in the database: every change of it goes through the option table in
 * `positions/states.ts`, as a conditional update on the state read, and the practice's status is
 * derived again from its options.
 */
import type { Tx } from '../db/database.js';
import {
  derivePositionStatus,
  nextOptionStatus,
  type OptionAction,
  type OptionStatus,
} from '../positions/states.js';

/**
 * Moves an option by an action if the table allows it from the state read; null when the table
 * refuses or another writer moved it first. `paidAt` goes with a payment.
 */
export async function moveOption(
  tx: Tx,
  option: { id: number; status: string },
  action: OptionAction,
  extra: { paid_at?: string } = {},
): Promise<OptionStatus | null> {
  const next = nextOptionStatus(option.status, action);
  if (next === null) return null;
  const r = await tx
    .updateTable('payment_options')
    .set({ ...extra, status: next })
    .where('id', '=', option.id)
    .where('status', '=', option.status)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? next : null;
}

/** Re-derives and stores a position's status from its options. */
export async function refreshPosition(tx: Tx, positionId: number, now: Date): Promise<void> {
  const options = await tx
    .selectFrom('payment_options')
    .select(['installment', 'status'])
    .where('position_id', '=', positionId)
    .execute();
  await tx
    .updateTable('positions')
    .set({ status: derivePositionStatus(options), updated_at: now.toISOString() })
    .where('id', '=', positionId)
    .execute();
}
