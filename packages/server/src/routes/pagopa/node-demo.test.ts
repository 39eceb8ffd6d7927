import { centsToDecimal } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { fakeNode } from '../../../test/support/pagopa-fake-node.js';
import { configureStation, nodePosition, STATION } from '../../../test/support/pagopa-fixtures.js';

const ENTE = TEST_ENTITY.code;

describe('demo mode with the sandbox: the station answers the node too', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ config: { paymentProvider: 'sandbox' } });
    await configureStation(h);
  });
  afterAll(() => h.close());

  it('a printed notice paid at a PSP: verify, activate and receipt reach the station', async () => {
    const node = fakeNode(async (xml, action) => {
      const res = await h.request('/pagopa/node', {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
        body: xml,
      });
      return { status: res.status, text: await res.text() };
    }, STATION);
    const p = await nodePosition(h, { amount: 42_00 });
    expect((await node.verify(ENTE, p.nav)).outcome).toBe('OK');
    expect((await node.activate(ENTE, p.nav)).outcome).toBe('OK');
    const rt = await node.sendRT({
      nav: p.nav,
      fiscalCode: ENTE,
      iuv: p.iuv,
      amount: centsToDecimal(p.amount),
      receiptId: `RCPDEMO${p.nav}`,
      transfers: [
        { amount: '42.00', iban: TEST_ENTITY.iban, remittance: 'Tassa di prova', category: '0101002IM' },
      ],
    });
    expect(rt.outcome).toBe('OK');
    const receipt = await h.deps.db
      .selectFrom('receipts')
      .select(['receipt_id', 'amount'])
      .where('nav', '=', p.nav)
      .executeTakeFirstOrThrow();
    expect(receipt).toEqual({ receipt_id: `RCPDEMO${p.nav}`, amount: 42_00 });
    // The sandbox stays mounted next to it.
    const sandbox = await h.request('/sandbox/checkout/unknown');
    expect(sandbox.status).toBe(404);
    expect(sandbox.headers.get('content-type')).toContain('text/html');
  });
});
