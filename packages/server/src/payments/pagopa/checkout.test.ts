import { readFileSync } from 'node:fs';
import { centsToDecimal } from '@pagatore/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSession } from '../../accounts/sessions.js';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../demo/seed-accounts.js';
import { DEMO_ENTITY, seedDemoEntity } from '../../demo/seed.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { fakeCheckout } from '../../../test/support/checkout-fake.js';
import { checkJsonSchema } from '../../../test/support/json-schema-check.js';
import { fakeNode } from '../../../test/support/pagopa-fake-node.js';
import { configureStation, nodePosition, STATION } from '../../../test/support/pagopa-fixtures.js';

const ENTE = DEMO_ENTITY.code;
const BASE = `/api/v1/entities/${ENTE}`;
const SITE = 'http://127.0.0.1:8788';
const OPENAPI = JSON.parse(
  readFileSync(new URL('../../../test/support/pagopa/openapi/checkout_v2.json', import.meta.url), 'utf8'),
) as { components: { schemas: Record<string, Record<string, unknown>> } };
const CART_SCHEMA = OPENAPI.components.schemas.CartRequestV2!;

describe('Checkout carts redirect and the node paying the portal cart', () => {
  let h: Harness;
  let checkout: Awaited<ReturnType<typeof fakeCheckout>>;
  let auth: Record<string, string>;
  let node: ReturnType<typeof fakeNode>;

  beforeAll(async () => {
    checkout = await fakeCheckout();
    h = await createHarness({
      seed: seedDemoEntity,
      config: { paymentProvider: 'pagopa', pagopaCheckoutUrl: checkout.url },
    });
    await seedDemoAccounts(h.deps.db);
    await configureStation(h, { checkoutSubscriptionKey: 'sub-key-123', environment: 'UAT' });
    node = fakeNode(async (xml, action) => {
      const res = await h.request('/pagopa/node', {
        method: 'POST',
        headers: { 'content-type': 'text/xml', soapaction: action },
        body: xml,
      });
      return { status: res.status, text: await res.text() };
    }, STATION);
  });
  afterAll(async () => {
    await h.close();
    await checkout.close();
  });
  beforeEach(async () => {
    checkout.answerWith({ status: 302 });
    const account = await h.deps.db
      .selectFrom('accounts')
      .select(['id'])
      .where('username', '=', DEMO_ACCOUNTS[0].username)
      .executeTakeFirstOrThrow();
    const { token } = await createSession(h.deps.db, account.id, new Date(), {
      idleSeconds: 3600,
      maxSeconds: 86_400,
    });
    auth = { authorization: `Bearer ${token}` };
  });

  async function debtorPosition(amount: number) {
    const p = await nodePosition(h, { amount });
    // The demo account must reach the practice: make Mario its debtor.
    await h.deps.db
      .updateTable('positions')
      .set({ debtor_fiscal_code: DEMO_ACCOUNTS[0].fiscalCode })
      .where('id', '=', p.positionId)
      .execute();
    return p;
  }

  it('posts a valid CartRequestV2 with the subscription key, answers the 302 Location, and the node pays the cart', async () => {
    const a = await debtorPosition(45_00);
    const b = await debtorPosition(5_50);
    const start = await h.json(
      'POST',
      `${BASE}/payments`,
      { options: [a.nav, b.nav], returnUrl: `${SITE}/pagamenti.html#lista` },
      auth,
    );
    expect(start.status).toBe(201);
    const started = (await start.json()) as { id: string; redirectUrl: string; state: string };
    expect(started.redirectUrl).toMatch(
      /^https:\/\/checkout\.example\.test\/ecommerce\/checkout\/v1\/carts\/[0-9a-f-]+\/redirect\?clientId=CHECKOUT_CART$/,
    );
    const sent = checkout.received.at(-1)!;
    expect(sent.headers['ocp-apim-subscription-key']).toBe('sub-key-123');
    expect(sent.headers['content-type']).toContain('application/json');
    expect(checkJsonSchema(CART_SCHEMA, sent.body, OPENAPI)).toEqual([]);
    const back = `${SITE}/pagamenti.html#pagatore-payment=${started.id}`;
    expect(sent.body).toEqual({
      paymentNotices: [a, b].map((p) => ({
        noticeNumber: p.nav,
        fiscalCode: ENTE,
        amount: p.amount,
        companyName: DEMO_ENTITY.name,
        description: expect.any(String),
      })),
      returnUrls: { returnOkUrl: back, returnCancelUrl: back, returnErrorUrl: back, returnWaitingUrl: back },
      emailNotice: expect.stringContaining('@'),
      idCart: started.id,
      allCCP: false,
    });
    const stored = await h.deps.db
      .selectFrom('payments')
      .select(['provider', 'provider_ref', 'state'])
      .where('id', '=', started.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ provider: 'pagopa', state: 'redirected' });
    expect(started.redirectUrl).toContain(stored.provider_ref!);

    // The node on the cart: verify is fine (the payer is on Checkout), activation names our cart.
    expect((await node.verify(ENTE, a.nav)).outcome).toBe('OK');
    expect((await node.activate(ENTE, a.nav)).faultCode).toBe('PAA_PAGAMENTO_IN_CORSO');
    expect((await node.activate(ENTE, a.nav, { paymentNote: started.id })).outcome).toBe('OK');
    // The payer retrying inside Checkout activates the same cart again.
    expect((await node.activate(ENTE, a.nav, { paymentNote: started.id })).outcome).toBe('OK');
    expect((await node.activate(ENTE, b.nav, { paymentNote: started.id, v2: false })).outcome).toBe('OK');
    // No second payment was created by the activations.
    const payments = await h.deps.db
      .selectFrom('payment_items')
      .select('payment_id')
      .where('nav', 'in', [a.nav, b.nav])
      .execute();
    expect(new Set(payments.map((p) => p.payment_id))).toEqual(new Set([started.id]));

    const receipt = (p: typeof a) => ({
      nav: p.nav,
      fiscalCode: ENTE,
      iuv: p.iuv,
      amount: centsToDecimal(p.amount),
      receiptId: `R-${p.nav}`,
      paymentNote: started.id,
      transfers: [
        {
          amount: centsToDecimal(p.amount),
          iban: DEMO_ENTITY.iban,
          remittance: 'x',
          category: '0101002IM',
        },
      ],
    });
    expect((await node.sendRT(receipt(a))).outcome).toBe('OK');
    let view = (await (await h.request(`${BASE}/payments/${started.id}`, { headers: auth })).json()) as {
      state: string;
    };
    expect(view.state).toBe('redirected');
    expect((await node.sendRT(receipt(b), { v2: false })).outcome).toBe('OK');
    view = (await (
      await h.request(`${BASE}/payments/${started.id}?returned=1`, { headers: auth })
    ).json()) as {
      state: string;
      outcome: string;
    };
    expect(view).toMatchObject({ state: 'paid', outcome: 'paid' });
  });

  it('Checkout 422 (notices refused) is checkout_refused and leaves the practice payable', async () => {
    const p = await debtorPosition(10_00);
    checkout.answerWith({ status: 422, body: '{"title":"Duplicate payment notice values found."}' });
    const res = await h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('checkout_refused');
    const option = await h.deps.db
      .selectFrom('payment_options')
      .select('status')
      .where('id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(option.status).toBe('unpaid');
    // Payable again at once.
    checkout.answerWith({ status: 302 });
    expect((await h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth)).status).toBe(201);
  });

  it('Checkout 400 is checkout_refused, 500 and an unreachable Checkout are unavailable (503)', async () => {
    const p = await debtorPosition(10_00);
    checkout.answerWith({ status: 400 });
    expect((await h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth)).status).toBe(422);
    checkout.answerWith({ status: 500 });
    const res = await h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    const down = await createHarness({
      seed: seedDemoEntity,
      config: { paymentProvider: 'pagopa', pagopaCheckoutUrl: 'http://127.0.0.1:9/checkout/ec/v2/carts' },
    });
    try {
      await seedDemoAccounts(down.deps.db);
      const account = await down.deps.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', DEMO_ACCOUNTS[0].username)
        .executeTakeFirstOrThrow();
      const { token } = await createSession(down.deps.db, account.id, new Date(), {
        idleSeconds: 3600,
        maxSeconds: 86_400,
      });
      const q = await nodePosition(down, { amount: 1_00 });
      await down.deps.db
        .updateTable('positions')
        .set({ debtor_fiscal_code: DEMO_ACCOUNTS[0].fiscalCode })
        .where('id', '=', q.positionId)
        .execute();
      const r = await down.json(
        'POST',
        `${BASE}/payments`,
        { options: [q.nav] },
        { authorization: `Bearer ${token}` },
      );
      expect(r.status).toBe(503);
      const o = await down.deps.db
        .selectFrom('payment_options')
        .select('status')
        .where('id', '=', q.id)
        .executeTakeFirstOrThrow();
      expect(o.status).toBe('unpaid');
    } finally {
      await down.close();
    }
  });

  it('a cart left on Checkout: abandoned before the node activates it, the activation is refused; activated first, the abandon is refused', async () => {
    const abandon = (id: string) =>
      h.request(`${BASE}/payments/${id}/abandonment`, { method: 'POST', headers: auth });
    const status = async (id: number) =>
      (
        await h.deps.db
          .selectFrom('payment_options')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;

    // Abandoned first: the practice is free, and Checkout left open on the old cart cannot
    // activate it any more, while a new payment of it goes through.
    const a = await debtorPosition(12_00);
    const first = (await (await h.json('POST', `${BASE}/payments`, { options: [a.nav] }, auth)).json()) as {
      id: string;
      redirectUrl: string;
    };
    const listed = (await (await h.request(`${BASE}/me/payments`, { headers: auth })).json()) as {
      items: { id: string; resumeUrl: string | null; abandonable: boolean }[];
    };
    expect(listed.items.find((i) => i.id === first.id)).toMatchObject({
      resumeUrl: first.redirectUrl,
      abandonable: true,
    });
    expect((await abandon(first.id)).status).toBe(200);
    expect(await status(a.id)).toBe('unpaid');
    const late = await node.activate(ENTE, a.nav, { paymentNote: first.id });
    expect(late.faultCode).toBe('PAA_PAGAMENTO_ANNULLATO');
    expect(await status(a.id)).toBe('unpaid');
    const second = (await (await h.json('POST', `${BASE}/payments`, { options: [a.nav] }, auth)).json()) as {
      id: string;
    };
    expect((await node.activate(ENTE, a.nav, { paymentNote: second.id })).outcome).toBe('OK');

    // Activated first: pagoPA has it; the payer is told so, with the time it frees up.
    const res = await abandon(second.id);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payment_activated');
    const view = (await (await h.request(`${BASE}/payments/${second.id}`, { headers: auth })).json()) as {
      activatedAt: string | null;
      abandonable: boolean;
      resumeUrl: string | null;
      expiresAt: string;
    };
    expect(view).toMatchObject({ abandonable: false, resumeUrl: null, expiresAt: expect.any(String) });
    expect(view.activatedAt).toEqual(expect.any(String));
    expect(await status(a.id)).toBe('in_payment');
  });

  it('back from Checkout by its cancel URL before any activation: in verification, no page to resume, still abandonable', async () => {
    const p = await debtorPosition(3_00);
    const started = (await (await h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth)).json()) as {
      id: string;
    };
    const back = (await (
      await h.request(`${BASE}/payments/${started.id}?returned=1`, { headers: auth })
    ).json()) as Record<string, unknown>;
    expect(back).toMatchObject({
      state: 'in_verification',
      outcome: 'pending',
      resumeUrl: null,
      abandonable: true,
      activatedAt: null,
    });
    const res = await h.request(`${BASE}/payments/${started.id}/abandonment`, {
      method: 'POST',
      headers: auth,
    });
    expect(await res.json()).toMatchObject({ state: 'cancelled', outcome: 'cancelled' });
  });

  it('abandon and activation at the same moment: exactly one wins', async () => {
    const wins = { abandon: 0, activate: 0 };
    for (let i = 0; i < 10; i++) {
      const p = await debtorPosition(1_00 + i);
      const started = (await (
        await h.json('POST', `${BASE}/payments`, { options: [p.nav] }, auth)
      ).json()) as { id: string };
      const [abandoned, activated] = await Promise.all([
        h.request(`${BASE}/payments/${started.id}/abandonment`, { method: 'POST', headers: auth }),
        node.activate(ENTE, p.nav, { paymentNote: started.id }),
      ]);
      const abandonWon = abandoned.status === 200;
      const activateWon = activated.outcome === 'OK';
      expect(abandonWon !== activateWon, `round ${i}: ${abandoned.status} / ${activated.faultCode}`).toBe(
        true,
      );
      if (abandonWon) {
        expect(activated.faultCode).toBe('PAA_PAGAMENTO_ANNULLATO');
        wins.abandon++;
      } else {
        expect(((await abandoned.json()) as { error: { code: string } }).error.code).toBe(
          'payment_activated',
        );
        wins.activate++;
      }
      const row = await h.deps.db
        .selectFrom('payments')
        .select(['state', 'activated_at'])
        .where('id', '=', started.id)
        .executeTakeFirstOrThrow();
      expect(row.state === 'cancelled').toBe(abandonWon);
      expect(row.activated_at !== null).toBe(activateWon);
    }
    expect(wins.abandon + wins.activate).toBe(10);
  });

  it('the schema check itself catches what Checkout would refuse', () => {
    const bad = {
      paymentNotices: [],
      returnUrls: { returnOkUrl: 'x', returnCancelUrl: 'y', returnErrorUrl: 'z' },
      idCart: 1,
    };
    const problems = checkJsonSchema(CART_SCHEMA, bad, OPENAPI);
    expect(problems).toContain('$.paymentNotices: too few');
    expect(problems).toContain('$.returnUrls.returnWaitingUrl: required');
    expect(problems).toContain('$.idCart: not a string');
    const long = checkJsonSchema(
      CART_SCHEMA,
      {
        paymentNotices: [
          { noticeNumber: '1', fiscalCode: ENTE, amount: 0, companyName: 'x'.repeat(141), description: 'd' },
        ],
        returnUrls: {
          returnOkUrl: 'a:',
          returnCancelUrl: 'a:',
          returnErrorUrl: 'a:',
          returnWaitingUrl: 'a:',
        },
      },
      OPENAPI,
    );
    expect(long).toEqual([
      '$.paymentNotices[0].noticeNumber: too short',
      '$.paymentNotices[0].amount: below minimum',
      '$.paymentNotices[0].companyName: too long',
    ]);
  });
});
