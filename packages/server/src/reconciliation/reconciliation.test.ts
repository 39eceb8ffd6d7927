/**
 * Reporting flows end to end against receipts recorded the real way: flows built as PSPs write them
 * and validated with xmllint against the official FlussoRiversamento XSD, uploaded through the admin
 * API (SDK over HTTP on 127.0.0.1) and fetched from a stand-in of pagoPA's FdR 3 REST API and
 * nodeForPa SOAP operations. One test per match result, a revised flow, a malformed flow, totals
 * that do not add up, the export's settlement columns, the webhook events, the scheduled run claimed
 * once across processes, and bad inputs.
 */
import {
  createAdminClient,
  type FlowView,
  type PagatoreAdminClient,
  PagatoreError,
  PositionInput,
  type WebhookEvent,
  type WebhookEventData,
  verifyWebhookSignature,
} from '@pagatore/sdk';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction } from '../db/database.js';
import { findEntity } from '../entities/entities.js';
import { recordReceipt } from '../payments/record-receipt.js';
import { writePositions } from '../positions/positions.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { testKey, otherEntityKey } from '../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../test/support/entity.js';
import {
  flowIdOf,
  flowJson,
  flowPayments,
  flowXml,
  startFdrStandIn,
  type TestFlow,
  type TestFlowRow,
  validFlowXmls,
  xmllint,
  FLOW_XSD,
} from '../../test/support/fdr-node.js';
import { parseFlowXml } from './parse.js';
import { deliverAllDue } from '../webhooks/deliveries.js';
import { startReceiver } from '../webhooks/test-receiver.js';
import { runDueReconciliations } from './job.js';
import { FLOW_MAX_BYTES } from './flows.js';

const ENTE = TEST_ENTITY.code;
const IBAN = TEST_ENTITY.iban;
const IBAN2 = 'IT30O0760103200000012345678';
const BROKER = '15376371009';
const STATION = '15376371009_01';
const PSP = 'BCITITMM';
let seq = 0;

interface Paid {
  iuv: string;
  nav: string;
  iupd: string;
  receiptId: string;
  transfers: { idx: number; iban: string; amount: number }[];
}

/** A position with these transfers, paid: its receipt recorded through the one recording path. */
async function paid(h: Harness, transfers: { iban: string; amount: number }[], paidAt: Date): Promise<Paid> {
  const entity = (await findEntity(h.deps.db, ENTE))!;
  const n = ++seq;
  const iupd = `FDR-${n}`;
  const amount = transfers.reduce((a, t) => a + t.amount, 0);
  const input = v.parse(PositionInput, {
    iupd,
    debtor: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi' },
    description: `Pratica ${n}`,
    single: {
      amount,
      dueDate: '2099-12-31',
      transfers: transfers.map((t, i) => ({
        iban: t.iban,
        amount: t.amount,
        remittance: `Quota ${i + 1}`,
        taxonomy: '9/0101002IM/',
      })),
    },
  });
  await transaction(h.deps.db, async (tx) => {
    const r = await writePositions(tx, entity, [{ row: 1, position: input }], 'create', paidAt);
    expect(r.errors).toEqual([]);
  });
  const option = await h.deps.db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select(['payment_options.nav', 'payment_options.iuv'])
    .where('positions.iupd', '=', iupd)
    .executeTakeFirstOrThrow();
  const receiptId = `IUR${String(n).padStart(8, '0')}`;
  const r = await recordReceipt(
    h.deps.db,
    {
      entityCode: ENTE,
      nav: option.nav,
      receiptId,
      amount,
      fee: 100,
      pspId: PSP,
      pspName: 'Banca di prova',
      pspFiscalCode: null,
      channel: `${PSP}_01`,
      method: 'CP',
      paidAt,
      payer: null,
    },
    paidAt,
  );
  expect(r.status).toBe('recorded');
  return {
    iuv: option.iuv,
    nav: option.nav,
    iupd,
    receiptId,
    transfers: transfers.map((t, i) => ({ idx: i + 1, iban: t.iban, amount: t.amount })),
  };
}

/** The rows settling every transfer of a receipt, as a PSP reports them. */
function rowsOf(p: Paid, date: string, outcome: 0 | 3 | 9 = 0): TestFlowRow[] {
  return p.transfers.map((t) => ({
    iuv: p.iuv,
    iur: p.receiptId,
    idx: t.idx,
    amount: t.amount,
    outcome,
    date,
  }));
}

let flowSeq = 0;
function flow(rows: TestFlowRow[], over: Partial<TestFlow> = {}): TestFlow {
  const n = ++flowSeq;
  return {
    flowId: flowIdOf('2026-11-05', PSP, n),
    flowDate: '2026-11-05T10:00:00',
    settlementId: `SEPA-${n}`,
    settlementDate: '2026-11-05',
    pspId: PSP,
    pspName: 'Banca di prova',
    receiver: ENTE,
    rows,
    ...over,
  };
}

async function upload(admin: PagatoreAdminClient, f: TestFlow): Promise<FlowView> {
  const [xml] = await validFlowXmls([f]);
  return admin.flows.upload(xml!);
}

async function rowsOfFlow(admin: PagatoreAdminClient, id: number) {
  return (await admin.flows.rows(id, { limit: 200 })).items;
}

async function events(h: Harness, type: string): Promise<WebhookEventData[]> {
  return (
    await h.deps.db.selectFrom('events').select('payload').where('type', '=', type).orderBy('id').execute()
  ).map((e) => JSON.parse(e.payload) as WebhookEventData);
}

describe('reporting flows', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  let admin: PagatoreAdminClient;
  const day = new Date('2026-11-03T09:00:00Z');

  beforeAll(async () => {
    h = await createHarness();
    h.setNow(new Date('2026-11-06T12:00:00Z'));
    server = await h.listen();
    admin = createAdminClient({ baseUrl: server.url, apiKey: await testKey(h) });
    await admin.entitySettings.update({
      pagopa: { idBrokerPA: BROKER, idStation: STATION },
      allowPrivateTargets: true,
    });
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it('builds flows the official XSD accepts and reads them back in cents', async () => {
    const f = flow([
      { iuv: '01000000000000123', iur: 'IUR-A', idx: 1, amount: 12345, outcome: 0, date: '2026-11-03' },
      { iuv: '01000000000000124', iur: 'IUR-B', idx: null, amount: 1, outcome: 9, date: '2026-11-04' },
    ]);
    const [xml] = await validFlowXmls([f]);
    const r = parseFlowXml(xml!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.flow).toMatchObject({
      flowId: f.flowId,
      settlementId: f.settlementId,
      declaredCount: 2,
      declaredAmount: 12346,
    });
    expect(r.flow.rows).toEqual([
      { iuv: '01000000000000123', iur: 'IUR-A', idx: 1, amount: 12345, outcome: 0, date: '2026-11-03' },
      { iuv: '01000000000000124', iur: 'IUR-B', idx: null, amount: 1, outcome: 9, date: '2026-11-04' },
    ]);
  });

  it('matches a row to its receipt and transfer, and the export shows the settlement', async () => {
    const p = await paid(
      h,
      [
        { iban: IBAN, amount: 10000 },
        { iban: IBAN2, amount: 2500 },
      ],
      day,
    );
    const f = flow(rowsOf(p, '2026-11-03'));
    const view = await upload(admin, f);
    expect(view).toMatchObject({
      status: 'valid',
      current: true,
      revision: 1,
      rowCount: 2,
      rowAmount: 12500,
      anomalies: 0,
      totalsMismatch: false,
    });
    const rows = await rowsOfFlow(admin, view.id);
    expect(rows.map((r) => [r.result, r.receiptId, r.iupd, r.expectedAmount, r.iban])).toEqual([
      ['matched', p.receiptId, p.iupd, 10000, IBAN],
      ['matched', p.receiptId, p.iupd, 2500, IBAN2],
    ]);
    const exported = (await admin.receipts.exportRows({ from: '2026-11-03', to: '2026-11-03' })).filter(
      (r) => r.receipt_id === p.receiptId,
    );
    expect(
      exported.map((r) => [
        r.transfer_idx,
        r.settlement_state,
        r.settlement_flow_id,
        r.settlement_id,
        r.settlement_date,
      ]),
    ).toEqual([
      [1, 'settled', f.flowId, f.settlementId, '2026-11-05'],
      [2, 'settled', f.flowId, f.settlementId, '2026-11-05'],
    ]);
    // The same bytes again: the stored flow, nothing new.
    const [xml] = await validFlowXmls([f]);
    const res = await fetch(`${server.url}/api/v1/admin/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await testKey(h)}`, 'content-type': 'application/xml' },
      body: xml,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as FlowView).id).toBe(view.id);
    const received = (await events(h, 'flow.received')).filter((e) => e.flow?.flowId === f.flowId);
    expect(received).toHaveLength(1);
    expect(received[0]!.flow).toMatchObject({ id: view.id, status: 'valid', rowCount: 2, anomalies: 0 });
  });

  it('tells amount differs, receipt missing, revoked, paid without RPT and duplicate apart', async () => {
    const differs = await paid(h, [{ iban: IBAN, amount: 5000 }], day);
    const revoked = await paid(h, [{ iban: IBAN, amount: 3000 }], day);
    const noRpt = await paid(h, [{ iban: IBAN, amount: 700 }], day);
    const twice = await paid(h, [{ iban: IBAN, amount: 1500 }], day);
    const first = await upload(admin, flow(rowsOf(twice, '2026-11-03')));
    expect(first.anomalies).toBe(0);
    const f = flow([
      { iuv: differs.iuv, iur: differs.receiptId, idx: 1, amount: 4999, outcome: 0, date: '2026-11-03' },
      { iuv: '01999999999999999', iur: 'IUR-UNKNOWN', idx: 1, amount: 4200, outcome: 0, date: '2026-11-03' },
      { iuv: revoked.iuv, iur: revoked.receiptId, idx: 1, amount: 3000, outcome: 3, date: '2026-11-03' },
      { iuv: noRpt.iuv, iur: noRpt.receiptId, idx: 1, amount: 700, outcome: 9, date: '2026-11-03' },
      { iuv: twice.iuv, iur: twice.receiptId, idx: 1, amount: 1500, outcome: 0, date: '2026-11-03' },
    ]);
    const view = await upload(admin, f);
    expect(view.anomalies).toBe(5);
    const rows = await rowsOfFlow(admin, view.id);
    expect(rows.map((r) => [r.result, r.receiptId, r.expectedAmount])).toEqual([
      ['amount_differs', differs.receiptId, 5000],
      ['receipt_missing', null, null],
      ['revoked', revoked.receiptId, 3000],
      ['no_rpt', noRpt.receiptId, 700],
      ['duplicate', twice.receiptId, 1500],
    ]);
    // Filters: anomalies only, one result, one IUV.
    expect((await admin.flowRows.search({ result: 'receipt_missing' })).items.map((r) => r.iuv)).toContain(
      '01999999999999999',
    );
    expect((await admin.flowRows.search({ iuv: differs.iuv })).items.map((r) => r.result)).toEqual([
      'amount_differs',
    ]);
    expect((await admin.flows.list({ anomalies: 'true' })).items.map((x) => x.id)).toContain(view.id);
    expect((await admin.flows.list({ anomalies: 'false' })).items.map((x) => x.id)).not.toContain(view.id);
    // One reconciliation.anomaly event per anomalous row, with its practice when known.
    const anomalies = (await events(h, 'reconciliation.anomaly')).filter(
      (e) => e.anomaly?.flowRef === view.id,
    );
    expect(anomalies.map((e) => [e.anomaly!.kind, e.practice?.iupd ?? null])).toEqual([
      ['amount_differs', differs.iupd],
      ['receipt_missing', null],
      ['revoked', revoked.iupd],
      ['no_rpt', noRpt.iupd],
      ['duplicate', twice.iupd],
    ]);
    const states = new Map(
      (await admin.receipts.exportRows({ from: '2026-11-03', to: '2026-11-03' })).map((r) => [
        r.receipt_id,
        r.settlement_state,
      ]),
    );
    expect([differs, revoked, noRpt, twice].map((p) => states.get(p.receiptId))).toEqual([
      'disputed',
      'disputed',
      'disputed',
      'settled',
    ]);
  });

  it('a receipt that arrives after its flow is matched by the next run', async () => {
    const entity = (await findEntity(h.deps.db, ENTE))!;
    const later = await paid(h, [{ iban: IBAN, amount: 999 }], day);
    // The flow names a receipt id the station has not recorded yet.
    const f = flow([
      { iuv: later.iuv, iur: 'IUR-LATE', idx: 1, amount: 999, outcome: 0, date: '2026-11-03' },
    ]);
    const view = await upload(admin, f);
    expect((await rowsOfFlow(admin, view.id))[0]!.result).toBe('receipt_missing');
    await recordReceipt(
      h.deps.db,
      {
        entityCode: ENTE,
        nav: later.nav,
        receiptId: 'IUR-LATE',
        amount: 999,
        fee: 0,
        pspId: PSP,
        pspName: 'Banca di prova',
        pspFiscalCode: null,
        channel: `${PSP}_01`,
        method: 'CP',
        paidAt: day,
        payer: null,
      },
      day,
    );
    expect(entity.code).toBe(ENTE);
    expect(await runDueReconciliations(h.deps)).toBe(1);
    expect((await rowsOfFlow(admin, view.id))[0]!.result).toBe('matched');
    // Ran once: not due again until the interval passes.
    expect(await runDueReconciliations(h.deps)).toBe(0);
  });

  it("a new revision replaces the old one's matches and keeps it as history", async () => {
    const a = await paid(h, [{ iban: IBAN, amount: 2000 }], day);
    const b = await paid(h, [{ iban: IBAN, amount: 3000 }], day);
    const f1 = flow([{ iuv: a.iuv, iur: a.receiptId, idx: 1, amount: 2100, outcome: 0, date: '2026-11-03' }]);
    const r1 = await upload(admin, f1);
    expect(r1.anomalies).toBe(1);
    const f2: TestFlow = {
      ...f1,
      flowDate: '2026-11-05T18:00:00',
      rows: [...rowsOf(a, '2026-11-03'), ...rowsOf(b, '2026-11-03')],
    };
    const r2 = await upload(admin, f2);
    expect(r2).toMatchObject({ flowId: f1.flowId, revision: 2, current: true, anomalies: 0, rowCount: 2 });
    expect(await admin.flows.get(r1.id)).toMatchObject({ revision: 1, current: false });
    // The old revision's rows stay, no longer current; the current list shows revision 2 only.
    expect((await rowsOfFlow(admin, r1.id)).map((r) => [r.result, r.current])).toEqual([
      ['amount_differs', false],
    ]);
    const listed = (await admin.flows.list({ flowId: f1.flowId })).items;
    expect(listed.map((x) => x.revision)).toEqual([2]);
    expect(
      (await admin.flows.list({ flowId: f1.flowId, current: 'false' })).items.map((x) => x.revision).sort(),
    ).toEqual([1, 2]);
    const states = new Map(
      (await admin.receipts.exportRows({ from: '2026-11-03', to: '2026-11-03' })).map((r) => [
        r.receipt_id,
        r.settlement_state,
      ]),
    );
    expect([states.get(a.receiptId), states.get(b.receiptId)]).toEqual(['settled', 'settled']);
    // The raw text of each revision is kept as received.
    expect(await admin.flows.raw(r1.id)).toBe(flowXml(f1));
  });

  it('keeps a malformed flow invalid with its reason and applies nothing', async () => {
    const a = await paid(h, [{ iban: IBAN, amount: 4000 }], day);
    const good = flow(rowsOf(a, '2026-11-03'));
    const bad = flowXml(good).replace(
      '<pay_i:singoloImportoPagato>40.00<',
      '<pay_i:singoloImportoPagato>40,00<',
    );
    // The XSD refuses it too.
    await expect(xmllint(FLOW_XSD, [bad])).rejects.toThrow(/singoloImportoPagato/);
    const view = await admin.flows.upload(bad);
    expect(view).toMatchObject({ status: 'invalid', current: false, flowId: good.flowId, rowCount: 0 });
    expect(view.invalidReason).toMatch(/singoloImportoPagato: 40,00/);
    expect((await admin.flows.rows(view.id)).total).toBe(0);
    expect(await admin.flows.raw(view.id)).toBe(bad);
    const row = (await admin.receipts.exportRows({ from: '2026-11-03', to: '2026-11-03' })).find(
      (r) => r.receipt_id === a.receiptId,
    )!;
    expect(row.settlement_state).toBe('awaiting');
    // Not XML at all, and a flow for another entity: kept invalid too.
    expect((await admin.flows.upload('<a><b></a>')).invalidReason).toMatch(/not well-formed/);
    const other = await upload(admin, flow(rowsOf(a, '2026-11-03'), { receiver: '12345670488' }));
    expect(other).toMatchObject({ status: 'invalid' });
    expect(other.invalidReason).toMatch(/addressed to 12345670488/);
    // A DOCTYPE is refused before any parser sees it.
    const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${flowXml(good).replace(/^<\?xml[^>]*>\n/, '')}`;
    expect((await admin.flows.upload(bomb)).invalidReason).toMatch(/DOCTYPE/);
    const received = (await events(h, 'flow.received')).filter((e) => e.flow?.id === view.id);
    expect(received[0]!.flow).toMatchObject({ status: 'invalid', invalidReason: view.invalidReason });
  });

  it('sends flow.received and reconciliation.anomaly to a webhook endpoint, signed', async () => {
    const receiver = await startReceiver();
    try {
      const created = await admin.webhooks.create({
        url: receiver.url,
        types: ['flow.received', 'reconciliation.anomaly'],
      });
      const a = await paid(h, [{ iban: IBAN, amount: 1111 }], day);
      const f = flow([
        { iuv: a.iuv, iur: a.receiptId, idx: 1, amount: 1112, outcome: 0, date: '2026-11-03' },
      ]);
      const view = await upload(admin, f);
      await deliverAllDue(h.deps);
      const got: WebhookEvent[] = [];
      for (const r of receiver.received) {
        const header = String(r.headers['pagatore-signature']);
        const verified = await verifyWebhookSignature({
          payload: r.body,
          header,
          secret: created.secret,
          now: h.deps.now(),
        });
        expect(verified.ok).toBe(true);
        got.push(JSON.parse(r.body) as WebhookEvent);
      }
      expect(got.map((e) => e.type)).toEqual(['flow.received', 'reconciliation.anomaly']);
      expect(got[0]!.data.flow).toMatchObject({ id: view.id, flowId: f.flowId, anomalies: 1 });
      expect(got[1]!.data).toMatchObject({
        practice: { iupd: a.iupd },
        anomaly: {
          kind: 'amount_differs',
          amount: 1112,
          expectedAmount: 1111,
          receiptId: a.receiptId,
          flowRef: view.id,
        },
      });
    } finally {
      await receiver.close();
    }
  });

  it('takes an FdR 3 JSON flow uploaded by hand', async () => {
    const a = await paid(h, [{ iban: IBAN, amount: 2222 }], day);
    const f = flow(rowsOf(a, '2026-11-03'));
    const json = JSON.stringify({ flow: flowJson(f, 3, '2026-11-05T12:00:00Z'), payments: flowPayments(f) });
    const view = await admin.flows.upload(json, 'json');
    expect(view).toMatchObject({
      status: 'valid',
      flowId: f.flowId,
      revision: 3,
      rowCount: 1,
      anomalies: 0,
      settlementId: f.settlementId,
    });
    const broken = await admin.flows.upload(json.replace('"EXECUTED"', '"PAID"'), 'json');
    expect(broken).toMatchObject({ status: 'invalid' });
    expect(broken.invalidReason).toMatch(/payStatus: PAID/);
  });

  it('flags a flow whose rows do not add up to its declared totals', async () => {
    const a = await paid(h, [{ iban: IBAN, amount: 6000 }], day);
    const view = await upload(
      admin,
      flow(rowsOf(a, '2026-11-03'), { declaredCount: 2, declaredAmount: 9000 }),
    );
    expect(view).toMatchObject({
      status: 'valid',
      totalsMismatch: true,
      declaredCount: 2,
      declaredAmount: 9000,
      rowCount: 1,
      rowAmount: 6000,
    });
    expect((await admin.flows.list({ anomalies: 'true' })).items.map((x) => x.id)).toContain(view.id);
    expect((await rowsOfFlow(admin, view.id))[0]!.result).toBe('matched');
  });

  it("answers bad input with 4xx codes and never shows another entity's flows", async () => {
    const key = await testKey(h);
    const post = (type: string) =>
      fetch(`${server.url}/api/v1/admin/flows`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': type },
        body: 'x',
      });
    expect((await post('text/plain')).status).toBe(415);
    // A flow over its own limit (32 MiB) is refused before it is read.
    const huge = await h.request('/api/v1/admin/flows', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/xml',
        'content-length': String(FLOW_MAX_BYTES + 1),
      },
      body: 'x',
    });
    expect(huge.status).toBe(413);
    await expect(admin.flows.list({ status: 'nope' as never })).rejects.toMatchObject({ status: 422 });
    await expect(admin.flows.get(999999)).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      admin.reconciliation.reportRows({ from: '2026-11-05', to: '2026-11-01' }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(admin.flows.fetch()).rejects.toMatchObject({ code: 'invalid_state' });
    const a = await paid(h, [{ iban: IBAN, amount: 800 }], day);
    const mine = await upload(admin, flow(rowsOf(a, '2026-11-03')));
    const other = createAdminClient({ baseUrl: server.url, apiKey: await otherEntityKey(h) });
    await expect(other.flows.get(mine.id)).rejects.toBeInstanceOf(PagatoreError);
    await expect(other.flows.rows(mine.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(other.flows.raw(mine.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await other.flows.list()).total).toBe(0);
    expect((await other.flowRows.search()).total).toBe(0);
    // The settings answer the secrets masked and keep them when the mask comes back.
    await admin.entitySettings.update({
      reconciliation: { source: 'off', subscriptionKey: 'chiave-segreta-1234', stationPassword: 'Passw0rd!' },
    });
    const s = await admin.entitySettings.get();
    expect(s.reconciliation).toMatchObject({
      subscriptionKey: '********1234',
      stationPassword: '********0rd!',
    });
    await admin.entitySettings.update({
      reconciliation: { subscriptionKey: s.reconciliation.subscriptionKey },
    });
    const row = (
      await h.deps.db
        .selectFrom('entities')
        .select('reconciliation_settings')
        .where('code', '=', ENTE)
        .executeTakeFirstOrThrow()
    ).reconciliation_settings;
    expect(JSON.parse(row)).toMatchObject({
      subscriptionKey: 'chiave-segreta-1234',
      stationPassword: 'Passw0rd!',
    });
    await expect(admin.entitySettings.update({ reconciliation: { awaitingDays: 0 } })).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe('fetching flows from pagoPA', () => {
  let h: Harness;
  let admin: PagatoreAdminClient;
  let server: { url: string; close(): Promise<void> };
  let standIn: Awaited<ReturnType<typeof startFdrStandIn>>;
  const day = new Date('2026-11-03T09:00:00Z');

  beforeAll(async () => {
    h = await createHarness();
    h.setNow(new Date('2026-11-06T12:00:00Z'));
    server = await h.listen();
    admin = createAdminClient({ baseUrl: server.url, apiKey: await testKey(h) });
    standIn = await startFdrStandIn({
      org: ENTE,
      key: 'sub-key-0001',
      broker: BROKER,
      station: STATION,
      password: 'Stazione01',
    });
    await admin.entitySettings.update({
      pagopa: { idBrokerPA: BROKER, idStation: STATION },
      allowPrivateTargets: true,
    });
  });
  afterAll(async () => {
    await standIn?.close();
    await server?.close();
    await h?.close();
  });

  it('lists and downloads new flows through FdR 3 REST, page by page, once', async () => {
    const a = await paid(
      h,
      [
        { iban: IBAN, amount: 1000 },
        { iban: IBAN2, amount: 500 },
      ],
      day,
    );
    const b = await paid(h, [{ iban: IBAN, amount: 2000 }], day);
    const c = await paid(h, [{ iban: IBAN, amount: 3000 }], day);
    const f1 = flow([...rowsOf(a, '2026-11-03'), ...rowsOf(b, '2026-11-03')]);
    const f2 = flow(rowsOf(c, '2026-11-03'));
    const f3 = flow([
      { iuv: '01888888888888888', iur: 'IUR-X', idx: 1, amount: 100, outcome: 0, date: '2026-11-03' },
    ]);
    await validFlowXmls([f1, f2, f3]);
    for (const f of [f1, f2, f3])
      standIn.publish({ flow: f, revision: 1, published: '2026-11-05T12:00:00Z' });
    await admin.entitySettings.update({
      reconciliation: { source: 'rest', fdrUrl: standIn.restUrl, subscriptionKey: 'sub-key-0001' },
    });
    const report = await admin.flows.fetch();
    expect(report).toEqual({ source: 'rest', listed: 3, stored: 3, invalid: 0, errors: [] });
    // f1's three payments came in two pages of the stand-in.
    expect(
      standIn.calls.filter((x) => x.includes(`${f1.flowId}/revisions/1/psps/${PSP}/payments`)),
    ).toHaveLength(2);
    const flows = (await admin.flows.list()).items.filter((x) => x.origin === 'rest');
    expect(flows.map((x) => [x.flowId, x.revision, x.rowCount, x.anomalies]).sort()).toEqual(
      [
        [f1.flowId, 1, 3, 0],
        [f2.flowId, 1, 1, 0],
        [f3.flowId, 1, 1, 1],
      ].sort(),
    );
    // Listed again: nothing new is downloaded.
    const before = standIn.calls.length;
    expect(await admin.flows.fetch()).toMatchObject({ listed: 3, stored: 0 });
    expect(standIn.calls.slice(before).every((x) => x.endsWith('/fdrs'))).toBe(true);
    // A revision 2 published later replaces revision 1.
    standIn.publish({
      flow: { ...f2, rows: [{ ...rowsOf(c, '2026-11-03')[0]!, amount: 2999 }] },
      revision: 2,
      published: '2026-11-05T18:00:00Z',
    });
    expect(await admin.flows.fetch()).toMatchObject({ stored: 1 });
    const current = (await admin.flows.list({ flowId: f2.flowId })).items;
    expect(current.map((x) => [x.revision, x.anomalies])).toEqual([[2, 1]]);
    // pagoPA down: the fetch answers 503 unavailable, nothing is half-stored.
    standIn.down = true;
    await expect(admin.flows.fetch()).rejects.toMatchObject({ status: 503, code: 'unavailable' });
    standIn.down = false;
  });

  it('lists and downloads flows through nodeForPa SOAP, validated against nodeForPa.xsd', async () => {
    const d = await paid(h, [{ iban: IBAN, amount: 1234 }], day);
    const f = flow(rowsOf(d, '2026-11-03'), { flowId: flowIdOf('2026-11-06', PSP, 900) });
    const broken = flow(rowsOf(d, '2026-11-03'), { flowId: flowIdOf('2026-11-06', PSP, 901) });
    await validFlowXmls([f, broken]);
    standIn.publish({ flow: f, revision: 1, published: '2026-11-06T08:00:00Z' });
    standIn.publish({
      flow: broken,
      revision: 1,
      published: '2026-11-06T08:00:00Z',
      xml: flowXml(broken).replace('</pay_i:FlussoRiversamento>', ''),
    });
    await admin.entitySettings.update({
      reconciliation: { source: 'soap', nodeForPaUrl: standIn.soapUrl, stationPassword: 'Stazione01' },
    });
    const report = await admin.flows.fetch();
    expect(report.source).toBe('soap');
    expect(report.invalid).toBe(1);
    expect(standIn.calls).toContain('nodoChiediElencoFlussiRendicontazione');
    const soapFlow = (await admin.flows.list({ flowId: f.flowId })).items[0]!;
    expect(soapFlow).toMatchObject({ origin: 'soap', status: 'valid', anomalies: 0 });
    expect((await admin.flows.list({ flowId: broken.flowId, status: 'invalid' })).items).toHaveLength(1);
    // Every message both ways passed the XSD (the stand-in validates each one).
    expect(standIn.soapBodies.length).toBeGreaterThanOrEqual(4);
    // A wrong station password: the node's fault is the fetch's error.
    await admin.entitySettings.update({ reconciliation: { stationPassword: 'Sbagliata1' } });
    await expect(admin.flows.fetch()).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/PPT_AUTENTICAZIONE/),
    });
  });

  it('runs each entity once per interval with several processes', async () => {
    await admin.entitySettings.update({ reconciliation: { source: 'off' } });
    await h.deps.db.updateTable('flow_fetch_jobs').set({ next_run_at: '2000-01-01T00:00:00.000Z' }).execute();
    const results = await Promise.all([1, 2, 3, 4].map(() => runDueReconciliations(h.deps)));
    const entities = (await h.deps.db.selectFrom('entities').select('code').execute()).length;
    expect(results.reduce((a, b) => a + b, 0)).toBe(entities);
    const jobs = await h.deps.db.selectFrom('flow_fetch_jobs').selectAll().execute();
    expect(jobs.every((j) => j.lease_token === null && j.next_run_at > '2026-11-06T12:00:00.000Z')).toBe(
      true,
    );
  });
});
