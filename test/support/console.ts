/**
 * The staff console's login for the e2e tests, as a clerk does it: e-mail and password of a demo
 * staff member, then the code of the authenticator app (computed from the demo TOTP key).
 */
import type { Browser, Page } from 'playwright-core';
import { openPage, type WatchedPage } from './browser.js';
import { DEMO_STAFF_PASSWORD, DEMO_TOTP_KEY } from '../../packages/server/src/demo/seed-staff.js';
import { totpCode } from '../../packages/server/src/staff/totp.js';

/** The last code used per staff member: a 30-second step is good once, the server refuses it again. */
const used = new Map<string, string>();

/** A TOTP code not used yet by this staff member (waits for the next step when needed). */
export async function freshTotpCode(email: string): Promise<string> {
  for (;;) {
    const code = totpCode(DEMO_TOTP_KEY, new Date());
    if (used.get(email) !== code) {
      used.set(email, code);
      return code;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** First step on the console's login page: e-mail and password; waits for the code's page. */
export async function enterStaffPassword(page: Page, email: string): Promise<void> {
  await page.getByRole('heading', { name: 'Accedi alla console' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.getByRole('heading', { name: 'Verifica in due passaggi' }).waitFor();
}

/** Second step: a fresh TOTP code; waits for the heading of the page the console opens on. */
export async function enterStaffCode(page: Page, email: string, landing: string): Promise<void> {
  await page.getByLabel('Codice di verifica').fill(await freshTotpCode(email));
  await page.getByRole('button', { name: 'Verifica' }).click();
  await page.getByRole('heading', { name: landing }).waitFor();
}

/**
 * Logs a demo staff member in, both steps, from the console's login page. `landing` is the heading
 * of the page asked for (the positions list when the console was opened without one).
 */
export async function logInToConsole(
  page: Page,
  email: string,
  landing = 'Posizioni debitorie',
): Promise<void> {
  await enterStaffPassword(page, email);
  await enterStaffCode(page, email, landing);
}

/**
 * A new page on the console at `hash` (the positions list when empty), logged in as a demo staff
 * member. The console asks for its session first and gets 401 before the login: that one is
 * expected; `refused` lets the 403s a role refusal provokes through as well.
 */
export async function openConsoleAs(
  browser: Browser,
  apiUrl: string,
  email: string,
  opts: { hash?: string; landing?: string; refused?: boolean } = {},
): Promise<WatchedPage> {
  const watched = await openPage(browser, {
    allowHttpErrors: (url, status) =>
      (url.endsWith('/api/v1/console/session') && status === 401) || (!!opts.refused && status === 403),
  });
  await watched.page.goto(`${apiUrl}/console${opts.hash ?? ''}`);
  await logInToConsole(watched.page, email, opts.landing);
  return watched;
}
