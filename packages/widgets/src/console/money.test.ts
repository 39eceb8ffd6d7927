import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { createConsoleClient, type Stats, type StaffRole } from '@pagatore/sdk';
import { expectAccessible } from '../../test/a11y.js';
import { API, ENTE, type Route, stubFetch } from '../../test/fetch-stub.js';
import type { PagatoreConsoleDashboard } from './dashboard.js';
import type { PagatoreConsolePayments, PagatoreConsoleReceipts } from './money.js';
import type { PagatoreConsoleReconciliation } from './reconciliation.js';
import './dashboard.js';
import './money.js';
import './reconciliation.js';

const STATS: Stats = {
  from: '2026-11-01',
  to: '2026-11-03',
  collectedByDay: [
    { date: '2026-11-01', count: 1, amount: 10000 },
    { date: '2026-11-02', count: 2, amount: 6500 },
    { date: '2026-11-03', count: 0, amount: 0 },
  ],
  collectedByService: [
    { service: 'TARI', name: 'Tassa rifiuti', count: 2, amount: 12500 },
    { service: null, name: '', count: 1, amount: 4000 },
  ],
  collectedByDayService: [],
  byMethod: [
    { method: 'CP', count: 2, amount: 14000 },
    { method: 'PO', count: 1, amount: 2500 },
  ],
  onTime: { onTime: 2, late: 1 },
  openByDueMonth: [{ month: '2026-12', count: 3, amount: 21000 }],
  total: { count: 3, amount: 16500 },
};

const STUCK = {
  id: 'abcdefghijklmnopqrstuvwxyz234567',
  state: 'redirected',
  view: 'stuck',
  amount: 1500,
  provider: 'sandbox',
  createdAt: '2026-11-10T09:00:00.000Z',
  expiresAt: '2026-11-10T09:30:00.000Z',
  endedAt: null,
  activatedAt: null,
  items: [
    {
      iupd: 'TARI-7',
      nav: '301000000000000271',
      iuv: '01000000000000271',
      amount: 1500,
      description: 'TARI 2026',
      debtorName: 'Mario Rossi',
      debtorFiscalCode: 'RSSMRA85T10A562S',
    },
  ],
  actions: ['expire', 'open_position'],
};

function client() {
  const c = createConsoleClient({ baseUrl: API });
  c.useEntity(ENTE);
  return c;
}

const clean = (e: Element) => (e.textContent ?? '').replace(/\s+/g, ' ').trim();
const texts = (root: ParentNode, sel: string) => [...root.querySelectorAll(sel)].map(clean);
/** Each row's cells joined by " | ". */
const rows = (root: ParentNode, sel: string) =>
  [...root.querySelectorAll(sel)].map((r) => [...r.children].map(clean).join(' | '));

describe('console dashboard', () => {
  let restore = () => {};
  afterEach(() => restore());

  async function dashboard(routes: Route[] = []) {
    const stub = stubFetch([...routes, { method: 'GET', path: '/api/v1/admin/stats', body: STATS }]);
    restore = stub.restore;
    const el = await fixture<PagatoreConsoleDashboard>(
      html`<pagatore-console-dashboard .client=${client()} .entity=${ENTE}></pagatore-console-dashboard>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('figure svg'), 'no chart drawn', { timeout: 5000 });
    return { el, root: el.shadowRoot as ShadowRoot, stub };
  }

  it('draws each figure as a chart hidden from screen readers, with its summary and a table of the same numbers', async () => {
    const { root, stub } = await dashboard();
    expect(stub.calls[0]!.url).to.match(
      /\/api\/v1\/admin\/stats\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/,
    );
    expect(texts(root, 'figure h2')).to.deep.equal([
      'Incassato per giorno',
      'Incassato per servizio',
      'Pagamenti per canale',
      'Pagati entro la scadenza',
      'Da incassare per mese di scadenza',
    ]);
    const byDay = root.querySelector('[data-figure="by-day"]')!;
    expect(byDay.querySelector('.chart')!.getAttribute('aria-hidden')).to.equal('true');
    // One bar per day, the table with the same numbers.
    expect(byDay.querySelectorAll('.ct-bar')).to.have.length(3);
    expect(rows(byDay, 'tbody tr')).to.deep.equal([
      '01/11/2026 | 1 | 100,00 €',
      '02/11/2026 | 2 | 65,00 €',
      '03/11/2026 | 0 | 0,00 €',
    ]);
    expect(texts(byDay, '.summary')[0]).to.equal(
      '165,00 € incassati in 3 pagamenti dal 01/11/2026 al 03/11/2026; il giorno con più incassi è il 01/11/2026 (100,00 €).',
    );
    const svc = root.querySelector('[data-figure="by-service"]')!;
    expect(rows(svc, 'tbody tr')).to.deep.equal([
      'Tassa rifiuti | 2 | 125,00 €',
      'Senza servizio | 1 | 40,00 €',
    ]);
    const method = root.querySelector('[data-figure="by-method"]')!;
    expect(rows(method, 'tbody tr')).to.deep.equal([
      'carta (CP) | 2 | 140,00 €',
      'sportello (PSP) (PO) | 1 | 25,00 €',
    ]);
    const onTime = root.querySelector('[data-figure="on-time"]')!;
    expect(texts(onTime, '.summary')[0]).to.equal(
      '67% dei pagamenti entro la scadenza: 2 puntuali, 1 in ritardo.',
    );
    const open = root.querySelector('[data-figure="open"]')!;
    expect(rows(open, 'tbody tr')).to.deep.equal(['2026-12 | 3 | 210,00 €']);
    await expectAccessible(root.host as HTMLElement);
  });

  it('asks for the range chosen, and fits a tablet', async () => {
    await setViewport({ width: 768, height: 1024 });
    const { el, root, stub } = await dashboard();
    (root.getElementById('from') as HTMLInputElement).value = '2026-11-01';
    (root.getElementById('to') as HTMLInputElement).value = '2026-11-03';
    root.querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
    await waitUntil(() => stub.calls.length === 2, 'no second request');
    expect(stub.calls[1]!.url).to.equal(`${API}/api/v1/admin/stats?from=2026-11-01&to=2026-11-03`);
    await el.updateComplete;
    expect(el.scrollWidth).to.be.at.most(768);
    await setViewport({ width: 1280, height: 900 });
  });
});

describe('console payments', () => {
  let restore = () => {};
  afterEach(() => restore());

  async function payments(role: StaffRole) {
    const stub = stubFetch([
      {
        method: 'POST',
        path: `/api/v1/admin/payments/${STUCK.id}/expiry`,
        body: { ...STUCK, state: 'expired', view: 'expired', actions: ['open_position'] },
      },
      { method: 'GET', path: '/api/v1/admin/payments', body: { items: [STUCK], next: null } },
    ]);
    restore = stub.restore;
    const el = await fixture<PagatoreConsolePayments>(
      html`<pagatore-console-payments
        .client=${client()}
        .entity=${ENTE}
        .staffRole=${role}
      ></pagatore-console-payments>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('tr[data-payment]'), 'no payments', { timeout: 5000 });
    return { el, root: el.shadowRoot as ShadowRoot, stub };
  }

  it('shows the stuck payments with what to do; an operator closes one', async () => {
    const { el, root, stub } = await payments('operator');
    expect(stub.calls[0]!.url).to.equal(`${API}/api/v1/admin/payments?view=stuck&limit=50`);
    const row = root.querySelector('tr[data-payment]')!;
    expect(row.textContent).to.contain('Mario Rossi');
    const link = row.querySelector<HTMLAnchorElement>('a[href^="#/positions/"]')!;
    expect(link.getAttribute('href')).to.equal('#/positions/TARI-7');
    await expectAccessible(el);
    const close = [...row.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Chiudi il pagamento'),
    )!;
    close.click();
    await waitUntil(() => root.querySelector('.alert-success'), 'no confirmation');
    expect(stub.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).to.include(
      `POST /api/v1/admin/payments/${STUCK.id}/expiry`,
    );
    // The list switches with the buttons, which say which one is shown.
    const tabs = root.querySelectorAll<HTMLButtonElement>('[role="group"] button');
    expect([...tabs].map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['true', 'false', 'false']);
  });

  it('a viewer reads the advice but gets no button to close', async () => {
    const { root } = await payments('viewer');
    expect(root.querySelector('tr[data-payment]')!.textContent).to.contain('libera la pratica');
    expect(
      [...root.querySelectorAll('tr[data-payment] button')].some((b) => b.textContent?.includes('Chiudi')),
    ).to.equal(false);
  });
});

describe('console reconciliation', () => {
  let restore = () => {};
  afterEach(() => restore());

  it('shows the daily report per IBAN and looks an IUV up in the flows', async () => {
    const stub = stubFetch([
      {
        method: 'GET',
        path: '/api/v1/admin/reconciliation/report',
        body: [
          {
            date: '2026-11-02',
            iban: 'IT60X0542811101000000123456',
            collected_count: 2,
            collected_amount: 6500,
            settled_count: 1,
            settled_amount: 2500,
            awaiting_count: 1,
            awaiting_amount: 4000,
            overdue_count: 0,
            overdue_amount: 0,
            disputed_count: 0,
            disputed_amount: 0,
            unmatched_count: 0,
            unmatched_amount: 0,
            anomalies: 0,
          },
        ],
      },
      { method: 'GET', path: '/api/v1/admin/flows', body: { items: [], total: 0, limit: 200, offset: 0 } },
      {
        method: 'GET',
        path: '/api/v1/admin/flow-rows',
        body: { items: [], total: 0, limit: 50, offset: 0 },
      },
    ]);
    restore = stub.restore;
    const el = await fixture<PagatoreConsoleReconciliation>(
      html`<pagatore-console-reconciliation
        .client=${client()}
        .entity=${ENTE}
        .iuv=${'01000000000000271'}
      ></pagatore-console-reconciliation>`,
    );
    const root = el.shadowRoot as ShadowRoot;
    await waitUntil(() => root.querySelector('table.report tbody tr'), 'no report', { timeout: 5000 });
    expect(rows(root, 'table.report tbody tr')[0]).to.equal(
      '02/11/2026 | IT60X0542811101000000123456 | 65,00 € (2) | 25,00 € (1) | 40,00 € (1) | 0,00 € (0) | 0,00 € (0) | 0,00 € (0) | 0',
    );
    await waitUntil(() => root.textContent?.includes('Nessuna riga dei flussi con IUV 01000000000000271'));
    expect(stub.calls.some((c) => c.url.endsWith('/api/v1/admin/flow-rows?iuv=01000000000000271'))).to.equal(
      true,
    );
    await expectAccessible(el);
  });
});

describe('console receipts: the overpayments to refund', () => {
  let restore = () => {};
  afterEach(() => restore());

  const over = (n: number) => ({
    id: n,
    receiptId: `RT-${n}`,
    iupd: `TARI-${n}`,
    nav: '301000000000000271',
    iuv: '01000000000000271',
    description: 'TARI 2026',
    amount: 1000 * n,
    fee: 0,
    paidAt: '2026-11-20T10:00:00.000Z',
    receivedAt: '2026-11-20T10:00:03.000Z',
    psp: { id: 'PSP1', name: 'Banca di prova', fiscalCode: null },
    channel: 'PSP1_01',
    method: 'CP',
    debtor: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi' },
    payer: null,
    refundTo: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi', role: 'debtor' },
    flag: 'overpaid',
    collectedBy: [],
  });

  it('"Mostra altri" adds the next page (keyset: after = next) under the first, then is gone', async () => {
    const list: Route = {
      method: 'GET',
      path: '/api/v1/admin/overpayments',
      body: { items: [over(3), over(2)], total: 3, totalAmount: 6000, next: 'NEXT~2', limit: 2, offset: 0 },
    };
    const stub = stubFetch([list, { method: 'GET', path: '/api/v1/admin/stats', body: STATS }]);
    restore = stub.restore;
    const el = await fixture<PagatoreConsoleReceipts>(
      html`<pagatore-console-receipts .client=${client()} .entity=${ENTE}></pagatore-console-receipts>`,
    );
    const root = el.shadowRoot as ShadowRoot;
    await waitUntil(() => root.getElementById('over-more'), 'no "Mostra altri"', { timeout: 5000 });
    expect(texts(root, 'table.overpayments tbody tr td.mono')).to.deep.equal(['RT-3', 'RT-2']);
    list.body = { items: [over(1)], total: 3, totalAmount: 6000, next: null, limit: 2, offset: 0 };
    root.getElementById('over-more')!.click();
    await waitUntil(() => root.querySelectorAll('table.overpayments tbody tr').length === 3, 'no next page');
    const asked = stub.calls
      .filter((c) => c.url.includes('/overpayments'))
      .map((c) => new URL(c.url).searchParams.get('after'));
    expect(asked).to.deep.equal([null, 'NEXT~2']);
    expect(texts(root, 'table.overpayments tbody tr td.mono')).to.deep.equal(['RT-3', 'RT-2', 'RT-1']);
    expect(root.getElementById('over-more')).to.equal(null);
    await expectAccessible(el);
  });
});
