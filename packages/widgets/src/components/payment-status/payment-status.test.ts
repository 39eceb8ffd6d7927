import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { expectAccessible, deepActiveElement } from '../../../test/a11y.js';
import { navigation } from '../../state/payment-actions.js';
import { API, demoEntity, ENTE, stubFetch } from '../../../test/fetch-stub.js';
import { getStore, resetStores } from '../../state/store.js';
import '../provider/provider.js';
import './payment-status.js';
import type { PagatorePaymentStatus } from './payment-status.component.js';

const ID = 'abcdefghijklmnopqrstuvwx';
const view = (state: string, outcome: string) => ({
  id: ID,
  state,
  outcome,
  amount: 12_345,
  fee: outcome === 'paid' ? 100 : null,
  createdAt: '2026-11-26T10:00:00.000Z',
  expiresAt: '2026-11-26T10:30:00.000Z',
  endedAt: null,
  items: [
    {
      optionId: 1,
      positionId: 1,
      nav: '301000000000000144',
      description: 'TARI 2026',
      amount: 12_345,
      receiptId: outcome === 'paid' ? 7 : null,
    },
  ],
});

describe('<pagatore-payment-status>', () => {
  let stub: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
  });
  afterEach(() => {
    stub?.restore();
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('reads the id from the fragment, removes it, shows "Pagamento in verifica" until the receipt, then paid', async () => {
    let paid = false;
    stub = stubFetch([
      { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
      {
        method: 'GET',
        path: `/api/v1/entities/${ENTE}/me/cart`,
        body: { items: [], count: 0, total: 0, max: 5 },
      },
    ]);
    const inner = window.fetch;
    window.fetch = async (input, init) => {
      const url = String(input);
      if (url.includes(`/payments/${ID}`)) {
        const body = paid ? view('paid', 'paid') : view('in_verification', 'pending');
        return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
      }
      return inner(input, init);
    };
    getStore(API, ENTE).client.session.set({
      token: 'tok',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    history.replaceState(null, '', `${location.pathname}#pagatore-payment=${ID}`);
    const root = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-payment-status poll-interval="50"></pagatore-payment-status
      ></pagatore-provider>`,
    );
    const el = root.querySelector('pagatore-payment-status') as PagatorePaymentStatus;
    expect(location.hash).to.equal('');
    await waitUntil(() => el.shadowRoot!.querySelector('h2')?.textContent?.includes('Pagamento in verifica'));
    await expectAccessible(el);
    const end = oneEvent(el, 'pagatore-payment-end');
    paid = true;
    await waitUntil(
      () => el.shadowRoot!.querySelector('h2')?.textContent?.includes('Pagamento riuscito'),
      'paid',
      { timeout: 3000 },
    );
    expect((await end).detail).to.deep.equal({ id: ID, outcome: 'paid', amount: 12_345 });
    expect(deepActiveElement()?.id).to.equal('payment-title');
    expect(el.shadowRoot!.querySelector('[aria-label="Scarica ricevuta: TARI 2026"]')).to.not.equal(null);
    // The amount, the provider's fee and what was charged: never a "total" without the fee.
    const totals = [...el.shadowRoot!.querySelectorAll('.totals div')].map((d) =>
      [...d.children].map((c) => c.textContent!.trim()).join(' '),
    );
    expect(totals).to.deep.equal([
      'Importo 123,45 €',
      'Commissione del prestatore 1,00 €',
      'Totale addebitato 124,45 €',
    ]);
    await expectAccessible(el);
    window.fetch = inner;
  });

  for (const [outcome, title] of [
    ['cancelled', 'Pagamento annullato'],
    ['failed', 'Pagamento non riuscito'],
    ['expired', 'Pagamento scaduto'],
  ] as const) {
    it(`shows the ${outcome} outcome`, async () => {
      stub = stubFetch([
        { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
        {
          method: 'GET',
          path: `/api/v1/entities/${ENTE}/me/cart`,
          body: { items: [], count: 0, total: 0, max: 5 },
        },
        { method: 'GET', path: `/api/v1/entities/${ENTE}/payments/${ID}`, body: view(outcome, outcome) },
      ]);
      getStore(API, ENTE).client.session.set({
        token: 'tok',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      const root = await fixture(
        html`<pagatore-provider api=${API} entity=${ENTE}
          ><pagatore-payment-status payment=${ID}></pagatore-payment-status
        ></pagatore-provider>`,
      );
      const el = root.querySelector('pagatore-payment-status') as PagatorePaymentStatus;
      await waitUntil(() => el.shadowRoot!.querySelector('h2')?.textContent?.includes(title));
      await expectAccessible(el);
    });
  }

  it('asks to log in when there is no session (another device)', async () => {
    stub = stubFetch([{ method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity }]);
    const root = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-payment-status payment=${ID}></pagatore-payment-status
      ></pagatore-provider>`,
    );
    const el = root.querySelector('pagatore-payment-status') as PagatorePaymentStatus;
    await waitUntil(() => el.shadowRoot!.textContent?.includes('Accedi per vedere'));
  });

  const cartItem = (n: number, part: number) => ({
    nav: `30100000000000${n}`.padEnd(18, '0'),
    practiceId: String(n),
    description: `Pratica ${n}`,
    amount: 1000 + n,
    amountAtAdd: 1000 + n,
    dueDate: '2026-12-31',
    status: 'unpaid',
    changed: false,
    payable: true,
    addedAt: '2026-11-26T10:00:00.000Z',
    part,
  });
  const emptyCart = { items: [], count: 0, total: 0, max: 25, perPayment: 5, part: null, parts: 0 };

  for (const [width, lang, t] of [
    [
      375,
      'it',
      {
        part1: 'Carrello 1 di 2',
        part2: 'Carrello 2 di 2',
        pay: 'Paga carrello',
        left: 'Nel carrello restano 2 pratiche',
        done: 'Tutte le pratiche del carrello sono pagate.',
      },
    ],
    [
      1280,
      'en',
      {
        part1: 'Cart 1 of 2',
        part2: 'Cart 2 of 2',
        pay: 'Pay cart',
        left: '2 practices in the cart are left',
        done: 'Every practice in the cart is paid.',
      },
    ],
  ] as const) {
    it(`${width} px, ${lang}: back from "carrello 1 di 2" paid, it offers "carrello 2 di 2" and pays it by keyboard; after the last, says the cart is paid`, async () => {
      await setViewport({ width, height: 800 });
      const assigned: string[] = [];
      const original = navigation.assign;
      navigation.assign = (url) => void assigned.push(url);
      let last = false;
      stub = stubFetch([
        { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
        {
          method: 'POST',
          path: `/api/v1/entities/${ENTE}/payments`,
          status: 201,
          body: {
            id: 'bbbbbbbbbbbbbbbbbbbbbbbb',
            state: 'redirected',
            amount: 2011,
            expiresAt: '2026-11-26T11:00:00Z',
            redirectUrl: 'http://api.test/sandbox/checkout/part2?t=y',
            cart: { part: 2, parts: 2 },
          },
        },
      ]);
      const inner = window.fetch;
      window.fetch = async (input, init) => {
        const url = String(input);
        const json = (body: unknown) =>
          new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
        if (url.includes('/me/cart'))
          return json(
            last
              ? emptyCart
              : {
                  items: [cartItem(6, 2), cartItem(7, 2)],
                  count: 2,
                  total: 2013,
                  max: 25,
                  perPayment: 5,
                  part: 2,
                  parts: 2,
                },
          );
        if (url.includes(`/payments/${ID}`))
          return json({
            ...view('paid', 'paid'),
            cart: last ? { part: 2, parts: 2 } : { part: 1, parts: 2 },
          });
        return inner(input, init);
      };
      try {
        getStore(API, ENTE).client.session.set({
          token: 'tok',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        });
        const root = await fixture(
          html`<pagatore-provider api=${API} entity=${ENTE} lang=${lang}
            ><pagatore-payment-status payment=${ID} returned></pagatore-payment-status
          ></pagatore-provider>`,
        );
        const el = root.querySelector('pagatore-payment-status') as PagatorePaymentStatus;
        await waitUntil(
          () => el.shadowRoot!.querySelector('#cart-next-title')?.textContent?.trim() === t.part2,
          'the next part',
        );
        expect(el.shadowRoot!.querySelector('.part')!.textContent!.trim()).to.equal(t.part1);
        const next = el.shadowRoot!.querySelector('.next')!;
        expect(next.textContent).to.contain(t.left);
        const button = next.querySelector('button')!;
        expect(button.textContent!.trim()).to.equal(t.pay);
        expect(el.shadowRoot!.querySelector('.box')!.scrollWidth).to.be.at.most(width);
        await expectAccessible(el);
        // Keyboard only: from the outcome's title (focused on arrival) Tab to "Paga carrello", Enter.
        expect(deepActiveElement()?.id).to.equal('payment-title');
        for (let n = 0; n < 8 && deepActiveElement() !== button; n++) await sendKeys({ press: 'Tab' });
        expect(deepActiveElement()).to.equal(button);
        await sendKeys({ press: 'Enter' });
        await waitUntil(() => assigned.length === 1, 'sent to the payment page');
        expect(assigned[0]).to.equal('http://api.test/sandbox/checkout/part2?t=y');
        expect(stub.calls.find((c) => c.method === 'POST')!.body).to.include({ cart: true });

        // Back from part 2, paid: the cart is empty and says so.
        last = true;
        const again = await fixture(
          html`<pagatore-provider api=${API} entity=${ENTE} lang=${lang}
            ><pagatore-payment-status payment=${ID}></pagatore-payment-status
          ></pagatore-provider>`,
        );
        const done = again.querySelector('pagatore-payment-status') as PagatorePaymentStatus;
        await waitUntil(() => done.shadowRoot!.querySelector('.cart-done') !== null, 'the cart is paid');
        expect(done.shadowRoot!.querySelector('.cart-done')!.textContent).to.equal(t.done);
        expect(done.shadowRoot!.querySelector('.part')!.textContent!.trim()).to.equal(t.part2);
        expect(done.shadowRoot!.querySelector('.next')).to.equal(null);
        await expectAccessible(done);
      } finally {
        window.fetch = inner;
        navigation.assign = original;
        await setViewport({ width: 800, height: 600 });
      }
    });
  }

  it('a cart part that failed offers the same part again ("Carrello 1 di 2"), with the error of a refused start announced', async () => {
    stub = stubFetch([
      { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
      {
        method: 'GET',
        path: `/api/v1/entities/${ENTE}/me/cart`,
        body: {
          items: [1, 2, 3, 4, 5].map((n) => cartItem(n, 1)).concat([cartItem(6, 2)]),
          count: 6,
          total: 6021,
          max: 25,
          perPayment: 5,
          part: 1,
          parts: 2,
        },
      },
      {
        method: 'GET',
        path: `/api/v1/entities/${ENTE}/payments/${ID}`,
        body: { ...view('failed', 'failed'), cart: { part: 1, parts: 2 } },
      },
      {
        method: 'POST',
        path: `/api/v1/entities/${ENTE}/payments`,
        status: 409,
        body: {
          error: {
            code: 'payment_in_progress',
            message:
              'Per questa pratica è già in corso un pagamento, del pagamento unico o di una rata: attendi qualche minuto e riprova.',
            requestId: 'r',
          },
        },
      },
    ]);
    getStore(API, ENTE).client.session.set({
      token: 'tok',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const root = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-payment-status payment=${ID}></pagatore-payment-status
      ></pagatore-provider>`,
    );
    const el = root.querySelector('pagatore-payment-status') as PagatorePaymentStatus;
    await waitUntil(() => el.shadowRoot!.querySelector('#cart-next-title') !== null, 'the part again');
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.contain('Pagamento non riuscito');
    expect(el.shadowRoot!.querySelector('#cart-next-title')!.textContent!.trim()).to.equal('Carrello 1 di 2');
    expect(el.shadowRoot!.querySelector('.next')!.textContent).to.contain('restano 5 pratiche');
    (el.shadowRoot!.querySelector('.next button') as HTMLButtonElement).click();
    await waitUntil(() => el.shadowRoot!.querySelector('.next [role=alert]') !== null, 'the refusal');
    expect(el.shadowRoot!.querySelector('.next [role=alert]')!.textContent).to.contain('già in corso');
    await expectAccessible(el);
  });
});
