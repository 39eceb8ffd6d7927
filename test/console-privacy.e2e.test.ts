/**
 * The console's Privacy page in Debian Chromium, as `npm start` serves it: an admin logs in with
 * TOTP, reads the consent texts, publishes a new privacy version (a bad version label refused by its
 * field first) that becomes the one in force with its public page, downloads the consent ledger and,
 * for a request by post, Mario Rossi's data (JSON and PDF); a viewer reads the page without the
 * form. axe on the page at 1280 px.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF } from '../packages/server/src/demo/seed-staff.js';
import { axeViolations } from './support/axe.js';
import { openConsoleAs } from './support/console.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

const [ADMIN, VIEWER] = DEMO_STAFF as [(typeof DEMO_STAFF)[number], (typeof DEMO_STAFF)[number]];

async function openPrivacy(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Sezioni della console' })
    .getByRole('link', { name: 'Privacy' })
    .click();
  await page.getByRole('heading', { name: 'Privacy e consensi' }).waitFor();
  await page.locator('table[data-kind="privacy"] tbody tr').first().waitFor();
}

describe('console: privacy', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'an admin publishes a privacy version, downloads the ledger and a citizen’s data',
    { timeout: 180_000 },
    async () => {
      const { page, errors } = await openConsoleAs(browser, stack.apiUrl, ADMIN.email);
      await openPrivacy(page);
      const before = await page.locator('table[data-kind="privacy"] tbody tr').count();

      // A version label with a space: refused before sending, by its field, focus there.
      await page.locator('[name="version"]').fill('due parole');
      await page.getByLabel('Testo in italiano').fill('Informativa sul trattamento dei dati, edizione 2027.');
      await page.getByRole('button', { name: 'Pubblica la versione' }).click();
      await page.locator('#cp-version-error').waitFor();
      expect(await page.locator('[name="version"]').evaluate((el) => el.matches(':focus'))).toBe(true);

      await page.locator('[name="version"]').fill('2027-01');
      await page.getByLabel('Testo in inglese').fill('Privacy notice, 2027 edition.');
      await page.getByLabel('Richiede un nuovo consenso').check();
      await page.getByRole('button', { name: 'Pubblica la versione' }).click();
      await expect
        .poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 })
        .toContain('Versione 2027-01 del testo «privacy» pubblicata');
      const rows = page.locator('table[data-kind="privacy"] tbody tr');
      expect(await rows.count()).toBe(before + 1);
      const current = page.locator('table[data-kind="privacy"] tr[data-current]');
      expect(await current.count()).toBe(1);
      expect(await current.getAttribute('data-version')).toBe('2027-01');
      const href = await current.getByRole('link').getAttribute('href');
      const full = await fetch(href ?? '');
      expect(full.status).toBe(200);
      expect(await full.text()).toContain('edizione 2027');
      expect(await axeViolations(page)).toEqual([]);

      // The ledger of a period, as CSV.
      const [ledger] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Scarica il registro (CSV)' }).click(),
      ]);
      const csv = await readFile((await ledger.path())!, 'utf8');
      expect(csv.split('\r\n')[0]).toMatch(/^id,accountId,kind,/);

      // A request by post: Mario Rossi by his fiscal code, his data as JSON and PDF.
      await page.getByLabel('Codice fiscale o email').fill('rssmra85t10a562s');
      await page.getByRole('button', { name: 'Cerca', exact: true }).click();
      const account = page.locator('tr[data-account]').first();
      await account.waitFor();
      const [json] = await Promise.all([
        page.waitForEvent('download'),
        account.getByRole('button', { name: /\(JSON\)/ }).click(),
      ]);
      const data = JSON.parse(await readFile((await json.path())!, 'utf8')) as {
        format: string;
        account: Record<string, unknown>;
      };
      expect(data.format).toBe('pagatore-data-export/1');
      expect(JSON.stringify(data.account)).toContain('RSSMRA85T10A562S');
      const [pdf] = await Promise.all([
        page.waitForEvent('download'),
        account.getByRole('button', { name: /\(PDF\)/ }).click(),
      ]);
      expect((await readFile((await pdf.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'console-privacy');
      expect(errors).toEqual([]);
    },
  );

  it('a viewer reads the texts without the publishing form', { timeout: 120_000 }, async () => {
    const { page, errors } = await openConsoleAs(browser, stack.apiUrl, VIEWER.email);
    await openPrivacy(page);
    expect(await page.getByRole('button', { name: 'Pubblica la versione' }).count()).toBe(0);
    expect(await page.locator('[data-read-only]').textContent()).toContain('lettura');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
