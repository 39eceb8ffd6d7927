/**
 * The citizen's screens added for reaching the citizen and for privacy, on a 375 px phone in Debian
 * Chromium, as `npm start` serves them on the Comune's page: the fresh-consent step at login (a new
 * privacy notice published with `--reconsent`: 409 reconsent_required), "Aggiungi al calendario"
 * on a card of "my practices", the account's "Promemoria e calendario" (with the private calendar
 * address shown once), and the data downloads of the profile. Each: nothing wider than the screen,
 * axe with no violations, every button and link at least 44 px tall (WCAG 2.5.5), no dead end.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../packages/server/src/demo/seed-accounts.js';
import { axeViolations } from './support/axe.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { CLI, DEMO_ENTITY, ROOT, type Stack, startStack } from './support/stack.js';

const WIDTH = 375;

/** What does not fit a 375 px screen: the page's overflow, and controls under 44 px. */
async function checkNarrow(page: Page, what: string, scope: Locator): Promise<void> {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth),
    `${what}: page width`,
  ).toBeLessThanOrEqual(WIDTH);
  const small = await scope.evaluate((root) => {
    const out: string[] = [];
    const walk = (node: Element | ShadowRoot): void => {
      for (const el of node.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        const tag = el.tagName.toLowerCase();
        const role = el.getAttribute('role');
        const control =
          tag === 'button' ||
          (tag === 'a' && el.classList.contains('btn')) ||
          (tag === 'input' && !['hidden', 'checkbox', 'radio'].includes((el as HTMLInputElement).type)) ||
          tag === 'select' ||
          tag === 'textarea' ||
          role === 'menuitem';
        const choice = tag === 'input' && ['checkbox', 'radio'].includes((el as HTMLInputElement).type);
        if (choice) {
          // A check box is tapped through its label: the label is the target.
          const label = (el as HTMLInputElement).labels?.[0]?.getBoundingClientRect();
          if (label && label.height < 44)
            out.push(`label of ${el.id} ${Math.round(label.width)}×${Math.round(label.height)}`);
          continue;
        }
        if (!control) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.height < 44 || r.width < 44 || r.right > window.innerWidth + 0.5 || r.left < -0.5)
          out.push(
            `${tag} "${(el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(r.width)}×${Math.round(r.height)} at x=${Math.round(r.left)}`,
          );
      }
    };
    walk(root.shadowRoot ?? root);
    return out;
  });
  expect(small, `${what}: controls under 44 px or off the screen`).toEqual([]);
  expect(await axeViolations(page), `${what}: axe`).toEqual([]);
}

describe(`the citizen's newer screens at ${WIDTH} px`, () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    // A new privacy notice that asks every account again at its next login.
    const file = join(stack.dir, 'informativa-2027.txt');
    writeFileSync(
      file,
      "Informativa privacy del Comune di Esempio, versione 2027-01: il testo completo dell'ente.\n",
    );
    const published = spawnSync(
      process.execPath,
      [
        CLI,
        'privacy',
        'publish',
        'privacy',
        '--entity',
        DEMO_ENTITY,
        '--version',
        '2027-01',
        '--file',
        file,
        '--reconsent',
      ],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: stack.databaseUrl }, encoding: 'utf8' },
    );
    if (published.status !== 0) throw new Error(`privacy publish:\n${published.stdout}${published.stderr}`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'fresh consent at login, the calendar button, reminders and calendar, the data downloads',
    { timeout: 240_000 },
    async () => {
      const { page, errors, context } = await openPage(browser, {
        viewport: { width: WIDTH, height: 740 },
        // The login answers 409 reconsent_required on purpose, once.
        allowHttpErrors: (url, status) => status === 409 && url.endsWith('/sessions'),
      });
      await page.goto(`${stack.siteUrl}/pagamenti.html#/accedi`);
      const portal = page.locator('#body-widgets pagatore-portal');
      await portal.locator('#login-username').fill('mario.rossi');
      await portal.locator('#login-password').fill(DEMO_PASSWORD);
      await portal.locator('pagatore-login button[type=submit]').click();

      // 1. The fresh-consent step: the new version, its text, accept or refuse; refusing is no dead end.
      const login = portal.locator('pagatore-login');
      await login.getByRole('button', { name: 'Accetto e continuo' }).waitFor({ timeout: 15_000 });
      await login.getByRole('heading', { name: "L'informativa privacy è cambiata" }).waitFor();
      await screenshot(page, 'narrow-1-reconsent');
      await checkNarrow(page, 'fresh consent', login);
      await login.getByRole('button', { name: 'Non accetto' }).click();
      await login.getByRole('button', { name: "Torna all'accesso" }).waitFor();
      await screenshot(page, 'narrow-2-reconsent-refused');
      await checkNarrow(page, 'consent refused', login);
      await login.getByRole('button', { name: "Torna all'accesso" }).click();
      await portal.locator('#login-password').fill(DEMO_PASSWORD);
      await portal.locator('pagatore-login button[type=submit]').click();
      await login.getByRole('button', { name: 'Accetto e continuo' }).click();

      // 2. My practices: "Aggiungi al calendario" on a card, beside "Paga" and "Stampa bollettino".
      const practices = portal.locator('pagatore-practices');
      await practices.locator('article.card').first().waitFor({ timeout: 15_000 });
      const ics = page.waitForEvent('download');
      await practices.getByRole('button', { name: 'Aggiungi al calendario' }).first().click();
      const file = await ics;
      expect(file.suggestedFilename()).toMatch(/^scadenze-[0-9]+\.ics$/);
      // Made by the server for the account's practice: its due dates, each with the page to pay on.
      const text = readFileSync(await file.path(), 'utf8').replace(/\r\n[ \t]/g, '');
      expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      expect(text).toContain('BEGIN:VEVENT');
      expect(text).toContain('SUMMARY:Scadenza');
      expect(text).toContain('TRIGGER:-P3D');
      expect(text).toContain(`Paga su: ${stack.siteUrl}/pagamenti.html`);
      await screenshot(page, 'narrow-3-practices-calendar');
      await checkNarrow(page, 'my practices, calendar', practices);

      // 3. The account's "Promemoria e calendario": the reminders switch, a private calendar address.
      await portal.locator('a.pagopa').click();
      const account = portal.locator('pagatore-account');
      await account.getByRole('button', { name: 'Promemoria e calendario' }).click();
      await account.locator('#reach-email').waitFor();
      await screenshot(page, 'narrow-4-reach');
      await checkNarrow(page, 'reminders and calendar', account);
      await account.getByRole('button', { name: 'Crea indirizzo' }).click();
      const address = account.locator('#reach-feed-url');
      await address.waitFor({ timeout: 15_000 });
      // The address is shown whole (never cut): its box holds all of it.
      expect(await address.evaluate((t) => t.scrollHeight <= t.clientHeight + 1)).toBe(true);
      await screenshot(page, 'narrow-5-reach-feed');
      await checkNarrow(page, 'calendar address shown once', account);

      // 4. The account's data downloads (JSON and PDF), under the menu with the accepted notice.
      await account.getByRole('button', { name: 'Indietro' }).click();
      await account.getByRole('button', { name: 'Riepilogo leggibile (PDF)' }).scrollIntoViewIfNeeded();
      await screenshot(page, 'narrow-6-account-downloads');
      await checkNarrow(page, 'account with downloads', account);
      const download = page.waitForEvent('download');
      await account.getByRole('button', { name: 'Riepilogo leggibile (PDF)' }).click();
      expect((await download).suggestedFilename()).toMatch(/\.pdf$/);

      expect(errors).toEqual([]);
      await context.close();
    },
  );
});
