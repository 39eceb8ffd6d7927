/**
 * GET /api/v1/admin/positions/{iupd}/activity: one position's payment attempts (started through the
 * citizen API, one expired, one paid), its receipts with the payer masked, and its events with
 * their webhook deliveries; nothing of another position leaks in. Bad iupd 422, unknown 404,
 * another entity 404, a viewer reads it.
 */
import { PositionInput, type PositionActivity } from '@pagatore/sdk';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../accounts/sessions.js';
import { transaction } from '../../db/database.js';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../demo/seed-accounts.js';
import { DEMO_ENTITY, seedDemoEntity } from '../../demo/seed.js';
import { findEntity } from '../../entities/entities.js';
import { endPayment } from '../../payments/payments.js';
import { recordReceipt } from '../../payments/record-receipt.js';
import { writePositions } from '../../positions/positions.js';
import { fanOut } from '../../webhooks/deliveries.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { as, otherEntityKey, testKey } from '../../../test/support/admin-fixtures.js';
import { loginStaff, staffMember } from '../../../test/support/staff.js';

const ENTE = DEMO_ENTITY.code;
const BASE = `/api/v1/entities/${ENTE}`;
const MARIO = DEMO_ACCOUNTS[0];
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function makePosition(h: Harness, iupd: string, amount: number): Promise<string> {
  const entity = (await findEntity(h.deps.db, ENTE))!;
  const input = v.parse(PositionInput, {
    iupd,
    debtor: { fiscalCode: MARIO.fiscalCode, name: 'Mario Rossi' },
    description: `Pratica ${iupd}`,
    single: {
      amount,
      dueDate: '2099-12-31',
      transfers: [{ iban: DEMO_ENTITY.iban, amount, remittance: iupd, taxonomy: '9/0101002IM/' }],
    },
  });
  await transaction(h.deps.db, async (tx) => {
    const r = await writePositions(tx, entity, [{ row: 1, position: input }], 'create', new Date());
    expect(r.errors).toEqual([]);
  });
  const row = await h.deps.db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select('payment_options.nav')
    .where('positions.iupd', '=', iupd)
    .executeTakeFirstOrThrow();
  return row.nav;
}

describe('admin: a position’s payments, receipts and events', () => {
  let h: Harness;
  let api: ReturnType<typeof as>;
  let accountId: string;
  let nav: string;
  let expired: string;
  let paid: string;
  const T0 = new Date('2026-11-10T09:00:00Z');
  const at = (min: number) => new Date(T0.getTime() + min * 60_000);

  async function start(navToPay: string, when: Date): Promise<string> {
    h.setNow(when);
    const { token } = await createSession(h.deps.db, accountId, when, { idleSeconds: 600, maxSeconds: 3600 });
    const res = await h.json(
      'POST',
      `${BASE}/payments`,
      { options: [navToPay] },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as Json).id as string;
  }
  const activity = async (iupd: string) => {
    const res = await api('GET', `/api/v1/admin/positions/${encodeURIComponent(iupd)}/activity`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as PositionActivity;
  };

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
    // A webhook of the entity, so each event has a delivery (to a closed port: never sent here).
    expect((await api('PATCH', '/api/v1/admin/entity', { allowPrivateTargets: true })).status).toBe(200);
    const hook = await api('POST', '/api/v1/admin/webhooks', { url: 'http://127.0.0.1:9/hook' });
    expect(hook.status).toBe(201);
    nav = await makePosition(h, 'ACT-1', 2500);
    const otherNav = await makePosition(h, 'ACT-2', 700);
    await makePosition(h, 'ACT-EMPTY', 900);
    expired = await start(nav, at(0));
    await endPayment(h.deps.db, expired, 'expire', at(40));
    paid = await start(nav, at(50));
    const r = await recordReceipt(
      h.deps.db,
      {
        entityCode: ENTE,
        nav,
        receiptId: 'IUR-ACT-1',
        amount: 2500,
        fee: 100,
        pspId: 'PSP1',
        pspName: 'Banca di prova',
        pspFiscalCode: null,
        channel: 'PSP1_01',
        method: 'CP',
        paidAt: at(52),
        payer: { fiscalCode: 'VRDGNN80A01H501U', name: 'Giovanni Verdi', email: null },
      },
      at(52),
    );
    expect(r.status).toBe('recorded');
    // Another position's payment: it must not show on ACT-1's page.
    await start(otherNav, at(60));
    await fanOut(h.deps.db, at(61));
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists the payment attempts, the receipt (payer masked) and the events with their deliveries', async () => {
    const a = await activity('ACT-1');
    expect(a.iupd).toBe('ACT-1');
    expect(a.payments.map((p) => [p.id, p.state, p.view])).toEqual([
      [paid, 'paid', null],
      [expired, 'expired', 'expired'],
    ]);
    expect(a.payments[0]).toMatchObject({
      amount: 2500,
      provider: expect.any(String),
      createdAt: at(50).toISOString(),
      items: [{ iupd: 'ACT-1', nav, amount: 2500 }],
    });
    expect(a.payments[1]!.expiresAt).toBe(at(30).toISOString());
    expect(a.receipts).toEqual([
      {
        receiptId: 'IUR-ACT-1',
        nav,
        iuv: nav.slice(1),
        amount: 2500,
        fee: 100,
        paidAt: at(52).toISOString(),
        receivedAt: at(52).toISOString(),
        psp: { id: 'PSP1', name: 'Banca di prova' },
        channel: 'PSP1_01',
        method: 'CP',
        payer: { name: 'G******* V****', fiscalCode: 'VRD***********1U' },
        paymentId: paid,
        flag: null,
      },
    ]);
    expect(JSON.stringify(a)).not.toContain('Giovanni');
    expect(JSON.stringify(a)).not.toContain('VRDGNN80A01H501U');
    const types = a.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['receipt.received', 'payment.paid', 'payment.expired']));
    expect(a.events.map((e) => e.id)).toEqual([...a.events.map((e) => e.id)].sort((x, y) => y - x));
    const received = a.events.find((e) => e.type === 'receipt.received')!;
    expect(received).toMatchObject({
      nav,
      amount: 2500,
      receiptId: 'IUR-ACT-1',
      deliveries: { pending: 1, delivered: 0, failed: 0 },
    });
    expect(a.events.find((e) => e.type === 'payment.expired')!.paymentId).toBe(expired);
  });

  it('a position without payments answers empty lists', async () => {
    expect(await activity('ACT-EMPTY')).toEqual({
      iupd: 'ACT-EMPTY',
      payments: [],
      receipts: [],
      events: [],
    });
  });

  it('bad iupd 422, unknown 404, another entity 404, a viewer reads it', async () => {
    for (const bad of ['x'.repeat(80), '%20']) {
      const res = await api('GET', `/api/v1/admin/positions/${bad}/activity`);
      expect(res.status, bad).toBe(422);
      expect(((await res.json()) as Json).error.code).toBe('validation_failed');
    }
    const missing = await api('GET', '/api/v1/admin/positions/NOPE-1/activity');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Json).error.code).toBe('not_found');
    const other = as(h, await otherEntityKey(h));
    expect((await other('GET', '/api/v1/admin/positions/ACT-1/activity')).status).toBe(404);
    await staffMember(h, 'viewer@comune.example.it', ENTE, 'viewer');
    const viewer = await loginStaff(h, 'viewer@comune.example.it');
    const seen = await viewer.call('GET', '/api/v1/admin/positions/ACT-1/activity', { entity: ENTE });
    expect(seen.status).toBe(200);
    expect(((await seen.json()) as PositionActivity).receipts).toHaveLength(1);
  });
});
