/**
 * Debian Chromium driven by playwright-core (never a downloaded browser), with the flags this
 * closed-network, root-run machine needs. Collects page errors so tests can assert there were none.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ROOT } from './stack.js';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
    ],
  });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions and console errors seen so far. */
  errors: string[];
}

/** A new context and page that records errors. */
export async function openPage(
  browser: Browser,
  opts: {
    viewport?: { width: number; height: number };
    locale?: string;
    /** Expected HTTP errors (e.g. a 401 the test provokes) not to count as page errors. */
    allowHttpErrors?: (url: string, status: number) => boolean;
  } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    locale: opts.locale ?? 'it-IT',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Failed loads are reported with their URL by the response handler below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !opts.allowHttpErrors?.(r.url(), r.status()))
      errors.push(`http ${r.status()}: ${r.url()}`);
  });
  return { page, context, errors };
}

/** Folder for screenshots (named in README). */
export const SCREENSHOTS = join(ROOT, 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Chooses `name` from the menu of a practice card (the button beside "Paga"). A click that lands
 * while the card is drawn again (a list reloaded, the cart's count changing) opens nothing, so the
 * menu is opened again until the item shows.
 */
export async function chooseFromMenu(card: Locator, name: string | RegExp): Promise<void> {
  const item = card.getByRole('menuitem', { name });
  await expect
    .poll(
      async () => {
        if (!(await item.isVisible())) await card.locator('button[aria-haspopup=menu]').click();
        return item.isVisible();
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  await item.click();
}
