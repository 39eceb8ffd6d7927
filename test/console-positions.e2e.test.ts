/**
 * The console's positions pages in Debian Chromium, as `npm start` serves them: a clerk logs in
 * with TOTP, imports a CSV holding bad rows (progress bar, result, the error report downloaded and
 * read), finds the imported citizen by fiscal code, sorts by amount both ways, pages forward and
 * back, creates a position (the form's field errors first, focus on the first), edits it, cancels
 * it; a viewer sees no button to change anything and the server refuses the request, and reads a
 * paid demo position's receipt and events on its page. axe finds no
 * violation on any of these pages, at 1280 px and at a tablet's 768 px.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF } from '../packages/server/src/demo/seed-staff.js';
import { DEMO_ENTITY } from '../packages/server/src/demo/seed.js';
import { axeViolations } from './support/axe.js';
import { openConsoleAs } from './support/console.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

const [ADMIN, VIEWER] = DEMO_STAFF as [(typeof DEMO_STAFF)[number], (typeof DEMO_STAFF)[number]];
const CF = 'VRDLCU90B12F205Q';

async function noViolations(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), what).toEqual([]);
}

/** 25 positions of one citizen, amounts 10,00 … 34,00 € in a shuffled order, and 2 bad rows. */
function csv(): string {
  const rows = [
    'iupd,debtor_fiscal_code,debtor_name,description,installment,amount,due_date,transfer1_iban,transfer1_amount,transfer1_taxonomy',
  ];
  for (let i = 0; i < 25; i++) {
    const amount = 1000 + ((i * 7) % 25) * 100;
    const due = `2027-${String(1 + (i % 12)).padStart(2, '0')}-15`;
    rows.push(
      `IMP-${i},${CF},Luca Verdi,Mensa scolastica,,${amount},${due},${DEMO_ENTITY.iban},${amount},9/0101002IM/`,
    );
  }
  rows.push(
    `IMP-BADCF,RSSMRA85T10A562X,Mario Rossi,Mensa,,100,2027-01-15,${DEMO_ENTITY.iban},100,9/0101002IM/`,
  );
  rows.push(`IMP-SUM,${CF},Luca Verdi,Mensa,,500,2027-01-15,${DEMO_ENTITY.iban},400,9/0101002IM/`);
  return `${rows.join('\n')}\n`;
}

/** The amounts of the table's rows, in cents. */
async function amounts(page: Page): Promise<number[]> {
  const texts = await page.locator('tbody tr td.num').allTextContents();
  return texts.map((t) => Number(t.replace(/[^0-9]/g, '')));
}

describe('staff console: positions', () => {
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
    "a clerk's positions: import with bad rows, find, sort, page, create, edit, cancel",
    { timeout: 240_000 },
    async () => {
      const { page, errors } = await openConsoleAs(browser, stack.apiUrl, ADMIN.email);

      // Import a CSV: 25 good positions, 2 bad rows.
      await page.getByRole('link', { name: 'Importa da CSV' }).click();
      await page.getByRole('heading', { name: 'Importa posizioni da CSV' }).waitFor();
      await noViolations(page, 'import page');
      await page.getByRole('button', { name: 'Importa', exact: true }).click();
      await expect.poll(() => page.locator('#imp-file-error').count()).toBe(1);
      await page
        .getByLabel('File CSV')
        .setInputFiles({ name: 'mensa.csv', mimeType: 'text/csv', buffer: Buffer.from(csv()) });
      await page.getByRole('button', { name: 'Importa', exact: true }).click();
      const result = page.locator('[data-import-status="done"]');
      await result.waitFor({ timeout: 60_000 });
      expect(await page.locator('progress').getAttribute('aria-valuetext')).toBe('100%');
      expect(await result.locator('[data-count="created"]').textContent()).toBe('25');
      expect(await result.locator('[data-count="rejected"]').textContent()).toBe('2');
      await noViolations(page, 'import result');
      await screenshot(page, 'console-positions-import');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Scarica il rapporto degli errori (CSV)' }).click(),
      ]);
      const report = readFileSync((await download.path()) as string, 'utf8');
      expect(report.split('\r\n')[0]).toBe('line,iupd,code,field,problem');
      expect(report).toContain('IMP-BADCF,invalid_fiscal_code,debtor.fiscalCode');
      expect(report).toContain('IMP-SUM,mismatch');

      // Find the citizen by fiscal code, sort by amount both ways, page forward and back.
      await page.getByRole('link', { name: 'Torna alle posizioni' }).click();
      await page.getByRole('heading', { name: 'Posizioni debitorie' }).waitFor();
      await page.getByLabel('Codice fiscale del debitore').fill(CF.toLowerCase());
      await page.getByRole('button', { name: 'Cerca', exact: true }).click();
      await expect
        .poll(() => page.getByRole('status').first().textContent())
        .toMatch(/Posizioni da 1 a 20 di 25/);
      const amountHeader = page.locator('th', { has: page.locator('button[data-sort="amount"]') });
      await page.locator('button[data-sort="amount"]').click();
      await expect.poll(() => amountHeader.getAttribute('aria-sort')).toBe('ascending');
      await expect.poll(() => amounts(page)).toEqual(Array.from({ length: 20 }, (_, i) => 1000 + i * 100));
      await noViolations(page, 'positions sorted');
      await screenshot(page, 'console-positions-sorted');
      await page.getByRole('button', { name: 'Pagina successiva' }).click();
      await expect.poll(() => amounts(page)).toEqual([3000, 3100, 3200, 3300, 3400]);
      expect(await page.getByRole('button', { name: 'Pagina successiva' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Pagina precedente' }).click();
      await expect.poll(async () => (await amounts(page))[0]).toBe(1000);
      await page.locator('button[data-sort="amount"]').click();
      await expect.poll(() => amountHeader.getAttribute('aria-sort')).toBe('descending');
      await expect.poll(async () => (await amounts(page)).slice(0, 3)).toEqual([3400, 3300, 3200]);
      // An amount that is not one: said by its field, focus there.
      await page.getByLabel('Importo da (€)').fill('dieci');
      await page.getByRole('button', { name: 'Cerca', exact: true }).click();
      await expect
        .poll(() =>
          page.evaluate(
            () => document.activeElement?.shadowRoot?.activeElement?.shadowRoot?.activeElement?.id ?? '',
          ),
        )
        .toBe('f-amountFrom');
      await page.getByLabel('Importo da (€)').fill('33,00');
      await page.getByRole('button', { name: 'Cerca', exact: true }).click();
      await expect.poll(() => amounts(page)).toEqual([3400, 3300]);

      // Create a position: the form's errors first, then a good one.
      await page.getByRole('link', { name: 'Nuova posizione' }).click();
      await page.getByRole('heading', { name: 'Nuova posizione' }).waitFor();
      await page.getByRole('button', { name: 'Crea la posizione' }).click();
      await expect.poll(() => page.locator('.error').count()).toBeGreaterThan(2);
      await noViolations(page, 'position form with errors');
      await screenshot(page, 'console-position-form');
      await page.getByLabel(/Identificativo della posizione/).fill('CONSOLE-1');
      await page.getByLabel(/^Codice fiscale/).fill(CF);
      await page.getByLabel(/Nome e cognome/).fill('Luca Verdi');
      await page.getByLabel(/^Descrizione/).fill('Trasporto scolastico');
      await page.getByLabel(/^Importo \(€\)/).fill('120,50');
      await page.getByLabel(/^Scadenza/).fill('2027-03-31');
      await page.getByLabel(/Codice tassonomico/).fill('9/0101002IM/');
      await page.getByRole('button', { name: 'Crea la posizione' }).click();
      await page.getByRole('heading', { name: 'Posizione CONSOLE-1' }).waitFor();
      expect(await page.locator('td.num').first().textContent()).toMatch(/120,50/);

      // Edit it, then cancel it.
      await page.getByRole('link', { name: 'Modifica la posizione' }).click();
      await page.getByRole('heading', { name: 'Modifica la posizione CONSOLE-1' }).waitFor();
      await noViolations(page, 'edit form');
      await page.getByLabel(/^Descrizione/).fill('Trasporto scolastico 2027');
      await page.getByLabel(/^Importo \(€\)/).fill('99,00');
      await page.getByRole('button', { name: 'Salva le modifiche' }).click();
      await page.getByRole('heading', { name: 'Posizione CONSOLE-1' }).waitFor();
      await expect.poll(() => page.locator('dl.facts').textContent()).toContain('Trasporto scolastico 2027');
      expect(await page.locator('td.num').first().textContent()).toMatch(/99,00/);
      await page.getByRole('button', { name: 'Annulla la posizione' }).click();
      await page.getByRole('button', { name: 'Sì, annulla la posizione' }).click();
      await expect
        .poll(() => page.locator('[data-status]').getAttribute('data-status'), { timeout: 15_000 })
        .toBe('cancelled');
      expect(await page.getByRole('link', { name: 'Modifica la posizione' }).count()).toBe(0);

      // A tablet's width: the list and the form still pass axe.
      await page.setViewportSize({ width: 768, height: 1024 });
      await page.goto(`${stack.apiUrl}/console#/positions`);
      await page.getByRole('heading', { name: 'Posizioni debitorie' }).waitFor();
      await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
      await noViolations(page, 'positions at tablet width');
      await page.getByRole('link', { name: 'Nuova posizione' }).click();
      await page.getByRole('heading', { name: 'Nuova posizione' }).waitFor();
      await noViolations(page, 'position form at tablet width');
      expect(errors).toEqual([]);
    },
  );

  it(
    'a viewer sees no create, edit or import, and the server refuses them',
    { timeout: 120_000 },
    async () => {
      const { page } = await openConsoleAs(browser, stack.apiUrl, VIEWER.email, {
        hash: '#/positions',
        refused: true,
      });
      await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
      expect(await page.getByRole('link', { name: 'Nuova posizione' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Importa da CSV' }).count()).toBe(0);
      await page.goto(`${stack.apiUrl}/console#/positions/new`);
      await page.locator('[data-read-only]').waitFor();
      expect(await page.getByRole('button', { name: 'Crea la posizione' }).count()).toBe(0);
      const codes = await page.evaluate(async () => {
        const session = (await (await fetch('/api/v1/console/session')).json()) as { csrfToken: string };
        const headers = { 'x-csrf-token': session.csrfToken, 'x-pagatore-entity': '80012345676' };
        const create = await fetch('/api/v1/admin/positions', {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: '{}',
        });
        const upload = await fetch('/api/v1/admin/positions/imports', {
          method: 'POST',
          headers: { ...headers, 'content-type': 'text/csv' },
          body: 'iupd\n',
        });
        return [
          create.status,
          ((await create.json()) as { error: { code: string } }).error.code,
          upload.status,
        ];
      });
      expect(codes).toEqual([403, 'role_forbidden', 403]);

      // A paid demo position: the viewer reads its receipt and its events on its page.
      await page.goto(`${stack.apiUrl}/console#/positions/DEMO-IMU-ROSSI`);
      await page.getByRole('heading', { name: 'Posizione DEMO-IMU-ROSSI' }).waitFor();
      const receipts = page.getByRole('table', { name: 'Ricevute' });
      await receipts.waitFor();
      expect(await receipts.locator('tbody tr').count()).toBe(1);
      expect(await page.getByRole('table', { name: 'Eventi' }).textContent()).toContain('receipt.received');
      await noViolations(page, 'a paid position with its receipt and events');
    },
  );
});
