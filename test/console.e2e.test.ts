/**
 * The staff console in Debian Chromium, as `npm start` serves it at /console: a clerk's login with
 * TOTP, finding a citizen's positions, cancelling a notice, the audit log that records it, signing
 * out; a viewer who may not cancel (no button, and the server refuses the request); the message
 * when the session ends; axe with no violations on every console page; a tablet's width; an
 * intermediary's clerk switching between two entities.
 */
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD } from '../packages/server/src/demo/seed-staff.js';
import { axeViolations } from './support/axe.js';
import { enterStaffCode, enterStaffPassword, logInToConsole, openConsoleAs } from './support/console.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { CLI, type Stack, startStack } from './support/stack.js';

const [ADMIN, VIEWER] = DEMO_STAFF as [(typeof DEMO_STAFF)[number], (typeof DEMO_STAFF)[number]];

async function noViolations(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), what).toEqual([]);
}

describe('staff console', () => {
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

  it('the start message links the console and prints the demo staff login', () => {
    expect(stack.output()).toContain(`Staff console      ${stack.apiUrl}/console`);
    expect(stack.output()).toContain(`${ADMIN.email} / ${DEMO_STAFF_PASSWORD}`);
  });

  it(
    "a clerk's day: log in with TOTP, find a citizen, cancel a notice, see it in the audit log, sign out",
    { timeout: 180_000 },
    async () => {
      const { page, errors } = await openPage(browser, {
        allowHttpErrors: (url, status) => url.endsWith('/api/v1/console/session') && status === 401,
      });
      await page.goto(`${stack.apiUrl}/console`);
      await page.getByRole('heading', { name: 'Accedi alla console' }).waitFor();
      await noViolations(page, 'login page');
      await screenshot(page, 'console-login');
      // A wrong password: said, and nothing else happens.
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Accedi' }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 })
        .toMatch(/non corretti/);
      errors.length = 0;
      await enterStaffPassword(page, ADMIN.email);
      await noViolations(page, 'TOTP page');
      await screenshot(page, 'console-totp');
      await enterStaffCode(page, ADMIN.email, 'Posizioni debitorie');
      await expect
        .poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 })
        .toMatch(/Posizioni da 1/);
      await noViolations(page, 'positions page');
      await screenshot(page, 'console-positions');

      // Find Mario Rossi by his fiscal code.
      await page.getByLabel('Codice fiscale del debitore').fill('rssmra85t10a562s');
      await page.getByRole('button', { name: 'Cerca', exact: true }).click();
      const row = page.getByRole('row', { name: /DEMO-MULTA-1/ });
      await row.waitFor();
      expect(await page.locator('tbody tr').count()).toBeGreaterThan(1);
      for (const text of await page.locator('tbody tr td:nth-child(2)').allTextContents())
        expect(text).toContain('RSSMRA85T10A562S');

      // Open the fine and cancel it, confirming.
      await page.getByRole('link', { name: 'Apri DEMO-MULTA-1' }).click();
      await page.getByRole('heading', { name: 'Posizione DEMO-MULTA-1' }).waitFor();
      await noViolations(page, 'position page');
      await page.getByRole('button', { name: 'Annulla la posizione' }).click();
      await page.getByRole('alertdialog').waitFor();
      await noViolations(page, 'cancel confirmation');
      await screenshot(page, 'console-position');
      await page.getByRole('button', { name: 'Sì, annulla la posizione' }).click();
      await expect
        .poll(() => page.locator('[data-status]').getAttribute('data-status'), { timeout: 15_000 })
        .toBe('cancelled');
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'annullata' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Annulla la posizione' }).count()).toBe(0);

      // The audit log shows who cancelled what, with the state before and after.
      await page.getByRole('link', { name: 'Registro attività' }).click();
      await page.getByRole('heading', { name: 'Registro attività' }).waitFor();
      const entry = page.locator('tr[data-action="adminCancelPosition"]');
      await entry.waitFor();
      expect(await entry.textContent()).toContain(ADMIN.email);
      expect(await entry.textContent()).toContain('DEMO-MULTA-1');
      expect(await entry.locator('ul.changes').textContent()).toMatch(/status: unpaid → cancelled/);
      await entry.getByText('Mostra i dati').click();
      expect(await entry.locator('pre').last().textContent()).toContain('"status": "cancelled"');
      await noViolations(page, 'audit log page');
      await screenshot(page, 'console-audit');

      // English, then sign out.
      await page.getByLabel('Lingua').selectOption('en');
      await page.getByRole('heading', { name: 'Audit log' }).waitFor();
      await noViolations(page, 'audit log page in English');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('You signed out of the console.').waitFor();
      await page.getByLabel('Language').selectOption('it');
      // The session is gone on the server too.
      const after = await page.evaluate(async () => (await fetch('/api/v1/console/session')).status);
      expect(after).toBe(401);
      expect(errors).toEqual([]);
    },
  );

  it(
    'a viewer reads but may not cancel: no button, and the server refuses the request',
    { timeout: 120_000 },
    async () => {
      const { page, errors } = await openConsoleAs(browser, stack.apiUrl, VIEWER.email, {
        hash: '#/positions/DEMO-TARI-1',
        landing: 'Posizione DEMO-TARI-1',
        refused: true,
      });
      await page.locator('[data-read-only]').waitFor();
      expect(await page.locator('[data-read-only]').textContent()).toContain('lettura');
      expect(await page.getByRole('button', { name: 'Annulla la posizione' }).count()).toBe(0);
      await noViolations(page, 'position page, read only');
      // The request the button would send, from the page itself (same origin, cookie, CSRF token).
      const refusal = await page.evaluate(async () => {
        const session = (await (await fetch('/api/v1/console/session')).json()) as { csrfToken: string };
        const res = await fetch('/api/v1/admin/positions/DEMO-TARI-1', {
          method: 'DELETE',
          headers: { 'x-csrf-token': session.csrfToken, 'x-pagatore-entity': '80012345676' },
        });
        return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
      });
      expect(refusal).toEqual({ status: 403, code: 'role_forbidden' });
      // Without the CSRF token the same request is refused before anything else.
      const noToken = await page.evaluate(async () => {
        const res = await fetch('/api/v1/admin/positions/DEMO-TARI-1', {
          method: 'DELETE',
          headers: { 'x-pagatore-entity': '80012345676' },
        });
        return ((await res.json()) as { error: { code: string } }).error.code;
      });
      expect(noToken).toBe('csrf_failed');
      expect(errors).toEqual([]);
    },
  );

  it(
    'says the session ended when the server no longer knows it, and shows the login again',
    { timeout: 120_000 },
    async () => {
      const { page } = await openPage(browser, { allowHttpErrors: (_url, status) => status === 401 });
      await page.goto(`${stack.apiUrl}/console`);
      await page.getByRole('heading', { name: 'Accedi alla console' }).waitFor();
      await logInToConsole(page, ADMIN.email);
      // The session ends on the server (as after the idle timeout), behind the page's back.
      await page.evaluate(async () => {
        const session = (await (await fetch('/api/v1/console/session')).json()) as { csrfToken: string };
        await fetch('/api/v1/console/session', {
          method: 'DELETE',
          headers: { 'x-csrf-token': session.csrfToken },
        });
      });
      await page.getByRole('link', { name: 'Registro attività' }).click();
      await page.getByText('La sessione è scaduta per inattività').waitFor();
      await page.getByRole('heading', { name: 'Accedi alla console' }).waitFor();
      await noViolations(page, 'login page after the session ended');
    },
  );

  it('works at a tablet width: nothing wider than the screen', { timeout: 120_000 }, async () => {
    const { page } = await openPage(browser, {
      viewport: { width: 768, height: 1024 },
      allowHttpErrors: (_url, status) => status === 401,
    });
    await page.goto(`${stack.apiUrl}/console`);
    await page.getByRole('heading', { name: 'Accedi alla console' }).waitFor();
    await logInToConsole(page, ADMIN.email);
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await noViolations(page, 'positions page at tablet width');
    await screenshot(page, 'console-tablet');
  });
  it(
    'an intermediary clerk switches between the entities granted: each shows only its own',
    { timeout: 120_000 },
    async () => {
      const cli = (...args: string[]) => {
        const r = spawnSync(process.execPath, [CLI, ...args], {
          env: { ...process.env, DATABASE_URL: stack.databaseUrl },
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(r.status, r.stderr).toBe(0);
      };
      cli('entity', 'create', '--code', '12345670488', '--name', 'Comune di Altrove', '--segregation', '02');
      cli('staff', 'grant', ADMIN.email, '--entity', '12345670488', '--role', 'operator');
      const { page, errors } = await openPage(browser, { allowHttpErrors: (_url, status) => status === 401 });
      await page.goto(`${stack.apiUrl}/console`);
      await page.getByRole('heading', { name: 'Accedi alla console' }).waitFor();
      await logInToConsole(page, ADMIN.email);
      const entity = page.getByLabel('Ente');
      expect(await entity.locator('option').allTextContents()).toEqual([
        expect.stringContaining('Comune di Altrove (12345670488)'),
        expect.stringContaining('Comune di Esempio (80012345676)'),
      ]);
      // The first entity granted: nothing of the demo entity's there.
      await entity.selectOption('12345670488');
      await page.getByText('Nessuna posizione corrisponde ai filtri.').waitFor();
      expect(await page.getByText('Ruolo: operatore').count()).toBe(1);
      // A position of the other entity is not found from this one.
      await page.goto(`${stack.apiUrl}/console#/positions/DEMO-TARI-1`);
      await page.getByRole('alert').filter({ hasText: 'non trovata' }).waitFor();
      await noViolations(page, 'a position not found');
      // The demo entity: the same position is there, with the admin role.
      await entity.selectOption('80012345676');
      await page.locator('[data-status]').waitFor();
      expect(await page.getByText('Ruolo: amministratore').count()).toBe(1);
      expect(errors.filter((e) => !e.includes('/positions/DEMO-TARI-1'))).toEqual([]);
    },
  );
});
