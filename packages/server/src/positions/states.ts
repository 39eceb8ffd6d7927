/**
 * The states of payment options and positions and what each allows: the one place that decides
 * (FACTS.md §6, GPD). An option (the single payment or one installment) moves by the table below;
 * a position's status is derived from its options, so the two can never disagree. Paying the
 * single option closes the installments, and paying an installment closes the single option.
 */
import type { PositionStatus } from '@pagatore/sdk';
import { ApiError } from '../core/errors.js';

/** An option's states: the position statuses but `partially_paid`, which only a position has. */
export type OptionStatus = Exclude<PositionStatus, 'partially_paid'>;

export type OptionAction =
  /** A payment attempt starts (the citizen is sent to pagoPA Checkout). */
  | 'start_payment'
  /** The attempt ended without paying (cancelled, error, timeout). */
  | 'abort_payment'
  /** The receipt arrived. */
  | 'pay'
  /** Another option of the same position was paid: this one can no longer be paid. */
  | 'close'
  /** The due date passed and the entity lets the position expire. */
  | 'expire'
  /** The entity cancelled the position. */
  | 'cancel';

/** Option state × action → next state. A missing entry is a refused move. */
export const OPTION_TRANSITIONS: Record<OptionStatus, Partial<Record<OptionAction, OptionStatus>>> = {
  unpaid: {
    start_payment: 'in_payment',
    close: 'cancelled',
    expire: 'expired',
    cancel: 'cancelled',
    // A receipt for an option pagoPA already activated still counts (late receipts are never lost).
    pay: 'paid',
  },
  // Closed while a payment runs on it: another option of the practice was paid without an
  // activation (the node's stand-in); this payment's receipt, if it comes, is an overpayment.
  in_payment: { abort_payment: 'unpaid', pay: 'paid', close: 'cancelled' },
  expired: { cancel: 'cancelled', close: 'cancelled', pay: 'paid' },
  paid: {},
  cancelled: {},
};

/** What the entity (admin API, import) may do to a position, by the position's status. */
export type PositionAction = 'update' | 'cancel';

export const POSITION_ACTIONS: Record<PositionStatus, readonly PositionAction[]> = {
  unpaid: ['update', 'cancel'],
  expired: ['update', 'cancel'],
  in_payment: [],
  partially_paid: [],
  paid: [],
  cancelled: [],
};

/** True when the position's status allows the action. */
export function positionAllows(status: string, action: PositionAction): boolean {
  return (POSITION_ACTIONS[status as PositionStatus] ?? []).includes(action);
}

/** Throws 409 `invalid_state` when the position's status refuses the action. */
export function assertPositionAllows(status: string, action: PositionAction): void {
  if (!positionAllows(status, action)) throw new ApiError('invalid_state');
}

/** The next state of an option, or null when the table refuses the move. */
export function nextOptionStatus(status: string, action: OptionAction): OptionStatus | null {
  return OPTION_TRANSITIONS[status as OptionStatus]?.[action] ?? null;
}

/** Like `nextOptionStatus`, throwing 409 `invalid_state` on a refused move. */
export function transitionOption(status: string, action: OptionAction): OptionStatus {
  const next = nextOptionStatus(status, action);
  if (next === null) throw new ApiError('invalid_state');
  return next;
}

export interface OptionState {
  /** 0: single payment; 1..n: installments. */
  installment: number;
  status: string;
}

/**
 * A position's status from its options' states.
 * @example derivePositionStatus([{ installment: 1, status: 'paid' }, { installment: 2, status: 'unpaid' }]) // 'partially_paid'
 */
export function derivePositionStatus(options: readonly OptionState[]): PositionStatus {
  const single = options.find((o) => o.installment === 0);
  const installments = options.filter((o) => o.installment > 0);
  if (single?.status === 'paid') return 'paid';
  if (installments.length > 0 && installments.every((o) => o.status === 'paid')) return 'paid';
  if (installments.some((o) => o.status === 'paid')) {
    return installments.some((o) => o.status === 'in_payment') ? 'in_payment' : 'partially_paid';
  }
  if (options.some((o) => o.status === 'in_payment')) return 'in_payment';
  if (options.length > 0 && options.every((o) => o.status === 'cancelled')) return 'cancelled';
  const open = options.filter((o) => o.status !== 'cancelled');
  if (open.length > 0 && open.every((o) => o.status === 'expired')) return 'expired';
  return 'unpaid';
}

/**
 * The moves paying one option implies for all of a position's options: the paid one becomes
 * `paid`; paying the single option closes every installment; paying an installment closes the
 * single option. Options already final stay as they are.
 */
export function movesOnPayment<T extends OptionState>(options: readonly T[], paid: T): Map<T, OptionStatus> {
  const moves = new Map<T, OptionStatus>([[paid, transitionOption(paid.status, 'pay')]]);
  for (const o of options) {
    if (o === paid) continue;
    const closes = paid.installment === 0 || o.installment === 0;
    if (!closes) continue;
    const next = nextOptionStatus(o.status, 'close');
    if (next) moves.set(o, next);
  }
  return moves;
}
