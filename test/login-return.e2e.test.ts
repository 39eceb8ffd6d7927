/**
 * Login returns where the citizen was: on the Comune's "Pagamenti" page a search hit's "Paga" asks
 * to log in ("dopo l'accesso tornerai a questa pratica"); after "Accedi" the citizen is back on the
 * same practice, focused, with nothing started, and chooses: "Paga" then goes to the payment page.
 * Real server (demo), real Chromium, at 375 px by keyboard in Italian and at 1280 px in English.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

const USER = 'mario.rossi';
const PASSWORD = 'Demo-Pagatore-2026';
const T = {
  it: { back: 'Accesso effettuato', login: 'Accedi', pay: 'Paga' },
  en: { back: 'You are logged in', login: 'Log in', pay: 'Pay' },
} as const;

/** The element focused, through shadow roots: its id. */
function focusedId(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.id ?? null;
  });
}

describe('login returns to the practice the citizen was on', () => {
  let stack: Stack;
  let browser: Browser;
  let anna: { fiscalCode: string; nav: string };
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    const m = /codice fiscale ([A-Z0-9]{16}), Codice Avviso ([0-9 ]{18,24}) \(mensa\)/.exec(stack.output());
    if (!m?.[1] || !m[2]) throw new Error('the demo did not print the canteen practice');
    anna = { fiscalCode: m[1], nav: m[2].trim() };
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  for (const [width, lang, keyboard] of [
    [375, 'it', true],
    [1280, 'en', false],
  ] as const) {
    it(`${width} px, ${lang}${keyboard ? ', keyboard only' : ''}: "Paga" → "Accedi" → back on the practice, nothing paid; then "Paga" pays it`, async () => {
      const t = T[lang];
      const { page, context, errors } = await openPage(browser, {
        viewport: { width, height: 800 },
        locale: lang === 'en' ? 'en-GB' : 'it-IT',
      });
      const press = async (l: ReturnType<Page['locator']>) => {
        if (!keyboard) return l.click();
        await l.focus();
        await page.keyboard.press('Enter');
      };
      await page.goto(`${stack.siteUrl}/pagamenti.html`);
      if (lang === 'en')
        await page.evaluate(() =>
          document.querySelectorAll('pagatore-provider').forEach((p) => p.setAttribute('lang', 'en')),
        );
      const portal = page.locator('#body-widgets pagatore-portal');
      const search = portal.locator('pagatore-practice-search');
      await expect.poll(() => search.locator('#search-cf').count(), { timeout: 15_000 }).toBe(1);
      await search.locator('#search-cf').fill(anna.fiscalCode);
      await search.locator('#search-code').fill(anna.nav);
      await press(search.locator('button[type=submit]'));
      await expect.poll(() => search.locator('#result-title').count()).toBe(1);

      // "Paga" without a session: the login box, then "Accedi".
      await press(search.locator('#pay'));
      await expect.poll(() => search.locator('#login-box').count()).toBe(1);
      await press(search.locator('#login-box button', { hasText: t.login }));
      const login = portal.locator('pagatore-login');
      await expect.poll(() => login.locator('#login-username').count(), { timeout: 15_000 }).toBe(1);
      await login.locator('#login-username').focus();
      await page.keyboard.type(USER);
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');

      // Back on the same practice, focused, linked, still payable: nothing was started.
      await expect.poll(() => search.locator('#result-title').count(), { timeout: 15_000 }).toBe(1);
      await expect.poll(() => focusedId(page), { timeout: 10_000 }).toBe('result-title');
      expect(await search.locator('.result').innerText()).toContain('Mensa');
      expect(await search.locator('.alert-success').innerText()).toContain(t.back);
      expect(page.url()).toMatch(new RegExp(`^${stack.siteUrl}/pagamenti\\.html#/ricerca$`));
      expect(await search.locator('#pay').innerText()).toBe(t.pay);
      await screenshot(page, `login-return-${lang}-${width}`);

      // The citizen chooses: "Paga" now goes to the payment page.
      await press(search.locator('#pay'));
      await page.waitForURL(/\/sandbox\/checkout\//, { timeout: 15_000 });
      // Cancelled on the payment page: the practice is payable again for the next run.
      await page.locator('input[value=cancelled]').check();
      await page.locator('button[type=submit]').click();
      await page.waitForURL(new RegExp(`^${stack.siteUrl}/pagamenti\\.html#`), { timeout: 15_000 });
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
