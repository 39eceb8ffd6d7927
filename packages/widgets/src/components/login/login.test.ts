import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { deepActiveElement, expectAccessible } from '../../../test/a11y.js';
import { apiError, base, profile, sessionBody } from '../../../test/accounts-fixtures.js';
import { API, demoEntity, ENTE, type Route, stubFetch } from '../../../test/fetch-stub.js';
import { resetStores } from '../../state/store.js';
import '../provider/provider.js';
import './login.js';
import type { PagatoreLogin } from './login.component.js';

const entityRoute: Route = { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity };

async function mount(routes: Route[] = []) {
  const stub = stubFetch([entityRoute, ...routes]);
  const provider = await fixture(
    html`<pagatore-provider api=${API} entity=${ENTE}><pagatore-login></pagatore-login></pagatore-provider>`,
  );
  const el = provider.querySelector('pagatore-login') as PagatoreLogin;
  await el.portal.store!.loadEntity();
  await el.updateComplete;
  return { el, stub };
}

const $ = <T extends Element = HTMLElement>(el: PagatoreLogin, sel: string) =>
  el.shadowRoot!.querySelector(sel) as T;
const settle = async (el: PagatoreLogin) => {
  await new Promise((r) => setTimeout(r, 30));
  await el.updateComplete;
};

async function typeInto(el: PagatoreLogin, id: string, text: string) {
  $<HTMLInputElement>(el, `#${id}`).focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

describe('<pagatore-login>', () => {
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

  it('"Accedi": empty fields are listed in a focused summary', async () => {
    const m = await mount();
    stub = m.stub;
    const el = m.el;
    expect($(el, 'h2').textContent).to.equal('Accedi');
    expect($(el, 'button[type=submit]').textContent?.trim()).to.equal('Accedi');
    await expectAccessible(el);
    $<HTMLButtonElement>(el, 'button[type=submit]').focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(deepActiveElement()).to.equal($(el, '#error-summary'));
    expect($(el, '#error-summary').querySelectorAll('a')).to.have.length(2);
    await expectAccessible(el);
  });

  it('logs in with the keyboard, keeps the token in sessionStorage only, and "Esci" ends it', async () => {
    const m = await mount([
      { method: 'POST', path: `${base}/sessions`, status: 201, body: sessionBody },
      {
        method: 'DELETE',
        path: `${base}/sessions/current`,
        body: { identity: null, providerLogoutUrl: null },
      },
    ]);
    stub = m.stub;
    const el = m.el;
    await typeInto(el, 'login-username', 'mario.rossi');
    await typeInto(el, 'login-password', 'Tramonto-sul-Tevere-42');
    const started = oneEvent(el, 'pagatore-session-start');
    await sendKeys({ press: 'Enter' });
    expect((await started).detail).to.deep.equal({ username: 'mario.rossi' });
    await settle(el);
    expect($(el, '.logged-in').textContent).to.contain('Mario Rossi');
    expect(deepActiveElement()).to.equal($(el, '.logged-in'));
    expect(sessionStorage.getItem(`pagatore:session:${API}|${ENTE}`)).to.contain(sessionBody.token);
    expect(localStorage.length).to.equal(0);
    expect(document.cookie).to.equal('');
    await expectAccessible(el);
    const ended = oneEvent(el, 'pagatore-session-end');
    $<HTMLButtonElement>(el, '.logged-in button').focus();
    await sendKeys({ press: 'Enter' });
    await ended;
    await settle(el);
    expect(stub.calls.find((c) => c.method === 'DELETE')?.headers.authorization).to.equal(
      `Bearer ${sessionBody.token}`,
    );
    expect(sessionStorage.length).to.equal(0);
    expect($(el, '.notice').textContent).to.contain('Sei uscito');
    await expectAccessible(el);
  });

  it('says credentials are wrong without telling which', async () => {
    const m = await mount([
      {
        method: 'POST',
        path: `${base}/sessions`,
        status: 401,
        body: apiError(
          'invalid_credentials',
          undefined,
          'Username o password non corretti, oppure account non attivo.',
        ),
      },
    ]);
    stub = m.stub;
    const el = m.el;
    await typeInto(el, 'login-username', 'mario.rossi');
    await typeInto(el, 'login-password', 'wrong');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect($(el, '#error-summary').textContent).to.contain('Username o password non corretti');
    expect(deepActiveElement()).to.equal($(el, '#error-summary'));
    expect(sessionStorage.length).to.equal(0);
    await expectAccessible(el);
  });

  it('"Password dimenticata?" and "Username dimenticato?" send mail and say to check it', async () => {
    const m = await mount([
      { method: 'POST', path: `${base}/password-resets`, status: 202, body: { accepted: true } },
      { method: 'POST', path: `${base}/username-reminders`, status: 202, body: { accepted: true } },
    ]);
    stub = m.stub;
    const el = m.el;
    const links = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.links button');
    expect([...links].map((b) => b.textContent?.trim())).to.deep.equal([
      'Password dimenticata?',
      'Username dimenticato?',
    ]);
    links[0]!.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(el.view).to.equal('forgot-password');
    expect(deepActiveElement()).to.equal($(el, 'h2'));
    await expectAccessible(el);
    await typeInto(el, 'login-recovery', 'mario.rossi');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(el.view).to.equal('sent');
    expect(stub.calls.find((c) => c.url.endsWith('/password-resets'))?.body).to.deep.equal({
      login: 'mario.rossi',
      lang: 'it',
    });
    await expectAccessible(el);
    ($(el, '.alert button') as HTMLButtonElement).click();
    await settle(el);
    (el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.links button')[1] as HTMLButtonElement).click();
    await settle(el);
    expect(el.view).to.equal('forgot-username');
    await typeInto(el, 'login-recovery', 'mario@example.it');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(el.view).to.equal('sent');
  });

  it('opens the new password form from the reset link: one password field with "Mostra", as at registration', async () => {
    history.replaceState(null, '', `${location.pathname}#pagatore-reset=abcdefghijklmnopqrstuvwxyz234567`);
    const m = await mount([{ method: 'POST', path: `${base}/password-resets/confirmation`, status: 204 }]);
    stub = m.stub;
    const el = m.el;
    expect(location.hash).to.equal('');
    expect(el.view).to.equal('reset');
    await expectAccessible(el);
    // Asked once, and shown on request (the registration form does the same).
    expect(el.shadowRoot!.querySelectorAll('input[autocomplete=new-password]')).to.have.length(1);
    const toggle = $<HTMLButtonElement>(el, '.password-row .toggle');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect($<HTMLInputElement>(el, '#login-newPassword').type).to.equal('text');
    await typeInto(el, 'login-newPassword', 'corta');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect($(el, '#error-summary').textContent).to.match(/\w/);
    await expectAccessible(el);
    $<HTMLInputElement>(el, '#login-newPassword').select();
    await typeInto(el, 'login-newPassword', 'Nuova-Password-Lunga-7');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(stub.calls.find((c) => c.url.endsWith('/confirmation'))?.body).to.deep.equal({
      token: 'abcdefghijklmnopqrstuvwxyz234567',
      password: 'Nuova-Password-Lunga-7',
    });
    expect(el.view).to.equal('login');
    expect($(el, '.notice').textContent).to.contain('Password cambiata');
    expect(deepActiveElement()).to.equal($(el, '.notice'));
  });

  it('says when the reset link expired or was used, and offers a new one', async () => {
    history.replaceState(null, '', `${location.pathname}#pagatore-reset=abcdefghijklmnopqrstuvwxyz234567`);
    const m = await mount([
      {
        method: 'POST',
        path: `${base}/password-resets/confirmation`,
        status: 410,
        body: apiError('token_invalid'),
      },
    ]);
    stub = m.stub;
    const el = m.el;
    await typeInto(el, 'login-newPassword', 'Nuova-Password-Lunga-7');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(el.view).to.equal('link-failed');
    expect($(el, '#error-summary').textContent).to.contain('è già stato usato');
    await expectAccessible(el);
  });

  it('completes an activation link and prefills the username', async () => {
    history.replaceState(null, '', `${location.pathname}#pagatore-activate=abcdefghijklmnopqrstuvwxyz234567`);
    const m = await mount([
      { method: 'POST', path: `${base}/accounts/activation`, body: { username: 'mario.rossi' } },
    ]);
    stub = m.stub;
    const el = m.el;
    await settle(el);
    expect($(el, '.notice').textContent).to.contain('mario.rossi');
    expect($<HTMLInputElement>(el, '#login-username').value).to.equal('mario.rossi');
    await expectAccessible(el);
  });

  it('links "Registrati" to a page when register-href is set', async () => {
    stub = stubFetch([entityRoute]);
    const provider = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-login register-href="/registrati.html"></pagatore-login
      ></pagatore-provider>`,
    );
    const el = provider.querySelector('pagatore-login') as PagatoreLogin;
    await el.updateComplete;
    const a = el.shadowRoot!.querySelector('a[href="/registrati.html"]');
    expect(a?.textContent?.trim()).to.equal('Registrati');
    await expectAccessible(el);
  });

  it('fits a 320 px wide screen', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const m = await mount();
      stub = m.stub;
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
      expect(m.el.scrollWidth).to.be.at.most(320);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('shows who is logged in after a reload (session in sessionStorage)', async () => {
    const m0 = stubFetch([entityRoute, { method: 'GET', path: `${base}/me`, body: profile }]);
    stub = m0;
    const { getStore } = await import('../../state/store.js');
    getStore(API, ENTE).client.session.set({
      token: 'tok.tok',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const provider = await fixture(
      html`<pagatore-provider api=${API} entity=${ENTE}
        ><pagatore-login></pagatore-login
      ></pagatore-provider>`,
    );
    const el = provider.querySelector('pagatore-login') as PagatoreLogin;
    await settle(el);
    await settle(el);
    expect($(el, '.logged-in').textContent).to.contain('Mario Rossi');
  });
});
