import type { PaymentView } from '@pagatore/sdk';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { deepActiveElement, expectAccessible } from '../../test/a11y.js';
import { API, demoEntity, ENTE, type Route, stubFetch } from '../../test/fetch-stub.js';
import { practice } from '../../test/practices.js';
import { resetStores } from '../state/store.js';
import '../components/provider/provider.js';
import '../components/practices/practices.js';
import '../components/cart/cart.js';
import '../components/payment-status/payment-status.js';
import type { PagatorePractices } from '../components/practices/practices.component.js';
import type { PagatoreCart } from '../components/cart/cart.component.js';
import type { PagatorePaymentStatus } from '../components/payment-status/payment-status.component.js';

const base = `/api/v1/entities/${ENTE}`;
const RESUME = 'http://api.test/sandbox/checkout/abcdefghijklmnopqrst?t=tok';
const PAYMENT_ID = 'abcdefghijklmnopqrst';

function payment(over: Partial<PaymentView> = {}): PaymentView {
  return {
    id: PAYMENT_ID,
    state: 'redirected',
    outcome: 'pending',
    amount: 18650,
    fee: null,
    createdAt: '2026-12-06T14:00:00.000Z',
    // 15:30 UTC is 16:30 in Rome in December.
    expiresAt: '2026-12-06T15:30:00.000Z',
    endedAt: null,
    cart: null,
    activatedAt: null,
    resumeUrl: RESUME,
    abandonable: true,
    items: [
      { practiceId: '5', nav: '301900000000000180', description: 'TARI', amount: 18650, receiptId: null },
    ],
    ...over,
  };
}

const freed = practice('5');
const held = practice('5', {
  status: 'in_payment',
  payable: false,
  single: { ...freed.single!, status: 'in_payment' },
});

function login(): void {
  sessionStorage.setItem(
    `pagatore:session:${API}|${ENTE}`,
    JSON.stringify({ token: 'tok', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
  );
}

async function settle(el: { updateComplete: Promise<unknown> }): Promise<void> {
  await el.updateComplete;
  await new Promise((r) => setTimeout(r, 0));
}

/** Tabs until the focused element's text is `label`; fails after a few. */
async function tabTo(label: string): Promise<Element> {
  for (let i = 0; i < 30; i++) {
    await sendKeys({ press: 'Tab' });
    const el = deepActiveElement();
    if (el?.textContent?.trim() === label) return el;
  }
  throw new Error(`"${label}" not reached by Tab`);
}

const T = {
  it: {
    title: 'Pagamento lasciato a metà',
    resume: 'Riprendi il pagamento',
    abandon: 'Annulla e ricomincia',
    abandoned: 'Pagamento annullato',
    activated: 'Pagamento preso in carico da pagoPA',
    frees: 'dalle 16:30 del 06/12/2026',
    returned: 'Se non hai pagato',
    cancelled: 'Pagamento annullato',
    count: /pratiche|pratica/,
  },
  en: {
    title: 'Payment left half-way',
    resume: 'Resume the payment',
    abandon: 'Abandon and start again',
    abandoned: 'Payment abandoned',
    activated: 'Payment taken in charge by pagoPA',
    frees: 'from 16:30 on 06/12/2026',
    returned: 'If you did not pay',
    cancelled: 'Payment cancelled',
    count: /practice/,
  },
} as const;

describe('a payment left half-way is never a dead end', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
  });
  afterEach(async () => {
    stub?.restore();
    await setViewport({ width: 800, height: 600 });
  });

  const cases = [
    { lang: 'it', width: 375 },
    { lang: 'en', width: 1280 },
  ] as const;

  for (const { lang, width } of cases) {
    const t = T[lang];
    it(`practices (${lang}, ${width} px): resume goes to the pagoPA page; "${t.abandon}" by keyboard frees the practice and "Paga" is back`, async () => {
      await setViewport({ width, height: 900 });
      const list: Route = {
        method: 'GET',
        path: `${base}/me/practices`,
        body: { items: [held], total: 1, limit: 10, offset: 0 },
      };
      const open: Route = { method: 'GET', path: `${base}/me/payments`, body: { items: [payment()] } };
      const abandon: Route = {
        method: 'POST',
        path: `${base}/payments/${PAYMENT_ID}/abandonment`,
        body: payment({ state: 'cancelled', outcome: 'cancelled', abandonable: false, resumeUrl: null }),
      };
      stub = stubFetch([{ method: 'GET', path: base, body: demoEntity }, list, open, abandon]);
      login();
      const provider = await fixture(
        html`<pagatore-provider api=${API} entity=${ENTE} lang=${lang}
          ><pagatore-practices></pagatore-practices
        ></pagatore-provider>`,
      );
      const el = provider.querySelector('pagatore-practices') as PagatorePractices;
      const root = el.shadowRoot as ShadowRoot;
      await waitUntil(
        () => root.querySelector('.open-payment')?.textContent?.includes(t.title),
        'the open payment box, in the language',
        { timeout: 5000 },
      );
      await settle(el);
      const box = root.querySelector('.open-payment') as HTMLElement;
      expect(box.textContent).to.contain(t.title);
      const resume = [...box.querySelectorAll('a')].find((a) => a.textContent?.trim() === t.resume);
      expect(resume?.getAttribute('href')).to.equal(RESUME);
      // No "Paga" while the payment holds the practice, and the box fits the screen.
      expect(root.getElementById('pay-5')).to.equal(null);
      expect(box.getBoundingClientRect().right).to.be.at.most(document.documentElement.clientWidth);
      await expectAccessible(el);

      // Keyboard only: Tab to the resume link, then to "Annulla e ricomincia", Enter.
      (root.getElementById('list-title') as HTMLElement).focus();
      expect(await tabTo(t.resume)).to.equal(resume);
      await tabTo(t.abandon);
      list.body = { items: [freed], total: 1, limit: 10, offset: 0 };
      open.body = { items: [] };
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => root.getElementById('pay-5'), '"Paga" is back', { timeout: 5000 });
      await settle(el);
      expect(stub.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/abandonment'))).to.have.length(
        1,
      );
      expect(root.querySelector('.open-payment')).to.equal(null);
      expect(root.querySelector('[role="status"]')?.textContent).to.contain(t.abandoned);
      // Focus on the practice, where "Paga" is the next stop.
      expect(deepActiveElement()?.id).to.equal('title-5');
      await expectAccessible(el);
    });

    it(`practices (${lang}, ${width} px): once pagoPA activated it, the honest state and when it frees up, no abandon`, async () => {
      await setViewport({ width, height: 900 });
      stub = stubFetch([
        { method: 'GET', path: base, body: demoEntity },
        {
          method: 'GET',
          path: `${base}/me/practices`,
          body: { items: [held], total: 1, limit: 10, offset: 0 },
        },
        {
          method: 'GET',
          path: `${base}/me/payments`,
          body: {
            items: [
              payment({ activatedAt: '2026-12-06T14:01:00.000Z', abandonable: false, resumeUrl: null }),
            ],
          },
        },
      ]);
      login();
      const provider = await fixture(
        html`<pagatore-provider api=${API} entity=${ENTE} lang=${lang}
          ><pagatore-practices></pagatore-practices
        ></pagatore-provider>`,
      );
      const el = provider.querySelector('pagatore-practices') as PagatorePractices;
      const root = el.shadowRoot as ShadowRoot;
      await waitUntil(
        () => root.querySelector('.open-payment')?.textContent?.includes(t.activated),
        'the box, in the language',
        { timeout: 5000 },
      );
      await settle(el);
      const box = root.querySelector('.open-payment') as HTMLElement;
      expect(box.textContent).to.contain(t.activated).and.contain(t.frees);
      expect(box.querySelector('button, a')).to.equal(null);
      expect(root.getElementById('pay-5')).to.equal(null);
      await expectAccessible(el);
    });

    it(`cart (${lang}, ${width} px): a cart payment left half-way offers resume and abandon; abandoned, its practices in the cart are payable again`, async () => {
      await setViewport({ width, height: 900 });
      const cartItem = {
        nav: '301900000000000180',
        practiceId: '5',
        description: 'TARI',
        amount: 18650,
        amountAtAdd: 18650,
        dueDate: '2026-12-16',
        status: 'unpaid',
        changed: false,
        payable: true,
        addedAt: '2026-12-06T14:00:00.000Z',
        part: 1,
      };
      const mensa = { ...cartItem, nav: '301900000000000277', practiceId: '6', description: 'Mensa' };
      const cartOf = (items: (typeof cartItem)[], part: number | null) => ({
        items,
        count: items.length,
        total: items.filter((i) => i.payable).reduce((sum, i) => sum + i.amount, 0),
        max: 25,
        perPayment: 5,
        part,
        parts: 1,
      });
      // The practices stay in the cart while their payment runs, held by it.
      const held = { status: 'in_payment', payable: false };
      const cartRoute: Route = {
        method: 'GET',
        path: `${base}/me/cart`,
        body: cartOf(
          [
            { ...cartItem, ...held },
            { ...mensa, ...held },
          ],
          null,
        ),
      };
      const cartPayment = payment({
        cart: { part: 1, parts: 1 },
        items: [
          { practiceId: '5', nav: cartItem.nav, description: 'TARI', amount: 18650, receiptId: null },
          { practiceId: '6', nav: '301900000000000277', description: 'Mensa', amount: 5000, receiptId: null },
        ],
      });
      const open: Route = { method: 'GET', path: `${base}/me/payments`, body: { items: [cartPayment] } };
      stub = stubFetch([
        { method: 'GET', path: base, body: demoEntity },
        cartRoute,
        open,
        {
          method: 'POST',
          path: `${base}/payments/${PAYMENT_ID}/abandonment`,
          body: {
            ...cartPayment,
            state: 'cancelled',
            outcome: 'cancelled',
            abandonable: false,
            resumeUrl: null,
          },
        },
      ]);
      login();
      const provider = await fixture(
        html`<pagatore-provider api=${API} entity=${ENTE} lang=${lang}
          ><pagatore-cart mode="page"></pagatore-cart
        ></pagatore-provider>`,
      );
      const cart = provider.querySelector('pagatore-cart') as PagatoreCart;
      const root = cart.shadowRoot as ShadowRoot;
      await waitUntil(
        () => root.querySelector('.open-payment')?.textContent?.includes(t.title),
        'the box, in the language',
        { timeout: 5000 },
      );
      await settle(cart);
      const box = root.querySelector('.open-payment') as HTMLElement;
      expect(box.textContent).to.contain(t.title).and.contain('2');
      const resume = [...box.querySelectorAll('a')].find((a) => a.textContent?.trim() === t.resume);
      expect(resume?.getAttribute('href')).to.equal(RESUME);
      expect(box.getBoundingClientRect().right).to.be.at.most(document.documentElement.clientWidth);
      await expectAccessible(cart);

      (root.getElementById('cart-title') as HTMLElement).focus();
      expect(await tabTo(t.resume)).to.equal(resume);
      await tabTo(t.abandon);
      cartRoute.body = cartOf([cartItem, mensa], 1);
      open.body = { items: [] };
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !root.querySelector('.open-payment'), 'the box is gone', { timeout: 5000 });
      expect(root.querySelectorAll('li')).to.have.length(2);
      await settle(cart);
      expect(root.querySelector('[role="status"]')?.textContent).to.contain(t.abandoned);
      expect(deepActiveElement()?.id).to.equal('cart-title');
      const pay = [...root.querySelectorAll('button')].find((b) =>
        /Paga carrello|Pay cart/.test(b.textContent ?? ''),
      ) as HTMLButtonElement;
      expect(pay.disabled).to.equal(false);
      await expectAccessible(cart);
    });

    it(`return page (${lang}, ${width} px): back from pagoPA without paying, before any activation, "${t.abandon}" ends it`, async () => {
      await setViewport({ width, height: 900 });
      const returned = payment({ state: 'in_verification', resumeUrl: null });
      const get: Route = { method: 'GET', path: `${base}/payments/${PAYMENT_ID}`, body: returned };
      stub = stubFetch([
        { method: 'GET', path: base, body: demoEntity },
        { method: 'GET', path: `${base}/me/cart`, body: { items: [], count: 0, total: 0, max: 5 } },
        get,
        {
          method: 'POST',
          path: `${base}/payments/${PAYMENT_ID}/abandonment`,
          body: { ...returned, state: 'cancelled', outcome: 'cancelled', abandonable: false },
        },
      ]);
      login();
      const provider = await fixture(
        html`<pagatore-provider api=${API} entity=${ENTE} lang=${lang}
          ><pagatore-payment-status payment=${PAYMENT_ID} poll-interval="60000"></pagatore-payment-status
        ></pagatore-provider>`,
      );
      const el = provider.querySelector('pagatore-payment-status') as PagatorePaymentStatus;
      const root = el.shadowRoot as ShadowRoot;
      await waitUntil(
        () => root.querySelector('.open-payment')?.textContent?.includes(t.returned),
        'the box, in the language',
        { timeout: 5000 },
      );
      await settle(el);
      const box = root.querySelector('.open-payment') as HTMLElement;
      expect(box.querySelector('a'), 'no page to resume once back').to.equal(null);
      await expectAccessible(el);
      (root.getElementById('payment-title') as HTMLElement).focus();
      await tabTo(t.abandon);
      get.body = { ...returned, state: 'cancelled', outcome: 'cancelled', abandonable: false };
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => root.querySelector('h2')?.textContent?.includes(t.cancelled), 'cancelled', {
        timeout: 5000,
      });
      expect(root.querySelector('.open-payment')).to.equal(null);
      expect(stub.calls.filter((c) => c.method === 'POST')).to.have.length(1);
    });
  }
});
