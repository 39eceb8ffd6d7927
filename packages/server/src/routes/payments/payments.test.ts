import { buildNav, PositionInput } from '@pagatore/sdk';
import * as v from 'valibot';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSession } from '../../accounts/sessions.js';
import { devMailboxOf } from '../../mail/mailer.js';
import { transaction } from '../../db/database.js';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../demo/seed-accounts.js';
import { DEMO_ENTITY, seedDemoEntity } from '../../demo/seed.js';
import { findEntity } from '../../entities/entities.js';
import { expireDuePayments } from '../../payments/payments.js';
import { recordReceipt } from '../../payments/record-receipt.js';
import { sendDueReceiptMails } from '../../receipts/mail.js';
import { writePositions } from '../../positions/positions.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';

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
    h = await createHarness({ seed: seedDemoEntity });
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
    // The payer gets the receipt by e-mail, with the quietanza attached, from the outbox.
    expect(await sendDueReceiptMails(h.deps)).toEqual({ attempted: 1, sent: 1 });
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

  it('the cart holds at most 25 practices still to pay, with a clear message at the 26th; Rimuovi and Pulisci carrello', async () => {
    await h.request(`${BASE}/me/cart`, { method: 'DELETE', headers: auth });
    const ps = [];
    for (let i = 0; i < 26; i++) ps.push(await position(h, { amount: 100 + i }));
    for (const p of ps.slice(0, 25))
      expect((await h.json('POST', `${BASE}/me/cart/items`, { nav: p.nav }, auth)).status).toBe(200);
    const last = await h.json('POST', `${BASE}/me/cart/items`, { nav: ps[25]!.nav }, auth);
    expect(last.status).toBe(409);
    expect(((await last.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'cart_full',
      message: expect.stringContaining('25'),
    });
    const removed = await h.request(`${BASE}/me/cart/items/${ps[0]!.nav}`, {
      method: 'DELETE',
      headers: auth,
    });
    expect(((await removed.json()) as { count: number }).count).toBe(24);
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
    h = await createHarness({ seed: seedDemoEntity, config: { sandboxReceiptDelayMs: 2000 } });
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

  it('part 2 of a cart starts once part 1 is back from pagoPA, before its receipt arrives', async () => {
    const auth = await login(h);
    const navs: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = await position(h, { amount: 500 });
      await h.json('POST', `${BASE}/me/cart/items`, { nav: p.nav }, auth);
      navs.push(p.nav);
    }
    const start = async () => (await h.json('POST', `${BASE}/payments`, { cart: true }, auth)) as Response;
    const first = (await (await start()).json()) as { id: string; redirectUrl: string };
    await sandbox(h, first.redirectUrl, 'paid');
    // Not back yet: the payment page is still its place.
    expect((await start()).status).toBe(409);
    const back = (await (
      await h.request(`${BASE}/payments/${first.id}?returned=1`, { headers: auth })
    ).json()) as { outcome: string };
    expect(back.outcome).toBe('pending');
    const cart = (await (await h.request(`${BASE}/me/cart`, { headers: auth })).json()) as {
      part: number;
      parts: number;
      items: { part: number; status: string }[];
    };
    expect(cart).toMatchObject({ part: 2, parts: 2 });
    expect(cart.items.filter((i) => i.status === 'in_payment')).toHaveLength(5);
    const second = await start();
    expect(second.status).toBe(201);
    const started = (await second.json()) as { id: string; cart: unknown; amount: number };
    expect(started).toMatchObject({ cart: { part: 2, parts: 2 }, amount: 500 });
    h.setNow(new Date(h.deps.now().getTime() + 3000));
    expect(
      (
        (await (await h.request(`${BASE}/payments/${first.id}`, { headers: auth })).json()) as {
          state: string;
        }
      ).state,
    ).toBe('paid');
    expect(
      await h.deps.db.selectFrom('receipts').select('nav').where('nav', 'in', navs).execute(),
    ).toHaveLength(5);
  });
});

interface CartBody {
  items: { nav: string; part: number; status: string; payable: boolean }[];
  count: number;
  total: number;
  max: number;
  perPayment: number;
  part: number | null;
  parts: number;
}
interface Started {
  id: string;
  redirectUrl: string;
  amount: number;
  cart: { part: number; parts: number } | null;
}

describe('a cart of more than 5 practices, paid in successive pagoPA payments of at most 5', () => {
  let h: Harness;
  let auth: Record<string, string>;
  beforeAll(async () => {
    h = await createHarness();
    await seedDemoAccounts(h.deps.db);
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    auth = await login(h);
    await h.request(`${BASE}/me/cart`, { method: 'DELETE', headers: auth });
  });

  const cart = async () => (await (await h.request(`${BASE}/me/cart`, { headers: auth })).json()) as CartBody;
  const fill = async (n: number, amount = 1000) => {
    const ps = [];
    for (let i = 0; i < n; i++) {
      const p = await position(h, { amount: amount + i });
      expect((await h.json('POST', `${BASE}/me/cart/items`, { nav: p.nav }, auth)).status).toBe(200);
      ps.push(p);
    }
    return ps;
  };
  const payCart = async () => {
    const res = await h.json('POST', `${BASE}/payments`, { cart: true }, auth);
    expect(res.status).toBe(201);
    return (await res.json()) as Started;
  };
  const itemsOf = async (id: string) =>
    (await h.deps.db.selectFrom('payment_items').select('nav').where('payment_id', '=', id).execute()).map(
      (i) => i.nav,
    );
  /** Every option paid exactly once, none of its receipts overpaid. */
  const paidOnce = async (navs: string[]) => {
    const receipts = await h.deps.db
      .selectFrom('receipts')
      .select(['nav', 'flag', 'payment_id'])
      .where('nav', 'in', navs)
      .execute();
    expect(receipts.map((r) => r.nav).sort()).toEqual([...navs].sort());
    for (const r of receipts) expect(r.flag ?? '').not.toContain('overpaid');
    return receipts;
  };

  it('7 practices are paid as 5 then 2: "carrello 1 di 2", back, "carrello 2 di 2", then the cart is empty', async () => {
    const ps = await fill(7);
    const navs = ps.map((p) => p.nav);
    const before = await cart();
    expect(before).toMatchObject({ count: 7, max: 25, perPayment: 5, part: 1, parts: 2 });
    expect(before.total).toBe(ps.reduce((s, _, i) => s + 1000 + i, 0));
    expect(before.items.map((i) => i.part)).toEqual([1, 1, 1, 1, 1, 2, 2]);
    expect(before.items.map((i) => i.nav)).toEqual(navs);

    const first = await payCart();
    expect(first.cart).toEqual({ part: 1, parts: 2 });
    expect(first.amount).toBe(1000 + 1001 + 1002 + 1003 + 1004);
    expect(await itemsOf(first.id)).toEqual(expect.arrayContaining(navs.slice(0, 5)));
    expect(await itemsOf(first.id)).toHaveLength(5);
    // While it is on the payment page, the cart shows part 1 running and part 2 waiting.
    const during = await cart();
    expect(during).toMatchObject({ count: 7, part: 2, parts: 2 });
    expect(during.items.filter((i) => i.status === 'in_payment').map((i) => i.part)).toEqual([1, 1, 1, 1, 1]);

    await sandbox(h, first.redirectUrl, 'paid');
    const outcome = (await (
      await h.request(`${BASE}/payments/${first.id}?returned=1`, { headers: auth })
    ).json()) as { state: string; cart: unknown };
    expect(outcome).toMatchObject({ state: 'paid', cart: { part: 1, parts: 2 } });
    const between = await cart();
    expect(between).toMatchObject({ count: 2, part: 2, parts: 2, total: 1005 + 1006 });
    expect(between.items.map((i) => i.nav)).toEqual(navs.slice(5));

    const second = await payCart();
    expect(second.cart).toEqual({ part: 2, parts: 2 });
    expect((await itemsOf(second.id)).sort()).toEqual(navs.slice(5).sort());
    await sandbox(h, second.redirectUrl, 'paid');
    expect(await cart()).toMatchObject({ count: 0, items: [], part: null, parts: 0 });
    const receipts = await paidOnce(navs);
    expect(receipts.filter((r) => r.payment_id === first.id)).toHaveLength(5);
    expect(receipts.filter((r) => r.payment_id === second.id)).toHaveLength(2);
    for (const p of ps) expect(await optionStatus(h, p.optionId)).toBe('paid');
    // The payment of "Paga" is not a part of a cart.
    const single = (await (
      await h.json('POST', `${BASE}/payments`, { options: [(await position(h)).nav] }, auth)
    ).json()) as Started;
    expect(single.cart).toBeNull();
  });

  it('cuts the cart in groups of 5 in the order the practices were added: 5 → 1, 6 → 5+1, 10 → 5+5, 11 → 5+5+1', async () => {
    const ps = await fill(5);
    expect(await cart()).toMatchObject({ count: 5, part: 1, parts: 1 });
    ps.push(...(await fill(1)));
    let view = await cart();
    expect(view).toMatchObject({ count: 6, part: 1, parts: 2 });
    expect(view.items.map((i) => i.part)).toEqual([1, 1, 1, 1, 1, 2]);
    ps.push(...(await fill(4)));
    expect(await cart()).toMatchObject({ count: 10, parts: 2 });
    ps.push(...(await fill(1)));
    view = await cart();
    expect(view).toMatchObject({ count: 11, part: 1, parts: 3 });
    expect(view.items.map((i) => i.part)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3]);
    // "Rimuovi" of a practice of part 1 moves the next one up.
    await h.request(`${BASE}/me/cart/items/${ps[0]!.nav}`, { method: 'DELETE', headers: auth });
    view = await cart();
    expect(view).toMatchObject({ count: 10, parts: 2 });
    expect(view.items.filter((i) => i.part === 1).map((i) => i.nav)).toEqual(
      ps.slice(1, 6).map((p) => p.nav),
    );
    const first = await payCart();
    expect((await itemsOf(first.id)).sort()).toEqual(
      ps
        .slice(1, 6)
        .map((p) => p.nav)
        .sort(),
    );
    expect(first.cart).toEqual({ part: 1, parts: 2 });
    await sandbox(h, first.redirectUrl, 'paid');
    const second = await payCart();
    expect(second.cart).toEqual({ part: 2, parts: 2 });
    expect(await itemsOf(second.id)).toHaveLength(5);
    await sandbox(h, second.redirectUrl, 'paid');
    expect((await cart()).count).toBe(0);
    await paidOnce(ps.slice(1).map((p) => p.nav));
  });

  it('a part cancelled or failed at pagoPA is paid again, the same practices, and nothing twice', async () => {
    const ps = await fill(7);
    const navs = ps.map((p) => p.nav);
    for (const outcome of ['cancelled', 'error'] as const) {
      const attempt = await payCart();
      expect(attempt.cart).toEqual({ part: 1, parts: 2 });
      await sandbox(h, attempt.redirectUrl, outcome);
      const view = await cart();
      expect(view).toMatchObject({ count: 7, part: 1, parts: 2 });
      expect(view.items.every((i) => i.payable)).toBe(true);
      for (const p of ps) expect(await optionStatus(h, p.optionId)).toBe('unpaid');
    }
    const retried = await payCart();
    expect(retried.cart).toEqual({ part: 1, parts: 2 });
    expect((await itemsOf(retried.id)).sort()).toEqual(navs.slice(0, 5).sort());
    await sandbox(h, retried.redirectUrl, 'paid');
    // Part 2 fails once, then goes through.
    const failing = await payCart();
    expect(failing.cart).toEqual({ part: 2, parts: 2 });
    await sandbox(h, failing.redirectUrl, 'error');
    expect(await cart()).toMatchObject({ count: 2, part: 2, parts: 2 });
    const last = await payCart();
    expect(last.cart).toEqual({ part: 2, parts: 2 });
    await sandbox(h, last.redirectUrl, 'paid');
    expect((await cart()).count).toBe(0);
    await paidOnce(navs);
  });

  it('a practice paid elsewhere meanwhile leaves the cart; a practice paid in part 1 is never in part 2', async () => {
    const ps = await fill(8);
    const navs = ps.map((p) => p.nav);
    const first = await payCart();
    // While part 1 is on the payment page, the 6th is paid with "Paga" and the 7th at a counter.
    const single = (await (
      await h.json('POST', `${BASE}/payments`, { options: [navs[5]] }, auth)
    ).json()) as Started;
    await sandbox(h, single.redirectUrl, 'paid');
    await recordReceipt(
      h.deps.db,
      {
        entityCode: ENTE,
        nav: navs[6]!,
        receiptId: 'COUNTER-7',
        amount: 1006,
        fee: 0,
        pspId: 'P',
        pspName: 'Tabaccheria',
        pspFiscalCode: null,
        channel: 'C',
        method: 'PO',
        paidAt: new Date(),
        payer: null,
      },
      new Date(),
    );
    // A second "Paga carrello" while part 1 is still on the payment page starts nothing.
    const meanwhile = await h.json('POST', `${BASE}/payments`, { cart: true }, auth);
    expect(meanwhile.status).toBe(409);
    expect(((await meanwhile.json()) as { error: { code: string } }).error.code).toBe('payment_in_progress');
    await sandbox(h, first.redirectUrl, 'paid');
    const view = await cart();
    expect(view).toMatchObject({ count: 1, part: 2, parts: 2 });
    expect(view.items.map((i) => i.nav)).toEqual([navs[7]]);
    const second = await payCart();
    expect(await itemsOf(second.id)).toEqual([navs[7]]);
    expect(second.cart).toEqual({ part: 2, parts: 2 });
    await sandbox(h, second.redirectUrl, 'paid');
    expect((await cart()).count).toBe(0);
    await paidOnce(navs);
    // Paying any of them again is refused.
    for (const nav of navs) {
      const again = await h.json('POST', `${BASE}/payments`, { options: [nav] }, auth);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe('already_paid');
    }
  });

  it('concurrent "Paga carrello" on a cart of 7 start one payment; its practices are held by it alone', async () => {
    const ps = await fill(7);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.json('POST', `${BASE}/payments`, { cart: true }, auth)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    const codes = await Promise.all(
      results
        .filter((r) => r.status === 409)
        .map(async (r) => ((await r.json()) as { error: { code: string } }).error.code),
    );
    expect(new Set(codes)).toEqual(new Set(['payment_in_progress']));
    const held = await h.deps.db
      .selectFrom('payment_items')
      .select(['nav', 'payment_id'])
      .where(
        'nav',
        'in',
        ps.map((p) => p.nav),
      )
      .execute();
    expect(held).toHaveLength(5);
    expect(new Set(held.map((r) => r.payment_id)).size).toBe(1);
  });

  it('the cart takes 25 practices still to pay; those paid in part 1 make room again', async () => {
    const ps = await fill(25, 100);
    const extra = await position(h, { amount: 99 });
    const full = await h.json('POST', `${BASE}/me/cart/items`, { nav: extra.nav }, auth);
    expect(full.status).toBe(409);
    expect(((await full.json()) as { error: { code: string } }).error.code).toBe('cart_full');
    expect(await cart()).toMatchObject({ count: 25, part: 1, parts: 5 });
    const first = await payCart();
    expect(first.cart).toEqual({ part: 1, parts: 5 });
    await sandbox(h, first.redirectUrl, 'paid');
    expect((await h.json('POST', `${BASE}/me/cart/items`, { nav: extra.nav }, auth)).status).toBe(200);
    // 21 left: part 2 of 2 + ceil(21 / 5) = 6.
    expect(await cart()).toMatchObject({ count: 21, part: 2, parts: 6 });
    await paidOnce(ps.slice(0, 5).map((p) => p.nav));
  });

  it('bad inputs start nothing: empty cart, a practice no longer payable, a practice in another payment, malformed bodies', async () => {
    const empty = await h.json('POST', `${BASE}/payments`, { cart: true }, auth);
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    for (const body of [{ cart: false }, { cart: 'yes' }, { cart: 1 }, { cart: true, part: 2 }, {}]) {
      const res = await h.json('POST', `${BASE}/payments`, body, auth);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    const ps = await fill(7);
    const parts = async () =>
      (await h.deps.db.selectFrom('cart_payments').select('payment_id').execute()).length;
    const partsBefore = await parts();
    // The 7th, in part 2, is held by a payment of its own ("Paga"): the cart waits for it.
    const single = (await (
      await h.json('POST', `${BASE}/payments`, { options: [ps[6]!.nav] }, auth)
    ).json()) as Started;
    const busy = await h.json('POST', `${BASE}/payments`, { cart: true }, auth);
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as { error: { code: string } }).error.code).toBe('payment_in_progress');
    await sandbox(h, single.redirectUrl, 'cancelled');
    // The 2nd is cancelled by the entity: the cart says so and starts nothing until it is removed.
    await h.deps.db
      .updateTable('payment_options')
      .set({ status: 'cancelled' })
      .where('id', '=', ps[1]!.optionId)
      .execute();
    const blocked = await h.json('POST', `${BASE}/payments`, { cart: true }, auth);
    expect(blocked.status).toBe(409);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('not_payable');
    for (const p of ps.filter((_, i) => i !== 1)) expect(await optionStatus(h, p.optionId)).toBe('unpaid');
    expect(await parts()).toBe(partsBefore);
    await h.request(`${BASE}/me/cart/items/${ps[1]!.nav}`, { method: 'DELETE', headers: auth });
    expect(await cart()).toMatchObject({ count: 6, part: 1, parts: 2 });
  });
});

describe('a payment left half-way: resume it or abandon it before pagoPA activates it', () => {
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

  interface View {
    id: string;
    state: string;
    resumeUrl: string | null;
    abandonable: boolean;
    activatedAt: string | null;
    cart: { part: number; parts: number } | null;
    expiresAt: string;
    items: { nav: string; practiceId: string }[];
  }
  const start = async (body: unknown) => {
    const res = await h.json('POST', `${BASE}/payments`, body, auth);
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; redirectUrl: string };
  };
  const open = async (headers = auth) =>
    ((await (await h.request(`${BASE}/me/payments`, { headers })).json()) as { items: View[] }).items;
  const abandon = (id: string, headers = auth) =>
    h.request(`${BASE}/payments/${id}/abandonment`, { method: 'POST', headers });

  it('lists the open payment with its page to resume; abandoning it frees the practice and a new payment starts', async () => {
    const p = await position(h);
    const first = await start({ options: [p.nav] });
    const listed = (await open()).find((o) => o.id === first.id);
    expect(listed).toMatchObject({
      state: 'redirected',
      resumeUrl: first.redirectUrl,
      abandonable: true,
      activatedAt: null,
      cart: null,
      items: [{ nav: p.nav, practiceId: String(p.positionId) }],
    });
    // The resume URL is the sandbox page still open on the payment.
    const resumed = await h.request(
      new URL(listed!.resumeUrl!).pathname + new URL(listed!.resumeUrl!).search,
    );
    expect(resumed.status).toBe(200);
    // Meanwhile the practice cannot be paid twice.
    expect((await h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth)).status).toBe(409);

    const res = await abandon(first.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ state: 'cancelled', abandonable: false, resumeUrl: null });
    expect(await optionStatus(h, p.optionId)).toBe('unpaid');
    expect((await open()).some((o) => o.id === first.id)).toBe(false);
    // Abandoning twice changes nothing; the old sandbox page is no longer usable.
    expect((await abandon(first.id)).status).toBe(200);
    const gone = new URL(first.redirectUrl);
    expect((await h.request(gone.pathname + gone.search)).status).toBe(404);

    const second = await start({ options: [p.nav] });
    expect(await optionStatus(h, p.optionId)).toBe('in_payment');
    expect((await sandbox(h, second.redirectUrl, 'paid')).res.status).toBe(303);
    expect(await optionStatus(h, p.optionId)).toBe('paid');
    // A webhook event says the first one was cancelled.
    const events = await h.deps.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('type', '=', 'payment.cancelled')
      .execute();
    expect(events.some((e) => e.payload.includes(first.id))).toBe(true);
  });

  it('once activated (the sandbox "paid") it cannot be abandoned: 409 payment_activated, the practice stays held', async () => {
    const h2 = await createHarness({ config: { sandboxReceiptDelayMs: 60_000 } });
    try {
      await seedDemoAccounts(h2.deps.db);
      const a2 = await login(h2);
      const p = await position(h2);
      const started = (await (
        await h2.json('POST', `${BASE}/payments`, { options: [p.nav] }, a2)
      ).json()) as {
        id: string;
        redirectUrl: string;
      };
      expect((await sandbox(h2, started.redirectUrl, 'paid')).res.status).toBe(303);
      const listed = (
        (await (await h2.request(`${BASE}/me/payments`, { headers: a2 })).json()) as {
          items: View[];
        }
      ).items[0];
      expect(listed).toMatchObject({ id: started.id, abandonable: false, resumeUrl: null });
      expect(listed?.activatedAt).toEqual(expect.any(String));
      const res = await h2.request(`${BASE}/payments/${started.id}/abandonment`, {
        method: 'POST',
        headers: a2,
      });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payment_activated');
      expect(await optionStatus(h2, p.optionId)).toBe('in_payment');
      // The receipt still arrives and pays it.
      h2.setNow(new Date(Date.now() + 61_000));
      const view = (await (await h2.request(`${BASE}/payments/${started.id}`, { headers: a2 })).json()) as {
        state: string;
      };
      expect(view.state).toBe('paid');
      const paid = await h2.request(`${BASE}/payments/${started.id}/abandonment`, {
        method: 'POST',
        headers: a2,
      });
      expect(paid.status).toBe(409);
      expect(((await paid.json()) as { error: { code: string } }).error.code).toBe('already_paid');
    } finally {
      await h2.close();
    }
  });

  it('a cart payment abandoned: its practices, still in the cart, are payable and paid again', async () => {
    const a = await position(h, { amount: 1000 });
    const b = await position(h, { amount: 2500 });
    for (const p of [a, b])
      expect((await h.json('POST', `${BASE}/me/cart/items`, { nav: p.nav }, auth)).status).toBe(200);
    const started = await start({ cart: true });
    const cartOf = async () =>
      (await (await h.request(`${BASE}/me/cart`, { headers: auth })).json()) as {
        count: number;
        items: { nav: string; payable: boolean }[];
      };
    expect((await cartOf()).count).toBe(2);
    expect((await open()).find((o) => o.id === started.id)).toMatchObject({
      cart: { part: 1, parts: 1 },
      abandonable: true,
    });
    expect((await abandon(started.id)).status).toBe(200);
    const cart = await cartOf();
    expect(cart.items.map((i) => i.nav).sort()).toEqual([a.nav, b.nav].sort());
    expect(cart.items.every((i) => i.payable)).toBe(true);
    const again = await start({ cart: true });
    expect((await sandbox(h, again.redirectUrl, 'paid')).res.status).toBe(303);
    expect(await optionStatus(h, a.optionId)).toBe('paid');
    expect(await optionStatus(h, b.optionId)).toBe('paid');
  });

  it('a citizen cannot see nor abandon another’s payment; bad ids and no session are refused', async () => {
    const p = await position(h);
    const started = await start({ options: [p.nav] });
    const other = await login(h, DEMO_ACCOUNTS[1].username);
    expect((await open(other)).some((o) => o.id === started.id)).toBe(false);
    const res = await abandon(started.id, other);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect(await optionStatus(h, p.optionId)).toBe('in_payment');
    const bad: [string, number, string][] = [
      [`${BASE}/payments/NOT-A-PAYMENT-ID!/abandonment`, 422, 'validation_failed'],
      [`${BASE}/payments/short/abandonment`, 422, 'validation_failed'],
      [`${BASE}/payments/notarealpaymentidatall/abandonment`, 404, 'not_found'],
      // A session of this entity on another entity's path.
      [`/api/v1/entities/00000000000/payments/${started.id}/abandonment`, 401, 'unauthorized'],
    ];
    for (const [path, status, code] of bad) {
      const r = await h.request(path, { method: 'POST', headers: auth });
      expect(r.status, path).toBe(status);
      expect(((await r.json()) as { error: { code: string } }).error.code, path).toBe(code);
    }
    expect((await h.request(`${BASE}/payments/${started.id}/abandonment`, { method: 'POST' })).status).toBe(
      401,
    );
    expect((await h.request(`${BASE}/me/payments`)).status).toBe(401);
    expect(await optionStatus(h, p.optionId)).toBe('in_payment');
    expect((await abandon(started.id)).status).toBe(200);
  });

  it('abandon against the sandbox "paid" at the same moment: exactly one wins, never both', async () => {
    for (let i = 0; i < 8; i++) {
      const p = await position(h);
      const started = await start({ options: [p.nav] });
      const url = new URL(started.redirectUrl);
      const token = url.searchParams.get('t') ?? '';
      const [abandoned, paid] = await Promise.all([
        abandon(started.id),
        h.request(url.pathname, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ t: token, outcome: 'paid' }).toString(),
        }),
      ]);
      const abandonWon = abandoned.status === 200;
      const paidWon = paid.status === 303;
      expect(abandonWon !== paidWon, `round ${i}: ${abandoned.status} / ${paid.status}`).toBe(true);
      expect(await optionStatus(h, p.optionId)).toBe(abandonWon ? 'unpaid' : 'paid');
    }
  });
});
