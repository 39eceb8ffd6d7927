/**
 * A practice is paid once, whatever option is used: its single payment and its installments
 * exclude each other on every entry point (the node from any PSP, the portal's single payment, the
 * cart, the sandbox), decided in one transaction, under concurrent requests over real HTTP to a
 * server on an SQLite file. Money that still arrives for a closed option is recorded, answered OK
 * and flagged `overpaid`.
 */
import { centsToDecimal, createAdminClient, PositionInput, WebhookInput } from '@pagatore/sdk';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../accounts/sessions.js';
import { transaction } from '../db/database.js';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../demo/seed-accounts.js';
import { DEMO_ENTITY, seedDemoEntity } from '../demo/seed.js';
import { findEntity } from '../entities/entities.js';
import { writePositions } from '../positions/positions.js';
import { testKey } from '../../test/support/admin-fixtures.js';
import { recordReceipt } from './record-receipt.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { fakeNode, type ReceiptFields } from '../../test/support/pagopa-fake-node.js';
import { configureStation, STATION } from '../../test/support/pagopa-fixtures.js';

const ENTE = DEMO_ENTITY.code;
const BASE = `/api/v1/entities/${ENTE}`;
const MARIO = DEMO_ACCOUNTS[0];

let seq = 0;

interface Option {
  id: number;
  nav: string;
  iuv: string;
  installment: number;
  amount: number;
}

/** A 100 € practice: single payment of 100 € or two installments of 50 €. */
async function practice(h: Harness, debtor = 'RSSMRA80A01H501U') {
  const entity = (await findEntity(h.deps.db, ENTE))!;
  const opt = (amount: number, dueDate: string) => ({
    amount,
    dueDate,
    transfers: [{ iban: DEMO_ENTITY.iban, amount, remittance: 'TARI', taxonomy: '9/0101002IM/' }],
  });
  const iupd = `EXCL-${++seq}-${Date.now()}`;
  const input = v.parse(PositionInput, {
    iupd,
    debtor: { fiscalCode: debtor, name: 'Mario Rossi' },
    description: `TARI ${seq}`,
    single: opt(100_00, '2099-12-31'),
    installments: [opt(50_00, '2099-06-30'), opt(50_00, '2099-12-31')],
  });
  await transaction(h.deps.db, async (tx) => {
    const r = await writePositions(tx, entity, [{ row: 1, position: input }], 'create', new Date());
    if (r.errors.length) throw new Error(JSON.stringify(r.errors));
  });
  const options = (await h.deps.db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select([
      'payment_options.id',
      'payment_options.nav',
      'payment_options.iuv',
      'payment_options.installment',
      'payment_options.amount',
      'positions.id as positionId',
    ])
    .where('positions.iupd', '=', iupd)
    .orderBy('payment_options.installment')
    .execute()) as (Option & { positionId: number })[];
  const [single, inst1, inst2] = options as unknown as [Option, Option, Option];
  return { iupd, positionId: options[0]!.positionId, single, inst1, inst2 };
}

function receiptOf(o: Option, receiptId: string, extra: Partial<ReceiptFields> = {}): ReceiptFields {
  return {
    nav: o.nav,
    fiscalCode: ENTE,
    iuv: o.iuv,
    amount: centsToDecimal(o.amount),
    receiptId,
    transfers: [
      { amount: centsToDecimal(o.amount), iban: DEMO_ENTITY.iban, remittance: 'TARI', category: '0101002IM' },
    ],
    ...extra,
  };
}

async function statuses(h: Harness, positionId: number) {
  const rows = await h.deps.db
    .selectFrom('payment_options')
    .select(['installment', 'status'])
    .where('position_id', '=', positionId)
    .orderBy('installment')
    .execute();
  const pos = await h.deps.db
    .selectFrom('positions')
    .select(['status', 'overpaid_at'])
    .where('id', '=', positionId)
    .executeTakeFirstOrThrow();
  return { options: rows.map((r) => r.status), position: pos.status, overpaid: pos.overpaid_at !== null };
}

async function receiptsOf(h: Harness, positionId: number) {
  return h.deps.db
    .selectFrom('receipts')
    .select(['nav', 'receipt_id', 'amount', 'flag'])
    .where('position_id', '=', positionId)
    .orderBy('id')
    .execute();
}

const flags = (flag: string | null) => (flag ? flag.split(',') : []);

describe('the options of one practice exclude each other, through the node (SOAP over 127.0.0.1)', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  let node: ReturnType<typeof fakeNode>;
  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity, config: { paymentProvider: 'pagopa' } });
    await configureStation(h);
    server = await h.listen();
    node = fakeNode(async (xml, action) => {
      const r = await fetch(`${server.url}/pagopa/node`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
        body: xml,
      });
      return { status: r.status, text: await r.text() };
    }, STATION);
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  it('single NAV + installment 1 both through the node: the second is in progress, then paid; its receipt anyway is overpaid', async () => {
    const p = await practice(h);
    expect((await node.verify(ENTE, p.single.nav)).outcome).toBe('OK');
    expect((await node.activate(ENTE, p.single.nav)).outcome).toBe('OK');
    // While the single payment runs, every other option of the practice is "in progress", V1 and V2.
    for (const o of [p.inst1, p.inst2]) {
      expect((await node.verify(ENTE, o.nav)).faultCode).toBe('PAA_PAGAMENTO_IN_CORSO');
      expect((await node.activate(ENTE, o.nav)).faultCode).toBe('PAA_PAGAMENTO_IN_CORSO');
      expect((await node.activate(ENTE, o.nav, { v2: false })).faultCode).toBe('PAA_PAGAMENTO_IN_CORSO');
    }
    expect((await node.sendRT(receiptOf(p.single, 'RT-SINGLE'))).outcome).toBe('OK');
    expect(await statuses(h, p.positionId)).toEqual({
      options: ['paid', 'cancelled', 'cancelled'],
      position: 'paid',
      overpaid: false,
    });
    // Paid: the installments answer "concluded".
    for (const o of [p.inst1, p.inst2]) {
      expect((await node.verify(ENTE, o.nav)).faultCode).toBe('PAA_PAGAMENTO_DUPLICATO');
      expect((await node.activate(ENTE, o.nav)).faultCode).toBe('PAA_PAGAMENTO_DUPLICATO');
    }
    // Installment 1 paid anyway at a PSP counter with the printed notice (the node's stand-in):
    // recorded, answered OK, flagged; the practice is marked overpaid; nothing else moves.
    expect((await node.sendRT(receiptOf(p.inst1, 'RT-INST1'))).outcome).toBe('OK');
    const receipts = await receiptsOf(h, p.positionId);
    expect(receipts.map((r) => [r.receipt_id, flags(r.flag)])).toEqual([
      ['RT-SINGLE', []],
      ['RT-INST1', ['overpaid', 'not_activated']],
    ]);
    expect(await statuses(h, p.positionId)).toEqual({
      options: ['paid', 'cancelled', 'cancelled'],
      position: 'paid',
      overpaid: true,
    });
    const events = await h.deps.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('practice_key', '=', p.iupd)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      'receipt.received',
      'payment.paid',
      'receipt.received',
      'receipt.overpaid',
    ]);
    expect(JSON.parse(events[3]!.payload)).toMatchObject({
      practice: { iupd: p.iupd, nav: p.inst1.nav },
      receipt: { receiptId: 'RT-INST1', amount: 50_00, flag: 'overpaid,not_activated' },
    });
    // The retry of that receipt is the only duplicate.
    expect((await node.sendRT(receiptOf(p.inst1, 'RT-INST1'))).faultCode).toBe('PAA_RECEIPT_DUPLICATA');
  });

  it('an installment paid closes the single option; the other installment stays payable', async () => {
    const p = await practice(h);
    expect((await node.activate(ENTE, p.inst1.nav)).outcome).toBe('OK');
    expect((await node.verify(ENTE, p.single.nav)).faultCode).toBe('PAA_PAGAMENTO_IN_CORSO');
    expect((await node.sendRT(receiptOf(p.inst1, 'RT-A1'))).outcome).toBe('OK');
    expect(await statuses(h, p.positionId)).toEqual({
      options: ['cancelled', 'paid', 'unpaid'],
      position: 'partially_paid',
      overpaid: false,
    });
    expect((await node.verify(ENTE, p.single.nav)).faultCode).toBe('PAA_PAGAMENTO_DUPLICATO');
    expect((await node.activate(ENTE, p.single.nav)).faultCode).toBe('PAA_PAGAMENTO_DUPLICATO');
    expect((await node.verify(ENTE, p.inst2.nav)).outcome).toBe('OK');
    expect((await node.activate(ENTE, p.inst2.nav)).outcome).toBe('OK');
    expect((await node.sendRT(receiptOf(p.inst2, 'RT-A2'))).outcome).toBe('OK');
    expect(await statuses(h, p.positionId)).toEqual({
      options: ['cancelled', 'paid', 'paid'],
      position: 'paid',
      overpaid: false,
    });
    // The single payment still made at a counter: 100 € more, kept and flagged.
    expect((await node.sendRT(receiptOf(p.single, 'RT-A0'))).outcome).toBe('OK');
    const receipts = await receiptsOf(h, p.positionId);
    expect(receipts.map((r) => flags(r.flag))).toEqual([[], [], ['overpaid', 'not_activated']]);
    expect((await statuses(h, p.positionId)).overpaid).toBe(true);
  });

  it('an installment collected by stand-in while the single payment runs closes it; the receipt of that payment is overpaid', async () => {
    const p = await practice(h);
    expect((await node.activate(ENTE, p.single.nav)).outcome).toBe('OK');
    expect((await node.sendRT(receiptOf(p.inst1, 'RT-S1'))).outcome).toBe('OK');
    // The single option is closed although its payment still runs; the practice stays in progress.
    expect(await statuses(h, p.positionId)).toMatchObject({ options: ['cancelled', 'paid', 'unpaid'] });
    expect((await node.verify(ENTE, p.inst2.nav)).faultCode).toBe('PAA_PAGAMENTO_IN_CORSO');
    expect((await node.sendRT(receiptOf(p.single, 'RT-S0'))).outcome).toBe('OK');
    const receipts = await receiptsOf(h, p.positionId);
    expect(receipts.map((r) => [r.receipt_id, flags(r.flag)])).toEqual([
      ['RT-S1', ['not_activated']],
      ['RT-S0', ['overpaid']],
    ]);
    expect(await statuses(h, p.positionId)).toEqual({
      options: ['cancelled', 'paid', 'unpaid'],
      position: 'partially_paid',
      overpaid: true,
    });
    // The single payment ended with its receipt: the other installment is payable again.
    expect((await node.activate(ENTE, p.inst2.nav)).outcome).toBe('OK');
  });

  it('activating the single option and both installments of one 100 € practice at once: only one wins', async () => {
    const practices = await Promise.all(Array.from({ length: 8 }, () => practice(h)));
    const replies = await Promise.all(
      practices.flatMap((p) =>
        [p.single, p.inst1, p.inst2].map(async (o) => ({ p, o, r: await node.activate(ENTE, o.nav) })),
      ),
    );
    for (const p of practices) {
      const mine = replies.filter((x) => x.p === p);
      expect(mine.filter((x) => x.r.outcome === 'OK')).toHaveLength(1);
      expect(mine.filter((x) => x.r.faultCode === 'PAA_PAGAMENTO_IN_CORSO')).toHaveLength(2);
      const locked = await h.deps.db
        .selectFrom('payment_options')
        .select('id')
        .where('position_id', '=', p.positionId)
        .where('status', '=', 'in_payment')
        .execute();
      expect(locked).toHaveLength(1);
    }
  });

  it('concurrent receipts on different options of one practice: all recorded and OK, the ones the first closed flagged overpaid', async () => {
    const p = await practice(h);
    // Collected three times by stand-in (nothing activated): 200 € for a 100 € practice.
    const replies = await Promise.all([
      node.sendRT(receiptOf(p.single, 'RT-C0')),
      node.sendRT(receiptOf(p.inst1, 'RT-C1')),
      node.sendRT(receiptOf(p.inst2, 'RT-C2')),
    ]);
    expect(replies.map((r) => r.outcome)).toEqual(['OK', 'OK', 'OK']);
    const receipts = await receiptsOf(h, p.positionId);
    expect(receipts).toHaveLength(3);
    const overpaid = receipts.filter((r) => flags(r.flag).includes('overpaid'));
    // Whichever came first is the payment: the single (the others overpaid), or an installment (the
    // single overpaid, the other installment a rightful payment).
    const first = receipts[0]!;
    expect(flags(first.flag)).toEqual(['not_activated']);
    expect(overpaid).toHaveLength(first.nav === p.single.nav ? 2 : 1);
    expect((await statuses(h, p.positionId)).overpaid).toBe(true);
  });

  it('one notice paid twice through two channels at once: both receipts kept, one flagged overpaid', async () => {
    const p = await practice(h);
    expect((await node.activate(ENTE, p.single.nav)).outcome).toBe('OK');
    const replies = await Promise.all([
      node.sendRT(receiptOf(p.single, 'RT-TWICE-1')),
      node.sendRT(receiptOf(p.single, 'RT-TWICE-2')),
    ]);
    expect(replies.map((r) => r.outcome)).toEqual(['OK', 'OK']);
    const receipts = await receiptsOf(h, p.positionId);
    expect(receipts.map((r) => flags(r.flag))).toEqual([[], ['overpaid']]);
    expect(await statuses(h, p.positionId)).toEqual({
      options: ['paid', 'cancelled', 'cancelled'],
      position: 'paid',
      overpaid: true,
    });
  });
});

describe('the options of one practice exclude each other, through the citizen API (HTTP over 127.0.0.1)', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  let auth: Record<string, string>;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const code = (r: { body: Record<string, unknown> }) =>
    (r.body.error as { code?: string } | undefined)?.code;
  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity });
    await seedDemoAccounts(h.deps.db);
    server = await h.listen();
    const account = await h.deps.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', MARIO.username)
      .executeTakeFirstOrThrow();
    const { token } = await createSession(h.deps.db, account.id, new Date(), {
      idleSeconds: 3600,
      maxSeconds: 86_400,
    });
    auth = { authorization: `Bearer ${token}` };
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  it('one payment never holds two options of the same practice', async () => {
    const p = await practice(h, MARIO.fiscalCode);
    for (const options of [
      [p.single.nav, p.inst1.nav],
      [p.inst1.nav, p.inst2.nav],
    ]) {
      const r = await post(`${BASE}/payments`, { options });
      expect(r.status).toBe(422);
      expect(code(r)).toBe('one_option_per_practice');
    }
    expect(await statuses(h, p.positionId)).toMatchObject({ options: ['unpaid', 'unpaid', 'unpaid'] });
    // Nor does a cart.
    expect((await post(`${BASE}/me/cart/items`, { nav: p.inst1.nav })).status).toBe(200);
    const second = await post(`${BASE}/me/cart/items`, { nav: p.single.nav });
    expect(second.status).toBe(422);
    expect(code(second)).toBe('one_option_per_practice');
    await fetch(`${server.url}${BASE}/me/cart`, { method: 'DELETE', headers: auth });
  });

  it('each NAV in turn: the first starts, the others are in progress; paid, they are paid', async () => {
    const p = await practice(h, MARIO.fiscalCode);
    const first = await post(`${BASE}/payments`, { options: [p.single.nav] });
    expect(first.status).toBe(201);
    for (const o of [p.inst1, p.inst2]) {
      const r = await post(`${BASE}/payments`, { options: [o.nav] });
      expect(r.status).toBe(409);
      expect(code(r)).toBe('payment_in_progress');
    }
    // Through the sandbox, "paid".
    const url = new URL(first.body.redirectUrl as string);
    const page = await (await fetch(`${server.url}${url.pathname}${url.search}`)).text();
    const token = /name="t" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const sandbox = await fetch(`${server.url}${url.pathname}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: token, outcome: 'paid' }).toString(),
    });
    expect(sandbox.status).toBe(303);
    await fetch(`${server.url}${BASE}/payments/${first.body.id as string}`, { headers: auth });
    expect(await statuses(h, p.positionId)).toMatchObject({ options: ['paid', 'cancelled', 'cancelled'] });
    for (const o of [p.inst1, p.inst2]) {
      const r = await post(`${BASE}/payments`, { options: [o.nav] });
      expect(r.status).toBe(409);
      expect(code(r)).toBe('already_paid');
    }
  });

  it('an installment paid through the sandbox closes the single option; the other installment stays payable', async () => {
    const p = await practice(h, MARIO.fiscalCode);
    const first = await post(`${BASE}/payments`, { options: [p.inst1.nav] });
    expect(first.status).toBe(201);
    const url = new URL(first.body.redirectUrl as string);
    const page = await (await fetch(`${server.url}${url.pathname}${url.search}`)).text();
    const token = /name="t" value="([^"]+)"/.exec(page)?.[1] ?? '';
    await fetch(`${server.url}${url.pathname}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: token, outcome: 'paid' }).toString(),
    });
    await fetch(`${server.url}${BASE}/payments/${first.body.id as string}`, { headers: auth });
    expect(await statuses(h, p.positionId)).toMatchObject({
      options: ['cancelled', 'paid', 'unpaid'],
      position: 'partially_paid',
    });
    const single = await post(`${BASE}/payments`, { options: [p.single.nav] });
    expect(single.status).toBe(409);
    expect(code(single)).toBe('already_paid');
    expect((await post(`${BASE}/payments`, { options: [p.inst2.nav] })).status).toBe(201);
  });

  it('concurrent starts on the single option and both installments, and through the cart: one wins', async () => {
    const practices = await Promise.all(Array.from({ length: 5 }, () => practice(h, MARIO.fiscalCode)));
    const replies = await Promise.all(
      practices.flatMap((p) =>
        [p.single, p.inst1, p.inst2].map(async (o) => ({
          p,
          r: await post(`${BASE}/payments`, { options: [o.nav] }),
        })),
      ),
    );
    for (const p of practices) {
      const mine = replies.filter((x) => x.p === p);
      expect(mine.filter((x) => x.r.status === 201)).toHaveLength(1);
      expect(mine.filter((x) => code(x.r) === 'payment_in_progress')).toHaveLength(2);
      const locked = await h.deps.db
        .selectFrom('payment_options')
        .select('id')
        .where('position_id', '=', p.positionId)
        .where('status', '=', 'in_payment')
        .execute();
      expect(locked).toHaveLength(1);
    }
    // A cart holding one installment, paid while the single option is started alone at the same time.
    const q = await practice(h, MARIO.fiscalCode);
    expect((await post(`${BASE}/me/cart/items`, { nav: q.inst1.nav })).status).toBe(200);
    const [cart, single] = await Promise.all([
      post(`${BASE}/payments`, { cart: true }),
      post(`${BASE}/payments`, { options: [q.single.nav] }),
    ]);
    expect([cart.status, single.status].sort()).toEqual([201, 409]);
    expect([code(cart), code(single)]).toContain('payment_in_progress');
    await fetch(`${server.url}${BASE}/me/cart`, { method: 'DELETE', headers: auth });
  });
});

describe('an overpayment is visible: admin list, position, export, webhook type, citizen history', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity });
    await seedDemoAccounts(h.deps.db);
    server = await h.listen();
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  const input = (o: Option, receiptId: string, payer: { fiscalCode: string; name: string } | null) => ({
    entityCode: ENTE,
    nav: o.nav,
    receiptId,
    amount: o.amount,
    fee: 120,
    pspId: 'BPPIITRRXXX',
    pspName: 'Poste Italiane',
    pspFiscalCode: '97103880585',
    channel: '97103880585_03',
    method: 'PO',
    paidAt: new Date('2026-11-20T10:00:00Z'),
    payer: payer ? { ...payer, email: null } : null,
  });

  it('lists what to refund to whom, marks the practice, exports the flag and tells the citizen', async () => {
    const p = await practice(h, MARIO.fiscalCode);
    const other = await practice(h, MARIO.fiscalCode);
    // The single payment by the debtor, then installment 1 at a post office counter by someone else.
    expect((await recordReceipt(h.deps.db, input(p.single, 'RT-V0', null), new Date())).status).toBe(
      'recorded',
    );
    const over = await recordReceipt(
      h.deps.db,
      input(p.inst1, 'RT-V1', { fiscalCode: 'VRDGPP80A01H501X', name: 'Giuseppe Verdi' }),
      new Date(),
    );
    expect(over.status === 'recorded' && over.receipt.flag).toBe('overpaid,not_activated');
    // The other practice: its installment only, rightfully.
    await recordReceipt(h.deps.db, input(other.inst1, 'RT-V2', null), new Date());

    const key = await testKey(h);
    const admin = createAdminClient({ baseUrl: server.url, apiKey: key });
    const list = await admin.overpayments.list();
    expect(list).toMatchObject({ total: 1, totalAmount: 50_00, limit: 50, offset: 0 });
    expect(list.items[0]).toMatchObject({
      receiptId: 'RT-V1',
      iupd: p.iupd,
      nav: p.inst1.nav,
      amount: 50_00,
      fee: 120,
      psp: { id: 'BPPIITRRXXX', name: 'Poste Italiane' },
      debtor: { fiscalCode: MARIO.fiscalCode },
      payer: { fiscalCode: 'VRDGPP80A01H501X', name: 'Giuseppe Verdi' },
      refundTo: { fiscalCode: 'VRDGPP80A01H501X', name: 'Giuseppe Verdi', role: 'payer' },
      paidAt: '2026-11-20T10:00:00.000Z',
      collectedBy: [{ receiptId: 'RT-V0', nav: p.single.nav, amount: 100_00 }],
    });
    expect((await admin.overpayments.list({ from: '2000-01-01', to: '2000-12-31' })).total).toBe(0);
    const bad = await fetch(`${server.url}/api/v1/admin/overpayments?from=2026-12-01&to=2026-11-01`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(bad.status).toBe(422);

    // The practice is marked, and the list of positions filters on it.
    const position = await admin.positions.get(p.iupd);
    expect(position.overpaidAt).toEqual(expect.any(String));
    expect((await admin.positions.get(other.iupd)).overpaidAt).toBeNull();
    const marked = await admin.positions.list({ overpaid: true });
    expect(marked.items.map((i) => i.iupd)).toEqual([p.iupd]);

    // The reconciliation export carries the flag.
    const today = new Date().toISOString().slice(0, 10);
    const rows = await admin.receipts.exportRows({
      from: '2026-11-19',
      to: today > '2026-11-21' ? today : '2026-11-21',
    });
    expect(rows.filter((r) => r.receipt_id === 'RT-V1').map((r) => r.flag)).toEqual([
      'overpaid,not_activated',
    ]);

    // A webhook can subscribe to overpayments alone.
    expect(
      v.parse(WebhookInput, { url: 'https://erp.example.it/hooks', types: ['receipt.overpaid'] }).types,
    ).toEqual(['receipt.overpaid']);

    // The citizen's history says which payment collected the practice again.
    const account = await h.deps.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', MARIO.username)
      .executeTakeFirstOrThrow();
    const { token } = await createSession(h.deps.db, account.id, new Date(), {
      idleSeconds: 3600,
      maxSeconds: 86_400,
    });
    const history = (await (
      await fetch(`${server.url}${BASE}/me/receipts`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { items: { receiptId: string; overpaid: boolean }[] };
    const mine = Object.fromEntries(history.items.map((i) => [i.receiptId, i.overpaid]));
    expect(mine).toMatchObject({ 'RT-V0': false, 'RT-V1': true, 'RT-V2': false });
  });
});
