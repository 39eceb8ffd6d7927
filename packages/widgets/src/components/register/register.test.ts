import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { hasCommonPasswords } from '@pagatore/sdk';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { deepActiveElement, expectAccessible } from '../../../test/a11y.js';
import { API, demoEntity, ENTE, type Route, stubFetch } from '../../../test/fetch-stub.js';
import { resetStores } from '../../state/store.js';
import '../provider/provider.js';
import './register.js';
import type { PagatoreRegister } from './register.component.js';

const entityRoute: Route = { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity };

async function mount(
  routes: Route[] = [],
): Promise<{ el: PagatoreRegister; stub: ReturnType<typeof stubFetch> }> {
  const stub = stubFetch([entityRoute, ...routes]);
  const provider = await fixture(
    html`<pagatore-provider api=${API} entity=${ENTE}
      ><pagatore-register></pagatore-register
    ></pagatore-provider>`,
  );
  const el = provider.querySelector('pagatore-register') as PagatoreRegister;
  await el.portal.store!.loadEntity();
  await el.updateComplete;
  return { el, stub };
}

const $ = <T extends Element = HTMLElement>(el: PagatoreRegister, sel: string) =>
  el.shadowRoot!.querySelector(sel) as T;

async function typeInto(el: PagatoreRegister, id: string, text: string): Promise<void> {
  $<HTMLInputElement>(el, `#${id}`).focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

async function fillPerson(el: PagatoreRegister): Promise<void> {
  await typeInto(el, 'reg-firstName', 'Mario');
  await typeInto(el, 'reg-lastName', 'Rossi');
  await typeInto(el, 'reg-address', 'Via Roma 1');
  await typeInto(el, 'reg-city', 'Roma');
  await typeInto(el, 'reg-province', 'RM');
  await typeInto(el, 'reg-postalCode', '00100');
  await typeInto(el, 'reg-email', 'mario@example.it');
  await typeInto(el, 'reg-phone', '061234567');
  await typeInto(el, 'reg-username', 'mario.rossi');
  await typeInto(el, 'reg-password', 'Tramonto-sul-Tevere-42');
  $<HTMLInputElement>(el, '#reg-privacyConsent').focus();
  await sendKeys({ press: 'Space' });
  await el.updateComplete;
}

describe('<pagatore-register>', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
    history.replaceState(null, '', location.pathname);
  });
  afterEach(async () => {
    stub?.restore();
    stub = undefined;
    await setViewport({ width: 800, height: 600 });
  });

  it('asks for the codice fiscale first, keyboard only, and explains a wrong one', async () => {
    const m = await mount();
    stub = m.stub;
    const el = m.el;
    expect($(el, 'h2').textContent).to.equal('Registrati');
    await expectAccessible(el);
    $<HTMLInputElement>(el, '#reg-fiscalCode').focus();
    await sendKeys({ type: 'rssmra85t10a562t' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const input = $<HTMLInputElement>(el, '#reg-fiscalCode');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#reg-fiscalCode-error').textContent).to.contain('non è corretto');
    expect(input.getAttribute('aria-describedby')).to.contain('reg-fiscalCode-error');
    expect(deepActiveElement()).to.equal(input);
    await expectAccessible(el);
  });

  it('proposes Ragione sociale for an 11-digit code, with a switch to a person', async () => {
    const m = await mount();
    stub = m.stub;
    const el = m.el;
    await typeInto(el, 'reg-fiscalCode', '12345670488');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.step).to.equal('details');
    expect(deepActiveElement()).to.equal($(el, 'h2'));
    expect($(el, '#reg-companyName')).to.not.equal(null);
    expect($(el, '#reg-firstName')).to.equal(null);
    expect($<HTMLInputElement>(el, '#reg-fiscalCode').readOnly).to.equal(true);
    await expectAccessible(el);
    $<HTMLInputElement>(el, '#reg-subjectKind').focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect($(el, '#reg-firstName')).to.not.equal(null);
    expect($(el, '#reg-companyName')).to.equal(null);
  });

  it('checks a filled field when leaving it, and leaves empty ones alone', async () => {
    const m = await mount();
    stub = m.stub;
    const el = m.el;
    await typeInto(el, 'reg-fiscalCode', 'RSSMRA85T10A562S');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    $<HTMLInputElement>(el, '#reg-firstName').focus();
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect($(el, '#reg-firstName-error')).to.equal(null);
    await typeInto(el, 'reg-postalCode', '123');
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect($(el, '#reg-postalCode-error').textContent).to.contain('5 cifre');
    expect($(el, '#reg-postalCode').getAttribute('aria-describedby')).to.contain('reg-postalCode-error');
    $<HTMLInputElement>(el, '#reg-postalCode').focus();
    await sendKeys({ type: '45' });
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect($(el, '#reg-postalCode-error')).to.equal(null);
    await expectAccessible(el);
  });

  it('lists every problem in a focused summary linked to the fields', async () => {
    const m = await mount();
    stub = m.stub;
    const el = m.el;
    await typeInto(el, 'reg-fiscalCode', 'RSSMRA85T10A562S');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await typeInto(el, 'reg-password', 'corta-1');
    expect($(el, '#reg-password-strength').textContent).to.contain('insufficiente');
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await el.updateComplete;
    await el.updateComplete;
    const summary = $(el, '#error-summary');
    expect(deepActiveElement()).to.equal(summary);
    expect(summary.textContent).to.contain('Nome: Campo obbligatorio.');
    expect(summary.textContent).to.contain('Password: Troppo corto.');
    expect(summary.textContent).to.contain("devi accettare l'informativa privacy");
    expect($(el, '#reg-firstName').getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(el);
    (summary.querySelector('a') as HTMLAnchorElement).click();
    expect(deepActiveElement()).to.equal($(el, '#reg-firstName'));
    expect(stub.calls.filter((c) => c.method === 'POST')).to.have.length(0);
  });

  for (const width of [1280, 375]) {
    it(`at ${width} px Città, Provincia and CAP line up, with hints and with errors; one password field with "Mostra"`, async () => {
      await setViewport({ width, height: 900 });
      const m = await mount();
      stub = m.stub;
      const el = m.el;
      await typeInto(el, 'reg-fiscalCode', 'RSSMRA85T10A562S');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      const ids = ['reg-city', 'reg-province', 'reg-postalCode'];
      /** Inputs of fields on the same line of the form share their top edge. */
      const aligned = () => {
        const boxes = ids.map((id) => ({
          field: Math.round($(el, `#${id}`).closest('.field')!.getBoundingClientRect().top),
          input: Math.round($(el, `#${id}`).getBoundingClientRect().top),
        }));
        for (const a of boxes)
          for (const b of boxes) if (a.field === b.field) expect(a.input).to.equal(b.input);
        return new Set(boxes.map((b) => b.field)).size;
      };
      expect(aligned(), 'lines used').to.equal(width === 1280 ? 1 : 2);
      // An error under one of them (CAP left empty, Città and Provincia filled) moves no input.
      await typeInto(el, 'reg-city', 'Roma');
      await typeInto(el, 'reg-province', 'RM');
      $<HTMLButtonElement>(el, 'button[type=submit]').click();
      await el.updateComplete;
      await el.updateComplete;
      expect($(el, '#reg-postalCode').getAttribute('aria-invalid')).to.equal('true');
      aligned();
      // The password is asked once, and "Mostra" shows it (the reset form does the same).
      expect(el.shadowRoot!.querySelectorAll('input[autocomplete=new-password]')).to.have.length(1);
      expect($(el, '.password-row .toggle').getAttribute('aria-pressed')).to.equal('false');
    });
  }

  it('registers and asks to check the e-mail', async () => {
    const m = await mount([
      { method: 'POST', path: `/api/v1/entities/${ENTE}/accounts`, status: 202, body: { accepted: true } },
    ]);
    stub = m.stub;
    const el = m.el;
    await typeInto(el, 'reg-fiscalCode', 'RSSMRA85T10A562S');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await fillPerson(el);
    const done = oneEvent(el, 'pagatore-account-register');
    $<HTMLButtonElement>(el, 'button[type=submit]').focus();
    await sendKeys({ press: 'Enter' });
    await done;
    await el.updateComplete;
    expect(el.step).to.equal('sent');
    expect(deepActiveElement()).to.equal($(el, 'h2'));
    expect($(el, 'h2').textContent).to.equal('Controlla la tua email');
    const post = stub.calls.find((c) => c.method === 'POST');
    expect(post?.body).to.deep.include({
      fiscalCode: 'RSSMRA85T10A562S',
      subjectKind: 'person',
      firstName: 'Mario',
      province: 'RM',
      privacyConsent: true,
      privacyVersion: '1',
      lang: 'it',
    });
    await expectAccessible(el);
  });

  it('shows the server field errors and a rate limit', async () => {
    const m = await mount([
      {
        method: 'POST',
        path: `/api/v1/entities/${ENTE}/accounts`,
        status: 429,
        headers: { 'retry-after': '600' },
        body: { error: { code: 'rate_limited', message: 'x', requestId: 't' } },
      },
    ]);
    stub = m.stub;
    const el = m.el;
    await typeInto(el, 'reg-fiscalCode', 'RSSMRA85T10A562S');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await fillPerson(el);
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await waitUntil(() => el.shadowRoot?.querySelector('#error-summary'), 'the error summary', {
      timeout: 5000,
    });
    expect($(el, '#error-summary').textContent).to.contain('riprova tra 10 minuti');
    await el.updateComplete;
    expect(deepActiveElement()).to.equal($(el, '#error-summary'));
    await expectAccessible(el);
  });

  it('asks for consent again when the privacy text changed meanwhile', async () => {
    const m = await mount([
      {
        method: 'POST',
        path: `/api/v1/entities/${ENTE}/accounts`,
        status: 422,
        body: {
          error: {
            code: 'validation_failed',
            message: 'x',
            requestId: 't',
            fields: [
              {
                path: 'privacyVersion',
                code: 'privacy_outdated',
                message: "L'informativa privacy è stata aggiornata: rileggila e conferma di nuovo.",
              },
            ],
          },
        },
      },
    ]);
    stub = m.stub;
    const el = m.el;
    await typeInto(el, 'reg-fiscalCode', 'RSSMRA85T10A562S');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await fillPerson(el);
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await waitUntil(() => el.shadowRoot?.querySelector('#error-summary'), 'the error summary', {
      timeout: 5000,
    });
    expect($(el, '#error-summary').textContent).to.contain('aggiornata');
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#reg-privacyConsent').checked).to.equal(false);
    expect(
      stub.calls.filter((c) => c.method === 'GET' && c.url.endsWith(`/entities/${ENTE}`)),
    ).to.have.length(2);
    await expectAccessible(el);
  });

  it("shows the server's refusal of a common password at the password field, with no list in the page", async () => {
    const m = await mount([
      {
        method: 'POST',
        path: `/api/v1/entities/${ENTE}/accounts`,
        status: 422,
        body: {
          error: {
            code: 'validation_failed',
            message: 'x',
            requestId: 't',
            fields: [{ path: 'password', code: 'password_common', message: 'x' }],
          },
        },
      },
    ]);
    stub = m.stub;
    const el = m.el;
    await typeInto(el, 'reg-fiscalCode', 'RSSMRA85T10A562S');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await fillPerson(el);
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await waitUntil(() => el.shadowRoot?.querySelector('#error-summary'), 'the error summary', {
      timeout: 5000,
    });
    await el.updateComplete;
    expect(stub.calls.filter((c) => c.method === 'POST')).to.have.length(1);
    // The list stays on the server: the page never loaded it.
    expect(hasCommonPasswords()).to.equal(false);
    expect($(el, '#error-summary').textContent).to.contain('Password troppo comune');
    expect($(el, '#reg-password-error').textContent).to.contain('Password troppo comune');
    expect($(el, '#reg-password').getAttribute('aria-invalid')).to.equal('true');
    expect(deepActiveElement()).to.equal($(el, '#error-summary'));
    await expectAccessible(el);
  });

  it('activates from the link in the URL fragment and removes it from the address bar', async () => {
    history.replaceState(null, '', `${location.pathname}#pagatore-activate=abcdefghijklmnopqrstuvwxyz234567`);
    const m = await mount([
      {
        method: 'POST',
        path: `/api/v1/entities/${ENTE}/accounts/activation`,
        body: { username: 'mario.rossi' },
      },
    ]);
    stub = m.stub;
    const el = m.el;
    expect(location.hash).to.equal('');
    await waitUntil(() => el.step === 'activated', `step ${el.step}`, { timeout: 5000 });
    await el.updateComplete;
    expect($(el, 'h2').textContent).to.equal('Account attivato');
    expect(stub.calls.find((c) => c.url.endsWith('/activation'))?.body).to.deep.equal({
      token: 'abcdefghijklmnopqrstuvwxyz234567',
    });
    await expectAccessible(el);
  });

  it('says when the link expired or was used and sends a new one', async () => {
    history.replaceState(null, '', `${location.pathname}#pagatore-activate=abcdefghijklmnopqrstuvwxyz234567`);
    const m = await mount([
      {
        method: 'POST',
        path: `/api/v1/entities/${ENTE}/accounts/activation`,
        status: 410,
        body: { error: { code: 'token_invalid', message: 'x', requestId: 't' } },
      },
      {
        method: 'POST',
        path: `/api/v1/entities/${ENTE}/accounts/activation-requests`,
        status: 202,
        body: { accepted: true },
      },
    ]);
    stub = m.stub;
    const el = m.el;
    await waitUntil(() => el.step === 'activation-failed', `step ${el.step}`, { timeout: 5000 });
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('è già stato usato');
    await expectAccessible(el);
    await typeInto(el, 'reg-resendEmail', 'mario@example.it');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.step === 'resent', `step ${el.step}`, { timeout: 5000 });
    await el.updateComplete;
    await expectAccessible(el);
  });

  it('moves through the first step with Tab in reading order', async () => {
    const m = await mount();
    stub = m.stub;
    const el = m.el;
    $<HTMLInputElement>(el, '#reg-fiscalCode').focus();
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()?.textContent?.trim()).to.equal('Continua');
    await sendKeys({ press: 'Tab' });
    expect(deepActiveElement()?.textContent?.trim()).to.equal('Accedi');
    const asked = oneEvent(el, 'pagatore-login-request');
    await sendKeys({ press: 'Enter' });
    await asked;
  });

  it('registers a company with Ragione sociale and no person fields', async () => {
    const m = await mount([
      { method: 'POST', path: `/api/v1/entities/${ENTE}/accounts`, status: 202, body: { accepted: true } },
    ]);
    stub = m.stub;
    const el = m.el;
    await typeInto(el, 'reg-fiscalCode', '12345670488');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await typeInto(el, 'reg-companyName', 'Esempio S.r.l.');
    for (const [id, v] of [
      ['reg-address', 'Via Roma 1'],
      ['reg-city', 'Roma'],
      ['reg-province', 'rm'],
      ['reg-postalCode', '00100'],
      ['reg-email', 'srl@example.it'],
      ['reg-phone', '061234567'],
      ['reg-username', 'esempio.srl'],
      ['reg-password', 'Girasoli-al-Tramonto-31'],
    ] as const)
      await typeInto(el, id, v);
    $<HTMLInputElement>(el, '#reg-privacyConsent').click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await waitUntil(() => el.step === 'sent', `step ${el.step}`, { timeout: 5000 });
    await el.updateComplete;
    const body = stub.calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(body).to.include({ subjectKind: 'legal', companyName: 'Esempio S.r.l.' });
    expect(body).to.not.have.property('firstName');
  });

  it('speaks English and German', async () => {
    for (const [lang, title, next] of [
      ['en', 'Register', 'Continue'],
      ['de', 'Registrieren', 'Weiter'],
    ] as const) {
      resetStores();
      stub?.restore();
      stub = stubFetch([entityRoute]);
      const provider = await fixture(
        html`<pagatore-provider api=${API} entity=${ENTE} lang=${lang}
          ><pagatore-register></pagatore-register
        ></pagatore-provider>`,
      );
      const el = provider.querySelector('pagatore-register') as PagatoreRegister;
      await waitUntil(() => $(el, 'h2').textContent === title, `${lang} loaded`);
      expect($(el, 'button[type=submit]').textContent?.trim()).to.equal(next);
      await typeInto(el, 'reg-fiscalCode', '12345670488');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      await expectAccessible(el);
      expect($<HTMLSelectElement>(el, '#reg-country').selectedOptions[0]?.textContent).to.equal(
        lang === 'en' ? 'Italy' : 'Italien',
      );
    }
  });

  it("shows the entity's privacy notice in the citizen's language, Italian when there is none, and the name with its article", async () => {
    const privacy = {
      version: '1',
      text: { it: 'Informativa in italiano.', en: 'Privacy notice in English.' },
    };
    for (const [lang, text, summary] of [
      ['it', 'Informativa in italiano.', "Leggi l'informativa privacy del Comune di Esempio"],
      ['en', 'Privacy notice in English.', 'Read the privacy notice of Comune di Esempio'],
      ['de', 'Informativa in italiano.', 'Datenschutzerklärung von Comune di Esempio lesen'],
    ] as const) {
      resetStores();
      stub?.restore();
      stub = stubFetch([{ ...entityRoute, body: { ...demoEntity, privacy } }]);
      const provider = await fixture(
        html`<pagatore-provider api=${API} entity=${ENTE} lang=${lang}
          ><pagatore-register></pagatore-register
        ></pagatore-provider>`,
      );
      const el = provider.querySelector('pagatore-register') as PagatoreRegister;
      await el.portal.store!.loadEntity();
      await waitUntil(() => el.portal.lang === lang, `${lang} loaded`);
      await typeInto(el, 'reg-fiscalCode', 'RSSMRA85T10A562S');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect($(el, '.privacy-text').textContent?.trim()).to.equal(text);
      expect($(el, 'details summary').textContent?.trim()).to.equal(summary);
    }
  });

  it('fits a 320 px wide screen', async () => {
    await setViewport({ width: 320, height: 640 });
    const m = await mount();
    stub = m.stub;
    const el = m.el;
    await typeInto(el, 'reg-fiscalCode', 'RSSMRA85T10A562S');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.scrollWidth).to.be.at.most(320);
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
  });
});
