/**
 * A cart of 7 practices on the Comune's "Pagamenti" page, paid in two pagoPA payments (pagoPA takes
 * at most 5 notices in one): the cart shows "Carrello 1 di 2" and "Carrello 2 di 2", "Paga carrello"
 * pays the first 5 in the sandbox, the return page offers "Carrello 2 di 2", which pays the other 2,
 * and then says the whole cart is paid; every practice is paid once. Keyboard only from the cart on,
 * real server (demo), real Chromium, 375 px in Italian and 1280 px in English, axe on each screen.
 */
import { spawnSync } from 'node:child_process';
import { createAdminClient } from '@pagatore/sdk';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { chooseFromMenu, launchBrowser, openPage, screenshot } from './support/browser.js';
import { CLI, DEMO_ENTITY, ROOT, type Stack, startStack } from './support/stack.js';

const USER = 'mario.rossi';
const PASSWORD = 'Demo-Pagatore-2026';
const MARIO = 'RSSMRA85T10A562S';
const IBAN = 'IT60X0542811101000000123456';

const T = {
  it: {
    login: 'Accedi',
    add: 'Aggiungi pratica al carrello',
    part: (n: number) => `Carrello ${n} di 2`,
    nowFive: 'ora paghi 5 pratiche',
    pay: 'Paga carrello',
    pending: 'Pagamento in verifica',
    paid: 'Pagamento riuscito',
    done: 'Tutte le pratiche del carrello sono pagate.',
  },
  en: {
    login: 'Log in',
    add: 'Add practice to cart',
    part: (n: number) => `Cart ${n} of 2`,
    nowFive: 'you now pay 5 practices',
    pay: 'Pay cart',
    pending: 'Payment being verified',
    paid: 'Payment successful',
    done: 'Every practice in the cart is paid.',
  },
} as const;

/** Presses Tab until `target` has the focus (inside its shadow root); fails after `max` presses. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el.matches(':focus'))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** The sandbox (pagoPA Checkout's stand-in): the notices it shows, then "paid" by keyboard. */
async function paySandbox(page: Page): Promise<string[]> {
  await page.waitForURL(/\/sandbox\/checkout\//);
  const notices = await page.locator('main li .code').allInnerTexts();
  const confirm = page.locator('button[type=submit]');
  await tabTo(page, confirm);
  await page.keyboard.press('Enter');
  return notices;
}

describe('a cart of 7 practices, paid as "carrello 1 di 2" and "carrello 2 di 2"', () => {
  let stack: Stack;
  let browser: Browser;
  let admin: ReturnType<typeof createAdminClient>;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    const created = spawnSync(process.execPath, [CLI, 'apikey', 'create', DEMO_ENTITY], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: stack.databaseUrl, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    if (created.status !== 0) throw new Error(created.stderr);
    admin = createAdminClient({
      baseUrl: stack.apiUrl,
      apiKey: created.stdout.trim().split('\n').at(-1) ?? '',
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  for (const [width, lang] of [
    [375, 'it'],
    [1280, 'en'],
  ] as const) {
    it(`${width} px, ${lang}: 7 practices in the cart are paid 5 + 2, each once`, async () => {
      const t = T[lang];
      // Seven practices of Mario Rossi, newest last.
      const iupds = Array.from({ length: 7 }, (_, i) => `BIG-${lang}-${i + 1}`);
      for (const [i, iupd] of iupds.entries()) {
        const amount = 1000 + i;
        await admin.positions.create({
          iupd,
          debtor: { fiscalCode: MARIO, name: 'Mario Rossi' },
          description: `Carrello grande ${lang} ${i + 1}`,
          single: {
            amount,
            dueDate: '2099-12-31',
            transfers: [{ iban: IBAN, amount, remittance: `Pratica ${i + 1}`, taxonomy: '9/0101002IM/' }],
          },
        });
      }
      const navs = await Promise.all(
        iupds.map(async (iupd) => (await admin.positions.get(iupd)).single?.nav ?? ''),
      );

      const { page, errors } = await openPage(browser, {
        viewport: { width, height: 800 },
        locale: lang === 'en' ? 'en-GB' : 'it-IT',
      });
      // The page's language, set again on every load (the example site is Italian).
      const setLang = async () => {
        if (lang === 'en')
          await page.evaluate(() =>
            document.querySelectorAll('pagatore-provider').forEach((p) => p.setAttribute('lang', 'en')),
          );
      };
      await page.goto(`${stack.siteUrl}/pagamenti.html`);
      await setLang();
      const portal = page.locator('#body-widgets pagatore-portal');
      await portal.locator('.end a', { hasText: t.login }).click();
      await portal.locator('#login-username').fill(USER);
      await portal.locator('#login-password').fill(PASSWORD);
      await portal.locator('pagatore-login button[type=submit]').click();
      const practices = portal.locator('pagatore-practices');
      await expect.poll(() => practices.locator('#sort').count(), { timeout: 15_000 }).toBe(1);
      // Newest first: the seven are on the first page.
      await practices.locator('#sort').selectOption('-createdAt');
      // The list is drawn again in the new order: act on that one, not on the list it replaces.
      await expect
        .poll(() => practices.locator('section[aria-busy=false] article').first().innerText(), {
          timeout: 15_000,
        })
        .toContain(`Carrello grande ${lang} 7`);
      for (let i = 0; i < 7; i++) {
        const card = practices.locator('article', { hasText: `Carrello grande ${lang} ${i + 1}` });
        await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
        await chooseFromMenu(card, t.add);
        await expect
          .poll(() => page.locator('#header-widgets pagatore-cart .count').textContent(), { timeout: 15_000 })
          .toBe(String(i + 1));
      }

      // The header's cart, by keyboard: two pagoPA payments, 5 then 2.
      const cart = page.locator('#header-widgets pagatore-cart');
      const badge = cart.locator('.badge');
      await badge.focus();
      await page.keyboard.press('Enter');
      const panel = cart.locator('.panel');
      await expect.poll(() => panel.locator('h3').allInnerTexts()).toEqual([t.part(1), t.part(2)]);
      expect(await panel.locator('ul').nth(0).locator('li').count()).toBe(5);
      expect(await panel.locator('ul').nth(1).locator('li').count()).toBe(2);
      const progress = (await panel.locator('#cart-progress').innerText()).replace(/\s+/g, ' ');
      expect(progress).toContain(`${t.part(1)}: ${t.nowFive}`);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `big-cart-1-cart-${width}`);
      const pay = panel.getByRole('button', { name: t.pay, exact: true });
      await tabTo(page, pay);
      await page.keyboard.press('Enter');

      // pagoPA's page (the sandbox) holds the first 5, in the order they were added.
      const first = await paySandbox(page);
      expect(first.map((n) => n.replace(/\D/g, ''))).toEqual(navs.slice(0, 5));

      // Back on the Comune's page: the outcome of "carrello 1 di 2", then the offer of the next.
      await page.waitForURL(new RegExp(`^${stack.siteUrl}/pagamenti\\.html#`));
      await setLang();
      const status = portal.locator('pagatore-payment-status');
      await expect.poll(() => status.locator('h2').innerText(), { timeout: 30_000 }).toContain(t.paid);
      expect(await status.locator('.part').innerText()).toBe(t.part(1));
      const next = status.locator('.next');
      await expect.poll(() => next.locator('h3').innerText(), { timeout: 15_000 }).toBe(t.part(2));
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `big-cart-2-next-${width}`);
      const payNext = next.getByRole('button', { name: t.pay, exact: true });
      await tabTo(page, payNext);
      await page.keyboard.press('Enter');

      const second = await paySandbox(page);
      expect(second.map((n) => n.replace(/\D/g, ''))).toEqual(navs.slice(5));
      await page.waitForURL(new RegExp(`^${stack.siteUrl}/pagamenti\\.html#`));
      await setLang();
      await expect.poll(() => status.locator('h2').innerText(), { timeout: 30_000 }).toContain(t.paid);
      expect(await status.locator('.part').innerText()).toBe(t.part(2));
      await expect.poll(() => status.locator('.cart-done').count(), { timeout: 15_000 }).toBe(1);
      expect(await status.locator('.cart-done').innerText()).toBe(t.done);
      expect(await status.locator('.next').count()).toBe(0);
      await expect.poll(() => cart.locator('.count').textContent(), { timeout: 15_000 }).toBe('0');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `big-cart-3-done-${width}`);

      // Every practice paid, none twice.
      for (const iupd of iupds) {
        const p = await admin.positions.get(iupd);
        expect(p.status, iupd).toBe('paid');
        expect(p.overpaidAt ?? null, iupd).toBeNull();
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
