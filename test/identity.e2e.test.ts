/**
 * "Entra con SPID" end to end, in Debian Chromium, against the demo's real OpenID Connect provider
 * on 127.0.0.1: the Comune's page → SPID provider chooser → the provider's login page → back on the
 * page with a one-time code → consent once → logged in, account created, the practices assigned to
 * the fiscal code shown without any Codice Avviso → "Esci". No cookie from the API, no token in a URL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

const PAGE = `<!doctype html>
<html lang="it">
  <head>
    <meta charset="utf-8" />
    <title>Comune di Esempio - Pagamenti</title>
    <script type="module" src="%PAGATORE_API%/widgets/pagatore.js"></script>
  </head>
  <body>
    <main>
      <h1>Pagamenti</h1>
      <pagatore-provider api="%PAGATORE_API%" entity="%PAGATORE_ENTITY%">
        <pagatore-login></pagatore-login>
        <pagatore-practices></pagatore-practices>
      </pagatore-provider>
    </main>
  </body>
</html>
`;

describe('SPID login end to end', () => {
  let stack: Stack;
  let browser: Browser;
  let siteDir: string;

  beforeAll(async () => {
    siteDir = mkdtempSync(join(tmpdir(), 'pagatore-identity-site-'));
    writeFileSync(join(siteDir, 'pagamenti.html'), PAGE);
    stack = await startStack({ env: { SITE_DIR: siteDir } });
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(siteDir, { recursive: true, force: true });
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

  it('"Entra con SPID": account created with consent, assigned practices shown, "Esci"', async () => {
    const { page, errors } = await openPage(browser, { viewport: { width: 1024, height: 900 } });
    const urls: string[] = [];
    const apiCookies: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    page.on('response', async (r) => {
      if (r.url().startsWith(stack.apiUrl) && (await r.allHeaders())['set-cookie']) apiCookies.push(r.url());
    });
    await page.goto(`${stack.siteUrl}/pagamenti.html`);
    const login = page.locator('pagatore-login');
    const spid = login.locator('.btn-spid');
    await expect.poll(() => spid.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => login.locator('.btn-cie').count()).toBe(1);
    // By keyboard: the chooser opens, the provider is picked.
    await spid.focus();
    await page.keyboard.press('Enter');
    const idp = login.locator('.spid-idp button', { hasText: 'SPID di prova' });
    await expect.poll(() => idp.count()).toBe(1);
    await idp.focus();
    await page.keyboard.press('Enter');

    // The provider's login page: choose Anna Rossi.
    await page.waitForURL(/127\.0\.0\.1:\d+\/interaction\//, { timeout: 15_000 });
    // The federation profile: a signed request object to the endpoint the trust chain resolved.
    expect(urls.some((u) => /\/auth\?.*\brequest=ey/.test(u))).toBe(true);
    await page.getByRole('button', { name: 'Anna Rossi' }).click();

    // Back on the Comune's page: consent once.
    await page.waitForURL(`${stack.siteUrl}/pagamenti.html*`, { timeout: 15_000 });
    const title = login.locator('h2');
    await expect
      .poll(() => title.textContent(), { timeout: 15_000 })
      .toBe('Primo accesso con identità digitale');
    expect(page.url()).not.toContain('pagatore-identity=');
    await expect.poll(() => login.locator('p', { hasText: 'RSSNNA10A41H501S' }).count()).toBe(1);
    await login.locator('#login-privacyConsent').check();
    await login.locator('button[type=submit]').click();
    await expect.poll(() => login.locator('.logged-in').count(), { timeout: 15_000 }).toBe(1);

    // The practices assigned to Anna's fiscal code show at once.
    const practices = page.locator('pagatore-practices');
    await expect
      .poll(() => practices.locator('article.card').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);

    // "Esci".
    await login.locator('.logged-in button').click();
    await expect.poll(() => login.locator('.btn-spid').count(), { timeout: 15_000 }).toBe(1);

    expect(apiCookies).toEqual([]);
    // The only URLs with the hand-back code are the page's own; no bearer token ever in a URL.
    expect(urls.filter((u) => /token=|access_token|id_token/.test(u))).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});
