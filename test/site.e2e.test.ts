/**
 * The example Comune site as a citizen finds it on a phone (375 px) and on a desk (1280 px): the
 * Bootstrap Italia header with its collapsible menu (a button with aria-expanded, keyboard only),
 * the page marked as current in the menu, breadcrumbs, the footer, the site's own favicon, nothing
 * wider than the screen, and axe with 0 violations (best-practice rules included) on every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.js';
import { launchBrowser, openPage } from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

const PAGES = [
  { path: '/', current: 'Home', crumbs: null },
  { path: '/pagamenti.html', current: 'Pagamenti', crumbs: ['Home', 'Pagamenti'] },
  { path: '/semplice.html', current: 'Esempio minimo', crumbs: ['Home', 'Esempio minimo'] },
  { path: '/componenti.html', current: 'Componenti', crumbs: ['Home', 'Componenti'] },
] as const;

/** WCAG contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((x) => {
      const v = Number(x) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Waits until the widgets of the page (if any) have drawn. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('pagatore-provider')].every(
      (p) =>
        (p as unknown as { store?: { state: { entityStatus: string } } }).store?.state.entityStatus ===
        'ready',
    ),
  );
  await page.evaluate(() => document.fonts.ready);
}

describe('the example Comune site', () => {
  let browser: Browser;
  let stack: Stack;
  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchBrowser(), startStack()]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  for (const p of PAGES) {
    it(`${p.path} at 375 px: menu button by keyboard, breadcrumbs, footer, favicon, no overflow, axe clean`, async () => {
      const { page, context, errors } = await openPage(browser, { viewport: { width: 375, height: 740 } });
      await page.goto(`${stack.siteUrl}${p.path}`);
      await settle(page);
      const menu = page.getByRole('navigation', { name: 'Menu principale' });
      const toggler = menu.getByRole('button', { name: 'Menu', exact: true });
      const links = menu.locator('.navbar-nav a');

      // Closed: only the button shows, and nothing is wider than the phone.
      expect(await toggler.isVisible()).toBe(true);
      expect(await toggler.getAttribute('aria-expanded')).toBe('false');
      expect(await links.first().isVisible()).toBe(false);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      expect(await axeViolations(page)).toEqual([]);

      // Keyboard: Tab to the button, Enter opens it, focus goes to the first link; Escape closes.
      await page.keyboard.press('Tab'); // the skip link
      await page.keyboard.press('Tab'); // "Regione di Esempio"
      let guard = 0;
      while (!(await toggler.evaluate((b) => b === document.activeElement)) && guard++ < 10)
        await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await toggler.getAttribute('aria-expanded')).toBe('true');
      await expect.poll(() => links.first().isVisible()).toBe(true);
      expect(await links.first().evaluate((a) => a === document.activeElement)).toBe(true);
      const current = menu.locator('a[aria-current=page]');
      expect(await current.count()).toBe(1);
      expect((await current.innerText()).trim()).toBe(p.current);
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      expect(await toggler.getAttribute('aria-expanded')).toBe('false');
      expect(await toggler.evaluate((b) => b === document.activeElement)).toBe(true);
      await expect.poll(() => links.first().isVisible()).toBe(false);

      // Breadcrumbs on inner pages, the last one the current page.
      const crumbs = page.getByRole('navigation', { name: 'Percorso di navigazione' }).locator('li');
      if (p.crumbs) {
        expect((await crumbs.allInnerTexts()).map((s) => s.replace('/', '').trim())).toEqual(p.crumbs);
        expect(await crumbs.last().getAttribute('aria-current')).toBe('page');
      } else expect(await crumbs.count()).toBe(0);

      // The footer, and the site's own favicon.
      expect(await page.locator('footer.it-footer').innerText()).toContain('Piazza del Municipio 1');
      const icon = await page.locator('link[rel=icon]').getAttribute('href');
      const res = await fetch(new URL(icon ?? '', `${stack.siteUrl}/`));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('image/svg+xml');
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);

    it(`${p.path} at 1280 px: the navbar shows its links, the current one marked, axe clean`, async () => {
      const { page, context, errors } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
      await page.goto(`${stack.siteUrl}${p.path}`);
      await settle(page);
      const menu = page.getByRole('navigation', { name: 'Menu principale' });
      expect(await menu.getByRole('button', { name: 'Menu', exact: true }).isVisible()).toBe(false);
      expect(await menu.locator('.navbar-nav a').allInnerTexts()).toEqual([
        'Home',
        'Pagamenti',
        'Esempio minimo',
        'Componenti',
      ]);
      expect((await menu.locator('a[aria-current=page]').innerText()).trim()).toBe(p.current);
      expect(await axeViolations(page)).toEqual([]);
      // The header's cart button stands out from the slim header by at least 3:1 (WCAG 1.4.11).
      const badge = page.locator('#header-widgets pagatore-cart .badge');
      if (await badge.count()) {
        const [border, icon] = await badge.evaluate((b) => {
          const s = getComputedStyle(b);
          return [s.borderTopColor, getComputedStyle(b.querySelector('svg') as Element).fill];
        });
        const back = await page
          .locator('.it-header-slim-wrapper')
          .evaluate((w) => getComputedStyle(w).backgroundColor);
        expect(contrast(border, back)).toBeGreaterThanOrEqual(3);
        expect(contrast(icon, back)).toBeGreaterThanOrEqual(3);
      }
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  }

  for (const width of [375, 1280]) {
    it(`at ${width} px the portal's language switch, by keyboard, turns the portal to English and the browser remembers it`, async () => {
      const { page, context, errors } = await openPage(browser, { viewport: { width, height: 800 } });
      await page.goto(`${stack.siteUrl}/pagamenti.html`);
      await settle(page);
      const portal = page.locator('pagatore-portal');
      const bar = portal.locator('.end');
      await expect.poll(() => bar.innerText()).toContain('Registrati');
      const select = portal.locator('#portal-lang');
      expect(await select.evaluate((s) => (s as HTMLSelectElement).labels?.[0]?.textContent)).toBe('Lingua');
      await select.focus();
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => bar.innerText()).toContain('Register');
      expect(await bar.innerText()).toContain('Log in');
      expect(await portal.locator('section.portal').getAttribute('lang')).toBe('en');
      expect(await portal.locator('pagatore-practice-search #search-title').innerText()).not.toMatch(
        /pratica/i,
      );
      // Another visit in this browser: English from the start.
      await page.reload();
      await settle(page);
      await expect.poll(() => bar.innerText()).toContain('Register');
      expect(await portal.locator('#portal-lang').inputValue()).toBe('en');
      expect(await axeViolations(page)).toEqual([]);
      // Back to Italian the same way.
      await portal.locator('#portal-lang').focus();
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => bar.innerText()).toContain('Registrati');
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  }
});
