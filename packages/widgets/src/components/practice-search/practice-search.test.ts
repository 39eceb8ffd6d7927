import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { loadLang } from '../../locales/index.js';
import { resetStores } from '../../state/store.js';
import { deepActiveElement, expectAccessible } from '../../../test/a11y.js';
import { catchDownload, ICS } from '../../../test/downloads.js';
import { API, demoEntity, ENTE, type Route, stubFetch } from '../../../test/fetch-stub.js';
import { practice, splitPractice } from '../../../test/practices.js';
import '../provider/provider.js';
import './practice-search.js';
import type { PagatorePracticeSearch } from './practice-search.component.js';

const NAV = '301900000000000180';
const base = `/api/v1/entities/${ENTE}`;
const entityRoute: Route = { method: 'GET', path: base, body: demoEntity };

async function mount(routes: Route[], token?: string) {
  const stub = stubFetch([entityRoute, ...routes]);
  if (token) {
    sessionStorage.setItem(
      `pagatore:session:${API}|${ENTE}`,
      JSON.stringify({ token, expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
  }
  const provider = await fixture(
    html`<pagatore-provider api=${API} entity=${ENTE}
      ><pagatore-practice-search></pagatore-practice-search
    ></pagatore-provider>`,
  );
  const el = provider.querySelector('pagatore-practice-search') as PagatorePracticeSearch;
  await el.updateComplete;
  return { el, stub, root: el.shadowRoot as ShadowRoot };
}

async function fill(el: PagatorePracticeSearch, cf: string, code: string) {
  const root = el.shadowRoot as ShadowRoot;
  const cfInput = root.getElementById('search-cf') as HTMLInputElement;
  cfInput.focus();
  await sendKeys({ type: cf });
  const codeInput = root.getElementById('search-code') as HTMLInputElement;
  codeInput.focus();
  await sendKeys({ type: code });
  await el.updateComplete;
}

async function submit(el: PagatorePracticeSearch) {
  (el.shadowRoot?.querySelector('button[type="submit"]') as HTMLButtonElement).focus();
  await sendKeys({ press: 'Enter' });
  await new Promise((r) => setTimeout(r, 50));
  await el.updateComplete;
}

const hit = { method: 'POST', path: `${base}/practices/search`, body: { practice: practice('7') } };
const pdf: Route = { method: 'POST', path: `${base}/practices/search/notice.pdf`, body: {} };

describe('<pagatore-practice-search>', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
  });
  afterEach(() => stub?.restore());

  it('shows the form with "Registrati" and "Accedi", accessibly, and emits their requests', async () => {
    const m = await mount([]);
    stub = m.stub;
    const buttons = [...m.root.querySelectorAll('.auth button')].map((b) => b.textContent?.trim());
    expect(buttons).to.deep.equal(['Registrati', 'Accedi']);
    expect(m.root.querySelector('form')?.getAttribute('aria-label')).to.equal('Ricerca');
    await expectAccessible(m.el);
    setTimeout(() => (m.root.querySelectorAll('.auth button')[1] as HTMLButtonElement).click());
    await oneEvent(m.el, 'pagatore-login-request');
    setTimeout(() => (m.root.querySelectorAll('.auth button')[0] as HTMLButtonElement).click());
    await oneEvent(m.el, 'pagatore-register-request');
  });

  it('is usable with the keyboard alone: Tab goes Registrati, Accedi, fiscal code, choice, code, Cerca', async () => {
    const m = await mount([hit]);
    stub = m.stub;
    const before = document.createElement('button');
    before.textContent = 'prima';
    m.el.closest('pagatore-provider')!.before(before);
    before.focus();
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await sendKeys({ press: 'Tab' });
      const a = deepActiveElement() as HTMLElement;
      order.push(a.id || a.textContent?.trim() || (a as HTMLInputElement).value);
    }
    expect(order).to.deep.equal(['Registrati', 'Accedi', 'search-cf', 'nav', 'search-code', 'Cerca']);
    // Typing and Enter from the code field submits.
    (m.root.getElementById('search-cf') as HTMLInputElement).focus();
    await sendKeys({ type: 'RSSMRA85T10A562S' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: NAV });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => deepActiveElement()?.id === 'result-title');
    before.remove();
  });

  it('speaks English when the provider says so', async () => {
    const s = stubFetch([entityRoute]);
    stub = s;
    const provider = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE} lang="en"
        ><pagatore-practice-search></pagatore-practice-search
      ></pagatore-provider>`,
    );
    const el = provider.querySelector('pagatore-practice-search') as PagatorePracticeSearch;
    await waitUntil(() => el.shadowRoot?.textContent?.includes('Find a practice'), 'English loaded');
    expect(el.shadowRoot?.textContent)
      .to.contain('Find a practice')
      .and.contain('Log in')
      .and.contain('Register');
    await expectAccessible(el);
  });

  it('checks the fields before asking: error summary focused, each error linked to its field', async () => {
    const m = await mount([]);
    stub = m.stub;
    await fill(m.el, 'RSSMRA85T10A562X', '12345');
    await submit(m.el);
    const summary = m.root.getElementById('error-summary');
    expect(deepActiveElement()).to.equal(summary);
    expect(summary?.querySelectorAll('a')).to.have.length(2);
    expect(m.root.getElementById('search-cf')?.getAttribute('aria-invalid')).to.equal('true');
    expect(m.root.getElementById('search-cf')?.getAttribute('aria-describedby')).to.contain(
      'search-cf-error',
    );
    expect(m.stub.calls.filter((c) => c.url.includes('/practices/search'))).to.have.length(0);
    await expectAccessible(m.el);
    (summary?.querySelector('a') as HTMLAnchorElement).click();
    expect(deepActiveElement()?.id).to.equal('search-cf');
  });

  it('shows the practice on a hit, focusing it; "Stampa bollettino" needs no login', async () => {
    const m = await mount([hit, pdf]);
    stub = m.stub;
    await fill(m.el, 'rssmra85t10a562s', '3019 0000 0000 0001 80');
    const found = oneEvent(m.el, 'pagatore-practice-found');
    await submit(m.el);
    expect((await found).detail).to.deep.equal({ practiceId: '7', entity: ENTE });
    const call = m.stub.calls.find((c) => c.url.endsWith('/practices/search'));
    expect(call?.body).to.deep.equal({ fiscalCode: 'RSSMRA85T10A562S', nav: NAV });
    expect(deepActiveElement()?.id).to.equal('result-title');
    const text = m.root.querySelector('.result')?.textContent ?? '';
    expect(text)
      .to.contain('Comune di Esempio')
      .and.contain('186,50 €')
      .and.contain('16/12/2026')
      .and.contain('Da pagare');
    await expectAccessible(m.el);
    const print = [...m.root.querySelectorAll('.result button')].find(
      (b) => b.textContent?.trim() === 'Stampa bollettino',
    ) as HTMLButtonElement;
    setTimeout(() => print.click());
    const ev = await oneEvent(m.el, 'pagatore-practice-print');
    expect(ev.detail).to.deep.include({ practiceId: '7', nav: NAV, amount: 18650 });
    expect(ev.detail.search).to.deep.equal({ fiscalCode: 'RSSMRA85T10A562S', nav: NAV });
    // Nobody cancelled the event: the widget fetches the notice with the same identifiers.
    await waitUntil(() => m.stub.calls.some((c) => c.url.includes('/practices/search/notice.pdf')));
    const pdfCall = m.stub.calls.find((c) => c.url.includes('/practices/search/notice.pdf'));
    expect(pdfCall?.body).to.deep.equal({ fiscalCode: 'RSSMRA85T10A562S', nav: NAV });
  });

  it('"Aggiungi al calendario" on a hit asks the server with the same identifiers; a refusal shows in the summary', async () => {
    const calendar: Route = {
      method: 'POST',
      path: `${base}/practices/search/calendar.ics`,
      text: ICS,
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'attachment; filename="scadenze-7.ics"',
      },
    };
    const m = await mount([hit, calendar]);
    stub = m.stub;
    await fill(m.el, 'rssmra85t10a562s', '3019 0000 0000 0001 80');
    await submit(m.el);
    const button = () =>
      [...m.root.querySelectorAll('.result button')].find(
        (b) => b.textContent?.trim() === 'Aggiungi al calendario',
      ) as HTMLButtonElement;
    const file = await catchDownload(() => button().click(), waitUntil);
    expect(file.name).to.equal('scadenze-7.ics');
    expect(await file.blob.text()).to.equal(ICS);
    const call = m.stub.calls.find((c) => c.url.includes('/practices/search/calendar.ics'))!;
    expect(call.body).to.deep.equal({ fiscalCode: 'RSSMRA85T10A562S', nav: NAV });
    expect(new URL(call.url).searchParams.get('lang')).to.equal('it');
    // Too many searches: the same message as the search's, in the error summary, focused.
    calendar.text = undefined;
    calendar.status = 429;
    calendar.body = { error: { code: 'rate_limited', message: 'rate limited', requestId: 't' } };
    calendar.headers = { 'retry-after': '60' };
    button().click();
    await waitUntil(() => deepActiveElement()?.id === 'error-summary', 'summary focused', { timeout: 5000 });
    expect(m.root.getElementById('error-summary')?.textContent).to.contain('Troppi tentativi');
    await expectAccessible(m.el);
  });

  it('installments as they are: which option the code found, each with state, amount and due date; "Paga" pays the one found or chosen', async () => {
    const split = splitPractice('9', { origin: 'search', linked: true });
    const m = await mount(
      [
        { method: 'POST', path: `${base}/practices/search`, body: { practice: splitPractice('9') } },
        { method: 'POST', path: `${base}/me/practices`, body: split },
      ],
      'tok',
    );
    stub = m.stub;
    await fill(m.el, 'RSSMRA85T10A562S', '301900000000000786');
    await submit(m.el);
    const result = m.root.querySelector('.result') as HTMLElement;
    const facts = result.querySelector('.facts')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(facts).to.contain('Il codice cercato è Rata 2 di 3');
    // No single figure for the whole practice: not the single payment's amount nor code.
    expect(facts).to.not.contain('9.000,00').and.not.contain('301900000000000584');
    const rows = [...result.querySelectorAll('.option')].map(
      (li) => li.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    );
    expect(rows).to.have.length(4);
    expect(rows[0])
      .to.contain('Pagamento in unica soluzione')
      .and.contain('9.000,00')
      .and.contain('Non più pagabile');
    expect(rows[1])
      .to.contain('Rata 1 di 3')
      .and.contain('3.000,00')
      .and.contain('31/01/2027')
      .and.contain('Pagata il');
    expect(rows[2])
      .to.contain('Rata 2 di 3')
      .and.contain('Codice cercato')
      .and.contain('30/04/2027')
      .and.contain('Da pagare');
    expect(rows[3]).to.contain('Rata 3 di 3').and.contain('31/07/2027');
    const radios = [...result.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(radios.map((r) => [r.value, r.checked])).to.deep.equal([
      ['301900000000000786', true],
      ['301900000000000887', false],
    ]);
    await expectAccessible(m.el);

    // "Paga" pays what the code found…
    let paid = oneEvent(m.el, 'pagatore-practice-pay');
    (m.root.getElementById('pay') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    expect((await paid).detail).to.deep.include({ nav: '301900000000000786', amount: 300000 });
    // …or, chosen by keyboard, installment 3.
    radios[0]?.focus();
    await sendKeys({ press: 'ArrowDown' });
    await m.el.updateComplete;
    expect(radios[1]?.checked).to.equal(true);
    paid = oneEvent(m.el, 'pagatore-practice-pay');
    (m.root.getElementById('pay') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    expect((await paid).detail).to.deep.include({ nav: '301900000000000887', amount: 300000 });
  });

  it('searches by IUV too', async () => {
    const m = await mount([hit]);
    stub = m.stub;
    const radios = m.root.querySelectorAll<HTMLInputElement>('input[type="radio"]');
    radios[0]?.focus();
    await sendKeys({ press: 'ArrowDown' });
    await m.el.updateComplete;
    expect(radios[1]?.checked).to.equal(true);
    await fill(m.el, 'RSSMRA85T10A562S', '01900000000000180');
    await submit(m.el);
    expect(m.stub.calls.find((c) => c.url.endsWith('/practices/search'))?.body).to.deep.equal({
      fiscalCode: 'RSSMRA85T10A562S',
      iuv: '01900000000000180',
    });
  });

  it('answers every miss with one message that does not say which part was wrong: the server’s', async () => {
    const said = 'Nessuna pratica corrisponde ai dati inseriti.';
    const m = await mount([
      {
        method: 'POST',
        path: `${base}/practices/search`,
        status: 404,
        body: { error: { code: 'practice_not_found', message: said, requestId: 'r' } },
      },
    ]);
    stub = m.stub;
    await fill(m.el, 'RSSMRA85T10A562S', NAV);
    await submit(m.el);
    const summary = m.root.getElementById('error-summary');
    expect(deepActiveElement()).to.equal(summary);
    expect(summary?.textContent).to.contain(said);
    expect(m.root.querySelectorAll('[aria-invalid="true"]')).to.have.length(0);
    await expectAccessible(m.el);
  });

  it('shows the server’s message of an error code, asked for in the widgets’ language', async () => {
    const said = 'Keine Zahlungsposition entspricht den eingegebenen Daten.';
    await loadLang('de');
    const stubbed = stubFetch([
      entityRoute,
      {
        method: 'POST',
        path: `${base}/practices/search`,
        status: 404,
        body: { error: { code: 'practice_not_found', message: said, requestId: 'r' } },
      },
    ]);
    stub = stubbed;
    const provider = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE} lang="de"
        ><pagatore-practice-search></pagatore-practice-search
      ></pagatore-provider>`,
    );
    const el = provider.querySelector('pagatore-practice-search') as PagatorePracticeSearch;
    await el.updateComplete;
    await fill(el, 'RSSMRA85T10A562S', NAV);
    await submit(el);
    const search = stubbed.calls.find((c) => c.url.endsWith('/practices/search'));
    expect(search?.headers['accept-language']).to.equal('de');
    const summary = el.shadowRoot?.getElementById('error-summary');
    expect(summary?.textContent).to.contain(said);
    expect(summary?.textContent).not.to.contain('Nessuna pratica');
  });

  it('says when to retry after too many searches', async () => {
    const m = await mount([
      {
        method: 'POST',
        path: `${base}/practices/search`,
        status: 429,
        headers: { 'retry-after': '300' },
        body: { error: { code: 'rate_limited', message: 'x', requestId: 'r' } },
      },
    ]);
    stub = m.stub;
    await fill(m.el, 'RSSMRA85T10A562S', NAV);
    await submit(m.el);
    expect(m.root.getElementById('error-summary')?.textContent).to.contain('riprova tra 5 minuti');
  });

  it('"Paga" without login asks to log in, keeps the practice, and after login shows it again for the citizen to choose', async () => {
    const linked = practice('7', { origin: 'search', linked: true });
    const m = await mount([hit, { method: 'POST', path: `${base}/me/practices`, body: linked }]);
    stub = m.stub;
    await fill(m.el, 'RSSMRA85T10A562S', NAV);
    await submit(m.el);
    (m.root.getElementById('pay') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    await m.el.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    const box = m.root.getElementById('login-box');
    expect(box).to.not.equal(null);
    expect(deepActiveElement()).to.equal(box);
    expect(box?.textContent)
      .to.contain('Accedi')
      .and.contain('Registrati')
      .and.contain('tornerai a questa pratica');
    expect(sessionStorage.getItem(`pagatore:pending-practice:${API}|${ENTE}`)).to.contain(NAV);
    await expectAccessible(m.el);
    const login = oneEvent(m.el, 'pagatore-login-request');
    (box?.querySelector('button.btn:not(.btn-outline)') as HTMLButtonElement).click();
    expect((await login).detail).to.deep.equal({ reason: 'pay' });

    // The login widget stores the session: the search links the practice and shows it again.
    const pays: Event[] = [];
    m.el.addEventListener('pagatore-practice-pay', (e) => pays.push(e));
    const linkedEv = oneEvent(m.el, 'pagatore-practice-link');
    m.el.closest('pagatore-provider')!.store!.client.session.set({
      token: 'tok',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect((await linkedEv).detail).to.deep.equal({ practiceId: '7', entity: ENTE, reason: 'pay' });
    await waitUntil(() => deepActiveElement()?.id === 'result-title');
    expect(m.root.getElementById('login-box')).to.equal(null);
    expect(m.root.textContent).to.contain('Accesso effettuato');
    const linkCall = m.stub.calls.find((c) => c.url.endsWith('/me/practices') && c.method === 'POST');
    expect(linkCall?.body).to.deep.equal({ fiscalCode: 'RSSMRA85T10A562S', nav: NAV });
    expect(linkCall?.headers.authorization).to.equal('Bearer tok');
    expect(sessionStorage.getItem(`pagatore:pending-practice:${API}|${ENTE}`)).to.equal(null);
    // Nothing was paid by itself: the citizen chooses, then "Paga" pays this practice.
    await new Promise((r) => setTimeout(r, 50));
    expect(pays).to.have.length(0);
    const paid = oneEvent(m.el, 'pagatore-practice-pay');
    (m.root.getElementById('pay') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    const ev = await paid;
    expect(ev.detail).to.deep.equal({ practiceId: '7', entity: ENTE, nav: NAV, amount: 18650 });
    await expectAccessible(m.el);
  });

  it('logged in: the split button menu adds to the cart by keyboard, after linking; Escape closes it', async () => {
    const linked = practice('7', { origin: 'search', linked: true });
    const m = await mount([hit, { method: 'POST', path: `${base}/me/practices`, body: linked }], 'tok');
    stub = m.stub;
    expect(m.root.querySelector('.auth')).to.equal(null);
    await fill(m.el, 'RSSMRA85T10A562S', NAV);
    await submit(m.el);
    const toggle = m.root.getElementById('pay-toggle') as HTMLButtonElement;
    toggle.focus();
    await sendKeys({ press: 'ArrowDown' });
    await m.el.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(deepActiveElement()?.textContent?.trim()).to.equal('Aggiungi pratica al carrello');
    await expectAccessible(m.el);
    await sendKeys({ press: 'Escape' });
    await m.el.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(deepActiveElement()).to.equal(toggle);
    await sendKeys({ press: 'Enter' });
    await m.el.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    const cart = oneEvent(m.el, 'pagatore-practice-add-to-cart');
    await sendKeys({ press: 'Enter' });
    expect((await cart).detail.practiceId).to.equal('7');
    expect(m.stub.calls.some((c) => c.url.endsWith('/me/practices') && c.method === 'POST')).to.equal(true);
  });

  it('shows why a paid or cancelled practice cannot be paid, without "Paga"', async () => {
    const m = await mount([
      { ...hit, body: { practice: practice('8', { status: 'cancelled', payable: false }) } },
    ]);
    stub = m.stub;
    await fill(m.el, 'RSSMRA85T10A562S', NAV);
    await submit(m.el);
    expect(m.root.getElementById('pay')).to.equal(null);
    expect(m.root.querySelector('.result')?.textContent).to.contain('annullata');
    await expectAccessible(m.el);
  });

  it('fits a 320 px wide screen', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const m = await mount([hit]);
      stub = m.stub;
      await fill(m.el, 'RSSMRA85T10A562S', NAV);
      await submit(m.el);
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
      await expectAccessible(m.el);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});

describe('<pagatore-practice-search> opened from a "Paga ora" link', () => {
  const TOKEN = 'abcdefghijklmnopqrstuvwxyz234567';
  const openRoute = (over: Partial<Route>): Route => ({
    method: 'POST',
    path: `${base}/pay-links/open`,
    ...over,
  });
  let stub: ReturnType<typeof stubFetch> | undefined;
  const KEPT = `pagatore:pending-practice:${API}|${ENTE}`;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
    localStorage.clear();
    history.replaceState(null, '', `${location.pathname}${location.search}#paga=${TOKEN}`);
  });
  afterEach(() => {
    stub?.restore();
    localStorage.clear();
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  });

  /**
   * Another tab of the same browser, logged in there: its own sessionStorage (empty but for its
   * session), the same localStorage; the page at its address without the link.
   */
  async function otherTab(routes: Route[]) {
    for (const tab of document.querySelectorAll('pagatore-provider')) tab.remove();
    resetStores();
    sessionStorage.clear();
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    return mount(routes, 'tok');
  }

  it('shows the practice ready to pay, debtor masked, without typing any code', async () => {
    const masked = practice('9', {
      debtor: { fiscalCode: 'RSS***********2S', name: 'M**** R****' },
    });
    const m = await mount([
      openRoute({ body: { practice: masked, installment: null, expiresAt: '2027-01-01T00:00:00.000Z' } }),
    ]);
    stub = m.stub;
    await waitUntil(() => m.root.getElementById('result-title'), 'practice shown', { timeout: 5000 });
    const call = m.stub.calls.find((c) => c.url.endsWith('/pay-links/open'));
    expect(call?.body).to.deep.equal({ token: TOKEN });
    const result = m.root.querySelector('.result')?.textContent ?? '';
    expect(result).to.contain('Pratica da pagare');
    expect(result).to.contain('M**** R****');
    expect(result).not.to.contain('Mario Rossi');
    expect(result).to.contain('Paga');
    expect(result).not.to.contain('Stampa bollettino');
    expect((m.root.getElementById('search-cf') as HTMLInputElement).value).to.equal('');
    await expectAccessible(m.el);
  });

  it('"Aggiungi al calendario" downloads the .ics the server makes for the link (token in the body)', async () => {
    const m = await mount([
      openRoute({
        body: { practice: practice('9'), installment: null, expiresAt: '2027-01-01T00:00:00.000Z' },
      }),
      {
        method: 'POST',
        path: `${base}/pay-links/calendar.ics`,
        text: ICS,
        headers: {
          'content-type': 'text/calendar; charset=utf-8',
          'content-disposition': 'attachment; filename="scadenze-9.ics"',
        },
      },
    ]);
    stub = m.stub;
    await waitUntil(() => m.root.getElementById('result-title'), 'practice shown', { timeout: 5000 });
    const button = [...m.root.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Aggiungi al calendario',
    );
    const file = await catchDownload(() => button!.click(), waitUntil);
    expect(file.name).to.equal('scadenze-9.ics');
    expect(file.blob.type).to.contain('text/calendar');
    expect(await file.blob.text()).to.equal(ICS);
    const call = m.stub.calls.find((c) => c.url.includes('/pay-links/calendar.ics'))!;
    expect(call.method).to.equal('POST');
    expect(call.body).to.deep.equal({ token: TOKEN });
    const url = new URL(call.url);
    expect(url.searchParams.get('lang')).to.equal('it');
    // The page without its fragment: the server adds the link to it; no token in the URL.
    expect(url.searchParams.get('page')).to.equal(`${location.origin}${location.pathname}${location.search}`);
    expect(call.url).not.to.contain(TOKEN);
  });

  it('"Paga" logged out keeps the link (not the URL) for after login, and the login brings the citizen back to its practice', async () => {
    const masked = practice('9', { debtor: { fiscalCode: 'RSS***********2S', name: 'M**** R****' } });
    const linked = practice('9', { origin: 'search', linked: true });
    const m = await mount([
      openRoute({ body: { practice: masked, installment: 0, expiresAt: '2027-01-01T00:00:00.000Z' } }),
      { method: 'POST', path: `${base}/me/practices/pay-link`, body: linked },
    ]);
    stub = m.stub;
    await waitUntil(() => m.root.getElementById('result-title'), 'practice shown', { timeout: 5000 });
    (m.root.getElementById('pay') as HTMLButtonElement).click();
    await waitUntil(() => m.root.getElementById('login-box'), 'login asked');
    const kept = JSON.parse(sessionStorage.getItem(`pagatore:pending-practice:${API}|${ENTE}`) ?? '{}');
    expect(kept).to.include({ reason: 'pay', payLink: TOKEN, installment: 0 });
    expect(kept.search).to.equal(undefined);

    // The login screen replaces the fragment; a new search widget sees the session and the kept link.
    history.replaceState(null, '', `${location.pathname}${location.search}#/accedi`);
    const linkedEv = oneEvent(m.el, 'pagatore-practice-link');
    m.el.closest('pagatore-provider')!.store!.client.session.set({
      token: 'tok',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect((await linkedEv).detail).to.deep.equal({ practiceId: '9', entity: ENTE, reason: 'pay' });
    await waitUntil(() => deepActiveElement()?.id === 'result-title', 'practice focused');
    const call = m.stub.calls.find((c) => c.url.endsWith('/me/practices/pay-link'));
    expect(call?.body).to.deep.equal({ token: TOKEN });
    expect(call?.headers.authorization).to.equal('Bearer tok');
    expect(sessionStorage.getItem(`pagatore:pending-practice:${API}|${ENTE}`)).to.equal(null);
    // Nothing was paid by itself; "Paga" pays the link's practice, linked again by its token.
    const paid = oneEvent(m.el, 'pagatore-practice-pay');
    (m.root.getElementById('pay') as HTMLButtonElement).click();
    expect((await paid).detail).to.deep.equal({ practiceId: '9', entity: ENTE, nav: NAV, amount: 18650 });
    await expectAccessible(m.el);
  });

  it('"Paga" logged out, then the login in another tab (the activation e-mail’s): that tab comes back to the practice, once', async () => {
    const masked = practice('9', { debtor: { fiscalCode: 'RSS***********2S', name: 'M**** R****' } });
    const linked = practice('9', { origin: 'search', linked: true });
    const first = await mount([
      openRoute({ body: { practice: masked, installment: 0, expiresAt: '2027-01-01T00:00:00.000Z' } }),
    ]);
    stub = first.stub;
    await waitUntil(() => first.root.getElementById('result-title'), 'practice shown', { timeout: 5000 });
    (first.root.getElementById('pay') as HTMLButtonElement).click();
    await waitUntil(() => first.root.getElementById('login-box'), 'login asked');
    // Kept for the browser's tabs: the token, the reason and the installment, never a URL.
    const shared = JSON.parse(localStorage.getItem(KEPT) ?? '{}');
    expect(Object.keys(shared).sort()).to.deep.equal(['at', 'installment', 'payLink', 'reason']);
    expect(shared).to.include({ reason: 'pay', payLink: TOKEN, installment: 0 });
    stub.restore();

    const m = await otherTab([{ method: 'POST', path: `${base}/me/practices/pay-link`, body: linked }]);
    stub = m.stub;
    expect(sessionStorage.getItem(KEPT)).to.equal(null);
    const linkedEv = oneEvent(m.el, 'pagatore-practice-link');
    expect((await linkedEv).detail).to.deep.equal({ practiceId: '9', entity: ENTE, reason: 'pay' });
    await waitUntil(() => deepActiveElement()?.id === 'result-title', 'practice focused');
    const call = m.stub.calls.find((c) => c.url.endsWith('/me/practices/pay-link'));
    expect(call?.body).to.deep.equal({ token: TOKEN });
    expect(m.stub.calls.every((c) => !c.url.includes(TOKEN))).to.equal(true);
    // Used: no tab takes it again.
    expect(localStorage.getItem(KEPT)).to.equal(null);
    stub.restore();
    const third = await otherTab([]);
    stub = third.stub;
    await new Promise((r) => setTimeout(r, 100));
    expect(third.stub.calls.some((c) => c.url.includes('/me/practices'))).to.equal(false);
    expect(third.root.getElementById('result-title')).to.equal(null);
  });

  it("another tab ignores a pay link's return older than 30 minutes, in the future, or tampered with", async () => {
    const action = { reason: 'pay', payLink: TOKEN, installment: null };
    for (const kept of [
      { ...action, at: Date.now() - 31 * 60_000 },
      { ...action, at: Date.now() + 60 * 60_000 },
      { ...action, payLink: 'https://evil.example/x', at: Date.now() },
      { ...action, reason: 'steal', at: Date.now() },
      { ...action, installment: '0; x', at: Date.now() },
      // A search's action (a fiscal code) is never shared between tabs.
      {
        reason: 'pay',
        search: { fiscalCode: 'RSSMRA85T10A562S', nav: NAV },
        installment: null,
        at: Date.now(),
      },
      { ...action, search: { fiscalCode: 'RSSMRA85T10A562S' }, at: Date.now() },
    ]) {
      localStorage.setItem(KEPT, JSON.stringify(kept));
      stub?.restore();
      const m = await otherTab([]);
      stub = m.stub;
      await new Promise((r) => setTimeout(r, 100));
      expect(
        m.stub.calls.some((c) => c.url.includes('/me/practices')),
        JSON.stringify(kept),
      ).to.equal(false);
      expect(m.root.getElementById('result-title')).to.equal(null);
      expect(localStorage.getItem(KEPT), JSON.stringify(kept)).to.equal(null);
    }
    // Within the 30 minutes, the same shape is followed.
    localStorage.setItem(KEPT, JSON.stringify({ ...action, at: Date.now() - 29 * 60_000 }));
    stub?.restore();
    const m = await otherTab([
      { method: 'POST', path: `${base}/me/practices/pay-link`, body: practice('9', { linked: true }) },
    ]);
    stub = m.stub;
    await waitUntil(() => m.root.getElementById('result-title'), 'practice shown', { timeout: 5000 });
  });

  it('a kept action whose link is not a token of the portal is dropped, never followed', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    sessionStorage.setItem(
      `pagatore:pending-practice:${API}|${ENTE}`,
      JSON.stringify({ reason: 'pay', payLink: 'https://evil.example/x', installment: null, at: Date.now() }),
    );
    const m = await mount([], 'tok');
    stub = m.stub;
    await new Promise((r) => setTimeout(r, 100));
    expect(m.stub.calls.some((c) => c.url.includes('/me/practices'))).to.equal(false);
    expect(m.root.getElementById('result-title')).to.equal(null);
    expect(sessionStorage.getItem(`pagatore:pending-practice:${API}|${ENTE}`)).to.equal(null);
  });

  it('says why an expired link opens nothing and keeps the search as the way on', async () => {
    const m = await mount([
      openRoute({
        status: 410,
        body: {
          error: {
            code: 'paylink_expired',
            message:
              'Il link di pagamento è scaduto: cerca la pratica con il codice fiscale e il Codice Avviso.',
            requestId: 'r',
          },
        },
      }),
    ]);
    stub = m.stub;
    await waitUntil(() => m.root.getElementById('paylink-problem'), 'problem shown', { timeout: 5000 });
    const problem = m.root.getElementById('paylink-problem');
    expect(problem?.textContent).to.contain('Il link di pagamento è scaduto');
    expect(problem?.textContent).to.contain('Link di pagamento non utilizzabile');
    expect(m.root.querySelector('.result')).to.equal(null);
    expect(m.root.getElementById('search-cf')).to.not.equal(null);
    await expectAccessible(m.el);
  });
});
