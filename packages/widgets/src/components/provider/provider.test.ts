import { ContextConsumer } from '@lit/context';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { portalContext } from '../../context/portal-context.js';
import { PortalController } from '../../controllers/portal-controller.js';
import { hasLang } from '../../locales/index.js';
import { resetStores } from '../../state/store.js';
import { API, demoEntity, ENTE, stubFetch } from '../../../test/fetch-stub.js';
import { expectAccessible } from '../../../test/a11y.js';
import './provider.js';
import type { PagatoreProvider } from './provider.component.js';

/** A consumer that shows the session token and the cart count of its provider. */
class ProbeElement extends LitElement {
  readonly portal = new PortalController(this);
  protected override render() {
    const s = this.portal.state;
    return html`<span id="entity">${s?.entity?.name ?? '-'}</span
      ><span id="count">${s?.cartCount ?? '-'}</span><span id="token">${s?.session?.token ?? 'none'}</span
      ><span id="msg">${this.portal.t('common.retry')}</span>`;
  }
}
customElements.define('test-probe', ProbeElement);

const text = (el: Element, id: string) => el.shadowRoot?.getElementById(id)?.textContent;

describe('<pagatore-provider>', () => {
  let stub: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
    stub = stubFetch([{ method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity }]);
  });
  afterEach(() => stub.restore());

  it('loads the entity once and gives it to the widgets inside', async () => {
    const el = await fixture<PagatoreProvider>(
      html`<pagatore-provider api=${API} entity=${ENTE}><test-probe></test-probe></pagatore-provider>`,
    );
    const probe = el.querySelector('test-probe') as ProbeElement;
    await oneEvent(el, 'pagatore-provider-ready');
    await probe.updateComplete;
    expect(text(probe, 'entity')).to.equal('Comune di Esempio');
    expect(stub.calls.filter((c) => c.url.endsWith(`/entities/${ENTE}`))).to.have.length(1);
  });

  it('shares one session and one cart between providers for the same api and entity', async () => {
    const wrap = await fixture(
      html`<div>
        <header>
          <pagatore-provider api=${API} entity=${ENTE}><test-probe id="a"></test-probe></pagatore-provider>
        </header>
        <main>
          <pagatore-provider api=${API + '/'} entity=${ENTE}
            ><test-probe id="b"></test-probe
          ></pagatore-provider>
        </main>
        <aside>
          <pagatore-provider api=${API} entity="01199250158"
            ><test-probe id="c"></test-probe
          ></pagatore-provider>
        </aside>
      </div>`,
    );
    const [a, b, c] = ['a', 'b', 'c'].map((id) => wrap.querySelector(`#${id}`) as ProbeElement);
    expect(a!.portal.store).to.equal(b!.portal.store);
    expect(a!.portal.store).not.to.equal(c!.portal.store);
    a!.portal.store!.client.session.set({
      token: 'tok-1',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    a!.portal.store!.set({ cartCount: 3 });
    await b!.updateComplete;
    await c!.updateComplete;
    expect(text(b!, 'token')).to.equal('tok-1');
    expect(text(b!, 'count')).to.equal('3');
    expect(text(c!, 'token')).to.equal('none');
    expect(sessionStorage.getItem(`pagatore:session:${API}|${ENTE}`)).to.contain('tok-1');
    expect(localStorage.length).to.equal(0);
  });

  it('answers widgets defined before the provider existed in the DOM tree (late provider)', async () => {
    const host = await fixture(html`<div><test-probe></test-probe></div>`);
    const probe = host.querySelector('test-probe') as ProbeElement;
    expect(probe.portal.store).to.equal(undefined);
    const provider = document.createElement('pagatore-provider');
    provider.setAttribute('api', API);
    provider.setAttribute('entity', ENTE);
    host.append(provider);
    provider.append(probe);
    await (provider as PagatoreProvider).updateComplete;
    await probe.updateComplete;
    expect(probe.portal.store).to.not.equal(undefined);
  });

  it('speaks the provider language, else the page language', async () => {
    const el = await fixture<PagatoreProvider>(
      html`<pagatore-provider api=${API} entity=${ENTE} lang="de"
        ><test-probe></test-probe
      ></pagatore-provider>`,
    );
    const probe = el.querySelector('test-probe') as ProbeElement;
    // German is a file of its own, fetched once asked for; the probe switches when it is here.
    await waitUntil(() => text(probe, 'msg') === 'Erneut versuchen', 'German strings loaded');
    expect(hasLang('de')).to.equal(true);
    expect(stub.calls.at(-1)?.headers['accept-language']).to.equal('de');
    expect(hasLang('en')).to.equal(false);
    el.lang = 'en';
    await el.updateComplete;
    await waitUntil(() => text(probe, 'msg') === 'Try again', 'English strings loaded');
    expect(hasLang('en')).to.equal(true);
    await probe.portal.store!.loadEntity(true);
    expect(stub.calls.at(-1)?.headers['accept-language']).to.equal('en');
  });

  it('fires pagatore-provider-error when the entity cannot be loaded', async () => {
    stub.restore();
    stub = stubFetch([]);
    const el = await fixture<PagatoreProvider>(
      html`<pagatore-provider api=${API} entity="01199250158"></pagatore-provider>`,
    );
    const ev = await oneEvent(el, 'pagatore-provider-error');
    expect(ev.detail).to.deep.equal({ entity: '01199250158', api: API, code: 'unavailable' });
  });

  it('a consumer without provider gets no store and still renders accessibly', async () => {
    const probe = await fixture<ProbeElement>(html`<test-probe></test-probe>`);
    const consumer = new ContextConsumer(probe, { context: portalContext });
    expect(consumer.value).to.equal(undefined);
    await expectAccessible(probe);
  });

  it('carries out "Aggiungi pratica al carrello" and "Paga" from any widget inside, announcing the result', async () => {
    stub.restore();
    const NAV = '301000000000000144';
    stub = stubFetch([
      { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
      {
        method: 'GET',
        path: `/api/v1/entities/${ENTE}/me/cart`,
        body: { items: [], count: 0, total: 0, max: 5 },
      },
      {
        method: 'POST',
        path: `/api/v1/entities/${ENTE}/me/cart/items`,
        body: { items: [], count: 1, total: 100, max: 5 },
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
    const el = await fixture<PagatoreProvider>(
      html`<pagatore-provider api=${API} entity=${ENTE}><test-probe></test-probe></pagatore-provider>`,
    );
    el.store!.client.session.set({ token: 't', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const probe = el.querySelector('test-probe')!;
    const ref = { practiceId: '7', entity: ENTE, nav: NAV, amount: 100 };
    probe.dispatchEvent(
      new CustomEvent('pagatore-practice-add-to-cart', { detail: ref, bubbles: true, composed: true }),
    );
    await waitUntil(
      () => el.shadowRoot!.querySelector('.announce p')?.textContent === 'Pratica aggiunta al carrello.',
    );
    expect(stub.calls.find((c) => c.method === 'POST')!.body).to.deep.equal({ nav: NAV });
    expect(el.store!.state.cartCount).to.equal(1);
    probe.dispatchEvent(
      new CustomEvent('pagatore-practice-pay', { detail: ref, bubbles: true, composed: true }),
    );
    await waitUntil(() => el.shadowRoot!.querySelector('[role=alert] p') !== null);
    expect(el.shadowRoot!.querySelector('[role=alert] p')!.textContent).to.contain(
      'già in corso un pagamento',
    );
    await expectAccessible(el);
  });
});
