/**
 * GET /api/v1/admin/overpayments pages by keyset (`after` = the previous page's `next`), newest
 * received first: pages put together are the whole list once, in order, ties on the same instant
 * kept apart by id; an overpayment arriving between two pages does not repeat or skip a row of the
 * next one (an offset would); a bad cursor is a 422; the total and the amount cover every page.
 */
import type { OverpaymentList } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordReceipt } from '../../payments/record-receipt.js';
import { as, position, testKey } from '../../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';

const ENTE = TEST_ENTITY.code;

describe('the overpayments list, keyset-paged', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  let seq = 0;

  /** A practice of `amount` cents paid once, then paid again (an overpayment) at `at`. */
  async function overpay(amount: number, at: string): Promise<string> {
    const iupd = `OVER-${++seq}`;
    expect((await api('POST', '/api/v1/admin/positions', position(iupd, {}, amount))).status).toBe(201);
    const { nav } = await h.deps.db
      .selectFrom('payment_options')
      .innerJoin('positions', 'positions.id', 'payment_options.position_id')
      .select('payment_options.nav')
      .where('positions.iupd', '=', iupd)
      .executeTakeFirstOrThrow();
    const receipt = (receiptId: string, when: Date) =>
      recordReceipt(
        h.deps.db,
        {
          entityCode: ENTE,
          nav,
          receiptId,
          amount,
          fee: 0,
          pspId: 'PSP1',
          pspName: 'Banca di prova',
          pspFiscalCode: null,
          channel: 'PSP1_01',
          method: 'CP',
          paidAt: when,
          payer: null,
        },
        when,
      );
    await receipt(`RT-${iupd}-1`, new Date('2026-11-01T08:00:00Z'));
    const again = await receipt(`RT-${iupd}-2`, new Date(at));
    expect(again.status === 'recorded' && again.receipt.flag).toContain('overpaid');
    return `RT-${iupd}-2`;
  }

  const page = async (query: string): Promise<OverpaymentList> => {
    const res = await api('GET', `/api/v1/admin/overpayments?${query}`);
    expect(res.status, query).toBe(200);
    return (await res.json()) as OverpaymentList;
  };

  beforeAll(async () => {
    h = await createHarness();
    api = as(h, await testKey(h));
  });
  afterAll(() => h.close());

  it('pages put together are the whole list once, newest first; a new arrival between pages shifts nothing', async () => {
    // Five overpayments, three received at the same instant.
    const a = await overpay(10_00, '2026-11-10T09:00:00.000Z');
    const b = await overpay(20_00, '2026-11-12T09:00:00.000Z');
    const c = await overpay(30_00, '2026-11-12T09:00:00.000Z');
    const d = await overpay(40_00, '2026-11-12T09:00:00.000Z');
    const e = await overpay(50_00, '2026-11-15T09:00:00.000Z');
    const expected = [e, d, c, b, a];

    const first = await page('limit=2');
    expect(first.items.map((i) => i.receiptId)).toEqual([e, d]);
    expect(first).toMatchObject({ total: 5, totalAmount: 150_00 });
    expect(first.next).toEqual(expect.any(String));

    // A newer overpayment arrives while the clerk reads the first page.
    const late = await overpay(60_00, '2026-11-20T09:00:00.000Z');

    const seen = [...first.items.map((i) => i.receiptId)];
    let next = first.next;
    while (next) {
      const p = await page(`limit=2&after=${encodeURIComponent(next)}`);
      expect(p).toMatchObject({ total: 6, totalAmount: 210_00 });
      seen.push(...p.items.map((i) => i.receiptId));
      next = p.next;
    }
    expect(seen).toEqual(expected);
    // From the start again, the new one is first; one page of all of them has no next.
    const all = await page('limit=10');
    expect(all.items.map((i) => i.receiptId)).toEqual([late, ...expected]);
    expect(all.next).toBeNull();
  });

  it('a cursor that is not one is refused with 422 invalid_format, naming the field', async () => {
    for (const bad of [
      'x',
      '2026-11-12T09:00:00.000Z~abc',
      '2026-11-12~1~2',
      "'; drop table receipts;--~1",
    ]) {
      const res = await api('GET', `/api/v1/admin/overpayments?after=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(422);
      const body = (await res.json()) as {
        error: { code: string; fields?: { path: string; code: string }[] };
      };
      expect(body.error.code, bad).toBe('validation_failed');
      expect(body.error.fields, bad).toEqual([
        expect.objectContaining({ path: 'query.after', code: 'invalid_format' }),
      ]);
    }
  });
});
