/**
 * The whole journey end to end on the example Comune site's "Pagamenti" page (one
 * <pagatore-portal>, the cart badge in the header's own provider), page and API on different sites:
 * search → register → mail → activate → login → prove the code → list → spontaneous → cart → pay
 * (sandbox) → back → receipt → history → revoke consent. Run with the pointer, again keyboard only
 * (focus + Enter/Space/typing, no clicks), and again in English. Each main screen at 375 px and
 * 1280 px: a screenshot in screenshots/journey-*.png, and axe with 0 violations (best-practice too).
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { type Stack, startStack, waitForMail } from './support/stack.js';

type Mode = 'pointer' | 'keyboard';
type Lang = 'it' | 'en';

const T = {
  it: {
    register: 'Registrati',
    checkMail: 'Controlla la tua email',
    search: 'Cerca un avviso',
    spontaneous: 'Inserimento spontaneo',
    history: 'Storico pagamenti',
    addToCart: 'Aggiungi pratica al carrello',
    payCart: 'Paga carrello',
    inVerification: 'Pagamento in verifica',
    paid: 'Pagamento riuscito',
    download: 'Scarica ricevuta',
    revoke: 'Revoca consenso privacy',
    receipt: 'Ricevuta di pagamento',
    closed: 'Il tuo account è stato chiuso',
  },
  en: {
    register: 'Register',
    checkMail: 'Check your e-mail',
    search: 'Find a notice',
    spontaneous: 'Spontaneous payment',
    history: 'Payment history',
    addToCart: 'Add practice to cart',
    payCart: 'Pay cart',
    inVerification: 'Payment being verified',
    paid: 'Payment successful',
    download: 'Download receipt',
    revoke: 'Revoke privacy consent',
    receipt: 'Payment receipt',
    closed: 'Your account has been closed',
  },
} as const;

/**
 * A main screen at 375 px and 1280 px: a screenshot of each, and axe (WCAG A/AA and best-practice)
 * on each; what axe finds is kept in `findings` for the journey's end.
 */
async function snap(page: Page, name: string, findings: string[]): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const viewport of [
    { width: 375, height: 740 },
    { width: 1280, height: 900 },
  ]) {
    await page.setViewportSize(viewport);
    await screenshot(page, `${name}-${viewport.width}`);
    for (const v of await axeViolations(page)) findings.push(`${name} at ${viewport.width} px: ${v}`);
  }
  await page.setViewportSize(size);
}

function driver(page: Page, mode: Mode) {
  return {
    /** Activates a button or link: a click, or focus + Enter. */
    async press(l: Locator): Promise<void> {
      if (mode === 'pointer') return l.click();
      await l.focus();
      await page.keyboard.press('Enter');
    },
    /** Ticks a checkbox: a click, or focus + Space. */
    async tick(l: Locator): Promise<void> {
      if (mode === 'pointer') return l.check();
      await l.focus();
      await page.keyboard.press('Space');
    },
    /** A date input: Chromium's takes the digits in the locale's order (dd/mm/yyyy for it and en-GB). */
    async date(l: Locator, iso: string): Promise<void> {
      if (mode === 'pointer') return l.fill(iso);
      const [y, m, day] = iso.split('-');
      await l.focus();
      await page.keyboard.type(`${day}${m}${y}`);
    },
    /** Types into a field. */
    async type(l: Locator, text: string): Promise<void> {
      if (mode === 'pointer') return l.fill(text);
      await l.focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(text);
    },
  };
}

async function journey(browser: Browser, stack: Stack, mode: Mode, lang: Lang): Promise<void> {
  const t = T[lang];
  const tag = `journey-${lang}-${mode}`;
  const m = /codice fiscale ([A-Z0-9]{16}), Codice Avviso ([0-9 ]{18,24}) \(mensa\)/.exec(stack.output());
  if (!m?.[1] || !m[2]) throw new Error('the demo did not print the canteen practice');
  const [cf, nav] = [m[1], m[2].trim()];
  const email = `anna.${mode}.${lang}@example.it`;
  const username = `anna.${mode}.${lang}`;
  const password = 'Girasoli-al-Tramonto-31';

  const { page, context, errors } = await openPage(browser, { locale: lang === 'en' ? 'en-GB' : 'it-IT' });
  const findings: string[] = [];
  const shot = (name: string) => snap(page, name, findings);
  const d = driver(page, mode);
  await page.goto(`${stack.siteUrl}/pagamenti.html`);
  if (lang === 'en') {
    await page.evaluate(() =>
      document.querySelectorAll('pagatore-provider').forEach((p) => p.setAttribute('lang', 'en')),
    );
  }
  const portal = page.locator('#body-widgets pagatore-portal');

  // 1. The first screen: the anonymous search.
  const search = portal.locator('pagatore-practice-search');
  await expect.poll(() => search.locator('#search-cf').count(), { timeout: 15_000 }).toBe(1);
  await d.type(search.locator('#search-cf'), cf.toLowerCase());
  await d.type(search.locator('#search-code'), nav);
  await d.press(search.locator('button[type=submit]'));
  await expect.poll(() => search.locator('#result-title').count()).toBe(1);
  await shot(`${tag}-1-search`);

  // 2. "Registrati".
  await d.press(portal.locator('.end a', { hasText: t.register }));
  const reg = portal.locator('pagatore-register');
  await d.type(reg.locator('#reg-fiscalCode'), cf.toLowerCase());
  await reg.locator('#reg-fiscalCode').press('Enter');
  await d.type(reg.locator('#reg-firstName'), 'Anna');
  await d.type(reg.locator('#reg-lastName'), 'Rossi');
  await d.type(reg.locator('#reg-address'), 'Via Roma 1');
  await d.type(reg.locator('#reg-city'), 'Esempio');
  await d.type(reg.locator('#reg-province'), 'RM');
  await d.type(reg.locator('#reg-postalCode'), '00100');
  await d.type(reg.locator('#reg-email'), email);
  await d.type(reg.locator('#reg-phone'), '06 5551234');
  await d.type(reg.locator('#reg-username'), username);
  await d.type(reg.locator('#reg-password'), password);
  await d.tick(reg.locator('#reg-privacyConsent'));
  await shot(`${tag}-2-register`);
  await d.press(reg.locator('button[type=submit]'));
  await expect.poll(() => reg.locator('h2').textContent()).toBe(t.checkMail);

  // 3. The activation mail links to this page; the portal takes the token and activates.
  const mail = await waitForMail(stack, (x) => x.to === email);
  const link = /(http:\/\/127\.0\.0\.1:\d+\/pagamenti\.html#pagatore-activate=[A-Za-z0-9]+)/.exec(
    mail.text,
  )?.[1];
  expect(link).toBeTruthy();
  await page.goto(link as string);
  if (lang === 'en') {
    await page.evaluate(() =>
      document.querySelectorAll('pagatore-provider').forEach((p) => p.setAttribute('lang', 'en')),
    );
  }
  const login = portal.locator('pagatore-login');
  await expect.poll(() => login.locator('#login-username').inputValue(), { timeout: 15_000 }).toBe(username);
  expect(new URL(page.url()).hash).not.toContain('pagatore-activate');

  await shot(`${tag}-3-login`);

  // 4. "Accedi".
  await d.type(login.locator('#login-password'), password);
  await login.locator('#login-password').press('Enter');
  const practices = portal.locator('pagatore-practices');
  await expect.poll(() => practices.count(), { timeout: 15_000 }).toBe(1);
  await shot(`${tag}-4-logged-in`);

  // 5. Prove the code: a hit on one's own fiscal code with the Codice Avviso.
  await d.press(portal.locator('nav a', { hasText: t.search }));
  await d.type(search.locator('#search-cf'), cf);
  await d.type(search.locator('#search-code'), nav);
  await d.press(search.locator('button[type=submit]'));
  await expect.poll(() => search.locator('#result-title').count()).toBe(1);
  await d.press(portal.locator('nav a').first());
  await expect
    .poll(() => practices.locator('article').count(), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(1);
  await expect.poll(() => practices.locator('.list').innerText()).toMatch(/Mensa/);

  // 6. "Inserimento spontaneo": a fixed-amount service.
  await d.press(portal.locator('nav a', { hasText: t.spontaneous }));
  const form = portal.locator('pagatore-debt-form');
  await expect.poll(() => form.locator('#service').count(), { timeout: 15_000 }).toBe(1);
  await form.locator('#service').focus();
  await form.locator('#service').selectOption('ACCESSO-ATTI');
  await d.type(form.locator('#f-protocol'), '4321/2026');
  await d.date(form.locator('#f-requestDate'), '2026-03-02');
  await shot(`${tag}-5-spontaneous`);
  await d.press(form.locator('button[type=submit]'));
  await expect
    .poll(() => practices.locator('article', { hasText: '4321/2026' }).count(), { timeout: 15_000 })
    .toBe(1);

  // 7. Both practices in the cart, from the menu beside "Paga".
  for (const name of ['Mensa', '4321/2026']) {
    const card = practices.locator('article', { hasText: name });
    await d.press(card.locator('button[aria-haspopup=menu]'));
    await d.press(card.getByRole('menuitem', { name: t.addToCart }));
  }
  const badge = page.locator('#header-widgets pagatore-cart');
  await expect.poll(() => badge.locator('.count').textContent()).toBe('2');
  await d.press(badge.locator('.badge'));
  await shot(`${tag}-6-cart`);

  // 8. "Paga carrello" → the sandbox → back.
  await d.press(badge.locator('button', { hasText: t.payCart }));
  await page.waitForURL(/\/sandbox\/checkout\//);
  await shot(`${tag}-7-sandbox`);
  await d.press(page.locator('button[type=submit]'));
  await page.waitForURL(new RegExp(`^${stack.siteUrl}/pagamenti\\.html#`));
  if (lang === 'en') {
    await page.evaluate(() =>
      document.querySelectorAll('pagatore-provider').forEach((p) => p.setAttribute('lang', 'en')),
    );
  }
  const status = portal.locator('pagatore-payment-status');
  // "In verifica" until the receipt is in, which may already be the case on the first look.
  await expect
    .poll(() => status.locator('h2').innerText(), { timeout: 10_000 })
    .toMatch(new RegExp(`${t.inVerification}|${t.paid}`));
  await expect.poll(() => status.locator('h2').innerText(), { timeout: 30_000 }).toContain(t.paid);
  await shot(`${tag}-8-paid`);

  // 9. The receipt.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    d.press(status.locator('button', { hasText: t.download }).first()),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);

  // 10. The history.
  await d.press(portal.locator('nav a', { hasText: t.history }));
  const history = portal.locator('pagatore-history');
  await expect.poll(() => history.locator('ul[part=list] li').count(), { timeout: 15_000 }).toBe(2);
  await shot(`${tag}-9-history`);

  // 11. "Revoca consenso privacy" from the pagoPA logo.
  await d.press(portal.locator('a.pagopa'));
  const account = portal.locator('pagatore-account');
  await d.press(account.getByRole('button', { name: t.revoke }));
  await shot(`${tag}-10-account`);
  await d.press(
    account.locator('button.btn-danger, button', { hasText: /Revoca il consenso|Revoke consent/ }).last(),
  );
  await expect.poll(() => search.locator('#search-cf').count(), { timeout: 15_000 }).toBe(1);
  expect(await badge.locator('.count').textContent()).toBe('0');

  // The closing is confirmed where the citizen lands.
  await expect.poll(() => portal.locator('.flash').innerText()).toContain(t.closed);
  await shot(`${tag}-11-closed`);

  expect(findings).toEqual([]);
  expect(errors).toEqual([]);
  expect(await context.cookies(stack.apiUrl)).toEqual([]);
  await context.close();
}

describe('the whole journey on the Comune site', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const [mode, lang] of [
    ['pointer', 'it'],
    ['keyboard', 'it'],
    ['pointer', 'en'],
  ] as const) {
    it(`${lang}, ${mode === 'keyboard' ? 'keyboard only' : 'pointer'}: search → register → activate → login → prove → spontaneous → cart → pay → receipt → history → revoke`, async () => {
      // The sandbox's receipt comes late enough that "in verifica" shows on a loaded machine too.
      const stack = await startStack({ env: { SANDBOX_RECEIPT_DELAY_MS: '8000' } });
      try {
        await journey(browser, stack, mode, lang);
      } finally {
        await stack.stop();
      }
    }, 180_000);
  }
});
