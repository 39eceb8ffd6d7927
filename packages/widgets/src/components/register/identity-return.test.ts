import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { expectAccessible } from '../../../test/a11y.js';
import { base } from '../../../test/accounts-fixtures.js';
import { API, demoEntity, ENTE, type Route, stubFetch } from '../../../test/fetch-stub.js';
import { resetStores } from '../../state/store.js';
import '../login/login.js';
import '../portal/portal.js';
import '../practice-search/practice-search.js';
import '../provider/provider.js';
import './register.js';
import type { PagatoreRegister } from './register.component.js';
import type { PagatorePortal } from '../portal/portal.component.js';

/**
 * Digital identity on the registration widget and the portal: an entity that takes accounts only
 * from SPID and CIE, and a page back from SPID/CIE with no login widget on it.
 */
const providers: Route = {
  method: 'GET',
  path: `${base}/identity-providers`,
  body: { items: [{ code: 'spid-a', kind: 'spid', name: 'Gestore A', logoUrl: null }] },
};
const identity = { fiscalCode: 'RSSMRA85T10A562S', firstName: 'Mario', lastName: 'Rossi', email: null };
const consent: Route = {
  method: 'POST',
  path: `${base}/identity-exchanges`,
  body: { outcome: 'consent_required', identity, privacyVersion: '1' },
};
const entity = (ownRegistration: boolean): Route => ({
  method: 'GET',
  path: `/api/v1/entities/${ENTE}`,
  body: { ...demoEntity, ownRegistration },
});

/** Text of the shadow trees under a node, nested ones included. */
function deepText(node: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) out += n.textContent;
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    n.childNodes.forEach(walk);
  };
  walk(node);
  return out.replace(/\s+/g, ' ');
}

describe('digital identity on <pagatore-register> and <pagatore-portal>', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
    history.replaceState(null, '', location.pathname);
  });
  afterEach(() => {
    stub?.restore();
    stub = undefined;
    history.replaceState(null, '', location.pathname);
  });

  async function register(routes: Route[]): Promise<PagatoreRegister> {
    stub = stubFetch(routes);
    const root = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-register></pagatore-register
      ></pagatore-provider>`,
    );
    const el = root.querySelector('pagatore-register') as PagatoreRegister;
    await el.portal.store!.loadEntity();
    await el.updateComplete;
    return el;
  }

  it('registration off: no form, SPID and CIE offered with what the first login does', async () => {
    const el = await register([entity(false), providers]);
    await waitUntil(() => el.shadowRoot!.querySelector('.btn-spid'), 'SPID button', { timeout: 5000 });
    expect(el.shadowRoot!.querySelector('#reg-fiscalCode')).to.equal(null);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Registrati con SPID o CIE');
    expect(deepText(el)).to.contain('al primo accesso ti chiederemo solo il consenso');
    await expectAccessible(el);
  });

  it('registration on: the fiscal code form, with SPID above it', async () => {
    const el = await register([entity(true), providers]);
    await waitUntil(() => el.shadowRoot!.querySelector('.btn-spid'), 'SPID button', { timeout: 5000 });
    expect(el.shadowRoot!.querySelector('#reg-fiscalCode')).to.not.equal(null);
  });

  it('back from SPID on a page with only the registration widget: consent is asked there', async () => {
    sessionStorage.setItem(`pagatore-identity|${API}|${ENTE}`, JSON.stringify({ verifier: 'v'.repeat(43) }));
    history.replaceState(null, '', `${location.pathname}#pagatore-identity=abc123`);
    const el = await register([entity(true), providers, consent]);
    await waitUntil(() => deepText(el).includes('Primo accesso con identità digitale'), 'consent screen', {
      timeout: 5000,
    });
    expect(deepText(el)).to.contain('RSSMRA85T10A562S');
    expect(location.hash).to.equal('');
    expect(stub!.calls.filter((c) => c.url.endsWith('/identity-exchanges'))).to.have.length(1);
  });

  async function portal(routes: Route[]): Promise<PagatorePortal> {
    stub = stubFetch(routes);
    const root = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-portal></pagatore-portal
      ></pagatore-provider>`,
    );
    const el = root.querySelector('pagatore-portal') as PagatorePortal;
    await el.updateComplete;
    return el;
  }

  it('the portal back from SPID shows the login screen, which asks the consent', async () => {
    sessionStorage.setItem(`pagatore-identity|${API}|${ENTE}`, JSON.stringify({ verifier: 'v'.repeat(43) }));
    history.replaceState(null, '', `${location.pathname}#pagatore-identity=abc123`);
    const el = await portal([entity(true), providers, consent]);
    await waitUntil(() => deepText(el).includes('Primo accesso con identità digitale'), 'consent screen', {
      timeout: 5000,
    });
    expect(el.shadowRoot!.querySelector('pagatore-login')).to.not.equal(null);
  });

  it('the portal without its own registration has no "Registrati"; back from the provider logout it says so', async () => {
    history.replaceState(null, '', `${location.pathname}#pagatore-logout=provider`);
    const el = await portal([entity(false), providers]);
    // Once the entity's settings are read, the bar drops "Registrati".
    await waitUntil(() => el.shadowRoot!.querySelectorAll('.end a').length === 1, 'bar without Registrati', {
      timeout: 5000,
    });
    const links = [...el.shadowRoot!.querySelectorAll('.end a')].map((a) => a.textContent?.trim());
    expect(links).to.deep.equal(['Accedi']);
    expect(el.shadowRoot!.querySelector('.flash')!.textContent).to.contain(
      'Sei uscito dal portale pagamenti e dal gestore di identità.',
    );
    expect(location.hash).to.equal('');
    const search = el.shadowRoot!.querySelector('pagatore-practice-search')!;
    expect(deepText(search)).to.not.contain('Registrati');
  });
});
