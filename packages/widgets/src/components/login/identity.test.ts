import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { expectAccessible } from '../../../test/a11y.js';
import { base, profile, sessionBody } from '../../../test/accounts-fixtures.js';
import { API, demoEntity, ENTE, type Route, stubFetch } from '../../../test/fetch-stub.js';
import { resetStores } from '../../state/store.js';
import '../provider/provider.js';
import './login.js';
import type { PagatoreLogin } from './login.component.js';

const entityRoute: Route = { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity };
const providersRoute: Route = {
  method: 'GET',
  path: `${base}/identity-providers`,
  body: {
    items: [
      { code: 'spid-a', kind: 'spid', name: 'Gestore A', logoUrl: null },
      { code: 'spid-b', kind: 'spid', name: 'Gestore B', logoUrl: null },
      { code: 'cie', kind: 'cie', name: 'CIE', logoUrl: null },
    ],
  },
};

async function mount(routes: Route[]) {
  const stub = stubFetch([entityRoute, ...routes]);
  const provider = await fixture(
    html`<pagatore-provider api=${API} entity=${ENTE}><pagatore-login></pagatore-login></pagatore-provider>`,
  );
  const el = provider.querySelector('pagatore-login') as PagatoreLogin;
  await el.portal.store!.loadEntity();
  await settle(el);
  return { el, stub };
}

const $ = <T extends Element = HTMLElement>(el: PagatoreLogin, sel: string) =>
  el.shadowRoot!.querySelector(sel) as T;
const settle = async (el: PagatoreLogin) => {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 30));
    await el.updateComplete;
  }
};

describe('<pagatore-login> with SPID and CIE', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
    history.replaceState(null, '', location.pathname);
  });
  afterEach(() => {
    stub?.restore();
    stub = undefined;
  });

  it('shows no digital-identity button when the entity configured none', async () => {
    const m = await mount([{ method: 'GET', path: `${base}/identity-providers`, body: { items: [] } }]);
    stub = m.stub;
    expect($(m.el, '.btn-spid')).to.equal(null);
    expect($(m.el, '.btn-cie')).to.equal(null);
  });

  it('"Entra con SPID" opens the list of providers from the keyboard; "Entra con CIE" is there', async () => {
    const m = await mount([providersRoute]);
    stub = m.stub;
    const spid = $<HTMLButtonElement>(m.el, '.btn-spid');
    expect(spid.textContent?.trim()).to.equal('Entra con SPID');
    expect(spid.getAttribute('aria-expanded')).to.equal('false');
    expect($(m.el, '.btn-cie').textContent?.trim()).to.equal('Entra con CIE');
    spid.focus();
    await sendKeys({ press: 'Enter' });
    await settle(m.el);
    expect(spid.getAttribute('aria-expanded')).to.equal('true');
    const names = [...m.el.shadowRoot!.querySelectorAll('.spid-idp button')].map((b) =>
      b.textContent?.trim(),
    );
    expect(names).to.deep.equal(['Gestore A', 'Gestore B']);
    expect($(m.el, '.spid-idp').getAttribute('aria-label')).to.equal(
      'Scegli il tuo gestore di identità SPID',
    );
    await expectAccessible(m.el);
  });

  it('back from the provider: asks consent once, then logs in with the code and its verifier', async () => {
    sessionStorage.setItem(`pagatore-identity|${API}|${ENTE}`, JSON.stringify({ verifier: 'v'.repeat(43) }));
    history.replaceState(null, '', `${location.pathname}#pagatore-identity=abc123`);
    const identity = { fiscalCode: 'RSSMRA85T10A562S', firstName: 'Mario', lastName: 'Rossi', email: null };
    let consentGiven = false;
    const exchange: Route = {
      method: 'POST',
      path: `${base}/identity-exchanges`,
      get body() {
        return consentGiven
          ? { outcome: 'session', session: { ...sessionBody, account: { ...profile, username: '' } } }
          : { outcome: 'consent_required', identity, privacyVersion: '1' };
      },
    };
    const m = await mount([providersRoute, exchange]);
    stub = m.stub;
    expect(location.hash).to.equal('');
    expect($(m.el, 'h2').textContent).to.equal('Primo accesso con identità digitale');
    expect(m.el.shadowRoot!.textContent).to.contain('RSSMRA85T10A562S');
    // Without consent: the summary says what is missing.
    $<HTMLButtonElement>(m.el, 'button[type=submit]').click();
    await settle(m.el);
    expect($(m.el, '#error-summary')).to.not.equal(null);
    await expectAccessible(m.el);
    consentGiven = true;
    const box = m.el.shadowRoot!.querySelector('pagatore-checkbox-field')!.querySelector('input')!;
    box.click();
    await settle(m.el);
    $<HTMLButtonElement>(m.el, 'button[type=submit]').click();
    await settle(m.el);
    expect($(m.el, '.logged-in')).to.not.equal(null);
    const calls = stub.calls.filter((c) => c.url.endsWith('/identity-exchanges'));
    expect(calls.map((c) => c.body)).to.deep.equal([
      { code: 'abc123', verifier: 'v'.repeat(43) },
      { code: 'abc123', verifier: 'v'.repeat(43), privacyVersion: '1' },
    ]);
  });
});
