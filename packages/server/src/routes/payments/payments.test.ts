import { buildNav, PositionInput } from '@pagatore/sdk';
import * as v from 'valibot';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSession } from '../../accounts/sessions.js';
import { devMailboxOf } from '../../mail/mailer.js';
import { transaction } from '../../db/database.js';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../demo/seed-accounts.js';
import { DEMO_ENTITY } from '../../demo/seed.js';
import { findEntity } from '../../entities/entities.js';
import { expireDuePayments, recordReceipt } from '../../payments/payments.js';
import { writePositions } from '../../positions/positions.js';
import { createHarness, type Harness } from '../../testing/harness.js';

const ENTE = DEMO_ENTITY.code;
const BASE = `/api/v1/entities/${ENTE}`;
const SITE = 'http://127.0.0.1:8788';
const MARIO = DEMO_ACCOUNTS[0];

let seq = 0;

/** Creates an unpaid position for a debtor; returns its single option id and NAV. */
async function position(h: Harness, opts: { debtor?: string; amount?: number; installments?: number } = {}) {
  const entity = (await findEntity(h.deps.db, ENTE))!;
  const amount = opts.amount ?? 12_345;
  const opt = (a: number, due: string) => ({
    amount: a,
    dueDate: due,
    transfers: [{ iban: DEMO_ENTITY.iban, amount: a, remittance: 'Test', taxonomy: '9/0101002IM/' }],
  });
  const iupd = `PAY-TEST-${++seq}`;
  const input = v.parse(PositionInput, {
    iupd,
    debtor: { fiscalCode: opts.debtor ?? MARIO.fiscalCode, name: 'Mario Rossi' },
    description: `Pratica di prova ${seq}`,
    ...(opts.installments
      ? {
          installments: Array.from({ length: opts.installments }, (_, i) => opt(amount, `2099-0${i + 1}-28`)),
        }
      : { single: opt(amount, '2099-12-31') }),
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
      'payment_options.installment',
      'positions.id as positionId',
    ])
    .where('positions.iupd', '=', iupd)
    .orderBy('installment')
    .execute();
  return {
    iupd,
    options,
    optionId: options[0]!.id,
    nav: options[0]!.nav,
    positionId: options[0]!.positionId,
  };
}

async function login(h: Harness, username: string = MARIO.username): Promise<Record<string, string>> {
  const account = await h.deps.db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const { token } = await createSession(h.deps.db, account.id, new Date(), {
    idleSeconds: 3600,
    maxSeconds: 86_400,
  });
  return { authorization: `Bearer ${token}` };
}

/** Follows the sandbox: opens its page, reads the form's token, posts an outcome. */
async function sandbox(h: Harness, redirectUrl: string, outcome: 'paid' | 'cancelled' | 'error') {
  const url = new URL(redirectUrl);
  const page = await h.request(url.pathname + url.search);
  expect(page.status).toBe(200);
  const html = await page.text();
  const token = /name="t" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const res = await h.request(url.pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: token, outcome }).toString(),
  });
  return { res, html, token, path: url.pathname };
}

async function optionStatus(h: Harness, id: number): Promise<string> {
  const r = await h.deps.db
    .selectFrom('payment_options')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return r.status;
}

describe('payments through the sandbox', () => {
  let h: Harness;
  let auth: Record<string, string>;
  beforeAll(async () => {
    h = await createHarness();
    await seedDemoAccounts(h.deps.db);
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    auth = await login(h);
  });

  it('pays one practice: redirect, sandbox "paid", back with only the id, receipt recorded once', async () => {
    const p = await position(h);
    const start = await h.json(
      'POST',
      `${BASE}/payments`,
      { options: [p.nav], returnUrl: `${SITE}/pagamenti.html#lista` },
      auth,
    );
    expect(start.status).toBe(201);
    const started = (await start.json()) as {
      id: string;
      redirectUrl: string;
      state: string;
      amount: number;
    };
    expect(started).toMatchObject({ state: 'redirected', amount: 12_345 });
    expect(await optionStatus(h, p.optionId)).toBe('in_payment');

    const { res } = await sandbox(h, started.redirectUrl, 'paid');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${SITE}/pagamenti.html#pagatore-payment=${started.id}`);

    const view = await h.request(`${BASE}/payments/${started.id}?returned=1`, { headers: auth });
    const body = (await view.json()) as {
      state: string;
      outcome: string;
      items: { receiptId: number | null }[];
    };
    // The fee the provider charged on top, apart from the amount: the outcome page shows both.
    expect(body).toMatchObject({ state: 'paid', outcome: 'paid', amount: 12_345, fee: 100 });
    expect(body.items[0]?.receiptId).toEqual(expect.any(Number));
    expect(await optionStatus(h, p.optionId)).toBe('paid');
    const receipts = await h.deps.db.selectFrom('receipts').selectAll().where('nav', '=', p.nav).execute();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      amount: 12_345,
      fee: 100,
      psp_name: expect.stringContaining('Sandbox'),
      payer_fiscal_code: MARIO.fiscalCode,
      debtor_fiscal_code: MARIO.fiscalCode,
    });
    // The payer gets the receipt by e-mail, with the quietanza attached.
    const mail = devMailboxOf(h.deps)!.messages.find(
      (m) => m.to === MARIO.email && /Ricevuta di pagamento/.test(m.subject),
    );
    expect(mail?.text).toContain('123,45 €');
    expect(mail?.attachments?.[0]).toMatchObject({
      filename: expect.stringMatching(/^ricevuta-.*\.pdf$/),
      contentType: 'application/pdf',
    });
    expect(Buffer.from(mail!.attachments![0]!.content).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('cancelled and error outcomes free the practice; a replayed outcome changes nothing', async () => {
    for (const outcome of ['cancelled', 'error'] as const) {
      const p = await position(h);
      const started = (await (
        await h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth)
      ).json()) as { id: string; redirectUrl: string };
      const { res, token, path } = await sandbox(h, started.redirectUrl, outcome);
      expect(res.status).toBe(303);
      const view = (await (await h.request(`${BASE}/payments/${started.id}`, { headers: auth })).json()) as {
        state: string;
      };
      expect(view.state).toBe(outcome === 'cancelled' ? 'cancelled' : 'failed');
      expect(await optionStatus(h, p.optionId)).toBe('unpaid');
      // Replaying "paid" with the old token must not pay.
      const replay = await h.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ t: token, outcome: 'paid' }).toString(),
      });
      expect(replay.status).toBe(409);
      expect(await optionStatus(h, p.optionId)).toBe('unpaid');
      expect(
        await h.deps.db.selectFrom('receipts').select('id').where('nav', '=', p.nav).execute(),
      ).toHaveLength(0);
    }
  });

  it('a forged sandbox token is refused', async () => {
    const p = await position(h);
    const started = (await (await h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth)).json()) as {
      id: string;
    };
    const res = await h.request(`/sandbox/checkout/${started.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 't=forged&outcome=paid',
    });
    expect(res.status).toBe(409);
    expect(await optionStatus(h, p.optionId)).toBe('in_payment');
  });

  it('pays a cart of two practices with one payment, then empties the cart', async () => {
    const a = await position(h, { amount: 1000 });
    const b = await position(h, { amount: 2500 });
    for (const p of [a, b])
      expect((await h.json('POST', `${BASE}/me/cart/items`, { nav: p.nav }, auth)).status).toBe(200);
    const cart = (await (await h.request(`${BASE}/me/cart`, { headers: auth })).json()) as {
      count: number;
      total: number;
    };
    expect(cart).toMatchObject({ count: 2, total: 3500 });
    const started = (await (await h.json('POST', `${BASE}/payments`, { cart: true }, auth)).json()) as {
      id: string;
      redirectUrl: string;
      amount: number;
    };
    expect(started.amount).toBe(3500);
    await sandbox(h, started.redirectUrl, 'paid');
    const view = (await (await h.request(`${BASE}/payments/${started.id}`, { headers: auth })).json()) as {
      state: string;
      items: unknown[];
    };
    expect(view).toMatchObject({ state: 'paid', items: [expect.anything(), expect.anything()] });
    expect(
      ((await (await h.request(`${BASE}/me/cart`, { headers: auth })).json()) as { count: number }).count,
    ).toBe(0);
  });

  it('the same receipt (same receiptId) delivered twice, or 50 times concurrently, is recorded once; other receipts of the notice are kept as overpaid', async () => {
    const p = await position(h);
    const receipt = (id: string) => ({
      entityCode: ENTE,
      nav: p.nav,
      receiptId: id,
      amount: 12_345,
      fee: 0,
      pspId: 'PSP',
      pspName: 'PSP',
      pspFiscalCode: null,
      channel: 'C',
      method: 'PO',
      paidAt: new Date(),
      payer: null,
    });
    const first = await recordReceipt(h.deps.db, receipt('R-1'), new Date());
    expect(first.status).toBe('recorded');
    expect((await recordReceipt(h.deps.db, receipt('R-1'), new Date())).status).toBe('duplicate');
    // 25 copies of R-1 and 25 other receipts of the same notice (paid again through other channels).
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        recordReceipt(h.deps.db, receipt(i % 2 ? 'R-1' : `R-${i}`), new Date()),
      ),
    );
    expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(25);
    const recorded = results.filter((r) => r.status === 'recorded');
    expect(recorded).toHaveLength(25);
    for (const r of recorded) expect(r.receipt.flag?.split(',')).toContain('overpaid');
    const rows = await h.deps.db
      .selectFrom('receipts')
      .select(['receipt_id', 'flag'])
      .where('nav', '=', p.nav)
      .execute();
    expect(rows).toHaveLength(26);
    // Recorded without any payment of the portal: not activated, and the first, not overpaid.
    expect(rows.find((r) => r.receipt_id === 'R-1')?.flag).toBe('not_activated');
    expect(await optionStatus(h, p.optionId)).toBe('paid');
    // The outbox: one event per recorded receipt, and one overpayment event per overpaid receipt.
    const events = await h.deps.db
      .selectFrom('events')
      .select('type')
      .where('practice_key', '=', p.iupd)
      .execute();
    expect(events.filter((e) => e.type === 'receipt.received')).toHaveLength(26);
    expect(events.filter((e) => e.type === 'receipt.overpaid')).toHaveLength(25);
  });

  it('two concurrent payment starts on one practice give one payment', async () => {
    const p = await position(h);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    const bodies = await Promise.all(
      results.filter((r) => r.status === 409).map((r) => r.json() as Promise<{ error: { code: string } }>),
    );
    expect(new Set(bodies.map((b) => b.error.code))).toEqual(new Set(['payment_in_progress']));
    const payments = await h.deps.db
      .selectFrom('payment_items')
      .select('payment_id')
      .where('option_id', '=', p.optionId)
      .execute();
    expect(payments).toHaveLength(1);
  });

  it('TTL expiry frees the practice and a late receipt is still recorded', async () => {
    const p = await position(h);
    const started = (await (await h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth)).json()) as {
      id: string;
    };
    const later = new Date(Date.now() + (h.deps.config.paymentTtlSeconds + 5) * 1000);
    expect(await expireDuePayments(h.deps.db, later)).toBeGreaterThanOrEqual(1);
    expect(await optionStatus(h, p.optionId)).toBe('unpaid');
    const payment = await h.deps.db
      .selectFrom('payments')
      .select('state')
      .where('id', '=', started.id)
      .executeTakeFirstOrThrow();
    expect(payment.state).toBe('expired');
    const late = await recordReceipt(
      h.deps.db,
      {
        entityCode: ENTE,
        nav: p.nav,
        receiptId: 'LATE-1',
        amount: 12_345,
        fee: 0,
        pspId: 'P',
        pspName: 'P',
        pspFiscalCode: null,
        channel: 'C',
        method: 'PO',
        paidAt: later,
        payer: null,
      },
      later,
    );
    expect(late).toMatchObject({ status: 'recorded', paymentId: started.id, paymentPaid: true });
    const types = await h.deps.db
      .selectFrom('events')
      .select('type')
      .where('practice_key', '=', p.iupd)
      .orderBy('id')
      .execute();
    expect(types.map((t) => t.type)).toEqual(['payment.expired', 'receipt.received', 'payment.paid']);
    expect(await optionStatus(h, p.optionId)).toBe('paid');
  });

  it('paying the single option closes the installments, and a paid practice cannot be paid or added again', async () => {
    const p = await position(h, { installments: 3, amount: 1000 });
    const first = p.options[0]!;
    const started = (await (
      await h.json('POST', `${BASE}/payments`, { options: [first.nav] }, auth)
    ).json()) as { redirectUrl: string };
    await sandbox(h, started.redirectUrl, 'paid');
    expect(await optionStatus(h, first.id)).toBe('paid');
    const again = await h.json('POST', `${BASE}/payments`, { options: [first.nav] }, auth);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('already_paid');
    const add = await h.json('POST', `${BASE}/me/cart/items`, { nav: first.nav }, auth);
    expect(((await add.json()) as { error: { code: string } }).error.code).toBe('already_paid');
  });

  it('the cart holds at most 5 practices, with a clear message at the sixth; Rimuovi and Pulisci carrello', async () => {
    await h.request(`${BASE}/me/cart`, { method: 'DELETE', headers: auth });
    const ps = [];
    for (let i = 0; i < 6; i++) ps.push(await position(h, { amount: 100 + i }));
    for (const p of ps.slice(0, 5))
      expect((await h.json('POST', `${BASE}/me/cart/items`, { nav: p.nav }, auth)).status).toBe(200);
    const sixth = await h.json('POST', `${BASE}/me/cart/items`, { nav: ps[5]!.nav }, auth);
    expect(sixth.status).toBe(409);
    expect(((await sixth.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'cart_full',
      message: expect.stringContaining('5'),
    });
    const removed = await h.request(`${BASE}/me/cart/items/${ps[0]!.nav}`, {
      method: 'DELETE',
      headers: auth,
    });
    expect(((await removed.json()) as { count: number }).count).toBe(4);
    expect(
      (await h.request(`${BASE}/me/cart/items/${ps[0]!.nav}`, { method: 'DELETE', headers: auth })).status,
    ).toBe(404);
    expect((await h.request(`${BASE}/me/cart`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect(
      ((await (await h.request(`${BASE}/me/cart`, { headers: auth })).json()) as { count: number }).count,
    ).toBe(0);
  });

  it('flags a practice whose amount changed since it was added', async () => {
    await h.request(`${BASE}/me/cart`, { method: 'DELETE', headers: auth });
    const p = await position(h, { amount: 5000 });
    await h.json('POST', `${BASE}/me/cart/items`, { nav: p.nav }, auth);
    await h.deps.db
      .updateTable('payment_options')
      .set({ amount: 5500 })
      .where('id', '=', p.optionId)
      .execute();
    const cart = (await (await h.request(`${BASE}/me/cart`, { headers: auth })).json()) as {
      items: { changed: boolean; amount: number; amountAtAdd: number }[];
    };
    expect(cart.items[0]).toMatchObject({ changed: true, amount: 5500, amountAtAdd: 5000 });
  });

  it('bad inputs never change state: unknown or other user’s practice, forged return URL, bad ids', async () => {
    const other = await position(h, { debtor: 'BSCMTT83A12L719R' });
    const mine = await position(h);
    const cases: [string, unknown, number, string][] = [
      [
        'unknown',
        { options: [buildNav({ auxDigit: 3, code: '01' }, '9999999999999').nav] },
        404,
        'practice_not_found',
      ],
      ['someone else’s', { options: [other.nav] }, 404, 'practice_not_found'],
      [
        'forged return URL',
        { options: [mine.nav], returnUrl: 'https://evil.example/steal' },
        422,
        'validation_failed',
      ],
      ['not a URL', { options: [mine.nav], returnUrl: 'javascript:alert(1)' }, 422, 'validation_failed'],
      ['six at once', { options: Array(6).fill(mine.nav) }, 422, 'validation_failed'],
      ['both cart and options', { options: [mine.nav], cart: true }, 422, 'validation_failed'],
      ['not a NAV', { options: ['301000000000000145'] }, 422, 'validation_failed'],
      ['a number', { options: [301000] }, 422, 'validation_failed'],
    ];
    for (const [name, body, status, code] of cases) {
      const res = await h.json('POST', `${BASE}/payments`, body, auth);
      expect(res.status, name).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code, name).toBe(code);
    }
    expect(await optionStatus(h, mine.optionId)).toBe('unpaid');
    expect(await optionStatus(h, other.optionId)).toBe('unpaid');
    expect((await h.request(`${BASE}/payments/notarealpaymentidatall`, { headers: auth })).status).toBe(404);
    expect((await h.json('POST', `${BASE}/me/cart/items`, { nav: other.nav }, auth)).status).toBe(404);
    expect((await h.json('POST', `${BASE}/payments`, { options: [mine.nav] })).status).toBe(401);
  });

  it('revoking consent empties the cart; a payment already under way is still recorded', async () => {
    // A throwaway account: the closing must not affect the other tests' user.
    await seedDemoAccounts(h.deps.db);
    const other = await login(h, DEMO_ACCOUNTS[2].username);
    const account = await h.deps.db
      .selectFrom('accounts')
      .select(['id', 'fiscal_code'])
      .where('username', '=', DEMO_ACCOUNTS[2].username)
      .executeTakeFirstOrThrow();
    const a = await position(h, { debtor: account.fiscal_code ?? undefined });
    const b = await position(h, { debtor: account.fiscal_code ?? undefined });
    expect((await h.json('POST', `${BASE}/me/cart/items`, { nav: a.nav }, other)).status).toBe(200);
    const started = (await (
      await h.json('POST', `${BASE}/payments`, { options: [b.nav] }, other)
    ).json()) as { id: string; redirectUrl: string };
    expect((await h.request(`${BASE}/me/consent`, { method: 'DELETE', headers: other })).status).toBeLessThan(
      300,
    );
    expect(
      await h.deps.db.selectFrom('cart_items').select('nav').where('account_id', '=', account.id).execute(),
    ).toEqual([]);
    // The money taken on the payment page still becomes a receipt.
    const late = await recordReceipt(
      h.deps.db,
      {
        entityCode: ENTE,
        nav: b.nav,
        receiptId: 'AFTER-CLOSE',
        amount: 12_345,
        fee: 0,
        pspId: 'P',
        pspName: 'P',
        pspFiscalCode: null,
        channel: 'C',
        method: 'PO',
        paidAt: new Date(),
        payer: null,
      },
      new Date(),
    );
    expect(late).toMatchObject({ status: 'recorded', paymentId: started.id, paymentPaid: true });
  });

  it('another user cannot see my payment', async () => {
    const p = await position(h);
    const started = (await (await h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth)).json()) as {
      id: string;
    };
    const other = await login(h, DEMO_ACCOUNTS[1].username);
    expect((await h.request(`${BASE}/payments/${started.id}`, { headers: other })).status).toBe(404);
  });
});

describe('the sandbox delivers its receipt after the redirect, as pagoPA does', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ config: { sandboxReceiptDelayMs: 2000 } });
    await seedDemoAccounts(h.deps.db);
  });
  afterAll(() => h.close());

  it('"pagamento in verifica" until the receipt arrives, then paid; the sandbox page cannot be used twice', async () => {
    const auth = await login(h);
    const p = await position(h);
    const started = (await (await h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth)).json()) as {
      id: string;
      redirectUrl: string;
    };
    const { res, path, token } = await sandbox(h, started.redirectUrl, 'paid');
    expect(res.status).toBe(303);
    const pending = (await (
      await h.request(`${BASE}/payments/${started.id}?returned=1`, { headers: auth })
    ).json()) as { state: string; outcome: string };
    expect(pending).toMatchObject({ state: 'in_verification', outcome: 'pending', fee: null });
    const replay = await h.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: token, outcome: 'cancelled' }).toString(),
    });
    expect(replay.status).toBe(409);
    h.setNow(new Date(Date.now() + 3000));
    const paid = (await (await h.request(`${BASE}/payments/${started.id}`, { headers: auth })).json()) as {
      state: string;
    };
    expect(paid.state).toBe('paid');
    expect(
      await h.deps.db.selectFrom('receipts').select('id').where('nav', '=', p.nav).execute(),
    ).toHaveLength(1);
  });
});
