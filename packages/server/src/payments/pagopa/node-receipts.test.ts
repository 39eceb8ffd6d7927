/**
 * Receipts from the node (paSendRT / paSendRTV2): they must credit what the activation asked, and
 * what they carry is kept whole. Every request and answer is validated with paForNode.xsd.
 */
import { centsToDecimal, type WebhookEventData } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { as, testKey, position } from '../../../test/support/admin-fixtures.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { configureStation, nodePosition, STATION } from '../../../test/support/pagopa-fixtures.js';
import {
  fakeNode,
  type ReceiptFields,
  type ReceiptTransferFields,
} from '../../../test/support/pagopa-fake-node.js';
import { expireDuePayments } from '../payments.js';

const ENTE = TEST_ENTITY.code;
/** A second IBAN of the entity (valid check digits). */
const IBAN2 = 'IT07X0542811101000000654321';
const FOREIGN_IBAN = 'DE89370400440532013000';

type Position = Awaited<ReturnType<typeof nodePosition>>;

function receiptFor(p: Position, ibans: string[], o: Partial<ReceiptFields> = {}): ReceiptFields {
  return {
    nav: p.nav,
    fiscalCode: ENTE,
    iuv: p.iuv,
    amount: centsToDecimal(p.amount),
    receiptId: `RCP${p.nav}`,
    transfers: p.parts.map((a, i) => ({
      amount: centsToDecimal(a),
      iban: ibans[i] ?? TEST_ENTITY.iban,
      remittance: 'Tassa di prova',
      category: '9/0101002IM/',
    })),
    ...o,
  };
}

describe('a receipt must credit what the activation asked (else PAA_SEMANTICA)', () => {
  let h: Harness;
  let node: ReturnType<typeof fakeNode>;
  beforeAll(async () => {
    h = await createHarness({ config: { paymentProvider: 'pagopa' } });
    await configureStation(h);
    node = fakeNode(async (xml, action) => {
      const res = await h.request('/pagopa/node', {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
        body: xml,
      });
      return { status: res.status, text: await res.text() };
    }, STATION);
  });
  afterAll(() => h.close());

  const state = async (p: Position) => ({
    option: (
      await h.deps.db
        .selectFrom('payment_options')
        .select('status')
        .where('id', '=', p.id)
        .executeTakeFirstOrThrow()
    ).status,
    receipts: (await h.deps.db.selectFrom('receipts').select('id').where('nav', '=', p.nav).execute()).length,
  });

  it('the activation writes transferCategory as pagoPA taxonomy does (9/…/), from a bare code or not', async () => {
    const api = as(h, await testKey(h));
    for (const [iupd, taxonomy, v2] of [
      ['TAX-BARE', '0101002IM', true],
      ['TAX-WRAPPED', '9/0101002IM/', false],
    ] as const) {
      const body = position(iupd, {}, 10_00);
      body.single!.transfers[0]!.taxonomy = taxonomy;
      expect((await api('POST', '/api/v1/admin/positions', body)).status).toBe(201);
      const { nav } = await h.deps.db
        .selectFrom('payment_options')
        .innerJoin('positions', 'positions.id', 'payment_options.position_id')
        .select('payment_options.nav')
        .where('positions.iupd', '=', iupd)
        .executeTakeFirstOrThrow();
      const act = await node.activate(ENTE, nav, { v2 });
      expect(act.body.data.transferList.transfer.transferCategory, iupd).toBe('9/0101002IM/');
    }
  });

  it('refuses each transfer field that differs from the one asked, alone; the right one is then recorded', async () => {
    const ibans = [TEST_ENTITY.iban, IBAN2];
    const p = await nodePosition(h, { amount: 100_00, transfers: 2, ibans });
    expect((await node.activate(ENTE, p.nav)).outcome).toBe('OK');
    const good = receiptFor(p, ibans);
    const t1 = good.transfers[0]!;
    const t2 = good.transfers[1]!;
    const variants: [string, ReceiptTransferFields[]][] = [
      ['a foreign IBAN on transfer 1', [{ ...t1, iban: FOREIGN_IBAN }, t2]],
      ['a foreign IBAN on transfer 2', [t1, { ...t2, iban: FOREIGN_IBAN }]],
      [
        'the two IBANs swapped',
        [
          { ...t1, iban: IBAN2 },
          { ...t2, iban: TEST_ENTITY.iban },
        ],
      ],
      ['a digital stamp instead of the IBAN', [{ ...t1, iban: undefined, mbd: 'AAAA' }, t2]],
      [
        'one cent moved between the transfers',
        [
          { ...t1, amount: '50.01' },
          { ...t2, amount: '49.99' },
        ],
      ],
      ['another beneficiary (fiscalCodePA)', [t1, { ...t2, fiscalCodePA: '01199250158' }]],
      ['idTransfer 3 instead of 2', [t1, { ...t2, idTransfer: '3' }]],
      ['idTransfer 1 twice', [t1, { ...t2, idTransfer: '1', iban: TEST_ENTITY.iban, amount: '50.00' }]],
      ['one transfer for the whole amount', [{ ...t1, amount: '100.00' }]],
      ['a third transfer', [{ ...t1, amount: '30.00' }, t2, { ...t1, idTransfer: '3', amount: '20.00' }]],
    ];
    for (const [what, transfers] of variants) {
      const r = await node.sendRT({ ...good, transfers });
      expect(r.faultCode, what).toBe('PAA_SEMANTICA');
      expect(await state(p), what).toEqual({ option: 'in_payment', receipts: 0 });
    }
    // Remittance text and taxonomy move no money: kept as the receipt says. IBANs compare as IBANs.
    const ok = await node.sendRT({
      ...good,
      transfers: [
        { ...t1, remittance: 'Causale riscritta dal PSP', category: '0101002IM' },
        { ...t2, iban: IBAN2.toLowerCase() },
      ],
    });
    expect(ok.outcome).toBe('OK');
    expect(await state(p)).toEqual({ option: 'paid', receipts: 1 });
  });

  it('a receipt for a notice never activated here (stand-in) must credit the practice’s own transfers', async () => {
    const p = await nodePosition(h, { amount: 40_00 });
    const foreign = receiptFor(p, [FOREIGN_IBAN], { standIn: true });
    expect((await node.sendRT(foreign)).faultCode).toBe('PAA_SEMANTICA');
    expect(await state(p)).toEqual({ option: 'unpaid', receipts: 0 });
    expect((await node.sendRT(receiptFor(p, [], { standIn: true }))).outcome).toBe('OK');
    expect(await state(p)).toEqual({ option: 'paid', receipts: 1 });
  });

  it('V1 receipts (paSendRT) are checked the same way', async () => {
    const p = await nodePosition(h, { amount: 5_00 });
    expect((await node.activate(ENTE, p.nav, { v2: false })).outcome).toBe('OK');
    const foreign = receiptFor(p, [FOREIGN_IBAN]);
    expect((await node.sendRT(foreign, { v2: false })).faultCode).toBe('PAA_SEMANTICA');
    expect((await node.sendRT(receiptFor(p, []), { v2: false })).outcome).toBe('OK');
  });

  it('checks against what the activation asked, not what the practice says since', async () => {
    const p = await nodePosition(h, { amount: 30_00 });
    expect((await node.activate(ENTE, p.nav)).outcome).toBe('OK');
    const later = new Date(Date.now() + (h.deps.config.paymentTtlSeconds + 60) * 1000);
    h.setNow(later);
    try {
      await expireDuePayments(h.deps.db, later);
      // The entity moves the practice to another IBAN once the activation has expired.
      await h.deps.db.updateTable('transfers').set({ iban: IBAN2 }).where('option_id', '=', p.id).execute();
      expect((await node.sendRT(receiptFor(p, [IBAN2]))).faultCode).toBe('PAA_SEMANTICA');
      // The money the payer paid went where the activation said: recorded.
      expect((await node.sendRT(receiptFor(p, [TEST_ENTITY.iban]))).outcome).toBe('OK');
      expect(await state(p)).toEqual({ option: 'paid', receipts: 1 });
    } finally {
      h.setNow(new Date());
    }
  });
});

describe('every receipt the node sends is kept whole', () => {
  let h: Harness;
  let node: ReturnType<typeof fakeNode>;
  beforeAll(async () => {
    h = await createHarness({ config: { paymentProvider: 'pagopa' } });
    await configureStation(h);
    node = fakeNode(async (xml, action) => {
      const res = await h.request('/pagopa/node', {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
        body: xml,
      });
      return { status: res.status, text: await res.text() };
    }, STATION);
  });
  afterAll(() => h.close());

  it('stores every field of ctReceiptV2, the receipt’s own description and debtor, and the message', async () => {
    const p = await nodePosition(h, { amount: 60_00, transfers: 2, ibans: [TEST_ENTITY.iban, IBAN2] });
    expect((await node.activate(ENTE, p.nav)).outcome).toBe('OK');
    const rt = receiptFor(p, [TEST_ENTITY.iban, IBAN2], {
      receiptId: `WHOLE${p.nav}`,
      description: 'TARI 2026 - rata unica (dal PSP)',
      companyName: 'Comune di Esempio (ricevuta)',
      officeName: 'Ufficio Tributi',
      debtor: { type: 'G', code: '01199250158', name: 'Impresa Debitrice S.r.l.' },
      pspPartitaIVA: '00799960158',
      channelDescription: 'ATM',
      paymentNote: 'nota del pagatore',
      primaryCiIncurredFee: '0.50',
      idBundle: 'BUNDLE-1',
      idCiBundle: 'CIBUNDLE-1',
      transferDate: '2026-11-27',
      metadata: [['chiave', 'valore']],
      standIn: false,
    });
    rt.transfers[0] = {
      ...rt.transfers[0]!,
      companyName: 'Comune di Esempio',
      metadata: [['capitolo', '1234']],
    };
    rt.transfers[1] = { ...rt.transfers[1]!, companyName: 'Ufficio TEFA' };
    expect((await node.sendRT(rt)).outcome).toBe('OK');
    const row = await h.deps.db
      .selectFrom('receipts')
      .selectAll()
      .where('nav', '=', p.nav)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      description: 'TARI 2026 - rata unica (dal PSP)',
      debtor_fiscal_code: '01199250158',
      debtor_name: 'Impresa Debitrice S.r.l.',
      creditor_fiscal_code: ENTE,
      company_name: 'Comune di Esempio (ricevuta)',
      office_name: 'Ufficio Tributi',
      outcome: 'OK',
      channel_description: 'ATM',
      psp_partita_iva: '00799960158',
      payment_note: 'nota del pagatore',
      primary_ci_incurred_fee: 50,
      id_bundle: 'BUNDLE-1',
      id_ci_bundle: 'CIBUNDLE-1',
      application_date: '2026-11-26',
      transfer_date: '2026-11-27',
      stand_in: 0,
    });
    expect(JSON.parse(row.metadata!)).toEqual([{ key: 'chiave', value: 'valore' }]);
    expect(JSON.parse(row.transfers)).toEqual([
      {
        idx: 1,
        iban: TEST_ENTITY.iban,
        amount: 30_00,
        remittance: 'Tassa di prova',
        taxonomy: '0101002IM',
        fiscalCode: ENTE,
        companyName: 'Comune di Esempio',
        metadata: [{ key: 'capitolo', value: '1234' }],
      },
      {
        idx: 2,
        iban: IBAN2,
        amount: 30_00,
        remittance: 'Tassa di prova',
        taxonomy: '0101002IM',
        fiscalCode: ENTE,
        companyName: 'Ufficio TEFA',
        metadata: null,
      },
    ]);
    // The receipt.received event tells the same debtor and beneficiaries.
    const event = (
      await h.deps.db.selectFrom('events').select('payload').where('type', '=', 'receipt.received').execute()
    )
      .map((e) => JSON.parse(String(e.payload)) as WebhookEventData)
      .find((e) => e.practice?.nav === p.nav)!;
    expect(event.receipt!.debtor).toEqual({ fiscalCode: '01199250158', name: 'Impresa Debitrice S.r.l.' });
    expect(event.receipt!.transfers.map((t) => [t.fiscalCode, t.companyName])).toEqual([
      [ENTE, 'Comune di Esempio'],
      [ENTE, 'Ufficio TEFA'],
    ]);
    // The whole message as it came.
    expect(row.raw).toContain('<pafn:paSendRTV2Request>');
    expect(row.raw).toContain('<idCiBundle>CIBUNDLE-1</idCiBundle>');
    expect(row.raw).toContain(`<receiptId>WHOLE${p.nav}</receiptId>`);
  });

  it('a stand-in receipt says so; V1 receipts keep what they carry', async () => {
    const p = await nodePosition(h, { amount: 7_00 });
    expect((await node.activate(ENTE, p.nav, { v2: false })).outcome).toBe('OK');
    expect((await node.sendRT(receiptFor(p, [], { standIn: true }), { v2: false })).outcome).toBe('OK');
    const row = await h.deps.db
      .selectFrom('receipts')
      .selectAll()
      .where('nav', '=', p.nav)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      stand_in: 1,
      description: 'Pagamento di prova',
      debtor_name: 'Mario Rossi',
      company_name: 'Comune di Esempio',
      channel_description: 'app',
      payment_note: null,
      id_bundle: null,
    });
    expect(row.raw).toContain('<pafn:paSendRTReq>');
  });
});
