import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { deepActiveElement, expectAccessible } from '../../../test/a11y.js';
import { apiError, base, profile } from '../../../test/accounts-fixtures.js';
import { API, demoEntity, ENTE, type Route, stubFetch } from '../../../test/fetch-stub.js';
import { getStore, resetStores } from '../../state/store.js';
import '../provider/provider.js';
import './account.js';
import type { PagatoreAccount } from './account.component.js';

const entityRoute: Route = { method: 'GET', path: `/api/v1/entities/${ENTE}`, body: demoEntity };
const meRoute: Route = { method: 'GET', path: `${base}/me`, body: profile };

async function mount(routes: Route[] = [], loggedIn = true) {
  const stub = stubFetch([entityRoute, meRoute, ...routes]);
  if (loggedIn)
    getStore(API, ENTE).client.session.set({
      token: 'tok.secret',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
  const provider = await fixture(
    html`<pagatore-provider api=${API} entity=${ENTE}
      ><div style="display:flex;justify-content:flex-end"><pagatore-account></pagatore-account></div
    ></pagatore-provider>`,
  );
  const el = provider.querySelector('pagatore-account') as PagatoreAccount;
  await el.updateComplete;
  return { el, stub };
}

const $ = <T extends Element = HTMLElement>(el: PagatoreAccount, sel: string) =>
  el.shadowRoot!.querySelector(sel) as T;
const settle = async (el: PagatoreAccount) => {
  await new Promise((r) => setTimeout(r, 30));
  await el.updateComplete;
};

async function openMenu(el: PagatoreAccount) {
  $<HTMLButtonElement>(el, '.toggle').focus();
  await sendKeys({ press: 'Enter' });
  await settle(el);
}

async function choose(el: PagatoreAccount, label: string) {
  const btn = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.menu button')].find(
    (b) => b.textContent?.trim() === label,
  );
  expect(btn, label).to.not.equal(undefined);
  btn!.focus();
  await sendKeys({ press: 'Enter' });
  await settle(el);
}

describe('<pagatore-account>', () => {
  let stub: ReturnType<typeof stubFetch> | undefined;
  beforeEach(() => {
    resetStores();
    sessionStorage.clear();
  });
  afterEach(async () => {
    stub?.restore();
    stub = undefined;
    await setViewport({ width: 800, height: 600 });
  });

  it('shows nothing before login', async () => {
    const m = await mount([], false);
    stub = m.stub;
    expect(m.el.shadowRoot!.querySelector('button')).to.equal(null);
  });

  it('opens from the pagoPA logo with the keyboard and closes with Escape', async () => {
    const m = await mount();
    stub = m.stub;
    const el = m.el;
    const toggle = $<HTMLButtonElement>(el, '.toggle');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(toggle.querySelector('img')?.getAttribute('src')).to.equal(`${API}/assets/logo-pagopa.svg`);
    expect(toggle.textContent?.trim()).to.equal('Il tuo account');
    await expectAccessible(el);
    await openMenu(el);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(deepActiveElement()).to.equal($(el, '#account-title'));
    expect($(el, '.who').textContent).to.contain('Mario Rossi');
    const labels = [...el.shadowRoot!.querySelectorAll('.menu button')].map((b) => b.textContent?.trim());
    expect(labels).to.deep.equal([
      'Profilo',
      'Cambia password',
      'Promemoria e calendario',
      'Revoca consenso privacy',
      'Esci',
    ]);
    await expectAccessible(el);
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(deepActiveElement()).to.equal(toggle);
  });

  it('edits the profile; a new e-mail waits for confirmation', async () => {
    const m = await mount([
      {
        method: 'PATCH',
        path: `${base}/me`,
        body: { ...profile, city: 'Milano', pendingEmail: 'nuova@example.it' },
      },
    ]);
    stub = m.stub;
    const el = m.el;
    await openMenu(el);
    await choose(el, 'Profilo');
    expect(deepActiveElement()).to.equal($(el, 'h3'));
    expect($<HTMLInputElement>(el, '#acc-city').value).to.equal('Roma');
    await expectAccessible(el);
    // Invalid CAP: summary, nothing sent.
    $<HTMLInputElement>(el, '#acc-postalCode').focus();
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect($(el, '#error-summary').textContent).to.contain('CAP');
    expect(deepActiveElement()).to.equal($(el, '#error-summary'));
    await expectAccessible(el);
    $<HTMLInputElement>(el, '#acc-postalCode').focus();
    await sendKeys({ type: '0' });
    $<HTMLInputElement>(el, '#acc-email').select();
    await sendKeys({ type: 'nuova@example.it' });
    await sendKeys({ press: 'Enter' });
    await settle(el);
    const patch = stub.calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).to.deep.include({ postalCode: '00100', email: 'nuova@example.it', province: 'RM' });
    expect($(el, '.notice').textContent).to.contain('nuova@example.it');
    await expectAccessible(el);
  });

  it('turns e-mail reminders on, and makes, shows once and revokes the calendar feed URL', async () => {
    const feedUrl = `${API}${base}/calendar/${'a'.repeat(32)}.ics`;
    const m = await mount([
      { method: 'GET', path: `${base}/me/reminders`, body: { email: false, offered: true, daysBefore: 7 } },
      { method: 'PUT', path: `${base}/me/reminders`, body: { email: true, offered: true, daysBefore: 7 } },
      { method: 'GET', path: `${base}/me/calendar-feed`, body: { active: false, createdAt: null } },
      {
        method: 'POST',
        path: `${base}/me/calendar-feed`,
        status: 201,
        body: { active: true, createdAt: '2026-12-07T10:00:00Z', url: feedUrl },
      },
      { method: 'DELETE', path: `${base}/me/calendar-feed`, status: 204 },
    ]);
    stub = m.stub;
    const el = m.el;
    await openMenu(el);
    await choose(el, 'Promemoria e calendario');
    await settle(el);
    const box = $<HTMLInputElement>(el, '#reach-email');
    // Off until the citizen turns it on.
    expect(box.checked).to.equal(false);
    expect($(el, '#reach-email-hint').textContent).to.contain('7 giorni prima');
    await expectAccessible(el);
    box.focus();
    await sendKeys({ press: 'Space' });
    await settle(el);
    expect(stub.calls.find((c) => c.method === 'PUT')?.body).to.deep.equal({ email: true });
    expect($(el, '.reach-status').textContent).to.contain('Preferenza salvata.');
    expect($(el, '.reach-feed-state').textContent).to.contain('Nessun indirizzo attivo.');
    const button = (label: string) =>
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.reach button')].find(
        (b) => b.textContent?.trim() === label,
      )!;
    button('Crea indirizzo').click();
    await settle(el);
    expect($<HTMLTextAreaElement>(el, '#reach-feed-url').value).to.equal(feedUrl);
    await expectAccessible(el);
    button('Revoca').click();
    await settle(el);
    expect(stub.calls.some((c) => c.method === 'DELETE' && c.url.endsWith('/me/calendar-feed'))).to.equal(
      true,
    );
    expect($(el, '#reach-feed-url')).to.equal(null);
    expect($(el, '.reach-status').textContent).to.contain('Indirizzo revocato');
  });

  it('changes the password, and says when the current one is wrong or the new one too common', async () => {
    const m = await mount([
      {
        method: 'PUT',
        path: `${base}/me/password`,
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
    await openMenu(el);
    await choose(el, 'Cambia password');
    await expectAccessible(el);
    $<HTMLInputElement>(el, '#acc-currentPassword').focus();
    await sendKeys({ type: 'sbagliata' });
    $<HTMLInputElement>(el, '#acc-newPassword').focus();
    await sendKeys({ type: 'Altra-Chiave-Sicura-1' });
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect($(el, '#error-summary').textContent).to.contain('non corretti');
    // A wrong current password does not end the session.
    expect(getStore(API, ENTE).client.session.token).to.equal('tok.secret');
    // The common-password list is the server's: its refusal shows at the new password.
    stub.restore();
    stub = stubFetch([
      entityRoute,
      meRoute,
      {
        method: 'PUT',
        path: `${base}/me/password`,
        status: 422,
        body: apiError('validation_failed', [{ path: 'newPassword', code: 'password_common', message: 'x' }]),
      },
    ]);
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await settle(el);
    expect($(el, '#error-summary').textContent).to.contain('Password troppo comune');
    expect($(el, '#acc-newPassword-error').textContent).to.contain('Password troppo comune');
    expect($(el, '#acc-newPassword').getAttribute('aria-invalid')).to.equal('true');
    stub.restore();
    stub = stubFetch([entityRoute, meRoute, { method: 'PUT', path: `${base}/me/password`, status: 204 }]);
    $<HTMLButtonElement>(el, 'button[type=submit]').click();
    await settle(el);
    expect($(el, '.notice').textContent).to.contain('Password cambiata');
  });

  it('"Revoca consenso privacy" asks to confirm, then closes the account', async () => {
    const m = await mount([{ method: 'DELETE', path: `${base}/me/consent`, status: 204 }]);
    stub = m.stub;
    const el = m.el;
    await openMenu(el);
    await choose(el, 'Revoca consenso privacy');
    expect($(el, 'h3').textContent).to.equal('Revoca consenso privacy');
    expect(stub.calls.filter((c) => c.method === 'DELETE')).to.have.length(0);
    await expectAccessible(el);
    const closed = oneEvent(el, 'pagatore-account-close');
    $<HTMLButtonElement>(el, '.btn-danger').focus();
    await sendKeys({ press: 'Enter' });
    await closed;
    await settle(el);
    expect(getStore(API, ENTE).client.session.token).to.equal(null);
    expect($(el, '.notice').textContent).to.contain('chiuso');
    await expectAccessible(el);
  });

  it('"Esci" ends the session, and with it a pay link’s return kept for the other tabs', async () => {
    const kept = `pagatore:pending-practice:${API}|${ENTE}`;
    const action = { reason: 'pay', payLink: 'abcdefghijklmnopqrstuvwxyz234567', installment: null };
    localStorage.setItem(kept, JSON.stringify({ ...action, at: Date.now() }));
    const m = await mount([
      {
        method: 'DELETE',
        path: `${base}/sessions/current`,
        body: { identity: null, providerLogoutUrl: null },
      },
    ]);
    stub = m.stub;
    const el = m.el;
    await openMenu(el);
    const ended = oneEvent(el, 'pagatore-session-end');
    await choose(el, 'Esci');
    await ended;
    await settle(el);
    expect(getStore(API, ENTE).client.session.token).to.equal(null);
    expect(el.shadowRoot!.querySelector('.toggle')).to.equal(null);
    expect(localStorage.getItem(kept)).to.equal(null);
  });

  it('confirms a new e-mail from the link in the URL fragment', async () => {
    history.replaceState(null, '', `${location.pathname}#pagatore-email=abcdefghijklmnopqrstuvwxyz234567`);
    const m = await mount([
      { method: 'POST', path: `${base}/accounts/email-confirmation`, body: { email: 'nuova@example.it' } },
    ]);
    stub = m.stub;
    const el = m.el;
    expect(location.hash).to.equal('');
    await settle(el);
    await settle(el);
    expect($(el, '.notice').textContent).to.contain('nuova@example.it');
    await expectAccessible(el);
  });

  it('mode="page" shows the menu in place, for a page of its own', async () => {
    stub = stubFetch([entityRoute, meRoute]);
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
    expect(el.shadowRoot!.querySelector('.toggle')).to.equal(null);
    expect($(el, 'h2').textContent).to.equal('Il tuo account');
    expect($(el, '.who').textContent).to.contain('Mario Rossi');
    await expectAccessible(el);
    await choose(el, 'Cambia password');
    expect(deepActiveElement()).to.equal($(el, 'h3'));
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect($(el, 'h3').textContent).to.equal('Cambia password');
  });

  it('fits a 320 px wide screen', async () => {
    await setViewport({ width: 320, height: 640 });
    const m = await mount();
    stub = m.stub;
    const el = m.el;
    await openMenu(el);
    const panel = $(el, '.panel').getBoundingClientRect();
    expect(panel.left).to.be.at.least(0);
    expect(panel.right).to.be.at.most(320);
  });
});
