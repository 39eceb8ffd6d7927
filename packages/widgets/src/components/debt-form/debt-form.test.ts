import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { resetStores } from '../../state/store.js';
import { deepActiveElement, expectAccessible } from '../../../test/a11y.js';
import { API, demoEntity, ENTE, type Route, stubFetch } from '../../../test/fetch-stub.js';
import { practice, PROFILE, SERVICES } from '../../../test/practices.js';
import '../provider/provider.js';
import './debt-form.js';
import type { PagatoreDebtForm } from './debt-form.component.js';

const base = `/api/v1/entities/${ENTE}`;
const ROUTES: Route[] = [
  { method: 'GET', path: base, body: demoEntity },
  { method: 'GET', path: `${base}/services`, body: { items: SERVICES } },
  { method: 'GET', path: `${base}/me`, body: PROFILE },
];

async function mount(
  routes: Route[] = [],
  opts: { session?: boolean; service?: string; entity?: object } = {},
) {
  const all = [...routes, ...ROUTES];
  if (opts.entity) all.unshift({ method: 'GET', path: base, body: opts.entity });
  const stub = stubFetch(all);
  if (opts.session !== false) {
    sessionStorage.setItem(
      `pagatore:session:${API}|${ENTE}`,
      JSON.stringify({ token: 'tok', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
  }
  const provider = await fixture(
    html`<pagatore-provider api=${API} entity=${ENTE}
      ><pagatore-debt-form service=${opts.service ?? ''}></pagatore-debt-form
    ></pagatore-provider>`,
  );
  const el = provider.querySelector('pagatore-debt-form') as PagatoreDebtForm;
  await el.updateComplete;
  if (opts.session !== false && !opts.entity) await waitUntil(() => el.shadowRoot?.getElementById('service'));
  return { el, stub, root: el.shadowRoot as ShadowRoot };
}

async function type(el: PagatoreDebtForm, id: string, text: string) {
  (el.shadowRoot?.getElementById(id) as HTMLInputElement).focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

async function choose(el: PagatoreDebtForm, id: string, value: string) {
  const select = el.shadowRoot?.getElementById(id) as HTMLSelectElement;
  select.value = value;
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
}

async function submit(el: PagatoreDebtForm) {
  (el.shadowRoot?.querySelector('button[type="submit"]') as HTMLButtonElement).focus();
  await sendKeys({ press: 'Enter' });
  await new Promise((r) => setTimeout(r, 50));
  await el.updateComplete;
}

describe('<pagatore-debt-form>', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
  });
  afterEach(() => stub?.restore());

  it('without a session asks to log in', async () => {
    const m = await mount([], { session: false });
    stub = m.stub;
    expect(m.root.textContent).to.contain('Inserimento spontaneo').and.contain('Accedi');
    await expectAccessible(m.el);
  });

  it('says so when the entity does not allow spontaneous payments', async () => {
    const m = await mount([], { entity: { ...demoEntity, spontaneousPayments: false } });
    stub = m.stub;
    await waitUntil(() => m.root.textContent?.includes('non consente'));
    await expectAccessible(m.el);
  });

  it('shows the service’s fields as defined, the debtor’s data not editable, and the notes at the bottom', async () => {
    const m = await mount();
    stub = m.stub;
    await choose(m.el, 'service', 'MENSA');
    const labels = [...m.root.querySelectorAll('fieldset label, .field > label')].map((l) =>
      l.textContent?.trim(),
    );
    expect(labels.join('|'))
      .to.contain('Nome del bambino')
      .and.contain('Scuola')
      .and.contain('Importo della ricarica');
    expect(m.root.getElementById('f-child-hint')?.textContent).to.contain('iscrizione');
    expect(m.root.textContent).to.contain('RSSMRA85T10A562S').and.contain('Mario Rossi');
    expect(m.root.querySelectorAll('fieldset input[name="fiscalCode"]')).to.have.length(0);
    const form = m.root.querySelector('form') as HTMLFormElement;
    expect(form.lastElementChild?.tagName).to.equal('ASIDE');
    expect(form.lastElementChild?.textContent).to.contain('La ricarica è disponibile');
    await expectAccessible(m.el);
  });

  it('checks with the service’s rules before sending: summary focused, errors linked to fields', async () => {
    const m = await mount([], { service: 'MENSA' });
    stub = m.stub;
    await submit(m.el);
    const summary = m.root.getElementById('error-summary');
    expect(deepActiveElement()).to.equal(summary);
    expect(summary?.querySelectorAll('a')).to.have.length(3);
    await expectAccessible(m.el);
    await type(m.el, 'f-child', 'Anna<');
    await choose(m.el, 'f-school', 'rodari');
    await type(m.el, 'f-amount', '5');
    await submit(m.el);
    expect(m.root.getElementById('f-child-error')?.textContent).to.contain('Formato non valido');
    expect(m.root.getElementById('f-amount-error')?.textContent).to.contain('10,00 €');
    expect(m.root.getElementById('f-school')?.getAttribute('aria-invalid')).to.equal('false');
    expect(m.stub.calls.some((c) => c.method === 'POST')).to.equal(false);
    (summary?.querySelector('a') as HTMLAnchorElement).click();
    expect(deepActiveElement()?.id).to.equal('f-child');
  });

  it('creates the practice with an entered amount and says so, focusing the result', async () => {
    const created = practice('99', {
      description: 'Ricarica mensa Anna',
      amount: 5000,
      origin: 'spontaneous',
      linked: true,
    });
    const m = await mount([{ method: 'POST', path: `${base}/me/spontaneous`, status: 201, body: created }], {
      service: 'MENSA',
    });
    stub = m.stub;
    await type(m.el, 'f-child', 'Anna Rossi');
    await choose(m.el, 'f-school', 'rodari');
    await type(m.el, 'f-amount', '50,00');
    const ev = oneEvent(m.el, 'pagatore-practice-create');
    await submit(m.el);
    expect((await ev).detail).to.deep.equal({ practiceId: '99', entity: ENTE, amount: 5000 });
    expect(m.stub.calls.find((c) => c.method === 'POST')?.body).to.deep.equal({
      service: 'MENSA',
      values: { child: 'Anna Rossi', school: 'rodari', amount: 5000 },
    });
    await waitUntil(() => deepActiveElement()?.id === 'created');
    expect(m.root.textContent).to.contain('Pratica creata');
    await expectAccessible(m.el);
  });

  it('shows the server’s field errors on the fields', async () => {
    const m = await mount(
      [
        {
          method: 'POST',
          path: `${base}/me/spontaneous`,
          status: 422,
          body: {
            error: {
              code: 'validation_failed',
              message: 'x',
              requestId: 'r',
              fields: [{ path: 'values.protocol', code: 'invalid_format', message: 'x' }],
            },
          },
        },
      ],
      { service: 'ATTI' },
    );
    stub = m.stub;
    expect(m.root.querySelector('.amount-line')?.textContent).to.contain('10,00 €');
    await type(m.el, 'f-protocol', '1/2026');
    await type(m.el, 'f-requestDate', '01022026');
    await submit(m.el);
    await waitUntil(() => m.root.getElementById('f-protocol-error'));
    expect(m.root.getElementById('f-protocol')?.getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(m.el);
  });

  it('computes the amount as the user fills the form (number, checkbox by keyboard)', async () => {
    const m = await mount([], { service: 'CDU' });
    stub = m.stub;
    await type(m.el, 'f-parcels', '3');
    expect(m.root.querySelector('.amount-line')?.textContent).to.contain('56,00 €');
    (m.root.getElementById('f-urgent') as HTMLInputElement).focus();
    await sendKeys({ press: 'Space' });
    await m.el.updateComplete;
    expect(m.root.querySelector('.amount-line')?.textContent).to.contain('81,00 €');
    await expectAccessible(m.el);
  });

  it("shows the service's notes in the portal's language, Italian when the entity gave no translation", async () => {
    const notes = { it: 'Note in italiano.', en: 'Notes in English.' };
    const services = SERVICES.map((x) => ({ ...x, notes }));
    for (const [lang, text] of [
      ['en', 'Notes in English.'],
      ['de', 'Note in italiano.'],
    ] as const) {
      resetStores();
      const stub = stubFetch([
        { method: 'GET', path: `${base}/services`, body: { items: services } },
        ...ROUTES,
      ]);
      sessionStorage.setItem(
        `pagatore:session:${API}|${ENTE}`,
        JSON.stringify({ token: 'tok', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
      );
      try {
        const provider = await fixture(
          html`<pagatore-provider api=${API} entity=${ENTE} lang=${lang}
            ><pagatore-debt-form service=${SERVICES[0]!.code}></pagatore-debt-form
          ></pagatore-provider>`,
        );
        const el = provider.querySelector('pagatore-debt-form') as PagatoreDebtForm;
        await waitUntil(() => el.shadowRoot?.querySelector('.notes'), `${lang} notes`);
        await waitUntil(
          () => el.shadowRoot!.querySelector('.notes')!.textContent!.trim() === text,
          `${lang} text`,
        );
      } finally {
        stub.restore();
      }
    }
  });

  it('fits a 320 px wide screen', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const m = await mount([], { service: 'MENSA' });
      stub = m.stub;
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
      await expectAccessible(m.el);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('in preview mode draws the given service with no provider or session, checks on submit and sends nothing', async () => {
    stub = stubFetch([]);
    const service = SERVICES[0];
    if (!service) throw new Error('no service');
    const el = await fixture<PagatoreDebtForm>(
      html`<div lang="it">
        <pagatore-debt-form
          .preview=${{
            service,
            debtor: {
              fiscalCode: 'RSSMRA85T10A562S',
              subjectKind: 'person',
              firstName: 'Mario',
              lastName: 'Rossi',
              companyName: null,
              address: '',
              postalCode: '',
              city: '',
              province: null,
              email: '',
            },
          }}
        ></pagatore-debt-form>
      </div>`,
    ).then((div) => div.querySelector('pagatore-debt-form') as PagatoreDebtForm);
    await el.updateComplete;
    const root = el.shadowRoot as ShadowRoot;
    expect((root.getElementById('service') as HTMLSelectElement).value).to.equal('MENSA');
    expect(root.getElementById('f-child')).to.not.equal(null);
    expect(root.textContent).to.contain('RSSMRA85T10A562S').and.contain('dal giorno dopo');
    const events: Event[] = [];
    el.addEventListener('pagatore-debt-form-preview', (e) => events.push(e));
    await submit(el);
    expect(root.getElementById('error-summary')?.textContent).to.contain('Nome del bambino');
    await type(el, 'f-child', 'Anna');
    await choose(el, 'f-school', 'rodari');
    await type(el, 'f-amount', '50');
    await submit(el);
    await waitUntil(() => root.getElementById('preview-checked'));
    expect((events[0] as CustomEvent).detail).to.deep.equal({
      values: { child: 'Anna', school: 'rodari', amount: 5000 },
      amount: 5000,
    });
    expect(stub.calls).to.deep.equal([]);
    await expectAccessible(el);
  });
});
