import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { createConsoleClient, type StaffRole } from '@pagatore/sdk';
import { deepActiveElement, expectAccessible } from '../../test/a11y.js';
import { API, ENTE, type Route, stubFetch } from '../../test/fetch-stub.js';
import type { PagatoreConsolePosition, PagatoreConsolePositions } from './positions.js';
import type { PagatoreConsolePositionForm } from './position-form.js';
import './positions.js';
import './position-form.js';

const IBAN = 'IT60X0542811101000000123456';

function position(iupd: string, amount: number, name = 'Mario Rossi') {
  const option = {
    installment: 0,
    amount,
    dueDate: '2026-12-31',
    description: null,
    iuv: '01000000000000144',
    nav: '301000000000000144',
    status: 'unpaid',
    paidAt: null,
    transfers: [{ iban: IBAN, postal: false, amount, remittance: 'TARI', taxonomy: '9/0101002IM/' }],
  };
  return {
    iupd,
    status: 'unpaid',
    debtor: {
      fiscalCode: 'RSSMRA85T10A562S',
      type: 'F',
      name,
      address: null,
      city: null,
      postalCode: null,
      province: null,
      country: null,
      email: null,
    },
    description: 'TARI 2026',
    service: null,
    validityDate: null,
    single: option,
    installments: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    overpaidAt: null,
  };
}

const PAGE = {
  items: [position('P-1', 15000), position('P-2', 2050, 'Anna Bianchi')],
  total: 42,
  limit: 20,
  offset: 0,
  next: 'Y3Vyc29y',
};

function client() {
  const c = createConsoleClient({ baseUrl: API });
  c.useEntity(ENTE);
  return c;
}

async function list(role: StaffRole = 'operator', routes: Route[] = []) {
  const stub = stubFetch([...routes, { method: 'GET', path: '/api/v1/admin/positions', body: PAGE }]);
  const el = await fixture<PagatoreConsolePositions>(
    html`<pagatore-console-positions
      .client=${client()}
      .entity=${ENTE}
      .staffRole=${role}
    ></pagatore-console-positions>`,
  );
  const root = el.shadowRoot as ShadowRoot;
  await waitUntil(() => root.querySelector('tbody tr'), 'the table did not load', { timeout: 5000 });
  return { el, stub, root };
}

const lastQuery = (stub: ReturnType<typeof stubFetch>) =>
  new URL(stub.calls.filter((c) => c.url.includes('/admin/positions')).at(-1)?.url ?? API).searchParams;

describe('<pagatore-console-positions>', () => {
  afterEach(() => setViewport({ width: 1280, height: 900 }));

  it('sorts by a column header: aria-sort says the order, the query asks for it, newest first at the start', async () => {
    const { el, stub, root } = await list();
    expect(lastQuery(stub).get('sort')).to.equal('-created');
    const th = () => root.querySelector('button[data-sort="amount"]')?.closest('th') as HTMLElement;
    expect(th().getAttribute('aria-sort')).to.equal('none');
    (root.querySelector('button[data-sort="amount"]') as HTMLButtonElement).click();
    await waitUntil(() => lastQuery(stub).get('sort') === 'amount');
    await el.updateComplete;
    expect(th().getAttribute('aria-sort')).to.equal('ascending');
    (root.querySelector('button[data-sort="amount"]') as HTMLButtonElement).click();
    await waitUntil(() => lastQuery(stub).get('sort') === '-amount');
    await el.updateComplete;
    expect(th().getAttribute('aria-sort')).to.equal('descending');
    expect(root.querySelector('button[data-sort="due"]')?.closest('th')?.getAttribute('aria-sort')).to.equal(
      'none',
    );
    await expectAccessible(el);
  });

  it('pages with the cursor the server gave, and back without it', async () => {
    const { stub, root } = await list();
    const next = root.querySelector('button[data-page="next"]') as HTMLButtonElement;
    const prev = root.querySelector('button[data-page="prev"]') as HTMLButtonElement;
    expect(prev.disabled).to.equal(true);
    next.click();
    await waitUntil(() => lastQuery(stub).get('cursor') === 'Y3Vyc29y');
    expect(lastQuery(stub).get('offset')).to.equal(null);
    await waitUntil(() => /21/.test(root.querySelector('[role="status"]')?.textContent ?? ''));
    (root.querySelector('button[data-page="prev"]') as HTMLButtonElement).click();
    await waitUntil(() => stub.calls.length === 3);
    expect(lastQuery(stub).get('cursor')).to.equal(null);
  });

  it('takes amounts in euro and asks in cents; a wrong amount is said by its field, with the focus', async () => {
    const { el, stub, root } = await list();
    const from = root.querySelector('#f-amountFrom') as HTMLInputElement;
    from.value = '12,50';
    (root.querySelector('#f-amountTo') as HTMLInputElement).value = '1.000';
    (root.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => lastQuery(stub).get('amountFrom') === '1250');
    expect(lastQuery(stub).get('amountTo')).to.equal('100000');
    const calls = stub.calls.length;
    from.value = 'dieci';
    (root.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => root.querySelector('#f-amountFrom-error'));
    await el.updateComplete;
    expect(stub.calls.length).to.equal(calls);
    expect(from.getAttribute('aria-invalid')).to.equal('true');
    expect(deepActiveElement()?.id).to.equal('f-amountFrom');
    await expectAccessible(el);
  });

  it('an operator gets "new" and "import"; a viewer does not; the table fits a tablet', async () => {
    const op = await list('operator');
    expect(op.root.querySelector('[data-action="new"]')).not.to.equal(null);
    expect(op.root.querySelector('[data-action="import"]')).not.to.equal(null);
    await setViewport({ width: 768, height: 1024 });
    const viewer = await list('viewer');
    expect(viewer.root.querySelector('[data-action="new"]')).to.equal(null);
    expect(viewer.root.querySelector('[data-action="import"]')).to.equal(null);
    await expectAccessible(viewer.el);
  });
});

describe('<pagatore-console-position-form>', () => {
  const ENTITY = { method: 'GET', path: '/api/v1/admin/entity', body: { code: ENTE, ibans: [IBAN] } };

  async function form(iupd: string | null, role: StaffRole = 'operator', routes: Route[] = []) {
    const stub = stubFetch([...routes, ENTITY]);
    const el = await fixture<PagatoreConsolePositionForm>(
      html`<pagatore-console-position-form
        .client=${client()}
        .entity=${ENTE}
        .staffRole=${role}
        .iupd=${iupd}
      ></pagatore-console-position-form>`,
    );
    const root = el.shadowRoot as ShadowRoot;
    if (role !== 'viewer')
      await waitUntil(() => root.querySelector('form'), 'the form did not load', { timeout: 5000 });
    return { el, stub, root };
  }
  const set = (root: ShadowRoot, name: string, value: string) => {
    (root.querySelector(`[name="${name}"]`) as HTMLInputElement).value = value;
  };

  it("checks with the SDK's schema before sending: errors by each field, focus on the first", async () => {
    const { el, stub, root } = await form(null);
    (root.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => root.querySelector('.error'));
    await el.updateComplete;
    expect(stub.calls.filter((c) => c.method === 'POST')).to.have.length(0);
    expect(deepActiveElement()?.getAttribute('name')).to.equal('iupd');
    set(root, 'iupd', 'NEW-1');
    set(root, 'debtor.fiscalCode', 'RSSMRA85T10A562X');
    set(root, 'debtor.name', 'Mario Rossi');
    set(root, 'description', 'TARI');
    set(root, 'single.amount', '150,00');
    set(root, 'single.dueDate', '2026-12-31');
    set(root, 'transfer.taxonomy', '9/0101002IM/');
    (root.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => deepActiveElement()?.getAttribute('name') === 'debtor.fiscalCode');
    expect(root.querySelector('[name="debtor.fiscalCode"]')?.getAttribute('aria-invalid')).to.equal('true');
    expect(root.querySelector('[name="iupd"]')?.getAttribute('aria-invalid')).to.equal('false');
    await expectAccessible(el);
  });

  it("sends cents and shows the server's field problems by their fields", async () => {
    const { el, stub, root } = await form(null, 'operator', [
      {
        method: 'POST',
        path: '/api/v1/admin/positions',
        status: 409,
        body: {
          error: {
            code: 'already_exists',
            message: 'exists',
            requestId: 't',
            fields: [{ path: 'body.iupd', code: 'invalid_format', message: 'x' }],
          },
        },
      },
    ]);
    set(root, 'iupd', 'NEW-1');
    set(root, 'debtor.fiscalCode', 'rssmra85t10a562s');
    set(root, 'debtor.name', 'Mario Rossi');
    set(root, 'description', 'TARI');
    set(root, 'single.amount', '1.234,56');
    set(root, 'single.dueDate', '2026-12-31');
    set(root, 'transfer.taxonomy', '9/0101002IM/');
    (root.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => stub.calls.some((c) => c.method === 'POST'));
    const body = stub.calls.find((c) => c.method === 'POST')?.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(body.iupd).to.equal('NEW-1');
    expect(body.debtor.fiscalCode).to.equal('RSSMRA85T10A562S');
    expect(body.single.amount).to.equal(123456);
    expect(body.single.transfers).to.deep.equal([
      { iban: IBAN, amount: 123456, remittance: 'TARI', taxonomy: '9/0101002IM/' },
    ]);
    await waitUntil(() => root.querySelector('[role="alert"]'));
    await el.updateComplete;
    expect(root.querySelector('[name="iupd"]')?.getAttribute('aria-invalid')).to.equal('true');
  });

  it('edits a position: its values in the form, the codes of its option kept', async () => {
    const { stub, root } = await form('P-1', 'operator', [
      { method: 'GET', path: '/api/v1/admin/positions/P-1', body: position('P-1', 15000) },
      { method: 'PUT', path: '/api/v1/admin/positions/P-1', body: position('P-1', 9900) },
    ]);
    expect((root.querySelector('[name="single.amount"]') as HTMLInputElement).value).to.equal('150,00');
    expect(root.querySelector('[name="iupd"]')).to.equal(null);
    set(root, 'single.amount', '99');
    (root.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => stub.calls.some((c) => c.method === 'PUT'));
    const body = stub.calls.find((c) => c.method === 'PUT')?.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(body.iupd).to.equal(undefined);
    expect(body.single).to.include({ amount: 9900, nav: '301000000000000144', iuv: '01000000000000144' });
  });

  it('a viewer gets no form', async () => {
    const { root } = await form(null, 'viewer');
    expect(root.querySelector('form')).to.equal(null);
    expect(root.querySelector('[data-read-only]')).not.to.equal(null);
  });
});

describe('<pagatore-console-position>: payments, receipts, events', () => {
  const ACTIVITY = {
    iupd: 'P-1',
    payments: [
      {
        id: 'paidpaymentaaaaaaaaa',
        state: 'paid',
        view: null,
        amount: 15000,
        provider: 'checkout',
        createdAt: '2026-11-10T09:50:00.000Z',
        expiresAt: '2026-11-10T10:20:00.000Z',
        endedAt: '2026-11-10T09:52:00.000Z',
        activatedAt: null,
        items: [],
        actions: [],
      },
      {
        id: 'expiredpaymentaaaaaa',
        state: 'expired',
        view: 'expired',
        amount: 15000,
        provider: 'checkout',
        createdAt: '2026-11-10T09:00:00.000Z',
        expiresAt: '2026-11-10T09:30:00.000Z',
        endedAt: '2026-11-10T09:40:00.000Z',
        activatedAt: null,
        items: [],
        actions: ['open_position'],
      },
    ],
    receipts: [
      {
        receiptId: 'IUR-ACT-1',
        nav: '301000000000000144',
        iuv: '01000000000000144',
        amount: 15000,
        fee: 100,
        paidAt: '2026-11-10T09:52:00.000Z',
        receivedAt: '2026-11-10T09:52:00.000Z',
        psp: { id: 'PSP1', name: 'Banca di prova' },
        channel: 'PSP1_01',
        method: 'CP',
        payer: { name: 'G******* V****', fiscalCode: 'VRD***********1U' },
        paymentId: 'paidpaymentaaaaaaaaa',
        flag: null,
      },
    ],
    events: [
      {
        id: 7,
        type: 'receipt.received',
        createdAt: '2026-11-10T09:52:00.000Z',
        nav: '301000000000000144',
        amount: 15000,
        paymentId: null,
        receiptId: 'IUR-ACT-1',
        deliveries: { pending: 1, delivered: 2, failed: 0 },
      },
    ],
  };

  async function page(activity: Route) {
    const stub = stubFetch([
      activity,
      { method: 'GET', path: '/api/v1/admin/positions/P-1', body: position('P-1', 15000) },
    ]);
    const el = await fixture<PagatoreConsolePosition>(
      html`<pagatore-console-position
        .client=${client()}
        .entity=${ENTE}
        .staffRole=${'viewer'}
        .iupd=${'P-1'}
      ></pagatore-console-position>`,
    );
    const root = el.shadowRoot as ShadowRoot;
    await waitUntil(
      () => root.querySelector('[data-section="events"], [data-activity-error]'),
      'no activity',
      {
        timeout: 5000,
      },
    );
    return { el, root, stub };
  }
  const path = '/api/v1/admin/positions/P-1/activity';

  it('shows the payment attempts, the receipt with its masked payer and the events, in captioned tables', async () => {
    const { el, root, stub } = await page({ method: 'GET', path, body: ACTIVITY });
    expect(stub.calls.some((c) => c.url.endsWith(path))).to.equal(true);
    const section = (id: string) => root.querySelector(`[data-section="${id}"]`) as HTMLElement;
    expect(section('payments').querySelector('caption')?.textContent?.trim()).to.equal(
      'Tentativi di pagamento',
    );
    const payments = [...section('payments').querySelectorAll('tbody tr')].map((r) =>
      r.getAttribute('data-payment'),
    );
    expect(payments).to.deep.equal(['paidpaymentaaaaaaaaa', 'expiredpaymentaaaaaa']);
    expect(section('payments').textContent)
      .to.contain('pagato')
      .and.to.contain('scaduto')
      .and.to.contain('150,00');
    const receipt = section('receipts').querySelector('tr[data-receipt="IUR-ACT-1"]') as HTMLElement;
    expect(section('receipts').querySelector('caption')?.textContent?.trim()).to.equal('Ricevute');
    expect(receipt.textContent)
      .to.contain('01000000000000144')
      .and.to.contain('G******* V**** · VRD***********1U')
      .and.to.contain('Banca di prova')
      .and.to.contain('CP');
    const event = section('events').querySelector('tr[data-event="7"]') as HTMLElement;
    expect(section('events').querySelector('caption')?.textContent?.trim()).to.equal('Eventi');
    expect(event.textContent)
      .to.contain('receipt.received')
      .and.to.contain('2 consegnate, 1 in attesa, 0 fallite');
    expect(root.querySelectorAll('[data-empty]')).to.have.length(0);
    await expectAccessible(el);
  });

  it('says so when a position has no payments, receipts or events', async () => {
    const { el, root } = await page({
      method: 'GET',
      path,
      body: { iupd: 'P-1', payments: [], receipts: [], events: [] },
    });
    const empties = [...root.querySelectorAll('[data-empty]')].map((e) => e.textContent?.trim());
    expect(empties).to.deep.equal([
      'Nessun tentativo di pagamento per questa posizione.',
      'Nessuna ricevuta per questa posizione.',
      'Nessun evento per questa posizione.',
    ]);
    expect(root.querySelectorAll('[data-section] table')).to.have.length(0);
    await expectAccessible(el);
  });

  it('an activity that fails to load is said, and the options stay', async () => {
    const { root } = await page({
      method: 'GET',
      path,
      status: 500,
      body: { error: { code: 'internal', message: 'Errore interno', requestId: 't' } },
    });
    expect(root.querySelector('[data-activity-error]')?.getAttribute('role')).to.equal('alert');
    expect(root.querySelector('#opt-caption')).not.to.equal(null);
  });
});
