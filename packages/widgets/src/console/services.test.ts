import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { createConsoleClient, type StaffRole } from '@pagatore/sdk';
import { deepActiveElement, expectAccessible } from '../../test/a11y.js';
import { API, ENTE, type Route, stubFetch } from '../../test/fetch-stub.js';
import {
  NEW_SERVICE,
  type PagatoreConsoleService,
  type PagatoreConsoleServices,
  previewOf,
} from './services.js';
import './services.js';

const IBAN = 'IT60X0542811101000000123456';

const CANTEEN = {
  code: 'MENSA',
  name: { it: 'Mensa scolastica', en: 'School canteen' },
  notes: 'Ricarica dal giorno dopo.',
  enabled: true,
  fields: [
    { name: 'child', type: 'text', label: 'Bambino', required: true, maxLength: 60 },
    { name: 'amount', type: 'amount', label: 'Importo', required: true, min: 1000, max: 30000 },
  ],
  amount: { kind: 'entered', field: 'amount', min: 1000, max: 30000 },
  position: {
    description: 'Mensa {child}',
    dueInDays: 30,
    iban: IBAN,
    postal: false,
    taxonomy: '9/0101002IM/',
  },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/admin/services',
    body: { items: [CANTEEN, { ...CANTEEN, code: 'OLD', enabled: false }] },
  },
  { method: 'GET', path: '/api/v1/admin/services/MENSA', body: CANTEEN },
  { method: 'GET', path: '/api/v1/admin/entity', body: { code: ENTE, ibans: [IBAN] } },
];

function client() {
  const c = createConsoleClient({ baseUrl: API });
  c.useEntity(ENTE);
  return c;
}

async function editor(code: string, role: StaffRole = 'operator', routes: Route[] = []) {
  const stub = stubFetch([...routes, ...ROUTES]);
  const el = await fixture<PagatoreConsoleService>(
    html`<pagatore-console-service
      .client=${client()}
      .entity=${ENTE}
      .staffRole=${role}
      .code=${code}
    ></pagatore-console-service>`,
  );
  await waitUntil(() => el.shadowRoot?.querySelector('form'), 'the editor did not load', { timeout: 5000 });
  await el.updateComplete;
  return { el, stub, root: el.shadowRoot as ShadowRoot };
}

/** The citizen form inside the preview. */
function preview(root: ShadowRoot): ShadowRoot {
  const form = root.querySelector('.preview pagatore-debt-form');
  if (!form?.shadowRoot) throw new Error('no preview');
  return form.shadowRoot;
}

async function type(el: LitLike, root: ShadowRoot, id: string, text: string) {
  const input = root.getElementById(id) as HTMLInputElement;
  input.focus();
  input.select();
  await sendKeys({ type: text });
  await el.updateComplete;
}

async function press(el: LitLike, root: ShadowRoot, id: string, key = 'Enter') {
  (root.getElementById(id) as HTMLElement).focus();
  await sendKeys({ press: key });
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(r));
}

type LitLike = { updateComplete: Promise<unknown> };

async function previewSettled(el: PagatoreConsoleService, root: ShadowRoot) {
  await el.updateComplete;
  await (root.querySelector('.preview pagatore-debt-form') as unknown as LitLike).updateComplete;
}

describe('<pagatore-console-services>', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  afterEach(() => stub?.restore());

  it('lists the services with their amount rule and state, and a link to edit each', async () => {
    stub = stubFetch(ROUTES);
    const el = await fixture<PagatoreConsoleServices>(
      html`<pagatore-console-services
        .client=${client()}
        .entity=${ENTE}
        .staffRole=${'operator'}
      ></pagatore-console-services>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('tbody tr'), 'no rows', { timeout: 5000 });
    const root = el.shadowRoot as ShadowRoot;
    const rows = [...root.querySelectorAll('tbody tr')].map((r) => r.textContent?.replace(/\s+/g, ' '));
    expect(rows[0])
      .to.contain('MENSA')
      .and.contain('Mensa scolastica')
      .and.contain('10,00')
      .and.contain('Attivo');
    expect(rows[1]).to.contain('OLD').and.contain('Non attivo');
    expect(root.querySelector('a[href="#/services/MENSA"]')?.getAttribute('aria-label')).to.equal(
      'Modifica MENSA (Mensa scolastica)',
    );
    expect(root.querySelector(`a[href="#/services/${NEW_SERVICE}"]`)).to.not.equal(null);
    await expectAccessible(el);
  });

  it('a viewer reads the list without the "new service" link', async () => {
    stub = stubFetch(ROUTES);
    const el = await fixture<PagatoreConsoleServices>(
      html`<pagatore-console-services
        .client=${client()}
        .entity=${ENTE}
        .staffRole=${'viewer'}
      ></pagatore-console-services>`,
    );
    await waitUntil(() => el.shadowRoot?.querySelector('tbody tr'), 'no rows', { timeout: 5000 });
    expect(el.shadowRoot?.querySelector(`a[href="#/services/${NEW_SERVICE}"]`)).to.equal(null);
    expect(el.shadowRoot?.querySelector('[data-read-only]')?.textContent).to.contain('lettura');
  });
});

describe('<pagatore-console-service>', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  afterEach(async () => {
    stub?.restore();
    await setViewport({ width: 1280, height: 900 });
  });

  it('builds a new service with the keyboard; the citizen form in the preview follows every edit', async () => {
    const m = await editor(NEW_SERVICE, 'operator', [
      { method: 'POST', path: '/api/v1/admin/services', status: 201, body: { ...CANTEEN, code: 'PASSO' } },
    ]);
    stub = m.stub;
    const { el, root } = m;
    // The IBAN is the entity's own, offered from its settings.
    expect((root.getElementById('s-position-iban') as HTMLSelectElement).value).to.equal(IBAN);
    await type(el, root, 's-name-it', 'Passo carrabile');
    await previewSettled(el, root);
    expect(preview(root).querySelector('#service')?.textContent).to.contain('Passo carrabile');

    // "Aggiungi campo" with Enter: a text field, its Italian label focused.
    await press(el, root, 'add-field');
    expect(deepActiveElement()?.id).to.equal('s-fields-0-label-it');
    await type(el, root, 's-fields-0-name', 'plate');
    await type(el, root, 's-fields-0-label-it', 'Targa');
    (root.getElementById('s-fields-0-required') as HTMLInputElement).click();
    await previewSettled(el, root);
    const plate = preview(root).getElementById('f-plate') as HTMLInputElement;
    expect(plate, 'the new field is in the preview').to.not.equal(null);
    expect(preview(root).querySelector('label[for="f-plate"]')?.textContent)
      .to.contain('Targa')
      .and.contain('obbligatorio');

    // A second field, a choice list with two options.
    await press(el, root, 'add-field');
    await type(el, root, 's-fields-1-name', 'zone');
    await type(el, root, 's-fields-1-label-it', 'Zona');
    const typeSelect = root.getElementById('s-fields-1-type') as HTMLSelectElement;
    typeSelect.value = 'select';
    typeSelect.dispatchEvent(new Event('change'));
    await el.updateComplete;
    await type(el, root, 's-fields-1-options-0-value', 'centro');
    await type(el, root, 's-fields-1-options-0-label-it', 'Centro storico');
    await press(el, root, 'add-option-1');
    expect(deepActiveElement()?.id).to.equal('s-fields-1-options-1-value');
    await type(el, root, 's-fields-1-options-1-value', 'periferia');
    await type(el, root, 's-fields-1-options-1-label-it', 'Periferia');
    await previewSettled(el, root);
    const zone = preview(root).getElementById('f-zone') as HTMLSelectElement;
    expect([...zone.options].map((o) => o.textContent?.trim())).to.deep.equal([
      '—',
      'Centro storico',
      'Periferia',
    ]);

    // Reorder with the keyboard: "Zona" up; focus stays on the control, the preview follows.
    await press(el, root, 'move-up-1');
    expect(root.querySelector('fieldset.field-edit legend')?.textContent).to.contain('Zona');
    expect((deepActiveElement() as HTMLElement).id).to.equal('move-down-0');
    await previewSettled(el, root);
    const controls = preview(root).querySelectorAll(
      'pagatore-service-field input, pagatore-service-field select',
    );
    expect([...controls].map((x) => x.id)).to.deep.equal(['f-zone', 'f-plate']);

    // A fixed amount.
    await type(el, root, 's-amount-amount', '25,50');
    await previewSettled(el, root);
    expect(preview(root).textContent).to.contain('Importo da pagare: 25,50');

    // Submitting the preview checks the values like the citizen's form and sends nothing.
    const before = stub.calls.length;
    (preview(root).querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await previewSettled(el, root);
    await waitUntil(() => preview(root).getElementById('error-summary'));
    expect(preview(root).getElementById('error-summary')?.textContent).to.contain('Targa');
    expect(stub.calls.length).to.equal(before);

    await expectAccessible(el);

    // Save: the code and the position's texts are still missing; each problem by its field, the first focused.
    await press(el, root, 'save');
    expect(stub.calls.filter((c) => c.method === 'POST')).to.have.length(0);
    expect(root.getElementById('s-code')?.getAttribute('aria-invalid')).to.equal('true');
    expect(root.getElementById('s-code-error')?.textContent).to.not.equal('');
    expect(root.getElementById('s-position-taxonomy')?.getAttribute('aria-invalid')).to.equal('true');
    expect(deepActiveElement()?.id).to.equal('s-code');

    await type(el, root, 's-code', 'PASSO');
    await type(el, root, 's-position-description', 'Passo carrabile {plate}');
    await type(el, root, 's-position-taxonomy', '9/0101002IM/');
    await press(el, root, 'save');
    await waitUntil(() => stub?.calls.some((c) => c.method === 'POST'));
    const post = stub.calls.find((c) => c.method === 'POST');
    expect(post?.body).to.deep.include({
      code: 'PASSO',
      name: 'Passo carrabile',
      amount: { kind: 'fixed', amount: 2550 },
    });
    const body = post?.body as { fields: { name: string; type: string; required: boolean }[] };
    expect(body.fields.map((f) => [f.name, f.type, f.required])).to.deep.equal([
      ['zone', 'select', false],
      ['plate', 'text', true],
    ]);
    location.hash = '';
    // Many keystrokes on 2 shared cores: a generous limit, not a timed assertion.
  }).timeout(60_000);

  it('shows the server’s field problems by their fields and focuses the first', async () => {
    const m = await editor('MENSA', 'operator', [
      {
        method: 'PUT',
        path: '/api/v1/admin/services/MENSA',
        status: 422,
        body: {
          error: {
            code: 'validation_failed',
            message: 'x',
            requestId: 'r',
            fields: [{ path: 'position.iban', code: 'invalid_iban', message: 'x' }],
          },
        },
      },
    ]);
    stub = m.stub;
    const { el, root } = m;
    expect((root.getElementById('s-code') as HTMLInputElement).readOnly).to.equal(true);
    await press(el, root, 'save');
    await waitUntil(() => root.getElementById('s-position-iban')?.getAttribute('aria-invalid') === 'true');
    expect(root.getElementById('s-position-iban-error')?.textContent).to.contain('IBAN');
    expect(deepActiveElement()?.id).to.equal('s-position-iban');
    const put = stub.calls.find((c) => c.method === 'PUT');
    expect(put?.body).to.not.have.property('code');
    expect(put?.body).to.not.have.property('createdAt');
  });

  it('a viewer sees the definition and the preview, every control disabled, nothing to save', async () => {
    const m = await editor('MENSA', 'viewer');
    stub = m.stub;
    const { root } = m;
    expect(root.querySelector('[data-read-only]')?.textContent).to.contain('lettura');
    expect((root.querySelector('form fieldset.plain') as HTMLFieldSetElement).disabled).to.equal(true);
    expect(root.getElementById('save')).to.equal(null);
    await previewSettled(m.el, root);
    expect(preview(root).getElementById('f-child')).to.not.equal(null);
    await expectAccessible(m.el);
  });

  it('fits a tablet: the preview goes under the form', async () => {
    await setViewport({ width: 768, height: 1024 });
    const m = await editor('MENSA');
    stub = m.stub;
    const form = m.root.querySelector('form') as HTMLElement;
    const aside = m.root.querySelector('aside.preview') as HTMLElement;
    expect(aside.getBoundingClientRect().top).to.be.greaterThan(form.getBoundingClientRect().bottom - 1);
    expect(document.documentElement.scrollWidth).to.be.at.most(768);
  });

  it('in English: the editor’s words and the preview’s', async () => {
    const m = await editor('MENSA');
    stub = m.stub;
    m.el.locale = 'en';
    await m.el.updateComplete;
    await waitUntil(
      () => preview(m.root).textContent?.includes('Spontaneous payment'),
      'no English preview',
      {
        timeout: 5000,
      },
    );
    expect(m.root.querySelector('label[for="s-name-en"]')?.textContent).to.equal('Name (English)');
    expect(
      (preview(m.root).getElementById('service') as HTMLSelectElement).selectedOptions[0]?.textContent,
    ).to.equal('School canteen');
    await expectAccessible(m.el);
  });

  it('typing keeps the session alive on the server, once a minute at most', async () => {
    const m = await editor('MENSA', 'operator', [
      { method: 'GET', path: '/api/v1/console/session', body: { csrfToken: 'c', grants: [] } },
    ]);
    stub = m.stub;
    const pings = () => stub?.calls.filter((c) => c.url.endsWith('/api/v1/console/session')).length;
    await type(m.el, m.root, 's-name-it', 'Mensa');
    expect(pings()).to.equal(0);
    const realNow = Date.now;
    try {
      const later = realNow() + 61_000;
      Date.now = () => later;
      await type(m.el, m.root, 's-name-it', 'Mensa scolastica');
      expect(pings()).to.equal(1);
    } finally {
      Date.now = realNow;
    }
  });

  it('the preview shows what is complete enough of a draft still being written', () => {
    const p = previewOf(
      {
        code: '',
        name: '',
        fields: [
          { name: 'plate', type: 'text', label: 'Targa', pattern: '([' },
          { name: 'zone', type: 'select', label: '', options: [{ value: 'c', label: '' }, { value: '' }] },
          { name: 'plate', type: 'text', label: 'Doppione' },
          { name: '9bad', type: 'text', label: 'Nome non valido' },
        ],
        amount: { kind: 'entered', field: '' },
        position: {},
      },
      'it',
    );
    expect(p.name).to.equal('Servizio senza nome');
    // A pattern not written to the end is left out; a label not written yet is the field's name.
    expect(p.fields.map((f) => [f.name, f.label])).to.deep.equal([
      ['plate', 'Targa'],
      ['zone', 'zone'],
    ]);
    const zone = p.fields[1];
    expect(zone?.type === 'select' ? zone.options : []).to.deep.equal([{ value: 'c', label: 'c' }]);
    expect(p.amount).to.deep.include({ kind: 'entered', field: '' });
  });
});
