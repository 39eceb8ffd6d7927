import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { notifyPracticesChanged } from '../../practices/changes.js';
import { resetStores } from '../../state/store.js';
import { deepActiveElement, expectAccessible } from '../../../test/a11y.js';
import { catchDownload, ICS } from '../../../test/downloads.js';
import { API, demoEntity, ENTE, type Route, stubFetch } from '../../../test/fetch-stub.js';
import { installmentPractice, practice } from '../../../test/practices.js';
import '../provider/provider.js';
import './practices.js';
import type { PagatorePractices } from './practices.component.js';

const base = `/api/v1/entities/${ENTE}`;
const entityRoute: Route = { method: 'GET', path: base, body: demoEntity };

const ALL = [
  practice('1'),
  practice('2', { status: 'paid', payable: false, origin: 'search', linked: true }),
  practice('3', { status: 'expired', payable: false }),
  practice('4', { status: 'cancelled', payable: false }),
  practice('5', { status: 'in_payment', payable: false, origin: 'spontaneous', linked: true }),
  installmentPractice('6'),
];

function listRoute(items = ALL, total = items.length): Route {
  return { method: 'GET', path: `${base}/me/practices`, body: { items, total, limit: 10, offset: 0 } };
}

async function mount(routes: Route[], opts: { session?: boolean; pageSize?: number } = {}) {
  const stub = stubFetch([entityRoute, ...routes]);
  if (opts.session !== false) {
    sessionStorage.setItem(
      `pagatore:session:${API}|${ENTE}`,
      JSON.stringify({ token: 'tok', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
  }
  const provider = await fixture(
    html`<pagatore-provider api=${API} entity=${ENTE}
      ><pagatore-practices page-size=${opts.pageSize ?? 10}></pagatore-practices
    ></pagatore-provider>`,
  );
  const el = provider.querySelector('pagatore-practices') as PagatorePractices;
  await el.updateComplete;
  if (opts.session !== false) {
    await waitUntil(() =>
      /[0-9]+ pratiche/.test(el.shadowRoot?.querySelector('[role="status"]')?.textContent ?? ''),
    );
  }
  return { el, stub, root: el.shadowRoot as ShadowRoot };
}

const card = (root: ShadowRoot, id: string) =>
  root.getElementById(`title-${id}`)?.closest('article') as HTMLElement;

describe('<pagatore-practices>', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
  });
  afterEach(() => stub?.restore());

  it('without a session asks to log in', async () => {
    const m = await mount([], { session: false });
    stub = m.stub;
    const button = m.root.querySelector('button') as HTMLButtonElement;
    expect(button.textContent?.trim()).to.equal('Accedi');
    await expectAccessible(m.el);
    setTimeout(() => button.click());
    await oneEvent(m.el, 'pagatore-login-request');
    expect(m.stub.calls.some((c) => c.url.includes('/me/practices'))).to.equal(false);
  });

  it('lists the practices with the right state and actions for each, accessibly', async () => {
    const m = await mount([listRoute()]);
    stub = m.stub;
    expect(m.root.querySelectorAll('.list > li')).to.have.length(6);
    expect(card(m.root, '1').querySelector('#pay-1')).to.not.equal(null);
    expect(card(m.root, '1').textContent).to.contain('Stampa bollettino').and.contain('Da pagare');
    expect(card(m.root, '2').textContent).to.contain('Pagata').and.contain('Trovata con la ricerca');
    expect(card(m.root, '2').querySelector('button')).to.equal(null);
    expect(card(m.root, '3').textContent).to.contain('Scaduta').and.contain('contatta l’ente');
    expect(card(m.root, '4').textContent).to.contain('Annullata').and.contain('non va pagata');
    expect(card(m.root, '4').querySelector('button')).to.equal(null);
    expect(card(m.root, '5').textContent).to.contain('Pagamento in corso').and.contain('Pagamento spontaneo');
    expect(card(m.root, '5').querySelector('#pay-5')).to.equal(null);
    const six = card(m.root, '6');
    expect(six.textContent).to.contain('Pagata in parte').and.contain('rate pagate: 1 di 3');
    expect(m.root.querySelector('.toolbar button')?.textContent?.trim()).to.equal('Inserimento spontaneo');
    await expectAccessible(m.el);
    // Every installment as it is: amount, due date, state; the paid one cannot be chosen.
    const rows = [...six.querySelectorAll('.option')].map((li) =>
      li.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(rows[0])
      .to.contain('Rata 1 di 3')
      .and.contain('10,00')
      .and.contain('15/03/2026')
      .and.contain('Pagata');
    expect(rows[1]).to.contain('Rata 2 di 3').and.contain('15/04/2026').and.contain('Da pagare');
    expect(rows[2]).to.contain('Rata 3 di 3').and.contain('15/05/2026');
    expect(
      [...six.querySelectorAll('input[type=radio]')].map((r) => (r as HTMLInputElement).value),
    ).to.deep.equal(['301900000000000382', '301900000000000483']);
    expect(six.querySelector('legend')?.textContent).to.contain('Scegli cosa pagare');
  });

  it('"Paga", the menu’s "Aggiungi pratica al carrello" and "Stampa bollettino" emit typed events', async () => {
    const m = await mount([
      listRoute(),
      { method: 'GET', path: `${base}/me/practices/1/notice.pdf`, body: {} },
    ]);
    stub = m.stub;
    const pay = oneEvent(m.el, 'pagatore-practice-pay');
    (m.root.getElementById('pay-1') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    expect((await pay).detail).to.deep.equal({
      practiceId: '1',
      entity: ENTE,
      nav: '301900000000000180',
      amount: 18650,
    });
    // The installment practice pays its first open installment.
    const toggle = m.root.getElementById('pay-6-toggle') as HTMLButtonElement;
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await m.el.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(deepActiveElement()?.getAttribute('role')).to.equal('menuitem');
    await expectAccessible(m.el);
    const cart = oneEvent(m.el, 'pagatore-practice-add-to-cart');
    await sendKeys({ press: 'Enter' });
    expect((await cart).detail).to.deep.include({ practiceId: '6', nav: '301900000000000382', amount: 1000 });
    // Choosing installment 3 by keyboard: "Paga" pays it.
    (card(m.root, '6').querySelector('input[value="301900000000000382"]') as HTMLInputElement).focus();
    await sendKeys({ press: 'ArrowDown' });
    await m.el.updateComplete;
    expect(
      (card(m.root, '6').querySelector('input[value="301900000000000483"]') as HTMLInputElement).checked,
    ).to.equal(true);
    const pay3 = oneEvent(m.el, 'pagatore-practice-pay');
    (m.root.getElementById('pay-6') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    expect((await pay3).detail).to.deep.include({ practiceId: '6', nav: '301900000000000483', amount: 1000 });
    const print = oneEvent(m.el, 'pagatore-practice-print');
    (card(m.root, '1').querySelector('.btn-outline') as HTMLButtonElement).click();
    expect((await print).detail).to.deep.include({ practiceId: '1', search: null });
    await waitUntil(() => m.stub.calls.some((c) => c.url.includes('/me/practices/1/notice.pdf')));
  });

  it('"Aggiungi al calendario" (after "Stampa bollettino") downloads the .ics the server makes of the practice', async () => {
    const calendar: Route = {
      method: 'GET',
      path: `${base}/me/practices/6/calendar.ics`,
      text: ICS,
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'attachment; filename="scadenze-6.ics"',
      },
    };
    const m = await mount([listRoute(), calendar]);
    stub = m.stub;
    const calendarButton = (id: string) =>
      [...card(m.root, id).querySelectorAll('button')].find(
        (b) => b.textContent?.trim() === 'Aggiungi al calendario',
      );
    // Only practices with something left to pay offer it.
    expect(['1', '2', '3', '4', '5', '6'].map((id) => Boolean(calendarButton(id)))).to.deep.equal([
      true,
      false,
      false,
      false,
      true,
      true,
    ]);
    const labels = [...card(m.root, '1').querySelectorAll('.actions .btn-outline')].map((b) =>
      b.textContent?.trim(),
    );
    expect(labels).to.deep.equal(['Stampa bollettino', 'Aggiungi al calendario']);
    const file = await catchDownload(() => calendarButton('6')!.click(), waitUntil);
    expect(file.name).to.equal('scadenze-6.ics');
    expect(file.blob.type).to.contain('text/calendar');
    expect(await file.blob.text()).to.equal(ICS);
    // The account's own practice, asked for by its id in the portal's language, with this page.
    const call = stub.calls.find((c) => c.url.includes('/calendar.ics'))!;
    expect(call.method).to.equal('GET');
    expect(call.headers.authorization).to.equal('Bearer tok');
    const url = new URL(call.url);
    expect(url.searchParams.get('lang')).to.equal('it');
    expect(url.searchParams.get('page')).to.equal(`${location.origin}${location.pathname}${location.search}`);
  });

  it('an expired practice offers no "Stampa bollettino"; notice codes read by four and break only between groups', async () => {
    const m = await mount([listRoute()]);
    stub = m.stub;
    const expired = card(m.root, '3');
    expect(expired.textContent).not.to.contain('Stampa bollettino');
    expect(expired.querySelector('button')).to.equal(null);
    expect(card(m.root, '1').textContent).to.contain('Stampa bollettino');
    // As the printed notice writes it.
    expect(card(m.root, '1').textContent).to.contain('3019 0000 0000 0001 80');
    expect(card(m.root, '1').textContent).not.to.contain('301900000000000180');
    // In a narrow card: each group and the fiscal code stay whole.
    await setViewport({ width: 320, height: 640 });
    try {
      await m.el.updateComplete;
      for (const code of m.root.querySelectorAll<HTMLElement>('.mono')) {
        const words = (code.textContent ?? '').trim().split(/\s+/);
        const range = document.createRange();
        range.selectNodeContents(code);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        expect(lines.size, `"${code.textContent}" on at most one line per group`).to.be.at.most(words.length);
        // No group is cut: each word's own box is one line.
        const text = code.firstChild;
        if (text?.nodeType === Node.TEXT_NODE) {
          let at = 0;
          for (const w of words) {
            const start = (text.textContent ?? '').indexOf(w, at);
            at = start + w.length;
            const r = document.createRange();
            r.setStart(text, start);
            r.setEnd(text, at);
            expect(new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size, w).to.equal(1);
          }
        }
      }
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  for (const width of [375, 1280]) {
    it(`at ${width} px the "Aggiungi pratica al carrello" menu opens on screen; chosen by keyboard, focus goes back to the toggle`, async () => {
      await setViewport({ width, height: 800 });
      try {
        const m = await mount([listRoute()]);
        stub = m.stub;
        const toggle = m.root.getElementById('pay-1-toggle') as HTMLButtonElement;
        toggle.focus();
        await sendKeys({ press: 'Enter' });
        await m.el.updateComplete;
        await new Promise((r) => setTimeout(r, 0));
        const menu = m.root.getElementById('pay-1-menu') as HTMLElement;
        const box = menu.getBoundingClientRect();
        expect(box.left, 'left edge on screen').to.be.at.least(0);
        expect(box.right, 'right edge on screen').to.be.at.most(document.documentElement.clientWidth);
        expect(deepActiveElement()?.getAttribute('role')).to.equal('menuitem');
        const cart = oneEvent(m.el, 'pagatore-practice-add-to-cart');
        await sendKeys({ press: 'Enter' });
        await cart;
        await m.el.updateComplete;
        await new Promise((r) => setTimeout(r, 0));
        expect(m.root.getElementById('pay-1-menu')).to.equal(null);
        expect(deepActiveElement(), 'focus back on the menu button').to.equal(toggle);
        expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });
  }

  it('sorts and pages, moving focus to the list title', async () => {
    const m = await mount([listRoute(ALL.slice(0, 2), 5)], { pageSize: 2 });
    stub = m.stub;
    expect(m.root.querySelector('.pager')?.textContent).to.contain('Pagina 1 di 3');
    const next = [...m.root.querySelectorAll('.pager button')][1] as HTMLButtonElement;
    next.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => m.stub.calls.some((c) => c.url.includes('offset=2')));
    await m.el.updateComplete;
    await new Promise((r) => setTimeout(r, 0));
    expect(deepActiveElement()?.id).to.equal('list-title');
    const select = m.root.getElementById('sort') as HTMLSelectElement;
    select.value = '-amount';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => m.stub.calls.some((c) => c.url.includes('sort=-amount')));
    expect(m.stub.calls.at(-1)?.url).to.contain('offset=0');
    await expectAccessible(m.el);
  });

  it('shows an empty list and a retryable error', async () => {
    const m = await mount([listRoute([], 0)]);
    stub = m.stub;
    expect(m.root.textContent).to.contain('Non ci sono pratiche');
    m.stub.restore();
    stub = stubFetch([
      {
        method: 'GET',
        path: `${base}/me/practices`,
        status: 503,
        body: { error: { code: 'unavailable', message: 'x', requestId: 'r' } },
      },
    ]);
    await m.el.load();
    expect(m.root.querySelector('[role="alert"]')?.textContent).to.contain('non disponibile');
    await expectAccessible(m.el);
  });

  it('after a "Paga" asked before login shows the practice, focused, without paying; highlights a practice another widget created', async () => {
    sessionStorage.setItem(
      `pagatore:pending-practice:${API}|${ENTE}`,
      JSON.stringify({
        reason: 'pay',
        search: { fiscalCode: 'RSSMRA85T10A562S', nav: '301900000000000180' },
        installment: null,
        at: Date.now(),
      }),
    );
    const linked = practice('1', { origin: 'search', linked: true });
    const stubbed = stubFetch([
      entityRoute,
      listRoute(),
      { method: 'POST', path: `${base}/me/practices`, body: linked },
    ]);
    stub = stubbed;
    sessionStorage.setItem(
      `pagatore:session:${API}|${ENTE}`,
      JSON.stringify({ token: 'tok', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    const provider = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-practices></pagatore-practices
      ></pagatore-provider>`,
    );
    const el = provider.querySelector('pagatore-practices') as PagatorePractices;
    const pays: Event[] = [];
    el.addEventListener('pagatore-practice-pay', (e) => pays.push(e));
    const ev = await oneEvent(el, 'pagatore-practice-link');
    expect(ev.detail.practiceId).to.equal('1');
    await waitUntil(() => el.shadowRoot?.querySelector('.highlight'));
    await waitUntil(() => deepActiveElement()?.id === 'title-1');
    expect(pays).to.have.length(0);

    const before = stubbed.calls.length;
    notifyPracticesChanged(el.closest('pagatore-provider')!.store!, '6');
    await waitUntil(() => stubbed.calls.length > before);
    await waitUntil(() => el.shadowRoot?.querySelector('.highlight')?.querySelector('#title-6'));
  });

  it('at 375 px every button of a card, "▾" and "Aggiungi al calendario" too, is a 44 px tap target on screen', async () => {
    await setViewport({ width: 375, height: 800 });
    try {
      const m = await mount([listRoute()]);
      stub = m.stub;
      const buttons = [...m.root.querySelectorAll<HTMLElement>('article button')];
      expect(buttons.map((b) => b.textContent?.trim())).to.include.members(['▾', 'Aggiungi al calendario']);
      for (const b of buttons) {
        const r = b.getBoundingClientRect();
        const name = `"${b.textContent?.trim()}" ${Math.round(r.width)}×${Math.round(r.height)}`;
        expect(r.width, name).to.be.at.least(44);
        expect(r.height, name).to.be.at.least(44);
        expect(r.right, name).to.be.at.most(document.documentElement.clientWidth);
      }
      expect(document.documentElement.scrollWidth).to.be.at.most(375);
      await expectAccessible(m.el);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('fits a 320 px wide screen', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const m = await mount([listRoute()]);
      stub = m.stub;
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
      await expectAccessible(m.el);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
