/**
 * What a receipt carries reaches the entity and the citizen: the admin export (JSON and CSV), the
 * citizen's view of it and its PDF name the other beneficiaries of a multi-entity payment; the
 * sandbox's receipts fill the fields it knows.
 */
import { RECEIPT_EXPORT_COLUMNS, type ReceiptExportRow } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../test/support/entity.js';
import { findEntity } from '../entities/entities.js';
import { pdfText } from '../../test/support/notice-pdf.js';
import { startPayment } from '../payments/start.js';
import { recordReceipt } from '../payments/record-receipt.js';
import { deliverDueSandboxReceipts, scheduleSandboxReceipts } from '../payments/sandbox.js';
import { as, testKey } from '../../test/support/admin-fixtures.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { nodePosition } from '../../test/support/pagopa-fixtures.js';
import { renderReceiptPdf } from './pdf.js';
import { toReceiptView } from './receipts.js';

const ENTE = TEST_ENTITY.code;
const PROVINCE = '01199250158';
const IBAN2 = 'IT07X0542811101000000654321';

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('a multi-entity receipt, kept whole, in the export, the citizen view and the PDF', () => {
  let h: Harness;
  let nav: string;
  beforeAll(async () => {
    h = await createHarness();
    const p = await nodePosition(h, { amount: 100_00, transfers: 2, ibans: [TEST_ENTITY.iban, IBAN2] });
    nav = p.nav;
    const r = await recordReceipt(
      h.deps.db,
      {
        entityCode: ENTE,
        nav: p.nav,
        receiptId: 'IUR-MULTI-1',
        amount: 100_00,
        fee: 150,
        pspId: 'BCITITMM',
        pspName: 'Intesa Sanpaolo',
        pspFiscalCode: '00799960158',
        channel: '00799960158_01',
        method: 'creditCard',
        paidAt: new Date('2026-11-26T09:15:00Z'),
        payer: null,
        transfers: [
          {
            idx: 1,
            iban: TEST_ENTITY.iban,
            amount: 80_00,
            remittance: 'TARI 2026',
            taxonomy: '0101002IM',
            fiscalCode: ENTE,
            companyName: 'Comune di Esempio',
            metadata: [{ key: 'capitolo', value: '1234' }],
          },
          {
            idx: 2,
            iban: IBAN2,
            amount: 20_00,
            remittance: 'TEFA 2026',
            taxonomy: '0201102IM',
            fiscalCode: PROVINCE,
            companyName: 'Provincia di Esempio',
          },
        ],
        details: {
          description: 'TARI e TEFA 2026',
          debtor: { fiscalCode: '01199250158', name: 'Impresa Debitrice S.r.l.' },
          creditorFiscalCode: ENTE,
          companyName: 'Comune di Esempio',
          officeName: 'Ufficio Tributi',
          outcome: 'OK',
          channelDescription: 'app',
          pspPartitaIva: '00799960158',
          paymentNote: 'nota, con "virgolette"',
          primaryCiIncurredFee: 50,
          idBundle: 'B1',
          idCiBundle: 'CB1',
          applicationDate: '2026-11-26',
          transferDate: '2026-11-27',
          metadata: [{ key: 'k', value: 'v' }],
          standIn: true,
          raw: '<soapenv:Envelope/>',
        },
      },
      new Date('2026-11-26T09:16:00Z'),
    );
    expect(r.status).toBe('recorded');
  });
  afterAll(() => h.close());

  const row = () =>
    h.deps.db.selectFrom('receipts').selectAll().where('nav', '=', nav).executeTakeFirstOrThrow();

  it('the admin export has the receipt’s own fields and each transfer’s beneficiary (JSON and CSV)', async () => {
    const api = as(h, await testKey(h));
    const res = await api('GET', '/api/v1/admin/receipts?from=2026-11-26&to=2026-11-26&format=json');
    expect(res.status).toBe(200);
    const rows = (await res.json()) as ReceiptExportRow[];
    expect(rows).toHaveLength(2);
    const common = {
      receipt_id: 'IUR-MULTI-1',
      description: 'TARI e TEFA 2026',
      debtor_fiscal_code: '01199250158',
      debtor_name: 'Impresa Debitrice S.r.l.',
      creditor_fiscal_code: ENTE,
      company_name: 'Comune di Esempio',
      office_name: 'Ufficio Tributi',
      outcome: 'OK',
      channel_description: 'app',
      psp_partita_iva: '00799960158',
      payment_note: 'nota, con "virgolette"',
      primary_ci_incurred_fee: 50,
      id_bundle: 'B1',
      id_ci_bundle: 'CB1',
      application_date: '2026-11-26',
      transfer_date: '2026-11-27',
      metadata: '[{"key":"k","value":"v"}]',
      stand_in: true,
    };
    expect(rows[0]).toMatchObject({
      ...common,
      transfer_idx: 1,
      transfer_fiscal_code: ENTE,
      transfer_company_name: 'Comune di Esempio',
      transfer_metadata: '[{"key":"capitolo","value":"1234"}]',
    });
    expect(rows[1]).toMatchObject({
      ...common,
      transfer_idx: 2,
      transfer_iban: IBAN2,
      transfer_amount: 20_00,
      transfer_fiscal_code: PROVINCE,
      transfer_company_name: 'Provincia di Esempio',
      transfer_metadata: '',
    });
    const csv = await api('GET', '/api/v1/admin/receipts?from=2026-11-26&to=2026-11-26&format=csv');
    const [header, ...lines] = parseCsv(await csv.text());
    expect(header).toEqual([...RECEIPT_EXPORT_COLUMNS]);
    const byName = lines.map((l) => Object.fromEntries(header!.map((k, i) => [k, l[i]])));
    expect(byName[1]).toMatchObject({
      transfer_fiscal_code: PROVINCE,
      transfer_company_name: 'Provincia di Esempio',
      payment_note: 'nota, con "virgolette"',
      primary_ci_incurred_fee: '50',
      stand_in: 'true',
      office_name: 'Ufficio Tributi',
    });
  });

  it('the citizen’s view names each beneficiary and the creditor as the receipt does', async () => {
    const view = toReceiptView({ ...(await row()), service_code: null });
    expect(view.description).toBe('TARI e TEFA 2026');
    expect(view.debtor).toEqual({ fiscalCode: '01199250158', name: 'Impresa Debitrice S.r.l.' });
    expect(view.creditor).toEqual({ fiscalCode: ENTE, name: 'Comune di Esempio', office: 'Ufficio Tributi' });
    expect(view.transfers.map((t) => [t.fiscalCode, t.companyName, t.amount])).toEqual([
      [ENTE, 'Comune di Esempio', 80_00],
      [PROVINCE, 'Provincia di Esempio', 20_00],
    ]);
  });

  it('the PDF names the other beneficiary, the office, and the receipt’s own subject and debtor', async () => {
    const entity = (await findEntity(h.deps.db, ENTE))!;
    const text = pdfText(await renderReceiptPdf(await row(), entity, 'it')).replace(/\s+/g, ' ');
    expect(text).toContain(`Beneficiario: Provincia di Esempio · ${PROVINCE}`);
    expect(text).toContain(`Beneficiario: Comune di Esempio · ${ENTE}`);
    expect(text).toContain('Ufficio Tributi');
    expect(text).toContain('TARI e TEFA 2026');
    expect(text).toContain('Impresa Debitrice S.r.l.');
  });

  it('a receipt of the entity alone names no beneficiary', async () => {
    const p = await nodePosition(h, { amount: 10_00 });
    const r = await recordReceipt(
      h.deps.db,
      {
        entityCode: ENTE,
        nav: p.nav,
        receiptId: 'IUR-ALONE-1',
        amount: 10_00,
        fee: 0,
        pspId: 'P',
        pspName: 'PSP',
        pspFiscalCode: null,
        channel: 'C',
        method: 'M',
        paidAt: new Date(),
        payer: null,
      },
      new Date(),
    );
    expect(r.status).toBe('recorded');
    const entity = (await findEntity(h.deps.db, ENTE))!;
    const text = pdfText(await renderReceiptPdf(r.receipt, entity, 'it'));
    expect(text).not.toContain('Beneficiario');
    expect(JSON.parse(r.receipt.transfers)[0]).toMatchObject({ fiscalCode: ENTE, companyName: null });
  });
});

describe('sandbox receipts fill what a pagoPA receipt would say and the sandbox knows', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('creditor, its name, outcome, channel description and stand-in', async () => {
    const p = await nodePosition(h, { amount: 12_00 });
    const now = new Date();
    const { payment } = await startPayment(
      h.deps.db,
      {
        entityCode: ENTE,
        accountId: null,
        optionIds: [p.id],
        returnUrl: null,
        payerEmail: null,
        lang: 'it',
        provider: 'sandbox',
        ttlSeconds: 600,
      },
      now,
    );
    await scheduleSandboxReceipts(h.deps.db, payment.id, now);
    expect(await deliverDueSandboxReceipts(h.deps.db, now)).toBe(1);
    const r = await h.deps.db
      .selectFrom('receipts')
      .selectAll()
      .where('nav', '=', p.nav)
      .executeTakeFirstOrThrow();
    expect(r).toMatchObject({
      creditor_fiscal_code: ENTE,
      company_name: TEST_ENTITY.name,
      outcome: 'OK',
      channel_description: 'Sandbox online',
      stand_in: 0,
      raw: null,
    });
  });
});
