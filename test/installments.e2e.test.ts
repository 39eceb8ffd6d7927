/**
 * Installments shown as they are, on the Comune's "Pagamenti" page: the demo's practice in a single
 * payment or three installments, installment 1 paid, searched with the Codice Avviso of
 * installment 2. The card says the code found installment 2, lists the single payment (no longer
 * payable) and each installment with amount, due date and state; "Paga" charges installment 2, or
 * installment 3 once chosen by keyboard. Real server (demo), real Chromium, 375 px and 1280 px,
 * Italian and English.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

const USER = 'mario.rossi';
const PASSWORD = 'Demo-Pagatore-2026';
const T = {
  it: {
    found: 'Il codice cercato è',
    inst: (n: number) => `Rata ${n} di 3`,
    single: 'Pagamento in unica soluzione',
    closed: 'Non più pagabile',
    paid: 'Pagata il',
    open: 'Da pagare',
    amount: '3.000,00',
    login: 'Accedi',
  },
  en: {
    found: 'The code searched is',
    inst: (n: number) => `Installment ${n} of 3`,
    single: 'Single payment',
    closed: 'No longer payable',
    paid: 'Paid on',
    open: 'To be paid',
    amount: '3,000.00',
    login: 'Log in',
  },
} as const;

describe('a practice in installments, searched by the code of installment 2', () => {
  let stack: Stack;
  let browser: Browser;
  let company: { fiscalCode: string; nav: string };
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    const m = /codice fiscale ([0-9]{11}), Codice Avviso ([0-9 ]{18,24}) \(rata 2\)/.exec(stack.output());
    if (!m?.[1] || !m[2]) throw new Error('the demo did not print the installment practice');
    company = { fiscalCode: m[1], nav: m[2].replace(/ /g, '') };
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  for (const [width, lang] of [
    [375, 'it'],
    [1280, 'en'],
  ] as const) {
    it(`${width} px, ${lang}: the card shows each option as it is; "Paga" charges the installment found, or the one chosen`, async () => {
      const t = T[lang];
      const { page, context, errors } = await openPage(browser, {
        viewport: { width, height: 800 },
        locale: lang === 'en' ? 'en-GB' : 'it-IT',
      });
      await page.goto(`${stack.siteUrl}/pagamenti.html`);
      if (lang === 'en')
        await page.evaluate(() =>
          document.querySelectorAll('pagatore-provider').forEach((p) => p.setAttribute('lang', 'en')),
        );
      const portal = page.locator('#body-widgets pagatore-portal');
      const search = portal.locator('pagatore-practice-search');
      await expect.poll(() => search.locator('#search-cf').count(), { timeout: 15_000 }).toBe(1);
      await search.locator('#search-cf').fill(company.fiscalCode);
      await search.locator('#search-code').fill(company.nav);
      await search.locator('#search-code').press('Enter');
      await expect.poll(() => search.locator('#result-title').count(), { timeout: 15_000 }).toBe(1);

      const facts = await search.locator('.result .facts').innerText();
      expect(facts.replace(/\s+/g, ' ')).toContain(`${t.found} ${t.inst(2)}`);
      const rows = (await search.locator('.result .option').allInnerTexts()).map((r) =>
        r.replace(/\s+/g, ' '),
      );
      expect(rows).toHaveLength(4);
      expect(rows[0]).toContain(t.single);
      expect(rows[0]).toContain(t.closed);
      expect(rows[1]).toContain(t.inst(1));
      expect(rows[1]).toContain(t.paid);
      expect(rows[2]).toContain(t.inst(2));
      expect(rows[2]).toContain(t.amount);
      expect(rows[2]).toContain(t.open);
      expect(rows[3]).toContain(t.inst(3));
      // The installment found is the one chosen; the page fits the width.
      expect(await search.locator('.result input[type=radio]:checked').getAttribute('value')).toBe(
        company.nav,
      );
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await screenshot(page, `installments-card-${lang}-${width}`);

      // Chosen by keyboard: installment 3. "Paga" → log in → back on the practice, still chosen.
      await search.locator('.result input[type=radio]:checked').focus();
      await page.keyboard.press('ArrowDown');
      const third = await search.locator('.result input[type=radio]:checked').getAttribute('value');
      expect(third).not.toBe(company.nav);
      await search.locator('#pay').focus();
      await page.keyboard.press('Enter');
      await search.locator('#login-box button', { hasText: t.login }).click();
      const login = portal.locator('pagatore-login');
      await expect.poll(() => login.locator('#login-username').count(), { timeout: 15_000 }).toBe(1);
      await login.locator('#login-username').fill(USER);
      await login.locator('#login-password').fill(PASSWORD);
      await login.locator('#login-password').press('Enter');
      await expect.poll(() => search.locator('#result-title').count(), { timeout: 15_000 }).toBe(1);
      expect(await search.locator('.result input[type=radio]:checked').getAttribute('value')).toBe(third);
      await search.locator('#pay').focus();
      await page.keyboard.press('Enter');

      // The payment page charges installment 3 alone.
      await page.waitForURL(/\/sandbox\/checkout\//, { timeout: 15_000 });
      const notices = await page.locator('.card ul').first().innerText();
      expect(notices.replace(/\s/g, '')).toContain((third as string).replace(/\s/g, ''));
      expect(notices.replace(/\s/g, '')).not.toContain(company.nav);
      await page.locator('input[value=cancelled]').check();
      await page.locator('button[type=submit]').click();
      await page.waitForURL(new RegExp(`^${stack.siteUrl}/pagamenti\\.html#`), { timeout: 15_000 });
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
