import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { expectAccessible, deepActiveElement } from '../../../test/a11y.js';
import { API, demoEntity, ENTE, stubFetch } from '../../../test/fetch-stub.js';
import { getStore, resetStores } from '../../state/store.js';
import '../provider/provider.js';
import './history.js';
import type { PagatoreHistory } from './history.component.js';

const receipt = (id: number) => ({
  id,
  receiptId: `R${id}`,
  nav: '301000000000000144',
  iuv: '01000000000000144',
  description: `Mensa scolastica ${id}`,
  serviceCode: 'MENSA',
  amount: 5000 + id,
  fee: 100,
  paidAt: '2026-11-20T09:30:00.000Z',
  pspName: 'Banca Sandbox',
  channel: 'C',
  method: 'CP',
  debtor: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi' },
  payer: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi' },
  transfers: [],
  paymentId: null,
  overpaid: false,
  creditor: { fiscalCode: ENTE, name: 'Comune di Esempio', office: null },
});

/** A payment split between the entity and another one (multi-entity). */
const shared = {
  ...receipt(3),
  description: 'TARI e TEFA 2026',
  transfers: [
    {
      idx: 1,
      iban: 'IT60X0542811101000000123456',
      amount: 8000,
      remittance: 'TARI',
      fiscalCode: ENTE,
      companyName: null,
    },
    {
      idx: 2,
      iban: 'IT07X0542811101000000654321',
      amount: 2000,
      remittance: 'TEFA',
      fiscalCode: '01199250158',
      companyName: 'Provincia di Esempio',
    },
  ],
};

describe('<pagatore-history>', () => {
  let stub: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
    stub = stubFetch([
      { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
      {
        method: 'GET',
        path: `/api/v1/entities/${ENTE}/services`,
        body: {
          items: [
            {
              code: 'MENSA',
              name: { it: 'Mensa scolastica', en: 'School canteen', de: 'Schulmensa' },
              description: '',
              notes: null,
              fields: [],
              amount: { kind: 'entered', min: 100, max: 100000 },
            },
          ],
        },
      },
      {
        method: 'GET',
        path: `/api/v1/entities/${ENTE}/me/receipts`,
        body: { items: [receipt(1), shared], total: 3 },
      },
    ]);
    getStore(API, ENTE).client.session.set({
      token: 'tok',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
  });
  afterEach(() => stub.restore());

  async function mount(lang = 'it'): Promise<PagatoreHistory> {
    const root = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE} lang=${lang}
        ><pagatore-history page-size="2"></pagatore-history
      ></pagatore-provider>`,
    );
    const el = root.querySelector('pagatore-history') as PagatoreHistory;
    await waitUntil(() => el.shadowRoot!.querySelectorAll('li').length === 2);
    return el;
  }

  it('lists paid practices with receipts and offers "Mostra altri"', async () => {
    const el = await mount();
    expect(el.shadowRoot!.querySelector('legend')!.textContent).to.equal('Ricerca pratiche');
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent!.trim()).to.equal(
      '3 pagamenti trovati',
    );
    expect(el.shadowRoot!.textContent).to.contain('Mensa scolastica 1');
    expect(el.shadowRoot!.querySelector('[aria-label="Scarica ricevuta: Mensa scolastica 1"]')).to.not.equal(
      null,
    );
    expect(
      [...el.shadowRoot!.querySelectorAll('button')].some((b) => b.textContent?.includes('Mostra altri')),
    ).to.equal(true);
    await waitUntil(() => el.shadowRoot!.querySelectorAll('#h-service option').length === 2);
    expect(el.shadowRoot!.querySelector('#h-service option[value=MENSA]')!.textContent).to.equal(
      'Mensa scolastica',
    );
    await expectAccessible(el);
  });

  it('names each service in the portal language (a service name given per language)', async () => {
    const el = await mount();
    const provider = el.closest('pagatore-provider')!;
    const option = () => el.shadowRoot!.querySelector('#h-service option[value=MENSA]')?.textContent;
    await waitUntil(() => option() === 'Mensa scolastica');
    provider.setAttribute('lang', 'de');
    await waitUntil(() => option() === 'Schulmensa', 'German name', { timeout: 5000 });
    provider.setAttribute('lang', 'en');
    await waitUntil(() => option() === 'School canteen', 'English name', { timeout: 5000 });
  });

  it('names the other beneficiaries of a payment split between entities, with their shares', async () => {
    const el = await mount();
    const items = el.shadowRoot!.querySelectorAll('li');
    expect(items[0]!.querySelector('.beneficiaries')).to.equal(null);
    expect(items[1]!.querySelector('.beneficiaries')!.textContent!.replace(/\s+/g, ' ')).to.equal(
      'Ripartito tra: Comune di Esempio 80,00 € · Provincia di Esempio 20,00 €',
    );
    await expectAccessible(el);
  });

  it('keyboard only: filters by code and amount, sends them as query, focus goes to the results', async () => {
    const el = await mount();
    (el.shadowRoot!.querySelector('#h-code') as HTMLInputElement).focus();
    await sendKeys({ type: '3010 0000 0000 0001 44' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '50,01' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => stub.calls.filter((c) => c.url.includes('/me/receipts')).length === 2);
    const url = new URL(stub.calls.filter((c) => c.url.includes('/me/receipts'))[1]!.url);
    expect(url.searchParams.get('code')).to.equal('301000000000000144');
    expect(url.searchParams.get('amount')).to.equal('5001');
    await waitUntil(() => deepActiveElement()?.id === 'history-results');
  });

  it('says what is wrong with bad filters, on the field', async () => {
    const el = await mount();
    (el.shadowRoot!.querySelector('#h-amount') as HTMLInputElement).focus();
    await sendKeys({ type: 'dieci euro' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const input = el.shadowRoot!.querySelector('#h-amount')!;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.querySelector('#h-amount-error')!.textContent).to.contain('1.234,56');
    await expectAccessible(el);
  });

  it('says honestly when a payment collected a practice already paid (IT, EN, DE)', async () => {
    const expected = {
      it: 'la pratica risultava già pagata',
      en: 'the practice had already been paid',
      de: 'Die Zahlungsposition war bereits bezahlt',
    };
    for (const [lang, text] of Object.entries(expected)) {
      stub.restore();
      resetStores();
      stub = stubFetch([
        { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity },
        { method: 'GET', path: `/api/v1/entities/${ENTE}/services`, body: { items: [] } },
        {
          method: 'GET',
          path: `/api/v1/entities/${ENTE}/me/receipts`,
          body: { items: [receipt(1), { ...receipt(2), overpaid: true }], total: 2 },
        },
      ]);
      getStore(API, ENTE).client.session.set({
        token: 'tok',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      const el = await mount(lang);
      await waitUntil(() => el.shadowRoot!.textContent!.includes(text), `${lang} text`);
      const notes = el.shadowRoot!.querySelectorAll('[part=overpaid]');
      expect(notes).to.have.length(1);
      expect(notes[0]!.closest('li')!.textContent).to.contain('Mensa scolastica 2');
      await expectAccessible(el);
    }
  });
});
