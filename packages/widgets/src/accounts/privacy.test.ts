/**
 * Privacy in the account widgets, in Chromium: the profile's "Scarica i tuoi dati" (JSON and PDF
 * through the session's token) and the accepted version with its link; the fresh-consent step of
 * "Accedi" when the entity published a notice that asks for it (accept → logged in, refuse →
 * explained, no session); the registration form shows the version and links to the full text.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { expectAccessible } from '../../test/a11y.js';
import { apiError, base, profile, sessionBody } from '../../test/accounts-fixtures.js';
import { API, demoEntity, ENTE, type Route, stubFetch } from '../../test/fetch-stub.js';
import { getStore, resetStores } from '../state/store.js';
import '../components/provider/provider.js';
import '../components/account/account.js';
import '../components/login/login.js';
import '../components/register/register.js';
import type { PagatoreAccount } from '../components/account/account.component.js';
import type { PagatoreLogin } from '../components/login/login.component.js';

const entityRoute: Route = { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity };
const settle = async (el: HTMLElement & { updateComplete: Promise<unknown> }) => {
  await new Promise((r) => setTimeout(r, 40));
  await el.updateComplete;
};
const shadow = (el: Element) => el.shadowRoot!;
const button = (root: ParentNode, label: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === label);

const notice = {
  kind: 'privacy',
  version: '2027-03',
  text: { it: 'Nuove finalità del trattamento: leggi con attenzione.', en: 'New purposes.' },
  sha256: { it: 'a'.repeat(64), en: 'b'.repeat(64) },
  requiresReconsent: true,
  publishedAt: '2027-01-01T00:00:00.000Z',
  publishedBy: 'api-key',
  current: true,
  url: `${API}${base}/consents/privacy/versions/2027-03/page`,
};

describe('privacy in the account widgets', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  let saved: { name: string; blob: Blob }[] = [];
  const createObjectURL = URL.createObjectURL;
  const click = HTMLAnchorElement.prototype.click;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
    saved = [];
    const blobs = new Map<string, Blob>();
    URL.createObjectURL = (b: Blob | MediaSource) => {
      const url = `blob:test/${blobs.size}`;
      blobs.set(url, b as Blob);
      return url;
    };
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      const blob = blobs.get(this.href);
      if (blob) saved.push({ name: this.download, blob });
      else click.call(this);
    };
  });
  afterEach(() => {
    URL.createObjectURL = createObjectURL;
    HTMLAnchorElement.prototype.click = click;
    stub?.restore();
    stub = undefined;
  });

  it('the profile downloads everything held, as JSON and as a PDF, and links to the accepted notice', async () => {
    const data = {
      format: 'pagatore-data-export/1',
      account: { id: profile.id },
      sections: { receipts: [] },
    };
    stub = stubFetch([
      entityRoute,
      { method: 'GET', path: `${base}/me`, body: profile },
      { method: 'GET', path: `${base}/me/data-export`, body: data },
      {
        method: 'GET',
        path: `${base}/me/data-export.pdf`,
        body: '%PDF-1.7',
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': 'attachment; filename="dati-personali-80012345676.pdf"',
        },
      },
    ]);
    getStore(API, ENTE).client.session.set({
      token: 'tok.secret',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    const provider = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-account mode="page"></pagatore-account
      ></pagatore-provider>`,
    );
    const el = provider.querySelector('pagatore-account') as PagatoreAccount;
    await settle(el);
    await settle(el);
    const root = shadow(el);
    const link = root.querySelector<HTMLAnchorElement>('.privacy a')!;
    expect(root.querySelector('.privacy')!.textContent).to.contain('versione 1');
    expect(link.href).to.equal(`${API}${base}/consents/privacy/versions/1/page?lang=it`);
    expect(link.target).to.equal('_blank');
    await expectAccessible(el);

    button(root, 'Dati completi (JSON)')!.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(saved.map((s) => s.name)).to.deep.equal(['dati-personali.json']);
    expect(JSON.parse(await saved[0]!.blob.text())).to.deep.equal(data);

    button(root, 'Riepilogo leggibile (PDF)')!.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(saved.map((s) => s.name)).to.deep.equal(['dati-personali.json', 'dati-personali-80012345676.pdf']);
    const exports = stub.calls.filter((c) => c.url.includes('/me/data-export'));
    expect(exports).to.have.length(2);
    for (const c of exports) expect(c.headers.authorization).to.equal('Bearer tok.secret');
    expect(root.querySelector('.notice')!.textContent).to.contain('Download avviato');
  });

  async function mountLogin(sessions: Route) {
    stub = stubFetch([
      entityRoute,
      sessions,
      { method: 'GET', path: `${base}/consents/privacy`, body: notice },
    ]);
    const provider = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-login></pagatore-login
      ></pagatore-provider>`,
    );
    const el = provider.querySelector('pagatore-login') as PagatoreLogin;
    await el.portal.store!.loadEntity();
    await el.updateComplete;
    for (const [id, text] of [
      ['login-username', 'mario.rossi'],
      ['login-password', 'Tramonto-sul-Tevere-42'],
    ] as const) {
      shadow(el).querySelector<HTMLInputElement>(`#${id}`)!.focus();
      await sendKeys({ type: text });
    }
    await sendKeys({ press: 'Enter' });
    await settle(el);
    await settle(el);
    return el;
  }

  it('"Accedi" shows a notice that asks for fresh consent; accepting logs in with its version', async () => {
    const sessions: Route = {
      method: 'POST',
      path: `${base}/sessions`,
      status: 409,
      body: apiError('reconsent_required'),
    };
    const el = await mountLogin(sessions);
    const root = shadow(el);
    expect(root.querySelector('h2')!.textContent).to.equal("L'informativa privacy è cambiata");
    expect(root.querySelector('.privacy-text')!.textContent).to.contain('Nuove finalità del trattamento');
    expect(root.querySelector<HTMLAnchorElement>('.reconsent a')!.href).to.contain(
      '/consents/privacy/versions/2027-03/page',
    );
    expect(getStore(API, ENTE).state.session).to.equal(null);
    await expectAccessible(el);

    // The server now takes the login with the accepted version.
    sessions.status = 201;
    sessions.body = {
      ...sessionBody,
      account: { ...profile, privacy: { version: '2027-03', acceptedAt: '2027-01-02T00:00:00.000Z' } },
    };
    const started = oneEvent(el, 'pagatore-session-start');
    button(root, 'Accetto e continuo')!.focus();
    await sendKeys({ press: 'Enter' });
    await started;
    await settle(el);
    const logins = stub!.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/sessions'));
    expect(logins.map((c) => (c.body as { privacyVersion?: string }).privacyVersion)).to.deep.equal([
      undefined,
      '2027-03',
    ]);
    expect(root.querySelector('.logged-in')!.textContent).to.contain('Mario Rossi');
  });

  it('refusing the new notice explains the way on and starts no session', async () => {
    const el = await mountLogin({
      method: 'POST',
      path: `${base}/sessions`,
      status: 409,
      body: apiError('reconsent_required'),
    });
    const root = shadow(el);
    button(root, 'Non accetto')!.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(root.querySelector('h2')!.textContent).to.equal('Accesso non completato');
    expect(root.querySelector('.reconsent-refused')!.textContent).to.contain('Revoca consenso privacy');
    expect(getStore(API, ENTE).state.session).to.equal(null);
    expect(stub!.calls.filter((c) => c.method === 'POST')).to.have.length(1);
    await expectAccessible(el);
    button(root, "Torna all'accesso")!.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(root.querySelector('h2')!.textContent).to.equal('Accedi');
    // The password typed before is not kept.
    expect(root.querySelector<HTMLInputElement>('#login-password')!.value).to.equal('');
  });

  it('the registration form shows the notice version and links to its full text', async () => {
    stub = stubFetch([entityRoute]);
    const provider = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-register></pagatore-register
      ></pagatore-provider>`,
    );
    const el = provider.querySelector('pagatore-register') as HTMLElement & {
      updateComplete: Promise<unknown>;
    };
    await getStore(API, ENTE).loadEntity();
    await settle(el);
    // The codice fiscale first, then the data and the consent.
    shadow(el).querySelector<HTMLInputElement>('#reg-fiscalCode')!.focus();
    await sendKeys({ type: 'RSSMRA85T10A562S' });
    await sendKeys({ press: 'Enter' });
    await settle(el);
    const root = shadow(el);
    const version = (demoEntity as { privacy: { version: string } }).privacy.version;
    expect(root.querySelector('.privacy-version')!.textContent).to.contain(`Versione ${version}`);
    expect(root.querySelector<HTMLAnchorElement>('.privacy-version a')!.href).to.equal(
      `${API}${base}/consents/privacy/versions/${version}/page?lang=it`,
    );
  });
});
