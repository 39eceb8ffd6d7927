/**
 * Money in, admin API: the payments in progress / stuck / expired lists (payments started the real
 * way through the citizen API and the sandbox, the clock moved past their TTL), the expiry action
 * (practices freed, audited, refused within the TTL), and the dashboard's figures computed from
 * receipts with known amounts, days and due dates, checked number by number. Bad inputs, another
 * entity's key, a viewer reading and being refused the action.
 */
import { PositionInput, type Stats, type AdminPaymentList, type AdminPaymentView } from '@pagatore/sdk';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../accounts/sessions.js';
import { transaction } from '../../db/database.js';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../demo/seed-accounts.js';
import { DEMO_ENTITY, seedDemoEntity } from '../../demo/seed.js';
import { findEntity } from '../../entities/entities.js';
import { markActivated, endPayment } from '../../payments/payments.js';
import { recordReceipt } from '../../payments/record-receipt.js';
import { writePositions } from '../../positions/positions.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { as, otherEntityKey, testKey } from '../../../test/support/admin-fixtures.js';
import { loginStaff, staffMember } from '../../../test/support/staff.js';

const ENTE = DEMO_ENTITY.code;
const BASE = `/api/v1/entities/${ENTE}`;
const MARIO = DEMO_ACCOUNTS[0];
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Opt {
  amount: number;
  dueDate: string;
}

/** A position of the demo entity: a single payment, and installments when given. */
async function makePosition(
  h: Harness,
  iupd: string,
  single: Opt,
  extra: { service?: string; installments?: Opt[] } = {},
): Promise<{ nav: string; navs: string[] }> {
  const entity = (await findEntity(h.deps.db, ENTE))!;
  const opt = (o: Opt, i: number) => ({
    amount: o.amount,
    dueDate: o.dueDate,
    transfers: [
      { iban: DEMO_ENTITY.iban, amount: o.amount, remittance: `${iupd} ${i}`, taxonomy: '9/0101002IM/' },
    ],
  });
  const input = v.parse(PositionInput, {
    iupd,
    debtor: { fiscalCode: MARIO.fiscalCode, name: 'Mario Rossi' },
    description: `Pratica ${iupd}`,
    ...(extra.service ? { service: extra.service } : {}),
    single: opt(single, 0),
    ...(extra.installments ? { installments: extra.installments.map((o, i) => opt(o, i + 1)) } : {}),
  });
  await transaction(h.deps.db, async (tx) => {
    const r = await writePositions(tx, entity, [{ row: 1, position: input }], 'create', new Date());
    expect(r.errors).toEqual([]);
  });
  const rows = await h.deps.db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select(['payment_options.nav', 'payment_options.installment'])
    .where('positions.iupd', '=', iupd)
    .orderBy('payment_options.installment')
    .execute();
  return { nav: rows[0]!.nav, navs: rows.map((r) => r.nav) };
}

async function receipt(h: Harness, nav: string, id: string, amount: number, paidAt: string, method = 'CP') {
  const r = await recordReceipt(
    h.deps.db,
    {
      entityCode: ENTE,
      nav,
      receiptId: id,
      amount,
      fee: 0,
      pspId: 'PSP1',
      pspName: 'Banca di prova',
      pspFiscalCode: null,
      channel: 'PSP1_01',
      method,
      paidAt: new Date(paidAt),
      payer: null,
    },
    new Date(paidAt),
  );
  expect(r.status).toBe('recorded');
}

describe('admin money: payments in progress, stuck, expired', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  let accountId: string;
  const T0 = new Date('2026-11-10T09:00:00Z');
  const ttl = (n: number) => new Date(T0.getTime() + n * 60_000);

  async function start(nav: string, at: Date): Promise<string> {
    h.setNow(at);
    const { token } = await createSession(h.deps.db, accountId, at, { idleSeconds: 600, maxSeconds: 3600 });
    const auth = { authorization: `Bearer ${token}` };
    const res = await h.json('POST', `${BASE}/payments`, { options: [nav] }, auth);
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as Json).id as string;
  }
  const list = async (query: string) => {
    const res = await api('GET', `/api/v1/admin/payments?${query}`);
    expect(res.status, query).toBe(200);
    return (await res.json()) as AdminPaymentList;
  };

  let running: string;
  let stuckOpen: string;
  let stuckActivated: string;
  let expired: string;
  let paid: string;
  let stuckNav: string;

  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity, config: { paymentTtlSeconds: 1800 } });
    await seedDemoAccounts(h.deps.db);
    api = as(h, await testKey(h));
    accountId = (
      await h.deps.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', MARIO.username)
        .executeTakeFirstOrThrow()
    ).id;
    const navs: string[] = [];
    for (const iupd of ['PAY-1', 'PAY-2', 'PAY-3', 'PAY-4', 'PAY-5'])
      navs.push((await makePosition(h, iupd, { amount: 1000, dueDate: '2099-12-31' })).nav);
    stuckNav = navs[0]!;
    stuckOpen = await start(navs[0]!, T0);
    stuckActivated = await start(navs[1]!, ttl(1));
    await markActivated(h.deps.db, stuckActivated, ttl(2));
    expired = await start(navs[2]!, ttl(3));
    paid = await start(navs[3]!, ttl(4));
    await receipt(h, navs[3]!, 'IUR-PAID-1', 1000, ttl(5).toISOString());
    running = await start(navs[4]!, ttl(20));
    // 40 minutes on: the first four are past their 30-minute TTL; two of them ended (the expiry
    // job), the first one is still open (no job ran since).
    await endPayment(h.deps.db, stuckActivated, 'expire', ttl(40));
    await endPayment(h.deps.db, expired, 'expire', ttl(40));
    h.setNow(ttl(45));
  });
  afterAll(async () => {
    await h.close();
  });

  it('sorts each payment into one list, with what can be done about it', async () => {
    const inProgress = await list('view=in_progress');
    expect(inProgress.items.map((p) => p.id)).toEqual([running]);
    expect(inProgress.items[0]).toMatchObject({
      view: 'in_progress',
      amount: 1000,
      actions: ['wait', 'open_position'],
      items: [{ iupd: 'PAY-5', amount: 1000, debtorName: 'Mario Rossi', debtorFiscalCode: MARIO.fiscalCode }],
    });
    const stuck = await list('view=stuck');
    expect(stuck.items.map((p) => [p.id, p.state, p.actions])).toEqual([
      [stuckActivated, 'expired', ['search_flows', 'open_position']],
      [stuckOpen, 'redirected', ['expire', 'open_position']],
    ]);
    expect(stuck.items[0]!.activatedAt).toBe(ttl(2).toISOString());
    expect(stuck.items[1]!.items[0]!.nav).toBe(stuckNav);
    const exp = await list('view=expired');
    expect(exp.items.map((p) => [p.id, p.actions])).toEqual([[expired, ['open_position']]]);
    // The paid one is in no list.
    const all = [...inProgress.items, ...stuck.items, ...exp.items].map((p) => p.id);
    expect(all).not.toContain(paid);
    // The default list is the one in progress.
    expect((await list('')).items.map((p) => p.id)).toEqual([running]);
  });

  it('pages by keyset: one at a time, then the end', async () => {
    const first = await list('view=stuck&limit=1');
    expect(first.items.map((p) => p.id)).toEqual([stuckActivated]);
    expect(first.next).toMatch(/~/);
    const second = await list(`view=stuck&limit=1&after=${encodeURIComponent(first.next!)}`);
    expect(second.items.map((p) => p.id)).toEqual([stuckOpen]);
    expect(second.next).toBeNull();
  });

  it('expires a stuck payment: its practice can be paid again; refused within the TTL or once ended', async () => {
    const early = await api('POST', `/api/v1/admin/payments/${running}/expiry`);
    expect(early.status).toBe(409);
    expect(((await early.json()) as Json).error.code).toBe('invalid_state');
    const ended = await api('POST', `/api/v1/admin/payments/${expired}/expiry`);
    expect(ended.status).toBe(409);
    const res = await api('POST', `/api/v1/admin/payments/${stuckOpen}/expiry`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as AdminPaymentView;
    expect(view).toMatchObject({
      id: stuckOpen,
      state: 'expired',
      view: 'expired',
      actions: ['open_position'],
    });
    expect((await list('view=stuck')).items.map((p) => p.id)).toEqual([stuckActivated]);
    // The practice is free: the citizen starts a new payment on it.
    const again = await start(stuckNav, ttl(46));
    expect(again).not.toBe(stuckOpen);
  });

  it('bad inputs answer 422 or 404; another entity sees none of these payments', async () => {
    for (const q of ['view=paid', 'limit=0', 'limit=201', 'limit=x', 'after=nope', 'other=1']) {
      const res = await api('GET', `/api/v1/admin/payments?${q}`);
      expect(res.status, q).toBe(422);
      expect(((await res.json()) as Json).error.code).toBe('validation_failed');
    }
    expect((await api('POST', '/api/v1/admin/payments/NOT-AN-ID/expiry')).status).toBe(422);
    expect((await api('POST', `/api/v1/admin/payments/${'a'.repeat(20)}/expiry`)).status).toBe(404);
    const other = as(h, await otherEntityKey(h));
    for (const view of ['in_progress', 'stuck', 'expired']) {
      const res = await other('GET', `/api/v1/admin/payments?view=${view}`);
      expect(((await res.json()) as AdminPaymentList).items).toEqual([]);
    }
    const foreign = await other('POST', `/api/v1/admin/payments/${stuckActivated}/expiry`);
    expect(foreign.status).toBe(404);
  });

  it('a viewer reads the lists and is refused the action; an operator acts and the audit log has it', async () => {
    await staffMember(h, 'viewer@comune.example.it', ENTE, 'viewer');
    await staffMember(h, 'operator@comune.example.it', ENTE, 'operator');
    const viewer = await loginStaff(h, 'viewer@comune.example.it');
    const seen = await viewer.call('GET', '/api/v1/admin/payments?view=stuck', { entity: ENTE });
    expect(seen.status).toBe(200);
    expect(((await seen.json()) as AdminPaymentList).items.map((p) => p.id)).toEqual([stuckActivated]);
    // A fresh stuck payment to act on.
    const nav = (await makePosition(h, 'PAY-6', { amount: 500, dueDate: '2099-12-31' })).nav;
    const id = await start(nav, h.deps.now());
    h.setNow(new Date(h.deps.now().getTime() + 31 * 60_000));
    const viewer2 = await loginStaff(h, 'viewer@comune.example.it');
    const refused = await viewer2.call('POST', `/api/v1/admin/payments/${id}/expiry`, { entity: ENTE });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Json).error.code).toBe('role_forbidden');
    const operator = await loginStaff(h, 'operator@comune.example.it');
    const done = await operator.call('POST', `/api/v1/admin/payments/${id}/expiry`, { entity: ENTE });
    expect(done.status).toBe(200);
    const audit = (await (
      await operator.call('GET', '/api/v1/admin/audit?limit=1', { entity: ENTE })
    ).json()) as Json;
    expect(audit.items[0]).toMatchObject({
      actor: 'operator@comune.example.it',
      action: 'adminExpirePayment',
      target: id,
      before: { id, state: 'redirected', view: 'stuck' },
      after: { id, state: 'expired', view: 'expired' },
    });
  });
});

describe('admin money: the dashboard figures', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;

  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity });
    api = as(h, await testKey(h));
    await h.deps.db
      .insertInto('services')
      .values({
        entity_code: ENTE,
        code: 'TARI',
        name: 'Tassa rifiuti',
        enabled: 1,
        definition: '{}',
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const a1 = await makePosition(h, 'ST-A1', { amount: 10000, dueDate: '2026-11-01' }, { service: 'TARI' });
    const a2 = await makePosition(h, 'ST-A2', { amount: 2500, dueDate: '2026-11-30' }, { service: 'TARI' });
    const b1 = await makePosition(h, 'ST-B1', { amount: 4000, dueDate: '2026-10-31' });
    const c1 = await makePosition(h, 'ST-C1', { amount: 999, dueDate: '2026-12-31' });
    await makePosition(h, 'ST-O1', { amount: 7000, dueDate: '2026-12-15' });
    await makePosition(
      h,
      'ST-O2',
      { amount: 6001, dueDate: '2027-01-31' },
      {
        installments: [
          { amount: 3000, dueDate: '2027-01-31' },
          { amount: 3001, dueDate: '2027-02-28' },
        ],
      },
    );
    // 00:30 in Rome on 1 November: that day, on its due date.
    await receipt(h, a1.nav, 'IUR-A1', 10000, '2026-10-31T23:30:00.000Z');
    await receipt(h, a2.nav, 'IUR-A2', 2500, '2026-11-02T10:00:00.000Z', 'PO');
    // 23:59 in Rome on 2 November, two days late.
    await receipt(h, b1.nav, 'IUR-B1', 4000, '2026-11-02T22:59:00.000Z');
    // The same notice paid again: collected that day, an overpayment, not counted as on time.
    await receipt(h, a1.nav, 'IUR-A1-BIS', 10000, '2026-11-03T09:00:00.000Z');
    // Midnight in Rome on 4 November: outside the range.
    await receipt(h, c1.nav, 'IUR-C1', 999, '2026-11-03T23:00:00.000Z');
  });
  afterAll(async () => {
    await h.close();
  });

  it('adds up collected per day, per service and per method, on time and late, open by due month', async () => {
    const res = await api('GET', '/api/v1/admin/stats?from=2026-11-01&to=2026-11-03');
    expect(res.status).toBe(200);
    const s = (await res.json()) as Stats;
    expect(s.collectedByDay).toEqual([
      { date: '2026-11-01', count: 1, amount: 10000 },
      { date: '2026-11-02', count: 2, amount: 6500 },
      { date: '2026-11-03', count: 1, amount: 10000 },
    ]);
    expect(s.collectedByService).toEqual([
      { service: 'TARI', name: 'Tassa rifiuti', count: 3, amount: 22500 },
      { service: null, name: '', count: 1, amount: 4000 },
    ]);
    expect(s.collectedByDayService).toEqual([
      { date: '2026-11-01', service: 'TARI', name: 'Tassa rifiuti', count: 1, amount: 10000 },
      { date: '2026-11-02', service: null, name: '', count: 1, amount: 4000 },
      { date: '2026-11-02', service: 'TARI', name: 'Tassa rifiuti', count: 1, amount: 2500 },
      { date: '2026-11-03', service: 'TARI', name: 'Tassa rifiuti', count: 1, amount: 10000 },
    ]);
    expect(s.byMethod).toEqual([
      { method: 'CP', count: 3, amount: 24000 },
      { method: 'PO', count: 1, amount: 2500 },
    ]);
    expect(s.onTime).toEqual({ onTime: 2, late: 1 });
    expect(s.total).toEqual({ count: 4, amount: 26500 });
    // O1's single payment; O2's installments (its single payment is their alternative).
    expect(s.openByDueMonth).toEqual([
      { month: '2026-12', count: 1, amount: 7000 },
      { month: '2027-01', count: 1, amount: 3000 },
      { month: '2027-02', count: 1, amount: 3001 },
    ]);
    // The next day holds the receipt paid at midnight in Rome.
    const next = (await (
      await api('GET', '/api/v1/admin/stats?from=2026-11-04&to=2026-11-04')
    ).json()) as Stats;
    expect(next.collectedByDay).toEqual([{ date: '2026-11-04', count: 1, amount: 999 }]);
    expect(next.total).toEqual({ count: 1, amount: 999 });
  });

  it('bad ranges answer 422; another entity sees zeros; a viewer reads', async () => {
    for (const q of [
      'from=2026-11-03&to=2026-11-01',
      'from=2026-11-01',
      'from=2026-02-30&to=2026-03-01',
      'from=2025-01-01&to=2026-01-02',
      'from=2026-11-01&to=2026-11-02&x=1',
    ]) {
      const res = await api('GET', `/api/v1/admin/stats?${q}`);
      expect(res.status, q).toBe(422);
      expect(((await res.json()) as Json).error.code).toBe('validation_failed');
    }
    const other = as(h, await otherEntityKey(h));
    const s = (await (
      await other('GET', '/api/v1/admin/stats?from=2026-11-01&to=2026-11-02')
    ).json()) as Stats;
    expect(s.total).toEqual({ count: 0, amount: 0 });
    expect(s.collectedByDay.map((d) => d.amount)).toEqual([0, 0]);
    expect(s.openByDueMonth).toEqual([]);
    await staffMember(h, 'viewer@comune.example.it', ENTE, 'viewer');
    const viewer = await loginStaff(h, 'viewer@comune.example.it');
    const res = await viewer.call('GET', '/api/v1/admin/stats?from=2026-11-01&to=2026-11-03', {
      entity: ENTE,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Stats).total).toEqual({ count: 4, amount: 26500 });
  });
});
