/**
 * The reconciliation export against receipts recorded the real way: practices paid through the
 * sandbox (one, a two-transfer one, a cart of two), then the export compared with the receipts
 * table cent for cent; Europe/Rome day boundaries; paging past one page; bad inputs.
 */
import {
  createAdminClient,
  PositionInput,
  RECEIPT_EXPORT_COLUMNS,
  type ReceiptExportRow,
  verifyWebhookSignature,
  type WebhookEvent,
} from '@pagatore/sdk';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../accounts/sessions.js';
import { transaction } from '../../db/database.js';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../demo/seed-accounts.js';
import { DEMO_ENTITY, seedDemoEntity } from '../../demo/seed.js';
import { findEntity } from '../../entities/entities.js';
import { recordReceipt } from '../../payments/record-receipt.js';
import { writePositions } from '../../positions/positions.js';
import { romeDate } from '../../core/rome-calendar.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { deliverAllDue } from '../../webhooks/deliveries.js';
import { createEndpoint } from '../../webhooks/endpoints.js';
import { startReceiver, type TestReceiver } from '../../webhooks/test-receiver.js';
import { as, testKey, otherEntityKey } from '../../../test/support/admin-fixtures.js';

const ENTE = DEMO_ENTITY.code;
const BASE = `/api/v1/entities/${ENTE}`;
const MARIO = DEMO_ACCOUNTS[0];
let seq = 0;

/** An unpaid position whose single payment has these transfers (cents). */
async function position(h: Harness, transfers: number[]) {
  const entity = (await findEntity(h.deps.db, ENTE))!;
  const amount = transfers.reduce((a, b) => a + b, 0);
  const iupd = `EXP-TEST-${++seq}`;
  const input = v.parse(PositionInput, {
    iupd,
    debtor: { fiscalCode: MARIO.fiscalCode, name: 'Mario Rossi' },
    description: `Pratica, "export" ${seq}`,
    single: {
      amount,
      dueDate: '2099-12-31',
      transfers: transfers.map((a, i) => ({
        iban: DEMO_ENTITY.iban,
        amount: a,
        remittance: `Quota ${i + 1}, prova`,
        taxonomy: '9/0101002IM/',
      })),
    },
  });
  await transaction(h.deps.db, async (tx) => {
    const r = await writePositions(tx, entity, [{ row: 1, position: input }], 'create', new Date());
    expect(r.errors).toEqual([]);
  });
  const option = await h.deps.db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select(['payment_options.nav', 'payment_options.id', 'positions.id as positionId'])
    .where('positions.iupd', '=', iupd)
    .executeTakeFirstOrThrow();
  return { iupd, nav: option.nav, optionId: option.id, positionId: option.positionId };
}

async function login(h: Harness): Promise<Record<string, string>> {
  const account = await h.deps.db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', MARIO.username)
    .executeTakeFirstOrThrow();
  const { token } = await createSession(h.deps.db, account.id, new Date(), {
    idleSeconds: 3600,
    maxSeconds: 86_400,
  });
  return { authorization: `Bearer ${token}` };
}

/** Pays NAVs through the sandbox: start, open its page, post "paid". */
async function pay(h: Harness, auth: Record<string, string>, navs: string[]) {
  const start = await h.json('POST', `${BASE}/payments`, { options: navs }, auth);
  expect(start.status).toBe(201);
  const { redirectUrl } = (await start.json()) as { redirectUrl: string };
  const url = new URL(redirectUrl);
  const html = await (await h.request(url.pathname + url.search)).text();
  const token = /name="t" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const res = await h.request(url.pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: token, outcome: 'paid' }).toString(),
  });
  expect(res.status).toBe(303);
}

/** RFC 4180 parser for the test: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
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
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe('reconciliation export', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  let key: string;
  let receiver: TestReceiver;
  let secret: string;
  const today = romeDate(new Date().toISOString());
  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity });
    await seedDemoAccounts(h.deps.db);
    key = await testKey(h);
    api = as(h, key);
    receiver = await startReceiver();
    // The receiver listens on 127.0.0.1: the entity allows its own network.
    expect((await api('PATCH', '/api/v1/admin/entity', { allowPrivateTargets: true })).status).toBe(200);
    secret = (await createEndpoint(h.deps.db, ENTE, { url: receiver.url }, new Date()))!.secret;
    const auth = await login(h);
    const one = await position(h, [12_345]);
    const two = await position(h, [7000, 3001]);
    const cartA = await position(h, [999]);
    const cartB = await position(h, [1, 50_000, 2]);
    await pay(h, auth, [one.nav]);
    await pay(h, auth, [two.nav]);
    await pay(h, auth, [cartA.nav, cartB.nav]);
  });
  afterAll(async () => {
    await receiver.close();
    await h.close();
  });

  it('the payments reach a webhook: receipt.received then payment.paid per practice, signed', async () => {
    await deliverAllDue(h.deps);
    const events = receiver.received.map((r) => JSON.parse(r.body) as WebhookEvent);
    const receipts = await h.deps.db.selectFrom('receipts').selectAll().execute();
    expect(events.filter((e) => e.type === 'receipt.received')).toHaveLength(receipts.length);
    expect(events.filter((e) => e.type === 'payment.paid')).toHaveLength(receipts.length);
    for (const r of receipts) {
      const mine = events.filter((e) => e.data.practice?.nav === r.nav);
      expect(mine.map((e) => e.type)).toEqual(['receipt.received', 'payment.paid']);
      expect(mine[0]!.data.receipt).toMatchObject({ receiptId: r.receipt_id, amount: r.amount, fee: r.fee });
    }
    for (const x of receiver.received) {
      const header = x.headers['pagatore-signature'] as string;
      expect((await verifyWebhookSignature({ payload: x.body, header, secret })).ok).toBe(true);
    }
  });

  it('CSV: one row per transfer, matching the receipts table cent for cent', async () => {
    const res = await api('GET', `/api/v1/admin/receipts?from=${today}&to=${today}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="ricevute-80012345676-.*\.csv"/,
    );
    const [header, ...lines] = parseCsv(await res.text());
    expect(header).toEqual([...RECEIPT_EXPORT_COLUMNS]);
    const rows = lines.map((l) => Object.fromEntries(header!.map((k, i) => [k, l[i] ?? ''])));
    const receipts = await h.deps.db
      .selectFrom('receipts')
      .selectAll()
      .orderBy('paid_at')
      .orderBy('id')
      .execute();
    expect(receipts).toHaveLength(4);
    // 1 + 2 + 1 + 3 transfers.
    expect(rows).toHaveLength(7);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(rows.map((r) => Number(r.transfer_amount)))).toBe(sum(receipts.map((r) => r.amount)));
    expect(sum(receipts.map((r) => r.amount))).toBe(12_345 + 10_001 + 999 + 50_003);
    for (const r of receipts) {
      const mine = rows.filter((x) => x.receipt_id === r.receipt_id);
      const transfers = JSON.parse(r.transfers) as {
        idx: number;
        iban: string;
        amount: number;
        remittance: string;
      }[];
      expect(mine.map((x) => Number(x.transfer_amount))).toEqual(transfers.map((t) => t.amount));
      expect(mine.map((x) => x.transfer_remittance)).toEqual(transfers.map((t) => t.remittance));
      expect(mine.map((x) => Number(x.transfer_idx))).toEqual(transfers.map((t) => t.idx));
      for (const x of mine) {
        expect(x).toMatchObject({
          paid_at: r.paid_at,
          paid_date: today,
          nav: r.nav,
          iuv: r.iuv,
          receipt_amount: String(r.amount),
          fee: String(r.fee),
          psp_id: r.psp_id,
          psp_name: r.psp_name,
          debtor_fiscal_code: r.debtor_fiscal_code,
          debtor_name: r.debtor_name,
          payer_fiscal_code: r.payer_fiscal_code ?? '',
          transfer_iban: DEMO_ENTITY.iban,
          description: r.description,
          payment_id: r.payment_id ?? '',
        });
        expect(x.iupd).toMatch(/^EXP-TEST-/);
      }
    }
  });

  it('JSON (by ?format or Accept) holds the same rows as numbers, through the SDK too', async () => {
    const csv = parseCsv(await (await api('GET', `/api/v1/admin/receipts?from=${today}&to=${today}`)).text());
    const res = await api('GET', `/api/v1/admin/receipts?from=${today}&to=${today}`, undefined, {
      accept: 'application/json',
    });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const json = (await res.json()) as ReceiptExportRow[];
    expect(json).toHaveLength(csv.length - 1);
    expect(typeof json[0]!.transfer_amount).toBe('number');
    expect(json.map((r) => r.receipt_id)).toEqual(csv.slice(1).map((r) => r[0]));
    const server = await h.listen();
    try {
      const admin = createAdminClient({ baseUrl: server.url, apiKey: key });
      expect(await admin.receipts.exportRows({ from: today, to: today })).toEqual(json);
      const streamed = await admin.receipts.export({ from: today, to: today, format: 'csv' });
      expect(parseCsv(await streamed.text())).toEqual(csv);
    } finally {
      await server.close();
    }
  });

  it('days are Europe/Rome days: 23:30 UTC on 31 December is paid on 1 January', async () => {
    const p = await position(h, [2500]);
    const r = await recordReceipt(
      h.deps.db,
      {
        entityCode: ENTE,
        nav: p.nav,
        receiptId: 'IUR-NEW-YEAR',
        amount: 2500,
        fee: 0,
        pspId: 'PSP1',
        pspName: 'Banca di prova',
        pspFiscalCode: null,
        channel: 'PSP1_01',
        method: 'CP',
        paidAt: new Date('2026-12-31T23:30:00Z'),
        payer: null,
      },
      new Date(),
    );
    expect(r.status).toBe('recorded');
    const rows = async (from: string, to: string) =>
      (await (
        await api('GET', `/api/v1/admin/receipts?from=${from}&to=${to}&format=json`)
      ).json()) as ReceiptExportRow[];
    expect((await rows('2026-12-31', '2026-12-31')).map((x) => x.receipt_id)).not.toContain('IUR-NEW-YEAR');
    const jan = await rows('2027-01-01', '2027-01-01');
    expect(jan).toMatchObject([
      { receipt_id: 'IUR-NEW-YEAR', paid_date: '2027-01-01', transfer_amount: 2500 },
    ]);
    expect(await rows('2030-01-01', '2030-12-31')).toEqual([]);
  });

  it('pages through more receipts than one page, none twice, none lost (same instants included)', async () => {
    const p = await position(h, [100]);
    const at = '2025-06-15T10:00:00.000Z';
    const many = Array.from({ length: 1203 }, (_, i) => ({
      entity_code: ENTE,
      option_id: p.optionId,
      position_id: p.positionId,
      payment_id: null,
      receipt_id: `BULK-${i}`,
      nav: `9${String(i).padStart(17, '0')}`,
      iuv: String(i).padStart(17, '0'),
      amount: 100 + i,
      fee: 0,
      description: 'bulk',
      psp_id: 'PSP1',
      psp_name: 'Banca',
      psp_fiscal_code: null,
      channel: 'C',
      method: 'CP',
      // Many share one instant: paging must break ties by id.
      paid_at: i % 3 === 0 ? at : `2025-06-15T1${i % 10}:00:00.000Z`,
      debtor_fiscal_code: MARIO.fiscalCode,
      debtor_name: 'Mario Rossi',
      payer_fiscal_code: null,
      payer_name: null,
      payer_email: null,
      transfers: JSON.stringify([
        { idx: 1, iban: DEMO_ENTITY.iban, amount: 100 + i, remittance: 'x', taxonomy: 'y' },
      ]),
      flag: null,
      received_at: at,
    }));
    for (let i = 0; i < many.length; i += 200) {
      await h.deps.db
        .insertInto('receipts')
        .values(many.slice(i, i + 200))
        .execute();
    }
    const res = await api('GET', '/api/v1/admin/receipts?from=2025-06-15&to=2025-06-15&format=json');
    const rows = (await res.json()) as ReceiptExportRow[];
    expect(rows).toHaveLength(1203);
    expect(new Set(rows.map((r) => r.receipt_id)).size).toBe(1203);
    expect(rows.reduce((a, r) => a + r.transfer_amount, 0)).toBe(many.reduce((a, r) => a + r.amount, 0));
    const keys = rows.map((r) => r.paid_at);
    expect(keys).toEqual([...keys].sort());
  });

  it('bad inputs: 401 without a valid key, 422 for bad ranges and formats, another entity sees nothing', async () => {
    const path = `/api/v1/admin/receipts?from=${today}&to=${today}`;
    expect((await h.request(path)).status).toBe(401);
    expect((await h.request(path, { headers: { authorization: 'Bearer pgk_nope' } })).status).toBe(401);
    for (const q of [
      '',
      `from=${today}`,
      'from=2026-02-30&to=2026-03-01',
      'from=2026-03-02&to=2026-03-01',
      `from=${today}&to=${today}&format=xml`,
      `from=${today}&to=${today}&extra=1`,
      'from=x&to=y',
    ]) {
      const res = await api('GET', `/api/v1/admin/receipts?${q}`);
      expect(res.status, q).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    }
    const other = as(h, await otherEntityKey(h));
    const res = await other('GET', `${path}&format=json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
    const csv = await (await other('GET', path)).text();
    expect(csv).toBe(`${RECEIPT_EXPORT_COLUMNS.join(',')}\r\n`);
  });
});
