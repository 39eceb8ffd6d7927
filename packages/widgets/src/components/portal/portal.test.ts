import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { expectAccessible, deepActiveElement } from '../../../test/a11y.js';
import { API, demoEntity, ENTE, stubFetch } from '../../../test/fetch-stub.js';
import { practice } from '../../../test/practices.js';
import { getStore, resetStores } from '../../state/store.js';
import '../practice-search/practice-search.js';
import '../provider/provider.js';
import './portal.js';
import { parseRoute, type PagatorePortal } from './portal.component.js';

const screenTag = (el: PagatorePortal) =>
  el
    .shadowRoot!.querySelector('main')!
    .querySelector('.screen-title')!
    .nextElementSibling!.tagName.toLowerCase();

describe('<pagatore-portal>', () => {
  let stub: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
    history.replaceState(null, '', location.pathname + location.search);
    stub = stubFetch([
      { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
      {
        method: 'GET',
        path: `/api/v1/entities/${ENTE}/me/cart`,
        body: { items: [], count: 0, total: 0, max: 5 },
      },
    ]);
  });
  afterEach(() => {
    stub.restore();
    history.replaceState(null, '', location.pathname + location.search);
  });

  async function mount(): Promise<PagatorePortal> {
    const root = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-portal></pagatore-portal
      ></pagatore-provider>`,
    );
    const el = root.querySelector('pagatore-portal') as PagatorePortal;
    await el.updateComplete;
    return el;
  }

  it('parses routes', () => {
    expect(parseRoute('#/pratiche')).to.deep.equal({ route: 'pratiche', arg: null });
    expect(parseRoute('#/pagamento/abc123')).to.deep.equal({ route: 'pagamento', arg: 'abc123' });
    expect(parseRoute('#/nope')).to.equal(null);
    expect(parseRoute('#section')).to.equal(null);
  });

  it('starts anonymous on the search with "Registrati" and "Accedi"; keyboard navigation updates the hash and focus', async () => {
    const el = await mount();
    expect(screenTag(el)).to.equal('pagatore-practice-search');
    const links = [...el.shadowRoot!.querySelectorAll('.end a')].map((a) => a.textContent?.trim());
    expect(links).to.deep.equal(['Registrati', 'Accedi']);
    (el.shadowRoot!.querySelector('.end a.btn:not(.btn-outline)') as HTMLElement).focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(location.hash).to.equal('#/accedi');
    expect(screenTag(el)).to.equal('pagatore-login');
    expect(deepActiveElement()?.id).to.equal('screen-title');
    await expectAccessible(el);
  });

  it('a private screen asks to log in first, then returns there after login', async () => {
    history.replaceState(null, '', `${location.pathname}#/storico`);
    const el = await mount();
    // A moment for the portal's other tabs to hand over their session (there is none here).
    expect(el.shadowRoot!.querySelector('main')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[aria-busy="true"]')).to.not.equal(null);
    await waitUntil(() => el.shadowRoot!.querySelector('main'), 'the login screen', { timeout: 2000 });
    expect(screenTag(el)).to.equal('pagatore-login');
    getStore(API, ENTE).client.session.set({
      token: 't',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    el.dispatchEvent(
      new CustomEvent('pagatore-session-start', { detail: { username: 'x' }, bubbles: true, composed: true }),
    );
    await waitUntil(() => screenTag(el) === 'pagatore-history');
    expect(location.hash).to.equal('#/storico');
  });

  it('a login asked by a search hit returns to that practice, not to the payment page', async () => {
    sessionStorage.setItem(
      `pagatore:pending-practice:${API}|${ENTE}`,
      JSON.stringify({
        reason: 'pay',
        search: { fiscalCode: 'RSSMRA85T10A562S', nav: '301900000000000180' },
        installment: null,
        at: Date.now(),
      }),
    );
    stub.restore();
    stub = stubFetch([
      { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
      {
        method: 'GET',
        path: `/api/v1/entities/${ENTE}/me/cart`,
        body: { items: [], count: 0, total: 0, max: 5 },
      },
      {
        method: 'POST',
        path: `/api/v1/entities/${ENTE}/me/practices`,
        body: practice('7', { origin: 'search', linked: true }),
      },
    ]);
    history.replaceState(null, '', `${location.pathname}#/accedi`);
    const el = await mount();
    const pays: Event[] = [];
    el.addEventListener('pagatore-practice-pay', (e) => pays.push(e));
    getStore(API, ENTE).client.session.set({
      token: 't',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    el.dispatchEvent(
      new CustomEvent('pagatore-session-start', { detail: { username: 'x' }, bubbles: true, composed: true }),
    );
    await waitUntil(() => screenTag(el) === 'pagatore-practice-search');
    expect(location.hash).to.equal('#/ricerca');
    const search = el.shadowRoot!.querySelector('pagatore-practice-search')!;
    await waitUntil(() => search.shadowRoot?.getElementById('result-title'), 'the practice is shown', {
      timeout: 5000,
    });
    expect(search.shadowRoot!.getElementById('pay')).to.not.equal(null);
    expect(pays).to.have.length(0);
  });

  it('logged in: nav with my practices, spontaneous, history; cart badge and the pagoPA logo for the account', async () => {
    getStore(API, ENTE).client.session.set({
      token: 't',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const el = await mount();
    await waitUntil(() => el.shadowRoot!.querySelectorAll('nav a').length === 4);
    expect([...el.shadowRoot!.querySelectorAll('nav a')].map((a) => a.textContent?.trim())).to.deep.equal([
      'Le mie pratiche',
      'Inserimento spontaneo',
      'Storico pagamenti',
      'Cerca un avviso',
    ]);
    expect(screenTag(el)).to.equal('pagatore-practices');
    expect(el.shadowRoot!.querySelector('pagatore-cart')).to.not.equal(null);
    const logo = el.shadowRoot!.querySelector('a.pagopa') as HTMLAnchorElement;
    expect(logo.getAttribute('aria-label')).to.equal('Il tuo account pagoPA');
    logo.click();
    await el.updateComplete;
    expect(screenTag(el)).to.equal('pagatore-account');
    history.back();
    await waitUntil(() => screenTag(el) === 'pagatore-practices');
    await expectAccessible(el);
  });

  it('routes the return from the payment page to the outcome, without keeping the id in the fragment form', async () => {
    getStore(API, ENTE).client.session.set({
      token: 't',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    history.replaceState(null, '', `${location.pathname}#pagatore-payment=abcdefghijklmnopqrst`);
    const el = await mount();
    expect(location.hash).to.equal('#/pagamento/abcdefghijklmnopqrst');
    const status = el.shadowRoot!.querySelector('pagatore-payment-status')!;
    expect(status.getAttribute('payment')).to.equal('abcdefghijklmnopqrst');
    expect(status.hasAttribute('returned')).to.equal(true);
  });

  it('follows the provider language', async () => {
    const root = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE} lang="de"
        ><pagatore-portal></pagatore-portal
      ></pagatore-provider>`,
    );
    const el = root.querySelector('pagatore-portal') as PagatorePortal;
    await waitUntil(() => el.shadowRoot!.textContent?.includes('Registrieren'), 'German loaded');
    expect([...el.shadowRoot!.querySelectorAll('.end a')].map((a) => a.textContent?.trim())).to.deep.equal([
      'Registrieren',
      'Anmelden',
    ]);
  });
});
