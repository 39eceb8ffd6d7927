/**
 * Citizen accounts end to end: register → mail → activate → login → revoke, in Debian Chromium,
 * with the page on 127.0.0.1 and the API on localhost: two sites. The flow must work without any
 * cookie from the API.
 *
 * The site is a page of our own (SITE_DIR) with only the three account tags, as a webmaster pastes
 * them, so the test does not depend on what the example Comune pages show today. It is named
 * `pagamenti.html` because that is the demo entity's portal page, where the e-mail links lead.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { DEMO_ENTITY, type Stack, startStack, waitForMail } from './support/stack.js';

const EMAIL = 'e2e.cittadino@example.it';
const USERNAME = 'e2e.cittadino';
const PASSWORD = 'Girasoli-al-Tramonto-31';

const PAGE = `<!doctype html>
<html lang="it">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Pagamenti – Comune di Esempio</title>
    <script type="module" src="%PAGATORE_API%/widgets/pagatore.js"></script>
    <style>
      header { display: flex; justify-content: space-between; align-items: center; padding: 8px 16px; }
      main { max-width: 48rem; margin: 0 auto; padding: 16px; }
    </style>
  </head>
  <body>
    <header>
      <strong>Comune di Esempio</strong>
      <pagatore-provider api="%PAGATORE_API%" entity="%PAGATORE_ENTITY%">
        <pagatore-account></pagatore-account>
      </pagatore-provider>
    </header>
    <main>
      <h1>Pagamenti</h1>
      <pagatore-provider api="%PAGATORE_API%" entity="%PAGATORE_ENTITY%">
        <pagatore-register></pagatore-register>
        <pagatore-login></pagatore-login>
      </pagatore-provider>
    </main>
  </body>
</html>
`;

async function providersReady(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('pagatore-provider')].every(
      (p) =>
        (p as unknown as { store?: { state: { entityStatus: string } } }).store?.state.entityStatus ===
        'ready',
    ),
  );
}

describe('citizen accounts across two sites', () => {
  let stack: Stack;
  let browser: Browser;
  let siteDir: string;
  const apiSetCookies: string[] = [];

  beforeAll(async () => {
    siteDir = mkdtempSync(join(tmpdir(), 'pagatore-accounts-site-'));
    writeFileSync(join(siteDir, 'pagamenti.html'), PAGE);
    stack = await startStack({ env: { SITE_DIR: siteDir } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(siteDir, { recursive: true, force: true });
  });

  it('prints the demo citizens and their password', () => {
    expect(stack.output()).toContain('mario.rossi');
    expect(stack.output()).toContain('Demo-Pagatore-2026');
  });

  it('registers, activates from the e-mail link, logs in and revokes consent without cookies', async () => {
    const { page, context, errors } = await openPage(browser, {
      viewport: { width: 1024, height: 900 },
      // The one expected failure: logging in after the account was closed.
      allowHttpErrors: (url, status) => url.endsWith('/sessions') && status === 401,
    });
    const watchCookies = (p: Page) =>
      p.on('response', async (r) => {
        if (!r.url().startsWith(stack.apiUrl)) return;
        const cookie = (await r.allHeaders())['set-cookie'];
        if (cookie) apiSetCookies.push(`${r.url()}: ${cookie}`);
      });
    watchCookies(page);

    // 1. "Registrati" on the entity's page.
    await page.goto(`${stack.siteUrl}/pagamenti.html`);
    await providersReady(page);
    const reg = page.locator('pagatore-register');
    await reg.locator('#reg-fiscalCode').fill('bscmtt83a12l719r');
    await reg.locator('#reg-fiscalCode').press('Enter');
    await reg.locator('#reg-firstName').fill('Matteo');
    await reg.locator('#reg-lastName').fill('Bianchi');
    await reg.locator('#reg-address').fill('Via Garibaldi 7');
    await reg.locator('#reg-city').fill('Esempio');
    await reg.locator('#reg-province').fill('RM');
    await reg.locator('#reg-postalCode').fill('00100');
    await reg.locator('#reg-email').fill(EMAIL);
    await reg.locator('#reg-phone').fill('06 5551234');
    await reg.locator('#reg-username').fill(USERNAME);
    await reg.locator('#reg-password').fill(PASSWORD);
    await reg.locator('#reg-privacyConsent').check();
    await screenshot(page, 'accounts-register-form');
    await reg.locator('button[type=submit]').click();
    await expect.poll(() => reg.locator('h2').textContent()).toBe('Controlla la tua email');

    // 2. The activation mail, in the dev mailbox, links to the entity's portal page.
    const mail = await waitForMail(stack, (m) => m.to === EMAIL && /Attiva/.test(m.subject));
    expect(mail.html).toContain('Comune di Esempio');
    const link = /(http:\/\/\S+#pagatore-activate=[a-z2-7]+)/.exec(mail.text)?.[1];
    expect(link?.startsWith(`${stack.siteUrl}/pagamenti.html#pagatore-activate=`)).toBe(true);

    // 3. Following it (a new tab, from the mail client) activates; the token leaves the address bar.
    await page.close();
    const tab = await context.newPage();
    tab.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    tab.on('response', (r) => {
      if (r.status() >= 400 && !(r.url().endsWith('/sessions') && r.status() === 401))
        errors.push(`http ${r.status()}: ${r.url()}`);
    });
    watchCookies(tab);
    await tab.goto(link as string);
    await providersReady(tab);
    const reg2 = tab.locator('pagatore-register');
    await expect.poll(() => reg2.locator('h2').textContent()).toBe('Account attivato');
    expect(await reg2.locator('.alert').textContent()).toContain(USERNAME);
    expect(new URL(tab.url()).hash).toBe('');

    // 4. "Accedi" (a new tab starts logged out: sessionStorage is per tab).
    const login = tab.locator('pagatore-login');
    await login.locator('#login-username').fill(USERNAME);
    await login.locator('#login-password').fill(PASSWORD);
    await login.locator('#login-password').press('Enter');
    await expect.poll(() => login.locator('.logged-in').textContent()).toContain('Matteo Bianchi');
    const stored = await tab.evaluate(() => ({
      session: Object.keys(sessionStorage).filter((k) => k.startsWith('pagatore:session:')),
      local: localStorage.length,
      cookie: document.cookie,
    }));
    expect(stored).toEqual({ session: [expect.any(String)], local: 0, cookie: '' });

    // 5. The account menu from the pagoPA logo in the header: "Revoca consenso privacy".
    const account = tab.locator('pagatore-account');
    await account.locator('button.toggle').click();
    await expect.poll(() => account.locator('.who').textContent()).toContain('Matteo Bianchi');
    await screenshot(tab, 'accounts-menu');
    await account.getByRole('button', { name: 'Revoca consenso privacy' }).click();
    await account.getByRole('button', { name: "Revoca il consenso e chiudi l'account" }).click();
    await expect.poll(() => account.locator('.notice').textContent()).toContain('chiuso');
    // The other widget, in another provider of the page, saw the session end too.
    await expect.poll(() => login.locator('h2').textContent()).toBe('Accedi');

    // The account is closed: the password no longer works.
    const res = await fetch(`${stack.apiUrl}/api/v1/entities/${DEMO_ENTITY}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.siteUrl },
      body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
    });
    expect(res.status).toBe(401);
    const closedMail = await waitForMail(stack, (m) => m.to === EMAIL && /Account chiuso/.test(m.subject));
    expect(closedMail.text).toContain('Comune di Esempio');

    // No cookie was set by the API, nor needed.
    expect(apiSetCookies).toEqual([]);
    expect(await context.cookies(stack.apiUrl)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
