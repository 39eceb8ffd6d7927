import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { expectAccessible } from '../../../test/a11y.js';
import { base, profile, sessionBody } from '../../../test/accounts-fixtures.js';
import { API, demoEntity, ENTE, type Route, stubFetch } from '../../../test/fetch-stub.js';
import { getStore, resetStores } from '../../state/store.js';
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

  it('links a portal account by a mailed link: asks for it, says where it went, nothing linked yet', async () => {
    sessionStorage.setItem(`pagatore-identity|${API}|${ENTE}`, JSON.stringify({ verifier: 'v'.repeat(43) }));
    history.replaceState(null, '', `${location.pathname}#pagatore-identity=abc123`);
    const identity = { fiscalCode: 'RSSMRA85T10A562S', firstName: 'Mario', lastName: 'Rossi', email: null };
    let asked = false;
    const exchange: Route = {
      method: 'POST',
      path: `${base}/identity-exchanges`,
      get body() {
        return asked
          ? { outcome: 'link_mail_sent', email: 'm***@example.it', expiresInMinutes: 30 }
          : { outcome: 'link_required', identity, canLinkByEmail: true };
      },
    };
    const m = await mount([providersRoute, exchange]);
    stub = m.stub;
    expect($(m.el, 'h2').textContent).to.equal('Collega il tuo account');
    const byMail = $<HTMLButtonElement>(m.el, '.link-by-email');
    expect(byMail.textContent?.trim()).to.equal('Non ricordi la password? Inviami un link via email');
    asked = true;
    byMail.click();
    await settle(m.el);
    expect($(m.el, 'h2').textContent).to.equal('Controlla la tua email');
    expect($(m.el, '.link-sent').textContent).to.contain('m***@example.it');
    expect($(m.el, '.link-sent').textContent).to.contain('30 minuti');
    await expectAccessible(m.el);
    const calls = stub.calls.filter((c) => c.url.endsWith('/identity-exchanges'));
    expect(calls.map((c) => c.body)).to.deep.equal([
      { code: 'abc123', verifier: 'v'.repeat(43) },
      { code: 'abc123', verifier: 'v'.repeat(43), linkByEmail: true },
    ]);
    // The code has nothing more to do: nothing is pending on this tab.
    expect(sessionStorage.getItem(`pagatore-identity|${API}|${ENTE}`)).to.equal(null);
    // "Torna all'accesso" offers the way on.
    $<HTMLButtonElement>(m.el, '.link-sent button').click();
    await settle(m.el);
    expect($(m.el, 'h2').textContent).to.equal('Accedi');
  });

  it('the mailed link links and logs in; a used one says how to get another', async () => {
    history.replaceState(null, '', `${location.pathname}#pagatore-identity-link=${'t'.repeat(32)}`);
    const m = await mount([
      providersRoute,
      { method: 'POST', path: `${base}/identity-links/confirmation`, body: sessionBody },
    ]);
    stub = m.stub;
    expect(location.hash).to.equal('');
    expect($(m.el, '.logged-in')).to.not.equal(null);
    expect(stub.calls.find((c) => c.url.endsWith('/identity-links/confirmation'))?.body).to.deep.equal({
      token: 't'.repeat(32),
    });
    m.stub.restore();

    resetStores();
    sessionStorage.clear();
    history.replaceState(null, '', `${location.pathname}#pagatore-identity-link=${'u'.repeat(32)}`);
    const again = await mount([
      providersRoute,
      {
        method: 'POST',
        path: `${base}/identity-links/confirmation`,
        status: 410,
        body: { error: { code: 'token_invalid', message: 'x', requestId: 't' } },
      },
    ]);
    stub = again.stub;
    expect($(again.el, '#error-summary').textContent).to.contain('entra di nuovo con SPID o CIE');
    expect($(again.el, '.btn-spid')).to.not.equal(null);
  });

  it('"Esci" of a session whose provider cannot end its own says so, naming it', async () => {
    getStore(API, ENTE).client.session.set({ token: 'tok.tok', expiresAt: sessionBody.expiresAt });
    const m = await mount([
      providersRoute,
      { method: 'GET', path: `${base}/me`, body: profile },
      {
        method: 'DELETE',
        path: `${base}/sessions/current`,
        body: { identity: { kind: 'cie', name: 'CIE di prova' }, providerLogoutUrl: null },
      },
    ]);
    stub = m.stub;
    await settle(m.el);
    const out = $<HTMLButtonElement>(m.el, '.logged-in button');
    out.click();
    await settle(m.el);
    expect($(m.el, '.notice').textContent).to.equal(
      'Sei uscito dal portale. La sessione presso CIE di prova potrebbe restare aperta: chiudi il browser per terminarla.',
    );
    const del = stub.calls.find((c) => c.method === 'DELETE');
    expect(new URL(del!.url).searchParams.get('returnUrl')).to.equal(location.href.replace(/#.*$/, ''));
  });

  it("back from the provider's logout: says both sessions are over", async () => {
    history.replaceState(null, '', `${location.pathname}#pagatore-logout=provider`);
    const m = await mount([providersRoute]);
    stub = m.stub;
    expect(location.hash).to.equal('');
    expect($(m.el, '.notice').textContent).to.equal('Sei uscito dal portale e dal gestore di identità.');
  });

  it('hides "Registrati" when the entity takes accounts only from SPID and CIE', async () => {
    const closed: Route = {
      method: 'GET',
      path: `/api/v1/entities/${ENTE}`,
      body: { ...demoEntity, ownRegistration: false },
    };
    const stubbed = stubFetch([closed, providersRoute]);
    stub = stubbed;
    const provider = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-login></pagatore-login
      ></pagatore-provider>`,
    );
    const el = provider.querySelector('pagatore-login') as PagatoreLogin;
    await el.portal.store!.loadEntity();
    await settle(el);
    expect(el.shadowRoot!.textContent).to.not.contain('Registrati');
    expect($(el, '.btn-spid')).to.not.equal(null);
  });
});
