import { describe, expect, it } from 'vitest';
import {
  derivePositionStatus,
  movesOnPayment,
  nextOptionStatus,
  OPTION_TRANSITIONS,
  positionAllows,
  transitionOption,
} from './states.js';

describe('position and option states', () => {
  it('allows only the moves in the table', () => {
    expect(nextOptionStatus('unpaid', 'start_payment')).toBe('in_payment');
    expect(nextOptionStatus('in_payment', 'abort_payment')).toBe('unpaid');
    expect(nextOptionStatus('in_payment', 'pay')).toBe('paid');
    expect(nextOptionStatus('paid', 'cancel')).toBeNull();
    expect(nextOptionStatus('cancelled', 'start_payment')).toBeNull();
    expect(nextOptionStatus('expired', 'start_payment')).toBeNull();
    expect(() => transitionOption('paid', 'pay')).toThrow(expect.objectContaining({ code: 'invalid_state' }));
    // Final states allow nothing.
    expect(OPTION_TRANSITIONS.paid).toEqual({});
    expect(OPTION_TRANSITIONS.cancelled).toEqual({});
  });

  it('lets the entity update and cancel only unpaid and expired positions', () => {
    for (const s of ['unpaid', 'expired'])
      expect(positionAllows(s, 'update') && positionAllows(s, 'cancel')).toBe(true);
    for (const s of ['in_payment', 'partially_paid', 'paid', 'cancelled', 'nonsense'])
      expect(positionAllows(s, 'update') || positionAllows(s, 'cancel')).toBe(false);
  });

  it('paying the single option closes the installments, and vice versa', () => {
    const options = [
      { installment: 0, status: 'unpaid' },
      { installment: 1, status: 'unpaid' },
      { installment: 2, status: 'unpaid' },
    ];
    const single = movesOnPayment(options, options[0]!);
    expect([...single.values()]).toEqual(['paid', 'cancelled', 'cancelled']);
    const first = movesOnPayment(options, options[1]!);
    expect(first.get(options[1]!)).toBe('paid');
    expect(first.get(options[0]!)).toBe('cancelled');
    expect(first.has(options[2]!)).toBe(false);
  });

  it('derives the position status from its options', () => {
    const d = (...s: [number, string][]) =>
      derivePositionStatus(s.map(([installment, status]) => ({ installment, status })));
    expect(d([0, 'unpaid'])).toBe('unpaid');
    expect(d([0, 'paid'], [1, 'cancelled'], [2, 'cancelled'])).toBe('paid');
    expect(d([0, 'cancelled'], [1, 'paid'], [2, 'unpaid'])).toBe('partially_paid');
    expect(d([0, 'cancelled'], [1, 'paid'], [2, 'paid'])).toBe('paid');
    expect(d([0, 'cancelled'], [1, 'paid'], [2, 'in_payment'])).toBe('in_payment');
    expect(d([0, 'in_payment'], [1, 'unpaid'])).toBe('in_payment');
    expect(d([0, 'cancelled'])).toBe('cancelled');
    expect(d([0, 'expired'])).toBe('expired');
    expect(d([0, 'expired'], [1, 'unpaid'])).toBe('unpaid');
  });
});
