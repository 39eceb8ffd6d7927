/**
 * A payment left half-way is never a dead end. On the Comune's "Pagamenti" page: "Paga", then the
 * browser's Back: the practice offers "Riprendi il pagamento" (back to the pagoPA page still open)
 * and "Annulla e ricomincia"; abandoned, "Paga" is back and pays it. The same for "Paga carrello":
 * abandoned, the practice (still in the cart) is payable and "Paga carrello" pays it. Real server (demo), real
 * Chromium, at 375 px in Italian by keyboard and at 1280 px in English; axe on the new screens.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { chooseFromMenu, launchBrowser, openPage, screenshot } from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

const USER = 'mario.rossi';
const PASSWORD = 'Demo-Pagatore-2026';
const T = {
  it: {
    title: 'Pagamento lasciato a metà',
    resume: 'Riprendi il pagamento',
    abandon: 'Annulla e ricomincia',
    abandoned: 'Pagamento annullato',
    pay: 'Paga',
    payCart: 'Paga carrello',
    add: 'Aggiungi pratica al carrello',
    paid: 'Pagamento riuscito',
  },
  en: {
    title: 'Payment left half-way',
    resume: 'Resume the payment',
    abandon: 'Abandon and start again',
    abandoned: 'Payment abandoned',
    pay: 'Pay',
    payCart: 'Pay cart',
    add: 'Add practice to cart',
    paid: 'Payment successful',
  },
} as const;

/** The element focused, through shadow roots: its text. */
function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.textContent?.trim() ?? '';
  });
}

for (const [width, lang, keyboard] of [
  [375, 'it', true],
  [1280, 'en', false],
] as const) {
  describe(`a payment left half-way, ${width} px, ${lang}${keyboard ? ', keyboard only' : ''}`, () => {
    const t = T[lang];
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

    async function open() {
      const watched = await openPage(browser, {
        viewport: { width, height: 900 },
        locale: lang === 'en' ? 'en-GB' : 'it-IT',
      });
      const { page } = watched;
      await page.goto(`${stack.siteUrl}/pagamenti.html`);
      const portal = page.locator('#body-widgets pagatore-portal');
      if (lang === 'en') {
        // The portal's language switch: remembered by the browser across the trips to pagoPA.
        await expect.poll(() => portal.locator('#portal-lang').count(), { timeout: 15_000 }).toBe(1);
        await portal.locator('#portal-lang').selectOption('en');
      }
      await portal.locator('.end a', { hasText: lang === 'en' ? 'Log in' : 'Accedi' }).click();
      await portal.locator('#login-username').fill(USER);
      await portal.locator('#login-password').fill(PASSWORD);
      await portal.locator('#login-password').press('Enter');
      const practices = portal.locator('pagatore-practices');
      await expect
        .poll(() => practices.locator('article').count(), { timeout: 15_000 })
        .toBeGreaterThanOrEqual(2);
      return { ...watched, portal, practices };
    }

    async function press(page: Page, l: Locator): Promise<void> {
      if (!keyboard) return l.click();
      await l.focus();
      await page.keyboard.press('Enter');
    }

    /** Keyboard only: Tab from `from` until the focused element reads `label`, then Enter. */
    async function tabAndPress(page: Page, from: Locator, label: string): Promise<void> {
      if (!keyboard) return from.page().locator(`text=${label}`).first().click();
      await from.focus();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if ((await focusedText(page)) === label) {
          await page.keyboard.press('Enter');
          return;
        }
      }
      throw new Error(`"${label}" not reached by Tab`);
    }

    /** On the sandbox (pagoPA Checkout's stand-in): pays, and waits to be back with the outcome. */
    async function payOnSandbox(page: Page, portal: Locator): Promise<void> {
      await page.waitForURL(/\/sandbox\/checkout\//, { timeout: 15_000 });
      await page.locator('button[type=submit]').click();
      await page.waitForURL(new RegExp(`^${stack.siteUrl}/pagamenti\\.html#`), { timeout: 15_000 });
      const status = portal.locator('pagatore-payment-status');
      await expect.poll(() => status.locator('h2').innerText(), { timeout: 30_000 }).toContain(t.paid);
    }

    it('"Paga", Back: resume goes to the open pagoPA page; "Annulla e ricomincia" frees it and "Paga" pays it', async () => {
      const { page, context, errors, portal, practices } = await open();
      const card = practices.locator('article', { hasText: 'TARI' });
      await press(page, card.locator('.split > .btn').first());
      await page.waitForURL(/\/sandbox\/checkout\//, { timeout: 15_000 });
      const checkout = page.url();

      // The browser's Back: the practice says the payment is open and what can be done.
      await page.goBack();
      const box = card.locator('.open-payment');
      await expect.poll(() => box.count(), { timeout: 15_000 }).toBe(1);
      expect(await box.innerText()).toContain(t.title);
      expect(await card.locator('.split').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `resume-practice-${lang}-${width}`);

      // "Riprendi il pagamento": the same pagoPA page, still open.
      await tabAndPress(page, card.locator('[role=heading]').first(), t.resume);
      await page.waitForURL(checkout, { timeout: 15_000 });
      expect(await page.locator('button[type=submit]').count()).toBe(1);
      await page.goBack();
      await expect.poll(() => box.count(), { timeout: 15_000 }).toBe(1);

      // "Annulla e ricomincia": the practice is payable again, focused, and it is said.
      await tabAndPress(page, card.locator('[role=heading]').first(), t.abandon);
      await expect.poll(() => box.count(), { timeout: 15_000 }).toBe(0);
      await expect.poll(() => card.locator('.split').count()).toBe(1);
      await expect
        .poll(() => practices.locator('[role=status]').first().innerText(), { timeout: 10_000 })
        .toContain(t.abandoned);
      expect(await axeViolations(page)).toEqual([]);

      // And "Paga" pays it.
      await press(page, card.locator('.split > .btn').first());
      await payOnSandbox(page, portal);
      expect(errors).toEqual([]);
      await context.close();
    }, 180_000);

    it('"Paga carrello", Back: the cart offers resume and abandon; abandoned, "Paga carrello" pays the practice still in the cart', async () => {
      const { page, context, errors, portal, practices } = await open();
      const card = practices.locator('article', { hasText: 'Sanzione codice della strada' });
      await chooseFromMenu(card, t.add);
      const header = page.locator('#header-widgets pagatore-cart');
      await expect.poll(() => header.locator('.count').textContent(), { timeout: 10_000 }).toBe('1');
      const badge = header.locator('.badge');
      await press(page, badge);
      await press(page, header.locator('.panel button', { hasText: t.payCart }));
      await page.waitForURL(/\/sandbox\/checkout\//, { timeout: 15_000 });
      const checkout = page.url();

      await page.goBack();
      if ((await header.locator('.panel').count()) === 0) await press(page, badge);
      const box = header.locator('.panel .open-payment');
      await expect.poll(() => box.count(), { timeout: 15_000 }).toBe(1);
      expect(await box.innerText()).toContain(t.title);
      // The practice in the list says so too.
      await expect.poll(() => card.locator('.open-payment').count(), { timeout: 15_000 }).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `resume-cart-${lang}-${width}`);

      await tabAndPress(page, header.locator('#cart-title'), t.resume);
      await page.waitForURL(checkout, { timeout: 15_000 });
      await page.goBack();
      if ((await header.locator('.panel').count()) === 0) await press(page, badge);
      await expect.poll(() => box.count(), { timeout: 15_000 }).toBe(1);

      await tabAndPress(page, header.locator('#cart-title'), t.abandon);
      await expect.poll(() => box.count(), { timeout: 15_000 }).toBe(0);
      expect(await header.locator('.count').textContent()).toBe('1');
      await expect.poll(() => card.locator('.open-payment').count(), { timeout: 15_000 }).toBe(0);
      expect(await header.locator('.panel li').innerText()).toContain('Sanzione');
      expect(await axeViolations(page)).toEqual([]);

      await press(page, header.locator('.panel button', { hasText: t.payCart }));
      await payOnSandbox(page, portal);
      await expect.poll(() => header.locator('.count').textContent(), { timeout: 15_000 }).toBe('0');
      expect(errors).toEqual([]);
      await context.close();
    }, 180_000);
  });
}
