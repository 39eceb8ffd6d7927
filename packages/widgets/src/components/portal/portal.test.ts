import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { expectAccessible, deepActiveElement } from '../../../test/a11y.js';
import { profile } from '../../../test/accounts-fixtures.js';
import { API, demoEntity, ENTE, stubFetch } from '../../../test/fetch-stub.js';
import { practice } from '../../../test/practices.js';
import { getStore, resetStores } from '../../state/store.js';
import '../account/account.js';
import '../practice-search/practice-search.js';
import '../provider/provider.js';
import './portal.js';
import { parseRoute, type PagatorePortal } from './portal.component.js';

const screenTag = (el: PagatorePortal) =>
  el
    .shadowRoot!.querySelector('div.screen')!
    .querySelector('.flash')!
    .nextElementSibling!.tagName.toLowerCase();

describe('<pagatore-portal>', () => {
  let stub: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
    localStorage.clear();
    history.replaceState(null, '', location.pathname + location.search);
    stub = stubFetch([
      { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
      {
        method: 'GET',
        path: `/api/v1/entities/${ENTE}/me/cart`,
        body: { items: [], count: 0, total: 0, max: 5 },
      },
      { method: 'GET', path: `/api/v1/entities/${ENTE}/me`, body: profile },
      {
        method: 'DELETE',
        path: `/api/v1/entities/${ENTE}/sessions/current`,
        body: { identity: null, providerLogoutUrl: null },
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
    expect(el.shadowRoot!.querySelector('.screen-title')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[aria-busy="true"]')).to.not.equal(null);
    await waitUntil(() => el.shadowRoot!.querySelector('.screen-title'), 'the login screen', {
      timeout: 2000,
    });
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
    // The account entry keeps the pagoPA logo and names who is signed in.
    const logo = el.shadowRoot!.querySelector('a.pagopa') as HTMLAnchorElement;
    await waitUntil(
      () => logo.querySelector('.who')?.textContent === 'Mario',
      'the name of who is signed in',
    );
    expect(logo.querySelector('img')!.getAttribute('src')).to.match(/logo-pagopa\.svg$/);
    expect(logo.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Il tuo account pagoPA:Mario');
    logo.click();
    await el.updateComplete;
    expect(screenTag(el)).to.equal('pagatore-account');
    history.back();
    await waitUntil(() => screenTag(el) === 'pagatore-practices');
    await expectAccessible(el);
  });

  it('logged in, a "Paga ora" link in the URL opens the search screen, which shows its practice', async () => {
    getStore(API, ENTE).client.session.set({
      token: 't',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    history.replaceState(null, '', `${location.pathname}#paga=abcdefghijklmnopqrstuvwxyz234567`);
    const el = await mount();
    await waitUntil(() => el.shadowRoot!.querySelector('.screen-title'), 'a screen', { timeout: 2000 });
    expect(screenTag(el)).to.equal('pagatore-practice-search');
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

  it('is a region of the page, not a second <main>; the search screen shows "Registrati" and "Accedi" once', async () => {
    const root = await fixture(
      html`<main>
        <h1>Pagamenti</h1>
        <pagatore-provider api=${API} entity=${ENTE}><pagatore-portal></pagatore-portal></pagatore-provider>
      </main>`,
    );
    const el = root.querySelector('pagatore-portal') as PagatorePortal;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('main')).to.equal(null);
    const region = el.shadowRoot!.querySelector('section.portal')!;
    expect(region.getAttribute('aria-label')).to.equal('Portale pagamenti');
    const search = el.shadowRoot!.querySelector('pagatore-practice-search')!;
    await waitUntil(() => search.shadowRoot?.querySelector('form'));
    const labels = (root: ParentNode) =>
      [...root.querySelectorAll('a, button')]
        .map((b) => b.textContent?.trim())
        .filter((x) => x === 'Registrati' || x === 'Accedi');
    expect([...labels(el.shadowRoot!), ...labels(search.shadowRoot!)]).to.deep.equal([
      'Registrati',
      'Accedi',
    ]);
    // axe with the page's own <main> around it: no landmark-main-is-top-level, no duplicate main.
    await expectAccessible(root);
  });

  it('the language switch (keyboard) turns every widget to English and is remembered by the browser', async () => {
    const el = await mount();
    const select = el.shadowRoot!.querySelector('#portal-lang') as HTMLSelectElement;
    expect(select.value).to.equal('it');
    expect(el.shadowRoot!.querySelector('label[for=portal-lang]')!.textContent).to.equal('Lingua');
    select.focus();
    await sendKeys({ press: 'ArrowDown' }); // Italiano → English
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => el.shadowRoot!.textContent?.includes('Register'), 'English loaded');
    expect([...el.shadowRoot!.querySelectorAll('.end a')].map((a) => a.textContent?.trim())).to.deep.equal([
      'Register',
      'Log in',
    ]);
    expect(el.shadowRoot!.querySelector('section.portal')!.getAttribute('lang')).to.equal('en');
    expect(localStorage.getItem('pagatore:lang')).to.equal('en');
    // A new page of the same browser (new store): English from the start, whatever the page says.
    resetStores();
    const again = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE} lang="it"
        ><pagatore-portal></pagatore-portal
      ></pagatore-provider>`,
    );
    const el2 = again.querySelector('pagatore-portal') as PagatorePortal;
    await waitUntil(() => el2.shadowRoot!.textContent?.includes('Register'), 'English again');
    expect((el2.shadowRoot!.querySelector('#portal-lang') as HTMLSelectElement).value).to.equal('en');
    await expectAccessible(el2);
  });

  it('at 375 px the tabs are one row that scrolls sideways, the current tab in sight', async () => {
    getStore(API, ENTE).client.session.set({
      token: 't',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const root = await fixture(
      html`<div style="width: 351px">
        <pagatore-provider api=${API} entity=${ENTE}><pagatore-portal></pagatore-portal></pagatore-provider>
      </div>`,
    );
    const el = root.querySelector('pagatore-portal') as PagatorePortal;
    await waitUntil(() => el.shadowRoot!.querySelectorAll('nav a').length === 4);
    el.go('storico');
    await el.updateComplete;
    await el.updateComplete;
    const list = el.shadowRoot!.querySelector('nav ul') as HTMLElement;
    const tabs = [...list.querySelectorAll('a')];
    const tops = new Set(tabs.map((a) => Math.round(a.getBoundingClientRect().top)));
    expect(tops.size, 'one row').to.equal(1);
    expect(list.getBoundingClientRect().height).to.be.below(60);
    expect(list.scrollWidth).to.be.above(list.clientWidth);
    expect(el.getBoundingClientRect().width).to.be.at.most(351);
    const current = list.querySelector('[aria-current=page]')!.getBoundingClientRect();
    const box = list.getBoundingClientRect();
    expect(current.left).to.be.at.least(box.left - 1);
    expect(current.right).to.be.at.most(box.right + 1);
    await expectAccessible(el);
  });

  it('logging out says so on the search screen', async () => {
    getStore(API, ENTE).client.session.set({
      token: 't',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const el = await mount();
    el.go('account');
    const account = await waitUntil(() => el.shadowRoot!.querySelector('pagatore-account')).then(() =>
      el.shadowRoot!.querySelector('pagatore-account')!,
    );
    await waitUntil(() => account.shadowRoot?.querySelector('.menu'));
    const logout = [...account.shadowRoot!.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Esci',
    )!;
    logout.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => screenTag(el) === 'pagatore-practice-search');
    expect(el.shadowRoot!.querySelector('.flash[role=status]')!.textContent!.trim()).to.equal(
      'Sei uscito dal portale pagamenti.',
    );
  });
});
