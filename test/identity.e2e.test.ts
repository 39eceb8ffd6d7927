/**
 * "Entra con SPID" and "Entra con CIE" end to end, in Debian Chromium, on the example Comune site
 * (`<pagatore-portal>`), against the demo's real OpenID Connect provider on 127.0.0.1:
 *
 * - SPID: the portal's "Accedi" → the provider chooser (by keyboard) → the provider's login page →
 *   back on the page with a one-time code → consent once → account created, the practices assigned
 *   to the fiscal code shown without any Codice Avviso → "Paga" through the sandbox → "Esci" from
 *   the account menu → the provider's logout page → back on the page, both sessions over.
 * - CIE: a citizen with a portal account → linked once with its password → logged in, practices shown.
 *
 * No cookie from the API, no token in a URL, no ID token in the widget's storage. The steps are
 * functions of the page only: they do not depend on how the provider is configured.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { payInSandbox } from './support/pay.js';
import { type Stack, startStack } from './support/stack.js';

/** The demo's identity provider: its login page lists the identities as buttons. */
async function loginAtProvider(page: Page, who: string): Promise<void> {
  await page.waitForURL(/127\.0\.0\.1:\d+\/interaction\//, { timeout: 15_000 });
  await page.getByRole('button', { name: who }).click();
}

/** Everything the widgets keep in the tab: nothing of the provider's tokens may be there. */
const tabStorage = (page: Page) =>
  page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));

describe('SPID and CIE login end to end, from the example site', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('prints the demo identity provider', () => {
    expect(stack.output()).toMatch(
      /SPID\/CIE provider {2}http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration/,
    );
    // The provider is reached through the stand-in SPID/CIE federation.
    expect(stack.output()).toMatch(
      /Trust Anchor {7}http:\/\/127\.0\.0\.1:\d+\/ta\/\.well-known\/openid-federation/,
    );
  });

  it('"Entra con SPID": account created with consent, assigned practice shown and paid, "Esci" at the provider too', async () => {
    const { page, errors, context } = await openPage(browser, { viewport: { width: 1024, height: 900 } });
    const urls: string[] = [];
    const apiCookies: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    page.on('response', async (r) => {
      if (r.url().startsWith(stack.apiUrl) && (await r.allHeaders())['set-cookie']) apiCookies.push(r.url());
    });
    const home = `${stack.siteUrl}/pagamenti.html`;
    await page.goto(home);
    const portal = page.locator('#body-widgets pagatore-portal');

    // "Accedi" in the portal's bar, then "Entra con SPID" by keyboard.
    await portal.locator('.end a', { hasText: 'Accedi' }).click();
    const login = portal.locator('pagatore-login');
    const spid = login.locator('.btn-spid');
    await expect.poll(() => spid.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => login.locator('.btn-cie').count()).toBe(1);
    await spid.focus();
    await page.keyboard.press('Enter');
    const idp = login.locator('.spid-idp button', { hasText: 'SPID di prova' });
    await expect.poll(() => idp.count()).toBe(1);
    await idp.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/127\.0\.0\.1:\d+\/interaction\//, { timeout: 15_000 });
    // The federation profile: a signed request object to the endpoint the trust chain resolved.
    expect(urls.some((u) => /\/auth\?.*\brequest=ey/.test(u))).toBe(true);
    await loginAtProvider(page, 'Anna Rossi');

    // Back on the Comune's page: the portal shows the login screen, which asks consent once.
    await page.waitForURL(`${home}*`, { timeout: 15_000 });
    await expect
      .poll(() => login.locator('h2').first().textContent(), { timeout: 15_000 })
      .toBe('Primo accesso con identità digitale');
    expect(page.url()).not.toContain('pagatore-identity=');
    await expect.poll(() => login.locator('p', { hasText: 'RSSNNA10A41H501S' }).count()).toBe(1);
    await screenshot(page, 'identity-1-consent');
    await login.locator('#login-privacyConsent').check();
    await login.locator('button[type=submit]').click();

    // Logged in: the practices assigned to Anna's fiscal code, at once.
    const practices = portal.locator('pagatore-practices');
    await expect
      .poll(() => practices.locator('article.card').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await screenshot(page, 'identity-2-practices');

    // "Paga" the assigned practice through the sandbox.
    const card = practices.locator('article.card').first();
    await payInSandbox(page, {
      pay: card.getByRole('button', { name: 'Paga', exact: true }),
      backTo: new RegExp(`^${stack.siteUrl}/pagamenti\\.html#`),
      status: portal.locator('pagatore-payment-status'),
    });
    await screenshot(page, 'identity-3-paid');
    expect(await tabStorage(page)).not.toMatch(/eyJ/);

    // "Esci" from the account menu: the provider asks, then the browser is back on the page.
    await portal.locator('a.pagopa').click();
    await portal.locator('pagatore-account button', { hasText: 'Esci' }).click();
    await page.waitForURL(/127\.0\.0\.1:\d+\/session\/end/, { timeout: 15_000 });
    await screenshot(page, 'identity-4-provider-logout');
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.waitForURL(`${home}*`, { timeout: 15_000 });
    await expect
      .poll(() => portal.locator('.flash').innerText(), { timeout: 15_000 })
      .toContain('Sei uscito dal portale pagamenti e dal gestore di identità.');
    expect(page.url()).not.toContain('pagatore-logout');
    await expect.poll(() => portal.locator('.end a', { hasText: 'Accedi' }).count()).toBe(1);

    // The provider's session is over: "Entra con SPID" asks who again.
    await portal.locator('.end a', { hasText: 'Accedi' }).click();
    await login.locator('.btn-spid').click();
    await login.locator('.spid-idp button', { hasText: 'SPID di prova' }).click();
    await page.waitForURL(/127\.0\.0\.1:\d+\/interaction\//, { timeout: 15_000 });

    expect(apiCookies).toEqual([]);
    expect(urls.filter((u) => /access_token|[?&]token=/.test(u))).toEqual([]);
    // The ID token travels only to the provider, never to the Comune's site or the widgets' API calls.
    expect(urls.filter((u) => u.includes('id_token_hint') && !u.includes('/session/end'))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('"Entra con CIE": a portal account of the same fiscal code is linked once with its password', async () => {
    const { page, errors, context } = await openPage(browser, { viewport: { width: 1024, height: 900 } });
    const home = `${stack.siteUrl}/pagamenti.html`;
    await page.goto(home);
    const portal = page.locator('#body-widgets pagatore-portal');
    await portal.locator('.end a', { hasText: 'Accedi' }).click();
    const login = portal.locator('pagatore-login');
    const cie = login.locator('.btn-cie');
    await expect.poll(() => cie.count(), { timeout: 15_000 }).toBe(1);
    await cie.click();
    await loginAtProvider(page, 'Mario Rossi');

    await page.waitForURL(`${home}*`, { timeout: 15_000 });
    await expect
      .poll(() => login.locator('h2').first().textContent(), { timeout: 15_000 })
      .toBe('Collega il tuo account');
    await expect.poll(() => login.locator('.link-by-email').count()).toBe(1);
    await login.locator('#login-username').fill('mario.rossi');
    await login.locator('#login-password').fill('Demo-Pagatore-2026');
    await login.locator('button[type=submit]').click();
    const practices = portal.locator('pagatore-practices');
    await expect
      .poll(() => practices.locator('article.card').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await screenshot(page, 'identity-5-cie-linked');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
