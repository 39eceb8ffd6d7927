import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { PortalController } from '../controllers/portal-controller.js';
import { API, ENTE, stubFetch, demoEntity } from '../../test/fetch-stub.js';
import '../components/provider/provider.js';
import { type PortalState, PortalStore, resetStores } from './store.js';

/** A widget that counts its renders and watches only the cart count. */
class CountingWidget extends LitElement {
  readonly portal = new PortalController(this, ['cartCount']);
  renders = 0;
  protected override render() {
    this.renders++;
    return html`${this.portal.t('common.retry')}`;
  }
}
customElements.define('test-counting-widget', CountingWidget);

describe('PortalStore state', () => {
  afterEach(() => resetStores());

  it('holds each slot typed, and tells subscribers which slots changed', () => {
    const store = new PortalStore(API, ENTE);
    const seen: (keyof PortalState)[][] = [];
    store.subscribe((_s, changed) => seen.push([...changed]));
    store.set({ cartCount: 2, cartVersion: store.state.cartVersion + 1, cart: null });
    store.set({ sessionEnd: 'logout' });
    store.set({ sessionEnd: 'logout' });
    expect(seen).to.deep.equal([['cartCount', 'cartVersion'], ['sessionEnd']]);
    const end: 'logout' | 'logout-identity' | 'closed' | null = store.state.sessionEnd;
    expect(end).to.equal('logout');
    // @ts-expect-error a slot takes only its own type
    store.set({ sessionEnd: 'expired' });
    // @ts-expect-error there is no open-ended bag of slots
    store.set({ shared: {} });
    store.client.session.close();
  });

  it('re-renders every widget when the language changes, whatever slots it watches', async () => {
    const stub = stubFetch([{ method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity }]);
    try {
      const provider = await fixture(
        html`<pagatore-provider api=${API} entity=${ENTE}
          ><test-counting-widget></test-counting-widget
        ></pagatore-provider>`,
      );
      const el = provider.querySelector('test-counting-widget') as CountingWidget;
      await el.updateComplete;
      const store = el.portal.store as PortalStore;
      const before = el.renders;
      store.set({ profile: null, practicesChanged: { seq: 1, highlight: null } });
      await el.updateComplete;
      expect(el.renders, 'slots it does not watch').to.equal(before);
      await store.useLang('en');
      await el.updateComplete;
      expect(el.renders).to.be.greaterThan(before);
      expect(el.shadowRoot!.textContent).to.equal('Try again');
    } finally {
      stub.restore();
    }
  });
});
