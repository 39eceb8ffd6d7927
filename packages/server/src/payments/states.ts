/**
 * The payment lifecycle as one table: each state, the events it accepts and where they lead.
 * Every change of a payment's state goes through `transition()`; the database update is
 * conditional on the state read (`where state = from`), so two processes racing on one payment
 * cannot both move it.
 *
 *   created ──redirect──▶ redirected ──return──▶ in_verification
 *      │                     │  │                    │
 *      │                     │  └──────receipt───────┼──▶ paid
 *      └──────receipt────────┴─────────────────────▶ │
 *   (any open state) ──fail──▶ failed · ──cancel──▶ cancelled · ──expire──▶ expired
 *   (any open state) ──abandon──▶ cancelled   (the payer gave up in the portal; refused once
 *                                              pagoPA activated it: see `abandonPayment`)
 *   (expired, failed, cancelled) ──late_receipt──▶ paid   (the money was taken: record it)
 */

import {
  OPEN_PAYMENT_STATES,
  type OpenPaymentState,
  PAYMENT_STATES,
  type PaymentOutcome,
  type PaymentState,
} from '@pagatore/sdk';

export { OPEN_PAYMENT_STATES, PAYMENT_STATES, type PaymentState };

export const PAYMENT_EVENTS = [
  'redirect',
  'return',
  'receipt',
  'late_receipt',
  'fail',
  'cancel',
  'expire',
  'abandon',
] as const;
export type PaymentEvent = (typeof PAYMENT_EVENTS)[number];

/** state → event → next state. A missing entry means the event is refused in that state. */
export const PAYMENT_TRANSITIONS: Readonly<
  Record<PaymentState, Partial<Record<PaymentEvent, PaymentState>>>
> = {
  created: {
    redirect: 'redirected',
    receipt: 'paid',
    fail: 'failed',
    cancel: 'cancelled',
    expire: 'expired',
    abandon: 'cancelled',
  },
  redirected: {
    return: 'in_verification',
    receipt: 'paid',
    fail: 'failed',
    cancel: 'cancelled',
    expire: 'expired',
    abandon: 'cancelled',
  },
  in_verification: {
    return: 'in_verification',
    receipt: 'paid',
    fail: 'failed',
    cancel: 'cancelled',
    expire: 'expired',
    abandon: 'cancelled',
  },
  paid: {},
  failed: { late_receipt: 'paid' },
  cancelled: { late_receipt: 'paid' },
  expired: { late_receipt: 'paid' },
};

/** Whether the practices of the payment are locked (nobody may start another payment). */
export function isOpen(state: PaymentState): state is OpenPaymentState {
  return (OPEN_PAYMENT_STATES as readonly PaymentState[]).includes(state);
}

/** States that end a payment; its practices are freed unless it is paid. */
export const FINAL_STATES: readonly PaymentState[] = PAYMENT_STATES.filter((s) => !isOpen(s));

/** The next state, or null when the event is not allowed in `from`. */
export function transition(from: PaymentState, event: PaymentEvent): PaymentState | null {
  return PAYMENT_TRANSITIONS[from][event] ?? null;
}

/** What the payer's return page shows for each state. */
export function outcomeOf(state: PaymentState): PaymentOutcome {
  return isOpen(state) ? 'pending' : state;
}
