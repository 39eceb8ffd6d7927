/**
 * The console's money pages in Debian Chromium, against the demo as `npm start` serves it: the
 * clerk logs in with TOTP, sees a stuck payment (pagoPA activated it, its TTL passed, no receipt)
 * and what to do about it, follows "look for the IUV in the flows" to the reconciliation page,
 * downloads yesterday's receipts (the CSV's content checked), opens the reconciliation report and
 * the dashboard (charts and their tables). axe finds nothing on any page, at 1280 and 768 px.
 */
import { readFile } from 'node:fs/promises';
import { PositionInput } from '@pagatore/sdk';
import type { Browser, Page } from 'playwright-core';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, romeDate } from '../packages/server/src/core/rome-calendar.js';
import { openDatabase, transaction, type DatabaseHandle } from '../packages/server/src/db/database.js';
import { DEMO_STAFF } from '../packages/server/src/demo/seed-staff.js';
import { findEntity } from '../packages/server/src/entities/entities.js';
import { recordReceipt } from '../packages/server/src/payments/record-receipt.js';
import { writePositions } from '../packages/server/src/positions/positions.js';
import { axeViolations } from './support/axe.js';
import { openConsoleAs } from './support/console.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { DEMO_ENTITY, type Stack, startStack } from './support/stack.js';

const [ADMIN] = DEMO_STAFF as [(typeof DEMO_STAFF)[number]];
const IBAN = 'IT60X0542811101000000123456';
const STUCK_ID = 'e2estuckpaymentaaaaaaaaaaaaaaaaa';

async function noViolations(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), what).toEqual([]);
}

/** A position of the demo entity with a single payment; its NAV and IUV. */
async function position(db: DatabaseHandle['db'], iupd: string, amount: number) {
  const entity = (await findEntity(db, DEMO_ENTITY))!;
  const input = v.parse(PositionInput, {
    iupd,
    debtor: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi' },
    description: `Pratica ${iupd}`,
    single: {
      amount,
      dueDate: '2099-12-31',
      transfers: [{ iban: IBAN, amount, remittance: iupd, taxonomy: '9/0101002IM/' }],
    },
  });
  await transaction(db, async (tx) => {
    const r = await writePositions(tx, entity, [{ row: 1, position: input }], 'create', new Date());
    expect(r.errors).toEqual([]);
  });
  return db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select([
      'payment_options.id as optionId',
      'positions.id as positionId',
      'payment_options.nav',
      'payment_options.iuv',
    ])
    .where('positions.iupd', '=', iupd)
    .executeTakeFirstOrThrow();
}

describe('staff console: money', () => {
  let stack: Stack;
  let browser: Browser;
  const yesterday = addDays(romeDate(new Date()), -1);
  let stuckIuv = '';

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    const handle = await openDatabase(stack.databaseUrl);
    try {
      const db = handle.db;
      // Yesterday at noon in Rome: a receipt of 42,00 €.
      const paid = await position(db, 'E2E-RIC-1', 4200);
      const r = await recordReceipt(
        db,
        {
          entityCode: DEMO_ENTITY,
          nav: paid.nav,
          receiptId: 'IUR-E2E-IERI-1',
          amount: 4200,
          fee: 0,
          pspId: 'PSP1',
          pspName: 'Banca di prova',
          pspFiscalCode: null,
          channel: 'PSP1_01',
          method: 'CP',
          paidAt: new Date(`${yesterday}T11:00:00.000Z`),
          payer: null,
        },
        new Date(),
      );
      expect(r.status).toBe('recorded');
      // A payment pagoPA activated two hours ago, expired at its TTL, whose receipt never came.
      const stuck = await position(db, 'E2E-BLOCCATO-1', 1500);
      stuckIuv = stuck.iuv;
      const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
      await db
        .insertInto('payments')
        .values({
          id: STUCK_ID,
          entity_code: DEMO_ENTITY,
          account_id: null,
          state: 'expired',
          amount: 1500,
          provider: 'sandbox',
          provider_ref: null,
          return_url: null,
          payer_email: null,
          lang: 'it',
          created_at: at(120),
          updated_at: at(90),
          expires_at: at(90),
          ended_at: at(90),
          activated_at: at(118),
        })
        .execute();
      await db
        .insertInto('payment_items')
        .values({
          payment_id: STUCK_ID,
          option_id: stuck.optionId,
          position_id: stuck.positionId,
          nav: stuck.nav,
          amount: 1500,
          description: 'Pratica E2E-BLOCCATO-1',
        })
        .execute();
    } finally {
      await handle.close();
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    "a clerk's money day: a stuck payment and what to do, yesterday's receipts, the reconciliation report, the dashboard",
    { timeout: 240_000 },
    async () => {
      const { page, context } = await openConsoleAs(browser, stack.apiUrl, ADMIN.email);

      // Payments: the stuck one first, with what to do.
      await page.getByRole('link', { name: 'Pagamenti' }).click();
      await page.getByRole('heading', { name: 'Pagamenti', level: 1 }).waitFor();
      const row = page.locator(`tr[data-payment="${STUCK_ID}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('Mario Rossi');
      expect(await row.textContent()).toContain('Attivato da pagoPA');
      expect(await row.textContent()).toContain('ricevuta mancante');
      expect(await row.getByRole('link', { name: 'Apri la posizione E2E-BLOCCATO-1' }).count()).toBe(1);
      await noViolations(page, 'payments page');
      await screenshot(page, 'console-payments');

      // Look its IUV up in the flows: the reconciliation page searches it (no flow has it yet).
      await row.getByRole('link', { name: new RegExp(`Cerca lo IUV nei flussi ${stuckIuv}`) }).click();
      await page.getByRole('heading', { name: 'Riconciliazione', level: 1 }).waitFor();
      await page.getByText(`Nessuna riga dei flussi con IUV ${stuckIuv}.`).waitFor();
      expect(await page.getByRole('textbox', { name: 'Cerca uno IUV nei flussi' }).inputValue()).toBe(
        stuckIuv,
      );

      // Money in: yesterday's receipts, their totals, the CSV downloaded and read.
      await page.getByRole('link', { name: 'Incassi' }).click();
      await page.getByRole('heading', { name: 'Incassi', level: 1 }).waitFor();
      await page.getByLabel('Dal giorno', { exact: true }).fill(yesterday);
      await page.getByLabel('Al giorno', { exact: true }).fill(yesterday);
      await page.getByRole('button', { name: 'Mostra', exact: true }).click();
      const day = page.locator(`table.by-day tr[data-date="${yesterday}"]`);
      await expect.poll(() => day.textContent(), { timeout: 15_000 }).toContain('42,00');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Scarica le ricevute (CSV)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`ricevute-${DEMO_ENTITY}-${yesterday}-${yesterday}.csv`);
      const csv = await readFile((await download.path())!, 'utf8');
      const lines = csv.trim().split(/\r?\n/);
      expect(lines[0]).toMatch(/^receipt_id,/);
      const ours = lines.filter((l) => l.includes('IUR-E2E-IERI-1'));
      expect(ours).toHaveLength(1);
      expect(ours[0]).toContain('E2E-RIC-1');
      expect(ours[0]).toContain(yesterday);
      expect(ours[0]).toContain(',4200,');
      await noViolations(page, 'money in page');
      await screenshot(page, 'console-receipts');

      // Reconciliation: yesterday's line for the IBAN, collected and awaiting settlement.
      await page.getByRole('link', { name: 'Riconciliazione' }).click();
      await page.getByRole('heading', { name: 'Riconciliazione', level: 1 }).waitFor();
      await page.getByLabel('Dal giorno', { exact: true }).fill(yesterday);
      await page.getByLabel('Al giorno', { exact: true }).fill(yesterday);
      await page.getByRole('button', { name: 'Mostra', exact: true }).click();
      const line = page.locator(`table.report tr[data-date="${yesterday}"]`);
      await expect.poll(() => line.textContent(), { timeout: 15_000 }).toContain(IBAN);
      expect(await line.locator('td').nth(2).textContent()).toContain('42,00');
      await noViolations(page, 'reconciliation page');
      await screenshot(page, 'console-reconciliation');

      // Dashboard: charts drawn, and their tables.
      await page.getByRole('link', { name: 'Cruscotto' }).click();
      await page.getByRole('heading', { name: 'Cruscotto', level: 1 }).waitFor();
      await page.locator('[data-figure="by-day"] svg').waitFor();
      expect(await page.locator('figure').count()).toBe(5);
      expect(await page.locator('[data-figure="by-day"] .chart').getAttribute('aria-hidden')).toBe('true');
      const yRow = page
        .locator('[data-figure="by-day"] tbody tr')
        .filter({ hasText: yesterday.split('-').reverse().join('/') });
      expect(await yRow.textContent()).toContain('42,00');
      expect(await page.locator('[data-figure="by-method"] tbody').textContent()).toContain('carta (CP)');
      await noViolations(page, 'dashboard page');
      await screenshot(page, 'console-dashboard');

      // A tablet: nothing wider than the window, still no violation.
      await page.setViewportSize({ width: 768, height: 1024 });
      for (const [link, ready] of [
        ['Pagamenti', `tr[data-payment="${STUCK_ID}"]`],
        ['Cruscotto', '[data-figure="open"] table'],
      ] as const) {
        await page.getByRole('link', { name: link }).click();
        await page.getByRole('heading', { name: link, level: 1 }).waitFor();
        await page.locator(ready).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
        await noViolations(page, `${link} at 768 px`);
      }
      await context.close();
    },
  );
});
