/**
 * The console's "end a stuck payment" (POST /api/v1/admin/payments/{id}/expiry, by a staff member
 * logged in with TOTP) at the same moment as the receipts of that payment arrive, all through the
 * app as they come in production: the node's paSendRTV2 on notices pagoPA activated, and the
 * sandbox's "paid" on a portal payment. The payment holds the single payment of a practice, one
 * installment of a practice with installments, or a cart of two practices (pagoPA's Checkout cart,
 * one receipt per notice). On PostgreSQL (DB_ENGINE=postgres) the transactions really overlap.
 *
 * Each scenario runs its steps one after the other in every order first (every interleaving of
 * whole transactions), then several rounds all at once, asked in each order (the engine decides).
 * Whichever wins, no money is lost or counted twice: every receipt is stored once and answered OK,
 * the payment ends paid (a receipt after the end is a late one: `late_receipt`), each practice's
 * options end as paying that option leaves them (an installment paid closes the single payment and
 * leaves the other installments to pay), and per practice the outbox holds `payment.paid` and
 * `receipt.received` once each (`payment.expired` once when the end won), each fanned out to the
 * webhook endpoint once, with one receipt e-mail per receipt. The end answers the ended payment or
 * 409 `invalid_state` (the receipts came first). When the sandbox's "paid" loses to the end, the
 * sandbox refuses and no money moves.
 */
import { centsToDecimal, PositionInput } from '@pagatore/sdk';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../accounts/sessions.js';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../demo/seed-accounts.js';
import { DEMO_ENTITY, seedDemoEntity } from '../../demo/seed.js';
import { transaction } from '../../db/database.js';
import { findEntity } from '../../entities/entities.js';
import { writePositions } from '../../positions/positions.js';
import { fanOut } from '../../webhooks/deliveries.js';
import { createEndpoint } from '../../webhooks/endpoints.js';
import { fakeCheckout } from '../../../test/support/checkout-fake.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { fakeNode, type NodeReply, type ReceiptFields } from '../../../test/support/pagopa-fake-node.js';
import { configureStation, STATION } from '../../../test/support/pagopa-fixtures.js';
import { account } from '../../../test/support/practice-fixtures.js';
import { loginStaff, staffMember, type StaffAgent } from '../../../test/support/staff.js';

/** Rounds with every step asked at once, after the rounds in every sequential order. */
const ROUNDS = 6;
const TTL_SECONDS = 1800;
const OPERATOR = 'operator@comune.example.it';
const TAXONOMY = '9/0101002IM/';

interface Option {
  id: number;
  nav: string;
  iuv: string;
  /** 0: the single payment; 1..n: installments. */
  installment: number;
  amount: number;
}

interface Practice {
  iupd: string;
  positionId: number;
  /** In installment order: the single payment first. */
  options: Option[];
}

/**
 * A new practice of `debtor`: a single payment of 25 €, or 100 € in one payment or two
 * installments of 50 €.
 */
async function addPractice(
  h: Harness,
  entityCode: string,
  iupd: string,
  debtor: string,
  kind: 'single' | 'installments',
): Promise<Practice> {
  const entity = (await findEntity(h.deps.db, entityCode))!;
  const iban = entityCode === DEMO_ENTITY.code ? DEMO_ENTITY.iban : TEST_ENTITY.iban;
  const opt = (amount: number, dueDate: string) => ({
    amount,
    dueDate,
    transfers: [{ iban, amount, remittance: iupd, taxonomy: TAXONOMY }],
  });
  const input = v.parse(PositionInput, {
    iupd,
    debtor: { fiscalCode: debtor, name: 'Mario Rossi' },
    description: `Pratica ${iupd}`,
    ...(kind === 'single'
      ? { single: opt(25_00, '2099-12-31') }
      : {
          single: opt(100_00, '2099-12-31'),
          installments: [opt(50_00, '2099-06-30'), opt(50_00, '2099-12-31')],
        }),
  });
  await transaction(h.deps.db, async (tx) => {
    const r = await writePositions(tx, entity, [{ row: 1, position: input }], 'create', new Date());
    expect(r.errors).toEqual([]);
  });
  const options = await h.deps.db
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
    .where('positions.entity_code', '=', entityCode)
    .where('positions.iupd', '=', iupd)
    .orderBy('payment_options.installment')
    .execute();
  return {
    iupd,
    positionId: options[0]!.positionId,
    options: options.map(({ positionId: _, ...o }) => ({ ...o, amount: Number(o.amount) })),
  };
}

/** A paid option's practice as paying it leaves it: its options' statuses and its own. */
function paidPractice(p: Practice, paid: Option) {
  return {
    options: p.options.map((o) =>
      o === paid ? 'paid' : paid.installment === 0 || o.installment === 0 ? 'cancelled' : 'unpaid',
    ),
    position: paid.installment === 0 ? 'paid' : 'partially_paid',
  };
}

/** Every order of `n` steps. */
function orders(n: number): number[][] {
  if (n === 1) return [[0]];
  return orders(n - 1).flatMap((o) =>
    Array.from({ length: n }, (_, i) => [...o.slice(0, i), n - 1, ...o.slice(i)]),
  );
}

/**
 * Runs a round's steps: in the first rounds one after the other, in each order in turn; then all
 * at once, asked in each order in turn. Answers the results in the steps' own order.
 */
async function race<T>(round: number, steps: (() => Promise<T>)[]): Promise<{ results: T[]; how: string }> {
  const all = orders(steps.length);
  const order = all[round % all.length]!;
  const results: T[] = [];
  if (round < all.length) {
    for (const i of order) results[i] = await steps[i]!();
    return { results, how: `in turn ${order.join('')}` };
  }
  const answers = await Promise.all(order.map((i) => steps[i]!()));
  order.forEach((i, k) => (results[i] = answers[k]!));
  return { results, how: `at once ${order.join('')}` };
}

/** Sequential rounds for every order of `steps` steps, then `ROUNDS` at once. */
const roundsFor = (steps: number) => orders(steps).length + ROUNDS;

/**
 * What the race left for a payment and its practices, read from the database once the events are
 * fanned out to the webhook endpoint.
 */
async function outcome(h: Harness, paymentId: string, practices: Practice[], endpointId: string) {
  await fanOut(h.deps.db, h.deps.now());
  const db = h.deps.db;
  const iupds = practices.map((p) => p.iupd);
  const payment = await db
    .selectFrom('payments')
    .select(['state'])
    .where('id', '=', paymentId)
    .executeTakeFirstOrThrow();
  const receipts = await db
    .selectFrom('receipts')
    .select(['id', 'receipt_id', 'payment_id', 'nav', 'amount', 'flag'])
    .where(
      'position_id',
      'in',
      practices.map((p) => p.positionId),
    )
    .orderBy('id')
    .execute();
  const options = await db
    .selectFrom('payment_options')
    .select(['position_id', 'status'])
    .where(
      'position_id',
      'in',
      practices.map((p) => p.positionId),
    )
    .orderBy('installment')
    .execute();
  const positions = await db
    .selectFrom('positions')
    .select(['id', 'status', 'overpaid_at'])
    .where(
      'id',
      'in',
      practices.map((p) => p.positionId),
    )
    .execute();
  const events = await db
    .selectFrom('events')
    .select(['id', 'type', 'practice_key'])
    .where('practice_key', 'in', iupds)
    .orderBy('id')
    .execute();
  const deliveries = await db
    .selectFrom('webhook_deliveries')
    .select(['event_id'])
    .where('endpoint_id', '=', endpointId)
    .where('practice_key', 'in', iupds)
    .orderBy('event_id')
    .execute();
  const mails = receipts.length
    ? await db
        .selectFrom('mail_outbox')
        .select('ref_id')
        .where('kind', '=', 'receipt')
        .where(
          'ref_id',
          'in',
          receipts.map((r) => r.id),
        )
        .orderBy('ref_id')
        .execute()
    : [];
  const optionLocks = await db
    .selectFrom('option_locks')
    .select('option_id')
    .where('payment_id', '=', paymentId)
    .execute();
  const practiceLocks = await db
    .selectFrom('position_locks')
    .select('position_id')
    .where('payment_id', '=', paymentId)
    .execute();
  const count = (types: string[]) =>
    Object.fromEntries([...new Set(types)].sort().map((t) => [t, types.filter((x) => x === t).length]));
  return {
    state: payment.state,
    receipts: receipts.map((r) => ({ ...r, amount: Number(r.amount) })),
    practices: Object.fromEntries(
      practices.map((p) => {
        const pos = positions.find((x) => x.id === p.positionId)!;
        return [
          p.iupd,
          {
            options: options.filter((o) => o.position_id === p.positionId).map((o) => o.status),
            position: pos.status,
            overpaid: pos.overpaid_at !== null,
            events: count(events.filter((e) => e.practice_key === p.iupd).map((e) => e.type)),
          },
        ];
      }),
    ),
    /** Every event of the practices fanned out once, and no delivery of anything else. */
    deliveredOnce:
      deliveries.map((d) => Number(d.event_id)).join() === events.map((e) => Number(e.id)).join(),
    /** One receipt e-mail per receipt. */
    mailedOnce: mails.map((m) => Number(m.ref_id)).join() === receipts.map((r) => Number(r.id)).join(),
    locks: optionLocks.length + practiceLocks.length,
  };
}

type Outcome = Awaited<ReturnType<typeof outcome>>;

/**
 * The payment is paid once whoever won: one receipt per paid option (its own, on this payment,
 * unflagged), each practice as paying that option leaves it, its events once each, all fanned out
 * once, one e-mail per receipt, no lock left. The end's `payment.expired` is there, once per
 * practice, when the end ended the payment: when it answered `expired`, not when it was refused;
 * answering `paid`, it may have ended it just before a receipt, or found it paid.
 */
function expectPaidOnce(
  o: Outcome,
  paymentId: string,
  paid: [Practice, Option][],
  answer: string,
  label: string,
) {
  expect(o.state, label).toBe('paid');
  // In the order they arrived, which the race decides.
  const byNav = <T extends { nav: string }>(list: T[]) =>
    [...list].sort((x, y) => x.nav.localeCompare(y.nav));
  expect(byNav(o.receipts), label).toEqual(
    byNav(paid.map(([, opt]) => opt)).map((opt) =>
      expect.objectContaining({ payment_id: paymentId, nav: opt.nav, amount: opt.amount, flag: null }),
    ),
  );
  const ended = o.practices[paid[0]![0].iupd]?.events['payment.expired'] === 1;
  if (answer === '200 expired') expect(ended, label).toBe(true);
  if (answer === '409 invalid_state') expect(ended, label).toBe(false);
  for (const [p, opt] of paid) {
    expect(o.practices[p.iupd], `${label} ${p.iupd}`).toEqual({
      ...paidPractice(p, opt),
      overpaid: false,
      events: {
        ...(ended ? { 'payment.expired': 1 } : {}),
        'payment.paid': 1,
        'receipt.received': 1,
      },
    });
  }
  expect(o, label).toMatchObject({ deliveredOnce: true, mailedOnce: true, locks: 0 });
}

/** The end's answer: the payment as it stands, or the refusal once the receipts made it paid. */
async function endAnswer(res: Response): Promise<string> {
  const body = (await res.json()) as { state?: string; error?: { code: string } };
  return res.status === 200 ? `200 ${body.state}` : `${res.status} ${body.error?.code}`;
}

const END_ANSWERS = ['200 expired', '200 paid', '409 invalid_state'];

describe('ending a stuck payment while pagoPA sends its receipts (paSendRTV2)', () => {
  let h: Harness;
  let checkout: Awaited<ReturnType<typeof fakeCheckout>>;
  let node: ReturnType<typeof fakeNode>;
  let endpointId: string;
  let accountId: string;
  const ENTE = TEST_ENTITY.code;
  const DEBTOR = 'RSSMRA80A01H501U';

  beforeAll(async () => {
    checkout = await fakeCheckout();
    h = await createHarness({
      config: { paymentProvider: 'pagopa', paymentTtlSeconds: TTL_SECONDS, pagopaCheckoutUrl: checkout.url },
    });
    await configureStation(h, { checkoutSubscriptionKey: 'sub-key', environment: 'UAT' });
    node = fakeNode(async (xml, action) => {
      const res = await h.request('/pagopa/node', {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
        body: xml,
      });
      return { status: res.status, text: await res.text() };
    }, STATION);
    await staffMember(h, OPERATOR, ENTE, 'operator');
    endpointId = (await createEndpoint(
      h.deps.db,
      ENTE,
      { url: 'https://gestionale.example.it/hook' },
      new Date(),
    ))!.row.id;
    accountId = (await account(h, { fiscalCode: DEBTOR, username: 'mario.race', proven: true })).id;
  });
  afterAll(async () => {
    await h.close();
    await checkout.close();
  });

  const receiptOf = (o: Option, receiptId: string, paymentNote?: string): ReceiptFields => ({
    nav: o.nav,
    fiscalCode: ENTE,
    iuv: o.iuv,
    amount: centsToDecimal(o.amount),
    receiptId,
    ...(paymentNote ? { paymentNote } : {}),
    transfers: [
      {
        amount: centsToDecimal(o.amount),
        iban: TEST_ENTITY.iban,
        remittance: 'Tassa di prova',
        category: TAXONOMY,
      },
    ],
  });

  /** Past the TTL: the payment shows as stuck in the console, to an operator logged in now. */
  async function stuck(start: Date, paymentId: string): Promise<StaffAgent> {
    h.setNow(new Date(start.getTime() + (TTL_SECONDS + 60) * 1000));
    const operator = await loginStaff(h, OPERATOR);
    const list = await operator.call('GET', '/api/v1/admin/payments?view=stuck', { entity: ENTE });
    expect(((await list.json()) as { items: { id: string }[] }).items.map((i) => i.id)).toContain(paymentId);
    return operator;
  }

  /** The payer's app activates a notice on its own: the payment of pagoPA holding it. */
  async function activated(o: Option): Promise<string> {
    expect((await node.activate(ENTE, o.nav)).outcome).toBe('OK');
    const { id } = await h.deps.db
      .selectFrom('payment_items')
      .select('payment_id as id')
      .where('nav', '=', o.nav)
      .executeTakeFirstOrThrow();
    return id;
  }

  /** One notice activated by the node, its receipt raced against the end. */
  async function oneNotice(kind: 'single' | 'installments', day: number) {
    const answers = new Set<string>();
    for (let round = 0; round < roundsFor(2); round++) {
      const start = new Date(Date.UTC(2026, 10, day, 9, round * 5));
      h.setNow(start);
      const p = await addPractice(h, ENTE, `RACE-NODE-${kind}-${round}`, DEBTOR, kind);
      // The first installment, or the single payment.
      const paid = p.options.find((o) => o.installment === (kind === 'single' ? 0 : 1))!;
      const paymentId = await activated(paid);
      const operator = await stuck(start, paymentId);
      const receipt = receiptOf(paid, `RACE-RT-${kind}-${round}-${paid.nav}`);
      const { results, how } = await race<Response | NodeReply>(round, [
        () => operator.call('POST', `/api/v1/admin/payments/${paymentId}/expiry`, { entity: ENTE }),
        await node.prepareRT(receipt),
      ]);
      const [ended, sent] = results as [Response, NodeReply];
      expect(sent.outcome, how).toBe('OK');
      const answer = await endAnswer(ended);
      expect(END_ANSWERS, how).toContain(answer);
      answers.add(`${how}: ${answer}`);

      const o = await outcome(h, paymentId, [p], endpointId);
      expectPaidOnce(o, paymentId, [[p, paid]], answer, how);
      // The node's retry of the same receipt is "already delivered", not a second payment.
      expect((await node.sendRT(receipt)).faultCode).toBe('PAA_RECEIPT_DUPLICATA');
      expect((await outcome(h, paymentId, [p], endpointId)).receipts).toHaveLength(1);
      // An installment's practice is not held by the ended payment: the next installment is payable.
      if (kind === 'installments')
        expect((await node.activate(ENTE, p.options[2]!.nav)).outcome, how).toBe('OK');
    }
    // Logged for the reader: which side won in the rounds (not asserted: the engine decides).
    console.info(`stuck payment (${kind}) vs paSendRTV2, end answers: ${[...answers].join('; ')}`);
  }

  it('a single payment: the receipt is stored once and the payment is paid once, whichever commits first', async () => {
    await oneNotice('single', 20);
  });

  it('an installment: paid once, the single payment closed, the other installment still to pay', async () => {
    await oneNotice('installments', 22);
  });

  it('a Checkout cart of two practices: both receipts stored once, the cart paid once, in any order with the end', async () => {
    const answers = new Set<string>();
    for (let round = 0; round < roundsFor(3); round++) {
      const start = new Date(Date.UTC(2026, 10, 24, 9, round * 5));
      h.setNow(start);
      const a = await addPractice(h, ENTE, `RACE-CART-A-${round}`, DEBTOR, 'single');
      const b = await addPractice(h, ENTE, `RACE-CART-B-${round}`, DEBTOR, 'installments');
      // The single payment of one practice and the second installment of the other, in one cart.
      const [aPaid, bPaid] = [a.options[0]!, b.options[2]!];
      const { token } = await createSession(h.deps.db, accountId, start, {
        idleSeconds: 7200,
        maxSeconds: 7200,
      });
      const started = await h.json(
        'POST',
        `/api/v1/entities/${ENTE}/payments`,
        { options: [aPaid.nav, bPaid.nav] },
        { authorization: `Bearer ${token}` },
      );
      expect(started.status, await started.clone().text()).toBe(201);
      const { id: paymentId } = (await started.json()) as { id: string };
      // The payer on Checkout: pagoPA activates both notices of the cart.
      for (const o of [aPaid, bPaid])
        expect((await node.activate(ENTE, o.nav, { paymentNote: paymentId })).outcome).toBe('OK');
      const operator = await stuck(start, paymentId);
      const receipts = [aPaid, bPaid].map((o) => receiptOf(o, `RACE-CART-${round}-${o.nav}`, paymentId));
      const { results, how } = await race<Response | NodeReply>(round, [
        () => operator.call('POST', `/api/v1/admin/payments/${paymentId}/expiry`, { entity: ENTE }),
        await node.prepareRT(receipts[0]!),
        await node.prepareRT(receipts[1]!),
      ]);
      const [ended, ...sent] = results as [Response, ...NodeReply[]];
      expect(
        sent.map((s) => s.outcome),
        how,
      ).toEqual(['OK', 'OK']);
      const answer = await endAnswer(ended);
      expect(END_ANSWERS, how).toContain(answer);
      answers.add(`${how}: ${answer}`);

      const o = await outcome(h, paymentId, [a, b], endpointId);
      expectPaidOnce(
        o,
        paymentId,
        [
          [a, aPaid],
          [b, bPaid],
        ],
        answer,
        how,
      );
      for (const r of receipts) expect((await node.sendRT(r)).faultCode).toBe('PAA_RECEIPT_DUPLICATA');
      expect((await outcome(h, paymentId, [a, b], endpointId)).receipts).toHaveLength(2);
    }
    console.info(`stuck cart vs two paSendRTV2, end answers: ${[...answers].join('; ')}`);
  });
});

describe('ending a stuck payment while the sandbox pays it', () => {
  let h: Harness;
  let accountId: string;
  let endpointId: string;
  const ENTE = DEMO_ENTITY.code;
  const MARIO = DEMO_ACCOUNTS[0].fiscalCode;

  beforeAll(async () => {
    h = await createHarness({ seed: seedDemoEntity, config: { paymentTtlSeconds: TTL_SECONDS } });
    await seedDemoAccounts(h.deps.db);
    accountId = (
      await h.deps.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', DEMO_ACCOUNTS[0].username)
        .executeTakeFirstOrThrow()
    ).id;
    await staffMember(h, OPERATOR, ENTE, 'operator');
    endpointId = (await createEndpoint(
      h.deps.db,
      ENTE,
      { url: 'https://gestionale.example.it/hook' },
      new Date(),
    ))!.row.id;
  });
  afterAll(() => h.close());

  /**
   * Mario pays `paid` (one option of each practice) from the portal with the sandbox, stuck past
   * the TTL; the sandbox page's "paid" races the console's end.
   */
  async function sandboxRace(
    label: string,
    day: number,
    make: (round: number) => Promise<[Practice, Option][]>,
  ) {
    const api = `/api/v1/entities/${ENTE}`;
    const answers = new Set<string>();
    for (let round = 0; round < roundsFor(2); round++) {
      const start = new Date(Date.UTC(2026, 10, day, 9, round * 5));
      h.setNow(start);
      const paid = await make(round);
      const practices = paid.map(([p]) => p);
      const { token } = await createSession(h.deps.db, accountId, start, {
        idleSeconds: 7200,
        maxSeconds: 7200,
      });
      const started = await h.json(
        'POST',
        `${api}/payments`,
        { options: paid.map(([, o]) => o.nav) },
        { authorization: `Bearer ${token}` },
      );
      expect(started.status, await started.clone().text()).toBe(201);
      const { id: paymentId, redirectUrl } = (await started.json()) as { id: string; redirectUrl: string };
      const checkout = new URL(redirectUrl, 'http://localhost');
      const page = await (await h.request(`${checkout.pathname}${checkout.search}`)).text();
      const t = /name="t" value="([^"]+)"/.exec(page)?.[1];
      expect(t, 'the sandbox page carries its one-time token').toBeDefined();

      h.setNow(new Date(start.getTime() + (TTL_SECONDS + 60) * 1000));
      const operator = await loginStaff(h, OPERATOR);
      const { results, how } = await race(round, [
        () => operator.call('POST', `/api/v1/admin/payments/${paymentId}/expiry`, { entity: ENTE }),
        () =>
          h.request(checkout.pathname, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ t: t!, outcome: 'paid' }).toString(),
          }),
      ]);
      const [ended, sandbox] = results as [Response, Response];
      const answer = await endAnswer(ended);
      answers.add(`${how}: ${answer} / sandbox ${sandbox.status}`);
      const o = await outcome(h, paymentId, practices, endpointId);
      if (sandbox.status === 303) {
        // The sandbox took the money: one receipt per notice, paid once, whenever the end came.
        expect(END_ANSWERS, how).toContain(answer);
        expectPaidOnce(o, paymentId, paid, answer, how);
      } else {
        // The end came first: the sandbox page is refused, nothing was taken, the practices are free.
        expect(sandbox.status, how).toBe(409);
        expect(answer, how).toBe('200 expired');
        expect(o.receipts, how).toEqual([]);
        expect(o.state, how).toBe('expired');
        for (const p of practices) {
          expect(o.practices[p.iupd], `${how} ${p.iupd}`).toEqual({
            options: p.options.map(() => 'unpaid'),
            position: 'unpaid',
            overpaid: false,
            events: { 'payment.expired': 1 },
          });
        }
        expect(o, how).toMatchObject({ deliveredOnce: true, mailedOnce: true, locks: 0 });
      }
    }
    console.info(`stuck payment (${label}) vs sandbox, answers: ${[...answers].join('; ')}`);
  }

  it('a single payment paid in the sandbox: stored once, paid once; ended first: the sandbox refuses and no money moves', async () => {
    await sandboxRace('single', 21, async (round) => {
      const p = await addPractice(h, ENTE, `RACE-SBX-${round}`, MARIO, 'single');
      return [[p, p.options[0]!]];
    });
  });

  it('an installment paid in the sandbox: paid once, the single payment closed, the other installment still to pay', async () => {
    await sandboxRace('installment', 23, async (round) => {
      const p = await addPractice(h, ENTE, `RACE-SBX-INST-${round}`, MARIO, 'installments');
      return [[p, p.options[1]!]];
    });
  });

  it('a cart of two practices paid in the sandbox: both receipts once, the cart paid once', async () => {
    await sandboxRace('cart', 25, async (round) => {
      const a = await addPractice(h, ENTE, `RACE-SBX-CART-A-${round}`, MARIO, 'single');
      const b = await addPractice(h, ENTE, `RACE-SBX-CART-B-${round}`, MARIO, 'installments');
      return [
        [a, a.options[0]!],
        [b, b.options[2]!],
      ];
    });
  });
});
