/**
 * What several writers at once cannot break, on either engine (DB_ENGINE=postgres runs it on
 * PostgreSQL, where transactions really overlap): the receipts of one payment's practices arriving
 * together make it paid once; a cart never holds two options of one practice, nor more than
 * `CART_LIMIT` practices to pay; a portal start and its Checkout refusal leave the practices as
 * they were.
 */
import { CART_LIMIT, PositionInput } from '@pagatore/sdk';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../core/errors.js';
import { transaction } from '../db/database.js';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../demo/seed-accounts.js';
import { DEMO_ENTITY, seedDemoEntity } from '../demo/seed.js';
import { findEntity } from '../entities/entities.js';
import { writePositions } from '../positions/positions.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { addToCart, viewCart } from './cart.js';
import { abandonPayment, endPayment, loadPayment } from './payments.js';
import { recordReceipt } from './record-receipt.js';
import { startPayment, startPortalPayment } from './start.js';

const ENTE = DEMO_ENTITY.code;
const MARIO = DEMO_ACCOUNTS[0];

let h: Harness;
let account: { id: string; entity_code: string; email: string | null };
let seq = 0;

beforeAll(async () => {
  h = await createHarness({ seed: seedDemoEntity });
  await seedDemoAccounts(h.deps.db);
  account = await h.deps.db
    .selectFrom('accounts')
    .select(['id', 'entity_code', 'email'])
    .where('entity_code', '=', ENTE)
    .where('username', '=', MARIO.username)
    .executeTakeFirstOrThrow();
});
afterAll(async () => {
  await h.close();
});

/** A practice of Mario's: single payment of 100 € or two installments of 50 €; its options. */
async function practice() {
  const entity = (await findEntity(h.deps.db, ENTE))!;
  const opt = (amount: number, dueDate: string) => ({
    amount,
    dueDate,
    transfers: [{ iban: DEMO_ENTITY.iban, amount, remittance: 'TARI', taxonomy: '9/0101002IM/' }],
  });
  const iupd = `CONC-${++seq}-${Date.now()}`;
  const input = v.parse(PositionInput, {
    iupd,
    debtor: { fiscalCode: MARIO.fiscalCode, name: 'Mario Rossi' },
    description: `TARI ${seq}`,
    single: opt(100_00, '2099-12-31'),
    installments: [opt(50_00, '2099-06-30'), opt(50_00, '2099-12-31')],
  });
  await transaction(h.deps.db, async (tx) => {
    const r = await writePositions(tx, entity, [{ row: 1, position: input }], 'create', new Date());
    if (r.errors.length) throw new Error(JSON.stringify(r.errors));
  });
  const options = await h.deps.db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select([
      'payment_options.id',
      'payment_options.position_id',
      'payment_options.nav',
      'payment_options.status',
      'payment_options.amount',
    ])
    .where('positions.iupd', '=', iupd)
    .orderBy('payment_options.installment')
    .execute();
  const [single, inst1, inst2] = options;
  return { iupd, single: single!, inst1: inst1!, inst2: inst2! };
}

function receipt(nav: string, receiptId: string, amount: number) {
  return {
    entityCode: ENTE,
    nav,
    receiptId,
    amount,
    fee: 100,
    pspId: 'BPPIITRRXXX',
    pspName: 'Poste Italiane',
    pspFiscalCode: '97103880585',
    channel: '97103880585_03',
    method: 'PO',
    paidAt: new Date(),
    payer: null,
  };
}

function codeOf(r: PromiseSettledResult<unknown>): string | null {
  if (r.status === 'fulfilled') return null;
  return r.reason instanceof ApiError ? r.reason.code : String(r.reason);
}

describe('on one payment, at once', () => {
  it('the receipts of all its practices arriving together make it paid, once', async () => {
    for (let round = 0; round < 4; round++) {
      const practices = await Promise.all([practice(), practice(), practice()]);
      const { payment } = await startPayment(
        h.deps.db,
        {
          entityCode: ENTE,
          accountId: account.id,
          optionIds: practices.map((p) => p.single.id),
          returnUrl: null,
          payerEmail: null,
          lang: 'it',
          provider: 'pagopa',
          ttlSeconds: 1800,
        },
        new Date(),
      );
      const results = await Promise.all(
        practices.map((p, i) =>
          recordReceipt(h.deps.db, receipt(p.single.nav, `RT-C${round}-${i}`, 100_00), new Date()),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(['recorded', 'recorded', 'recorded']);
      // Exactly one of them saw the payment's last notice paid.
      expect(results.filter((r) => r.status === 'recorded' && r.paymentPaid)).toHaveLength(1);
      const loaded = await loadPayment(h.deps.db, payment.id);
      expect(loaded?.payment.state).toBe('paid');
      // Items in a stated order (the options' ids), whatever order the engine keeps rows in.
      expect(loaded?.items.map((i) => i.option_id)).toEqual(
        practices.map((p) => p.single.id).sort((a, b) => a - b),
      );
      const paidEvents = await h.deps.db
        .selectFrom('events')
        .select('practice_key')
        .where('type', '=', 'payment.paid')
        .where(
          'practice_key',
          'in',
          practices.map((p) => p.iupd),
        )
        .execute();
      expect(paidEvents.map((e) => e.practice_key).sort()).toEqual(practices.map((p) => p.iupd).sort());
      const locks = await h.deps.db
        .selectFrom('position_locks')
        .select('position_id')
        .where('payment_id', '=', payment.id)
        .execute();
      expect(locks).toEqual([]);
    }
  });
});

describe('a payment ending while its receipt arrives', () => {
  it('expired, abandoned or failed at the moment its receipts are recorded: no deadlock, and the payment is paid', async () => {
    const ends = [
      (id: string) => endPayment(h.deps.db, id, 'expire', new Date()),
      (id: string) => endPayment(h.deps.db, id, 'fail', new Date()),
      (id: string) =>
        abandonPayment(h.deps.db, { paymentId: id, accountId: account.id, entityCode: ENTE }, new Date()),
    ];
    for (let round = 0; round < 6; round++) {
      const practices = await Promise.all([practice(), practice()]);
      const { payment } = await startPayment(
        h.deps.db,
        {
          entityCode: ENTE,
          accountId: account.id,
          optionIds: practices.map((p) => p.single.id),
          returnUrl: null,
          payerEmail: null,
          lang: 'it',
          provider: 'pagopa',
          ttlSeconds: 1800,
        },
        new Date(),
      );
      const results = await Promise.allSettled([
        ends[round % ends.length]!(payment.id),
        ...practices.map((p, i) =>
          recordReceipt(h.deps.db, receipt(p.single.nav, `RT-E${round}-${i}`, 100_00), new Date()),
        ),
      ]);
      const [end, ...receipts] = results.map(codeOf);
      expect(receipts).toEqual([null, null]);
      // The payer's abandon after the receipts is refused as `already_paid`; the others answer false.
      expect([null, 'already_paid']).toContain(end);
      // Ended first, the receipts are late ones; recorded first, the end is refused: paid either way.
      expect((await loadPayment(h.deps.db, payment.id))?.payment.state).toBe('paid');
    }
  });
});

describe('the cart, at once', () => {
  it('two options of one practice added together: one is in, the other is one_option_per_practice', async () => {
    for (let round = 0; round < 4; round++) {
      const p = await practice();
      const results = await Promise.allSettled([
        addToCart(h.deps.db, account.id, p.single, new Date()),
        addToCart(h.deps.db, account.id, p.inst1, new Date()),
        addToCart(h.deps.db, account.id, p.inst2, new Date()),
      ]);
      expect(results.map(codeOf).sort()).toEqual([
        null,
        'one_option_per_practice',
        'one_option_per_practice',
      ]);
      const cart = await viewCart(h.deps.db, account.id, ENTE);
      expect(cart.items.filter((i) => i.practiceId === String(p.single.position_id))).toHaveLength(1);
    }
    await h.deps.db.deleteFrom('cart_items').where('account_id', '=', account.id).execute();
  });

  it(`never holds more than ${CART_LIMIT} practices to pay, however many are added together`, async () => {
    const practices = [];
    for (let i = 0; i < CART_LIMIT + 2; i++) practices.push(await practice());
    for (const p of practices.slice(0, CART_LIMIT - 2))
      await addToCart(h.deps.db, account.id, p.single, new Date());
    const results = await Promise.allSettled(
      practices.slice(CART_LIMIT - 2).map((p) => addToCart(h.deps.db, account.id, p.single, new Date())),
    );
    expect(results.map(codeOf).sort()).toEqual(['cart_full', 'cart_full', null, null]);
    expect((await viewCart(h.deps.db, account.id, ENTE)).count).toBe(CART_LIMIT);
    await h.deps.db.deleteFrom('cart_items').where('account_id', '=', account.id).execute();
  });
});

describe('startPortalPayment, called as the portal calls it', () => {
  it('pays the cart part or the notices named, sends to the sandbox, and refuses a second start on the practice', async () => {
    const p = await practice();
    const payer = { account, entityCode: ENTE, lang: 'it' };
    const started = await startPortalPayment(h.deps, payer, { options: [p.inst1.nav] });
    expect(started).toMatchObject({ state: 'redirected', amount: 50_00, cart: null });
    expect(started.redirectUrl).toContain(`/sandbox/checkout/${started.id}?t=`);
    expect((await loadPayment(h.deps.db, started.id))?.payment.state).toBe('redirected');
    const again = await Promise.allSettled([startPortalPayment(h.deps, payer, { options: [p.single.nav] })]);
    expect(again.map(codeOf)).toEqual(['payment_in_progress']);
    const foreign = await Promise.allSettled([
      startPortalPayment(
        h.deps,
        { ...payer, account: { ...account, id: 'someone-else' } },
        { options: [p.inst2.nav] },
      ),
    ]);
    expect(foreign.map(codeOf)).toEqual(['practice_not_found']);
  });
});
