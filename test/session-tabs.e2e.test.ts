/**
 * A session across tabs (docs/rationales/session-transport.md): logged in on the Comune's
 * "Pagamenti" page, a second tab of the same browser opens signed in; "Esci" there signs out the
 * first tab too; once every tab is closed a new tab starts signed out (nothing kept in
 * localStorage, no cookie). Two pages of one Chromium context, at 375 px and 1280 px, in Italian
 * and English, logging in by keyboard.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

const USER = 'mario.rossi';
const PASSWORD = 'Demo-Pagatore-2026';
const LOGOUT = { it: 'Esci', en: 'Log out' } as const;

async function setLang(page: Page, lang: 'it' | 'en'): Promise<void> {
  if (lang === 'it') return;
  await page.evaluate(() =>
    document.querySelectorAll('pagatore-provider').forEach((p) => p.setAttribute('lang', 'en')),
  );
}

describe('a session across the tabs of one browser', () => {
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

  for (const [width, lang] of [
    [375, 'it'],
    [1280, 'en'],
  ] as const) {
    it(`${width} px, ${lang}: a second tab is signed in, "Esci" there signs out both, no tab left means signed out`, async () => {
      const { page, context, errors } = await openPage(browser, {
        viewport: { width, height: 800 },
        locale: lang === 'en' ? 'en-GB' : 'it-IT',
      });
      const url = `${stack.siteUrl}/pagamenti.html`;

      // Tab 1: "Accedi" by keyboard.
      await page.goto(`${url}#/accedi`);
      await setLang(page, lang);
      const portal = page.locator('#body-widgets pagatore-portal');
      const login = portal.locator('pagatore-login');
      await expect.poll(() => login.locator('#login-username').count(), { timeout: 15_000 }).toBe(1);
      await login.locator('#login-username').focus();
      await page.keyboard.type(USER);
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await expect.poll(() => portal.locator('pagatore-practices').count(), { timeout: 15_000 }).toBe(1);
      await expect.poll(() => portal.locator('a.pagopa').count()).toBe(1);

      // Tab 2 of the same browser, straight to a private screen: signed in, no login screen.
      const second = await context.newPage();
      await second.goto(`${url}#/pratiche`);
      await setLang(second, lang);
      const portal2 = second.locator('#body-widgets pagatore-portal');
      await expect
        .poll(() => portal2.locator('pagatore-practices article').count(), { timeout: 15_000 })
        .toBeGreaterThan(0);
      expect(await portal2.locator('pagatore-login').count()).toBe(0);
      expect(await portal2.locator('a.pagopa').count()).toBe(1);
      await screenshot(second, `session-second-tab-${lang}-${width}`);

      // "Esci" in tab 2 (keyboard): tab 1 is signed out too, back on the search.
      await portal2.locator('a.pagopa').focus();
      await second.keyboard.press('Enter');
      const logout = portal2
        .locator('pagatore-account')
        .getByRole('button', { name: LOGOUT[lang], exact: true });
      await expect.poll(() => logout.count(), { timeout: 15_000 }).toBe(1);
      await logout.focus();
      await second.keyboard.press('Enter');
      await expect.poll(() => portal2.locator('a.pagopa').count(), { timeout: 15_000 }).toBe(0);
      await expect.poll(() => portal.locator('a.pagopa').count(), { timeout: 15_000 }).toBe(0);
      await expect.poll(() => portal.locator('pagatore-practice-search').count()).toBe(1);

      // Logged in again in tab 1, then every tab closed: a new tab starts signed out.
      await portal.locator('.end a[href="#/accedi"]').click();
      await login.locator('#login-username').fill(USER);
      await login.locator('#login-password').fill(PASSWORD);
      await login.locator('#login-password').press('Enter');
      await expect.poll(() => portal.locator('a.pagopa').count(), { timeout: 15_000 }).toBe(1);
      await expect.poll(() => portal2.locator('a.pagopa').count(), { timeout: 15_000 }).toBe(1);
      expect(
        await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('session'))),
      ).toEqual([]);
      await second.close();
      await page.close();
      const third = await context.newPage();
      await third.goto(`${url}#/pratiche`);
      const portal3 = third.locator('#body-widgets pagatore-portal');
      await expect.poll(() => portal3.locator('pagatore-login').count(), { timeout: 15_000 }).toBe(1);
      expect(await portal3.locator('a.pagopa').count()).toBe(0);

      expect(await context.cookies(stack.apiUrl)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
