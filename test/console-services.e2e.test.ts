/**
 * The console's services page in Debian Chromium, as `npm start` serves it: a clerk logs in with
 * TOTP, adds a service with two fields while the preview (the citizen's own form) follows each
 * edit, saves it, and a citizen then finds it in "Inserimento spontaneo" on the example Comune site
 * and fills it in; a viewer reads the service but cannot change it (no control, and the server
 * refuses). axe with no violations on each page, at 1280 px and at a tablet's 768 px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF } from '../packages/server/src/demo/seed-staff.js';
import { axeViolations } from './support/axe.js';
import { logInToConsole, openConsoleAs } from './support/console.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { DEMO_ENTITY, type Stack, startStack } from './support/stack.js';

const [ADMIN, VIEWER] = DEMO_STAFF as [(typeof DEMO_STAFF)[number], (typeof DEMO_STAFF)[number]];
const CODE = 'PASSO-CARRABILE';

/** Logs in at the console page already open; the page asked for (its hash) shows after. */
async function noViolations(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), what).toEqual([]);
}

/** The id of the element focused, through shadow roots (run in the page). */
function deepActiveId(): string | undefined {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a?.id;
}

/** The citizen's form inside the editor's preview. */
const preview = (page: Page) => page.locator('aside.preview pagatore-debt-form');

describe('staff console: services', () => {
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
    'a clerk adds a service with two fields, watching the preview; the citizen then fills it in',
    { timeout: 240_000 },
    async () => {
      const { page, errors } = await openConsoleAs(browser, stack.apiUrl, ADMIN.email, {
        hash: '#/services',
        landing: 'Servizi per i pagamenti spontanei',
      });
      await page.locator('tbody tr[data-code="MENSA"]').waitFor();
      expect(
        await page.getByRole('link', { name: 'Servizi', exact: true }).getAttribute('aria-current'),
      ).toBe('page');
      await noViolations(page, 'services list');
      await screenshot(page, 'console-services');

      await page.getByRole('link', { name: 'Nuovo servizio' }).click();
      await page.getByRole('heading', { name: 'Nuovo servizio' }).waitFor();
      await page.locator('#s-code').fill(CODE);
      await page.locator('#s-name-it').fill('Passo carrabile');
      await page.locator('#s-name-en').fill('Driveway permit');
      await page
        .locator('#s-notes-it')
        .fill('Il contrassegno si ritira allo sportello della Polizia locale.');
      // The preview names the service as the citizen's select will.
      await expect.poll(() => preview(page).locator('#service').textContent()).toContain('Passo carrabile');

      // Field 1, added from the keyboard: the plate, required, with a format.
      await page.locator('#add-field').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(deepActiveId)).toBe('s-fields-0-label-it');
      await page.keyboard.type('Targa del veicolo');
      await page.locator('#s-fields-0-name').fill('targa');
      await page.locator('#s-fields-0-required').check();
      await page.locator('#s-fields-0-pattern').fill('[A-Z]{2}[0-9]{3}[A-Z]{2}');
      await page.locator('#s-fields-0-help-it').fill('Ad esempio AB123CD.');
      await preview(page).locator('#f-targa').waitFor();
      expect(await preview(page).locator('label[for="f-targa"]').textContent()).toMatch(
        /Targa del veicolo\s*\(obbligatorio\)/,
      );

      // Field 2: a choice with two options.
      await page.locator('#add-field').click();
      await page.locator('#s-fields-1-name').fill('zona');
      await page.locator('#s-fields-1-label-it').fill('Zona');
      await page.locator('#s-fields-1-type').selectOption('select');
      await page.locator('#s-fields-1-options-0-value').fill('centro');
      await page.locator('#s-fields-1-options-0-label-it').fill('Centro storico');
      await page.locator('#add-option-1').click();
      await page.locator('#s-fields-1-options-1-value').fill('periferia');
      await page.locator('#s-fields-1-options-1-label-it').fill('Periferia');
      await expect
        .poll(() => preview(page).locator('#f-zona option').allTextContents())
        .toEqual([expect.stringContaining('—'), 'Centro storico', 'Periferia']);

      // The zone first, by keyboard; the preview follows.
      await page.locator('#move-up-1').focus();
      await page.keyboard.press('Enter');
      await expect
        .poll(() =>
          preview(page)
            .locator('pagatore-service-field input, pagatore-service-field select')
            .evaluateAll((els) => els.map((e) => e.id)),
        )
        .toEqual(['f-zona', 'f-targa']);

      // A fixed amount, and the position it becomes.
      await page.locator('#s-amount-amount').fill('25,50');
      await expect.poll(() => preview(page).locator('.amount-line').textContent()).toContain('25,50');
      await page.locator('#s-position-description').fill('Passo carrabile {targa}');
      await page.locator('#s-position-taxonomy').fill('9/0101002IM/');
      expect(await preview(page).locator('aside.notes').textContent()).toContain('Polizia locale');

      // The preview checks like the citizen's form and sends nothing.
      const requests: string[] = [];
      page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
      await preview(page).locator('#f-targa').fill('ab123');
      await preview(page).locator('button[type="submit"]').click();
      await preview(page).locator('#error-summary').waitFor();
      expect(await preview(page).locator('#error-summary').textContent()).toContain('Targa del veicolo');
      await preview(page).locator('#f-targa').fill('AB123CD');
      await preview(page).locator('#f-zona').selectOption('centro');
      await preview(page).locator('button[type="submit"]').click();
      await preview(page).locator('#preview-checked').waitFor();
      expect(requests).toEqual([]);
      await noViolations(page, 'service editor with its preview');
      // The preview keeps to the top of the window as the page scrolls: the shot shows both from the top.
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'console-service');

      await page.getByRole('button', { name: 'Crea servizio' }).click();
      await page.getByRole('heading', { name: `Servizio ${CODE}` }).waitFor();
      await page
        .getByRole('status')
        .filter({ hasText: `Servizio ${CODE} salvato.` })
        .waitFor();
      expect(page.url()).toContain(`#/services/${CODE}`);
      // The audit log has it, by who made it.
      await page.getByRole('link', { name: 'Registro attività' }).click();
      const entry = page.locator('tr[data-action="adminCreateService"]');
      await entry.waitFor();
      expect(await entry.textContent()).toContain(ADMIN.email);
      expect(errors).toEqual([]);

      // The citizen: "Inserimento spontaneo" on the Comune's site offers it, ready to fill.
      const citizen = await openPage(browser);
      const site = citizen.page;
      await site.goto(`${stack.siteUrl}/componenti.html`);
      await expect
        .poll(() =>
          site.evaluate(() => {
            const provider = document.querySelector('#body-widgets pagatore-provider') as unknown as {
              store?: unknown;
            } | null;
            return Boolean(provider?.store);
          }),
        )
        .toBe(true);
      await site.evaluate(async () => {
        const provider = document.querySelector('#body-widgets pagatore-provider') as unknown as {
          store: { client: { accounts: { login(u: string, p: string): Promise<unknown> } } };
        };
        await provider.store.client.accounts.login('mario.rossi', 'Demo-Pagatore-2026');
      });
      const form = site.locator('#body-widgets pagatore-debt-form');
      await expect.poll(() => form.locator('#service option').allTextContents()).toContain('Passo carrabile');
      await form.locator('#service').selectOption(CODE);
      expect(await form.locator('form').textContent()).toContain('25,50');
      await form.locator('#f-zona').selectOption('periferia');
      await form.locator('#f-targa').fill('CD456EF');
      await form.locator('button[type="submit"]').click();
      await form.locator('#created').waitFor();
      expect(await form.locator('#created').textContent()).toContain('Passo carrabile CD456EF');
      expect(citizen.errors).toEqual([]);
    },
  );

  it(
    'a viewer reads the service but cannot change it: no control, and the server refuses',
    { timeout: 120_000 },
    async () => {
      const { page, errors } = await openConsoleAs(browser, stack.apiUrl, VIEWER.email, {
        hash: '#/services/MENSA',
        landing: 'Servizio MENSA',
        refused: true,
      });
      await page.locator('[data-read-only]').waitFor();
      expect(await page.locator('[data-read-only]').textContent()).toContain('lettura');
      expect(await page.locator('#s-name-it').isDisabled()).toBe(true);
      expect(await page.locator('#add-field').isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Salva modifiche' }).count()).toBe(0);
      await preview(page).locator('#f-child').waitFor();
      await noViolations(page, 'service editor, read only');
      await page.getByRole('link', { name: 'Torna ai servizi' }).click();
      await page.locator('tbody tr[data-code="MENSA"]').waitFor();
      expect(await page.getByRole('link', { name: 'Nuovo servizio' }).count()).toBe(0);
      // The change the form would send, from the page itself (cookie, CSRF token): refused.
      const refusal = await page.evaluate(async (entity) => {
        const session = (await (await fetch('/api/v1/console/session')).json()) as { csrfToken: string };
        const current = (await (
          await fetch('/api/v1/admin/services/MENSA', { headers: { 'x-pagatore-entity': entity } })
        ).json()) as Record<string, unknown>;
        const { code: _c, createdAt: _a, updatedAt: _u, ...body } = current;
        const res = await fetch('/api/v1/admin/services/MENSA', {
          method: 'PUT',
          headers: {
            'content-type': 'application/json',
            'x-csrf-token': session.csrfToken,
            'x-pagatore-entity': entity,
          },
          body: JSON.stringify({ ...body, enabled: false }),
        });
        return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
      }, DEMO_ENTITY);
      expect(refusal).toEqual({ status: 403, code: 'role_forbidden' });
      expect(errors).toEqual([]);
    },
  );

  it(
    'works at a tablet width: the preview under the form, nothing wider than the screen',
    {
      timeout: 120_000,
    },
    async () => {
      const { page } = await openPage(browser, {
        viewport: { width: 768, height: 1024 },
        allowHttpErrors: (_url, status) => status === 401,
      });
      await page.goto(`${stack.apiUrl}/console#/services/MENSA`);
      await logInToConsole(page, ADMIN.email, 'Servizio MENSA');
      await preview(page).locator('#f-child').waitFor();
      const form = await page.getByRole('form', { name: 'Definizione del servizio' }).boundingBox();
      const aside = await page.locator('aside.preview').boundingBox();
      expect(aside?.y).toBeGreaterThanOrEqual((form?.y ?? 0) + (form?.height ?? 0) - 1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
      await noViolations(page, 'service editor at tablet width');
    },
  );
});
