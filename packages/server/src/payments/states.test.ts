import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FINAL_STATES,
  isOpen,
  OPEN_PAYMENT_STATES,
  outcomeOf,
  PAYMENT_EVENTS,
  PAYMENT_STATES,
  transition,
} from './states.js';

describe('payment states', () => {
  it('a receipt pays every open payment, and a late receipt every ended unpaid one', () => {
    for (const s of OPEN_PAYMENT_STATES) expect(transition(s, 'receipt')).toBe('paid');
    for (const s of ['failed', 'cancelled', 'expired'] as const) {
      expect(transition(s, 'late_receipt')).toBe('paid');
      expect(transition(s, 'receipt')).toBeNull();
    }
  });

  it("the open states are the SDK's: they answer pending, every other state ends the payment", () => {
    expect(FINAL_STATES).toEqual(['paid', 'failed', 'cancelled', 'expired']);
    for (const s of OPEN_PAYMENT_STATES) expect(outcomeOf(s)).toBe('pending');
    for (const s of FINAL_STATES) expect(outcomeOf(s)).toBe(s);
  });

  it('paid is final: nothing moves it, so a receipt is never recorded twice', () => {
    for (const e of PAYMENT_EVENTS) expect(transition('paid', e)).toBeNull();
  });

  it('the return URL never decides the outcome: it only moves to in_verification', () => {
    for (const s of PAYMENT_STATES) {
      const next = transition(s, 'return');
      expect(next === null || next === 'in_verification').toBe(true);
    }
  });

  it('property: any sequence of events ends in a known state, and leaves paid only never', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PAYMENT_EVENTS), { maxLength: 20 }), (events) => {
        let state: (typeof PAYMENT_STATES)[number] = 'created';
        let paidOnce = false;
        for (const e of events) {
          const next = transition(state, e);
          if (next === null) continue;
          if (paidOnce) throw new Error('left paid');
          state = next;
          if (state === 'paid') paidOnce = true;
        }
        expect(PAYMENT_STATES).toContain(state);
        expect(isOpen(state) || FINAL_STATES.includes(state)).toBe(true);
      }),
    );
  });
});
