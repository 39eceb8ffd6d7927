import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { expectAccessible, deepActiveElement } from '../../../test/a11y.js';
import { API, demoEntity, ENTE, stubFetch } from '../../../test/fetch-stub.js';
import { navigation } from '../../state/payment-actions.js';
import { getStore, resetStores } from '../../state/store.js';
import '../provider/provider.js';
import './cart.js';
import type { PagatoreCart } from './cart.component.js';

const item = (optionId: number, over: Record<string, unknown> = {}) => ({
  nav: `30100000000000${optionId}`.padEnd(18, '0'),
  practiceId: String(optionId),
  description: `TARI 2026 rata ${optionId}`,
  amount: 10_000 + optionId,
  amountAtAdd: 10_000 + optionId,
  dueDate: '2026-12-31',
  status: 'unpaid',
  changed: false,
  payable: true,
  addedAt: '2026-11-26T10:00:00.000Z',
  part: 1,
  ...over,
});
/** A cart view as the server numbers it: in groups of 5, in order. */
const cartOf = (items: ReturnType<typeof item>[]) => {
  const numbered = items.map((i, n) => ({ ...i, part: Math.floor(n / 5) + 1 }));
  return {
    items: numbered,
    count: items.length,
    total: items.filter((i) => i.payable).reduce((s, i) => s + i.amount, 0),
    max: 25,
    perPayment: 5,
    part: items.length ? 1 : null,
    parts: Math.ceil(items.length / 5),
  };
};

function login(): void {
  getStore(API, ENTE).client.session.set({
    token: 'tok',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
}

async function mount(): Promise<{ root: HTMLElement; cart: PagatoreCart }> {
  const root = await fixture<HTMLElement>(
    html`<div>
      <pagatore-provider api=${API} entity=${ENTE}><pagatore-cart></pagatore-cart></pagatore-provider>
    </div>`,
  );
  const cart = root.querySelector('pagatore-cart') as PagatoreCart;
  await cart.updateComplete;
  return { root, cart };
}

describe('<pagatore-cart>', () => {
  let stub: ReturnType<typeof stubFetch>;
  const assigned: string[] = [];
  const original = navigation.assign;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
    assigned.length = 0;
    navigation.assign = (url) => void assigned.push(url);
  });
  afterEach(() => {
    stub?.restore();
    navigation.assign = original;
  });

  it('shows the count in a labelled badge, and asks to log in when logged out', async () => {
    stub = stubFetch([{ method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity }]);
    const { cart } = await mount();
    const badge = cart.shadowRoot!.querySelector('.badge') as HTMLButtonElement;
    expect(badge.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Carrello 0 pratiche');
    expect(badge.getAttribute('aria-expanded')).to.equal('false');
    badge.focus();
    await sendKeys({ press: 'Enter' });
    await cart.updateComplete;
    expect(cart.shadowRoot!.querySelector('.panel')!.textContent).to.contain('Accedi per usare il carrello.');
    await expectAccessible(cart);
  });

  it('keyboard only: opens the summary, "Rimuovi", "Pulisci carrello", Escape returns focus', async () => {
    const current = cartOf([item(1), item(2, { changed: true, amountAtAdd: 9000 })]);
    stub = stubFetch([
      { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
      { method: 'GET', path: `/api/v1/entities/${ENTE}/me/cart`, body: current },
      {
        method: 'DELETE',
        path: `/api/v1/entities/${ENTE}/me/cart/items/${item(1).nav}`,
        body: cartOf([item(2, { changed: true, amountAtAdd: 9000 })]),
      },
      { method: 'DELETE', path: `/api/v1/entities/${ENTE}/me/cart`, status: 204 },
    ]);
    login();
    const { cart } = await mount();
    await waitUntil(() => cart.shadowRoot!.querySelector('.count')?.textContent === '2');
    const badge = cart.shadowRoot!.querySelector('.badge') as HTMLButtonElement;
    expect(badge.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Carrello 2 pratiche');
    badge.focus();
    await sendKeys({ press: 'Enter' });
    await cart.updateComplete;
    expect(deepActiveElement()?.id).to.equal('cart-title');
    const panel = cart.shadowRoot!.querySelector('.panel')!;
    expect(panel.textContent).to.contain('TARI 2026 rata 1');
    expect(panel.textContent).to.contain('Importo aggiornato: prima era 90,00 €.');
    expect(panel.textContent).to.contain('Paga carrello');
    await expectAccessible(cart);
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()?.getAttribute('aria-label')).to.equal('Rimuovi TARI 2026 rata 1 dal carrello');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => cart.shadowRoot!.querySelector('.count')?.textContent === '1');
    expect(cart.shadowRoot!.querySelector('[role=status]')!.textContent).to.contain(
      'Pratica rimossa dal carrello.',
    );
    const clear = [...cart.shadowRoot!.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Pulisci carrello'),
    )!;
    clear.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => cart.shadowRoot!.querySelector('.count')?.textContent === '0');
    expect(cart.shadowRoot!.querySelector('.panel')!.textContent).to.contain('Il carrello è vuoto');
    await sendKeys({ press: 'Escape' });
    await cart.updateComplete;
    expect(cart.shadowRoot!.querySelector('.panel')).to.equal(null);
    expect(deepActiveElement()).to.equal(badge);
  });

  it('"Paga carrello" starts one payment and sends the browser to the payment page', async () => {
    stub = stubFetch([
      { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
      { method: 'GET', path: `/api/v1/entities/${ENTE}/me/cart`, body: cartOf([item(1), item(2)]) },
      {
        method: 'POST',
        path: `/api/v1/entities/${ENTE}/payments`,
        status: 201,
        body: {
          id: 'abcdefghijklmnopqrst',
          state: 'redirected',
          amount: 20_003,
          expiresAt: '2026-11-26T11:00:00Z',
          redirectUrl: 'http://api.test/sandbox/checkout/x?t=y',
        },
      },
    ]);
    login();
    const { cart } = await mount();
    await waitUntil(() => cart.shadowRoot!.querySelector('.count')?.textContent === '2');
    const pay = new Promise<CustomEvent>((resolve) =>
      cart.addEventListener('pagatore-cart-pay', (e) => resolve(e as CustomEvent), { once: true }),
    );
    (cart.shadowRoot!.querySelector('.badge') as HTMLButtonElement).click();
    await cart.updateComplete;
    [...cart.shadowRoot!.querySelectorAll('button')]
      .find((b) => b.textContent?.includes('Paga carrello'))!
      .click();
    expect((await pay).detail).to.deep.equal({ count: 2, total: 20_003 });
    await waitUntil(() => assigned.length === 1);
    expect(assigned[0]).to.equal('http://api.test/sandbox/checkout/x?t=y');
    const body = stub.calls.find((c) => c.method === 'POST')!.body as { cart: boolean; returnUrl: string };
    expect(body.cart).to.equal(true);
    expect(body.returnUrl).to.equal(location.href.split('#')[0]);
  });

  it('a practice no longer payable blocks "Paga carrello" and says why; server errors are announced', async () => {
    stub = stubFetch([
      { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
      {
        method: 'GET',
        path: `/api/v1/entities/${ENTE}/me/cart`,
        body: cartOf([item(1, { payable: false, status: 'expired' }), item(2)]),
      },
      {
        method: 'DELETE',
        path: `/api/v1/entities/${ENTE}/me/cart/items/${item(2).nav}`,
        status: 404,
        body: { error: { code: 'not_found', message: 'x', requestId: 'r' } },
      },
    ]);
    login();
    const { cart } = await mount();
    await waitUntil(() => cart.shadowRoot!.querySelector('.count')?.textContent === '2');
    cart.mode = 'page';
    await cart.updateComplete;
    const pay = [...cart.shadowRoot!.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Paga carrello'),
    )!;
    expect(pay.disabled).to.equal(true);
    expect(cart.shadowRoot!.textContent).to.contain('Non più pagabile');
    (
      cart.shadowRoot!.querySelector(
        '[aria-label="Rimuovi TARI 2026 rata 2 dal carrello"]',
      ) as HTMLButtonElement
    ).click();
    await waitUntil(() => cart.shadowRoot!.querySelector('[role=alert]') !== null);
    expect(cart.shadowRoot!.querySelector('[role=alert]')!.textContent).to.equal('Risorsa non trovata.');
    await expectAccessible(cart);
  });

  it('a badge in another provider for the same portal follows the cart live', async () => {
    stub = stubFetch([
      { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
      { method: 'GET', path: `/api/v1/entities/${ENTE}/me/cart`, body: cartOf([item(1)]) },
      { method: 'POST', path: `/api/v1/entities/${ENTE}/me/cart/items`, body: cartOf([item(1), item(3)]) },
    ]);
    login();
    const root = await fixture<HTMLElement>(
      html`<div>
        <header>
          <pagatore-provider api=${API} entity=${ENTE}
            ><pagatore-cart id="h"></pagatore-cart
          ></pagatore-provider>
        </header>
        <main>
          <pagatore-provider api=${API} entity=${ENTE}
            ><pagatore-cart id="b" mode="page"></pagatore-cart
          ></pagatore-provider>
        </main>
      </div>`,
    );
    const header = root.querySelector('#h') as PagatoreCart;
    await waitUntil(() => header.shadowRoot!.querySelector('.count')?.textContent === '1');
    const { addToCart } = await import('../../state/payment-actions.js');
    const change = oneEvent(header, 'pagatore-cart-change');
    await addToCart(getStore(API, ENTE), item(3).nav);
    await waitUntil(() => header.shadowRoot!.querySelector('.count')?.textContent === '2');
    expect((await change).detail).to.deep.equal({ count: 2, total: 20_004 });
  });

  for (const [width, lang, t] of [
    [
      375,
      'it',
      {
        part1: 'Carrello 1 di 2',
        part2: 'Carrello 2 di 2',
        now: 'Carrello 1 di 2: ora paghi 5 pratiche, 500,15 €.',
        pay: 'Paga carrello',
      },
    ],
    [
      1280,
      'en',
      {
        part1: 'Cart 1 of 2',
        part2: 'Cart 2 of 2',
        now: 'Cart 1 of 2: you now pay 5 practices, €500.15.',
        pay: 'Pay cart',
      },
    ],
  ] as const) {
    it(`${width} px, ${lang}: 7 practices are shown as two pagoPA payments, and "Paga carrello" by keyboard pays the first 5`, async () => {
      await setViewport({ width, height: 800 });
      const seven = [1, 2, 3, 4, 5, 6, 7].map((n) => item(n));
      stub = stubFetch([
        { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
        { method: 'GET', path: `/api/v1/entities/${ENTE}/me/cart`, body: cartOf(seven) },
        {
          method: 'POST',
          path: `/api/v1/entities/${ENTE}/payments`,
          status: 201,
          body: {
            id: 'abcdefghijklmnopqrst',
            state: 'redirected',
            amount: 50_015,
            expiresAt: '2026-11-26T11:00:00Z',
            redirectUrl: 'http://api.test/sandbox/checkout/x?t=y',
            cart: { part: 1, parts: 2 },
          },
        },
      ]);
      login();
      const root = await fixture<HTMLElement>(
        html`<pagatore-provider api=${API} entity=${ENTE} lang=${lang}
          ><pagatore-cart mode="page"></pagatore-cart
        ></pagatore-provider>`,
      );
      const cart = root.querySelector('pagatore-cart') as PagatoreCart;
      // (English strings load on demand.)
      await waitUntil(
        () =>
          cart.shadowRoot!.querySelectorAll('li').length === 7 &&
          cart.shadowRoot!.querySelector('h3')?.textContent?.trim() === t.part1,
        'seven items in two parts',
      );
      const headings = [...cart.shadowRoot!.querySelectorAll('h3')].map((h) => h.textContent!.trim());
      expect(headings).to.deep.equal([t.part1, t.part2]);
      const lists = [...cart.shadowRoot!.querySelectorAll('ul')];
      expect(lists.map((l) => l.querySelectorAll('li').length)).to.deep.equal([5, 2]);
      const progress = cart.shadowRoot!.querySelector('#cart-progress')!;
      expect(progress.textContent!.replace(/\s+/g, ' ').trim()).to.equal(t.now.replace(/\u00a0/g, ' '));
      const pay = [...cart.shadowRoot!.querySelectorAll('button')].find(
        (b) => b.textContent?.trim() === t.pay,
      )!;
      expect(pay.disabled).to.equal(false);
      expect(pay.getAttribute('aria-describedby')).to.equal('cart-progress');
      // Nothing runs off a phone's screen.
      expect(cart.shadowRoot!.querySelector('.panel')!.scrollWidth).to.be.at.most(width);
      await expectAccessible(cart);
      // Keyboard only: Tab through the page to "Paga carrello", Enter.
      (cart.shadowRoot!.querySelector('h2') as HTMLElement).focus();
      for (let n = 0; n < 12 && deepActiveElement() !== pay; n++) await sendKeys({ press: 'Tab' });
      expect(deepActiveElement()).to.equal(pay);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => assigned.length === 1);
      expect(stub.calls.find((c) => c.method === 'POST')!.body).to.include({ cart: true });
      await setViewport({ width: 800, height: 600 });
    });
  }

  it('part 1 on its way to its receipt: its practices say so, and "Paga carrello" pays part 2', async () => {
    const seven = cartOf([1, 2, 3, 4, 5, 6, 7].map((n) => item(n)));
    for (const i of seven.items.slice(0, 5)) Object.assign(i, { status: 'in_payment', payable: false });
    Object.assign(seven, { part: 2, total: seven.items.slice(5).reduce((s, i) => s + i.amount, 0) });
    stub = stubFetch([
      { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
      { method: 'GET', path: `/api/v1/entities/${ENTE}/me/cart`, body: seven },
    ]);
    login();
    const root = await fixture<HTMLElement>(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-cart mode="page"></pagatore-cart
      ></pagatore-provider>`,
    );
    const cart = root.querySelector('pagatore-cart') as PagatoreCart;
    await waitUntil(() => cart.shadowRoot!.querySelectorAll('li').length === 7);
    expect(cart.shadowRoot!.querySelectorAll('.flag.running').length).to.equal(5);
    expect(cart.shadowRoot!.textContent).not.to.contain('Non più pagabile');
    expect(cart.shadowRoot!.querySelector('#cart-progress')!.textContent).to.contain('Carrello 2 di 2');
    const pay = [...cart.shadowRoot!.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Paga carrello',
    )!;
    expect(pay.disabled).to.equal(false);
    await expectAccessible(cart);
  });
});
