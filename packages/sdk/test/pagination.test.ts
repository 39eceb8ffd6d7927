import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { check, CitizenPagination, Pagination, pageOf } from '../src/schemas/common.js';
import { OverpaymentQuery, DeliveryQuery } from '../src/schemas/webhooks.js';
import { PositionQuery } from '../src/schemas/positions.js';
import { PracticeQuery } from '../src/schemas/practices.js';
import { ReceiptQuery } from '../src/schemas/payments.js';

const admin = v.strictObject(Pagination);
const citizen = v.strictObject(CitizenPagination);
const codes = (schema: v.GenericSchema, input: unknown) => {
  const r = check(schema, input);
  return r.ok ? r.value : r.fields.map((f) => `${f.path}:${f.code}`);
};

describe('one pagination for every list', () => {
  it('defaults to 50 (admin) or 20 (citizen) from 0, and takes numbers or digit strings', () => {
    expect(codes(admin, {})).toEqual({ limit: 50, offset: 0 });
    expect(codes(citizen, {})).toEqual({ limit: 20, offset: 0 });
    expect(codes(admin, { limit: '200', offset: '400' })).toEqual({ limit: 200, offset: 400 });
    expect(codes(citizen, { limit: 100, offset: 7 })).toEqual({ limit: 100, offset: 7 });
  });

  it('refuses pages out of range with too_small and too_large', () => {
    expect(codes(admin, { limit: '0' })).toEqual(['limit:too_small']);
    expect(codes(admin, { limit: '201' })).toEqual(['limit:too_large']);
    expect(codes(citizen, { limit: '101' })).toEqual(['limit:too_large']);
    expect(codes(citizen, { offset: '-1' })).toEqual(['offset:too_small']);
  });

  it('refuses what is not a plain whole number with invalid_type (no blank, sign, exponent, hex)', () => {
    for (const bad of ['', ' 5', '+5', '1e2', '0x10', '1.5', 'abc', 2.5, true, null])
      expect(codes(admin, { limit: bad }), String(bad)).toEqual(['limit:invalid_type']);
    expect(codes(citizen, { offset: '' })).toEqual(['offset:invalid_type']);
  });

  it('is the same in every paged query: admin positions, deliveries, overpayments; my practices and receipts', () => {
    for (const q of [PositionQuery, DeliveryQuery, OverpaymentQuery])
      expect(codes(q, { limit: '201' })).toEqual(['limit:too_large']);
    for (const q of [PracticeQuery, ReceiptQuery]) {
      expect(codes(q, { limit: '101' })).toEqual(['limit:too_large']);
      expect(codes(q, { offset: 'x' })).toEqual(['offset:invalid_type']);
      expect(codes(q, {})).toMatchObject({ limit: 20, offset: 0 });
    }
  });

  it('answers every page as { items, total, limit, offset }', () => {
    const list = pageOf(v.object({ id: v.number() }));
    expect(v.parse(list, { items: [{ id: 1 }], total: 3, limit: 1, offset: 0 })).toEqual({
      items: [{ id: 1 }],
      total: 3,
      limit: 1,
      offset: 0,
    });
    expect(v.safeParse(list, { items: [], total: 0 }).success).toBe(false);
  });
});
