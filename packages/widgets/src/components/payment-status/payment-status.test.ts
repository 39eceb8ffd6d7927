import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { expectAccessible, deepActiveElement } from '../../../test/a11y.js';
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
});
