/**
 * Payments end to end, on two sites (API on localhost, the Comune's page on 127.0.0.1): log in,
 * add two practices to the cart, pay the cart in the sandbox, come back, see "Pagamento in
 * verifica" then paid, download the receipt, find it in the history. And a server killed between
 * the sandbox's "paid" and its receipt finishes the payment after restart.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, SessionStore } from '@pagatore/sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseFromMenu, launchBrowser, openPage, screenshot } from './support/browser.js';
import { DEMO_ENTITY, type Stack, startStack } from './support/stack.js';

const USER = 'mario.rossi';
const PASSWORD = 'Demo-Pagatore-2026';

describe('payments: cart, sandbox, outcome, receipt, history', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    // The sandbox's receipt comes late enough that "in verifica" shows on a loaded machine too.
    stack = await startStack({ env: { SANDBOX_RECEIPT_DELAY_MS: '8000' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('pays a cart of two practices through the sandbox and finds the receipt in the history', async () => {
    const { page, errors, context } = await openPage(browser);
    await page.goto(`${stack.siteUrl}/pagamenti.html`);
    const portal = page.locator('#body-widgets pagatore-portal');

    // Log in from the portal's bar.
    await portal.locator('.end a', { hasText: 'Accedi' }).click();
    await portal.locator('#login-username').fill(USER);
    await portal.locator('#login-password').fill(PASSWORD);
    await portal.locator('pagatore-login button[type=submit]').click();
    const practices = portal.locator('pagatore-practices');
    await expect
      .poll(() => practices.locator('article').count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);
    await screenshot(page, 'payments-1-my-practices');

    // "Aggiungi pratica al carrello" from the menu beside "Paga", for two practices.
    for (const name of ['TARI', 'Sanzione codice della strada']) {
      const card = practices.locator('article', { hasText: name });
      await chooseFromMenu(card, 'Aggiungi pratica al carrello');
    }
    const badge = page.locator('#header-widgets pagatore-cart');
    await expect.poll(() => badge.locator('.count').textContent()).toBe('2');

    // The header's cart (another provider, same portal): "Paga carrello".
    await badge.locator('.badge').click();
    await expect.poll(() => badge.locator('.panel li').count()).toBe(2);
    await screenshot(page, 'payments-2-cart');
    await badge.locator('button', { hasText: 'Paga carrello' }).click();

    // The sandbox stands in for pagoPA Checkout, on the API's site.
    await page.waitForURL(/\/sandbox\/checkout\//);
    expect(await page.locator('main').innerText()).toContain('Totale');
    await screenshot(page, 'payments-3-sandbox');
    await page.locator('button[type=submit]').click();

    // Back on the Comune's page: the outcome comes from the server, first "in verifica".
    await page.waitForURL(new RegExp(`^${stack.siteUrl}/pagamenti\\.html#`));
    const status = portal.locator('pagatore-payment-status');
    await expect
      .poll(() => status.locator('h2').innerText(), { timeout: 10_000 })
      .toContain('Pagamento in verifica');
    await screenshot(page, 'payments-4-in-verifica');
    await expect
      .poll(() => status.locator('h2').innerText(), { timeout: 30_000 })
      .toContain('Pagamento riuscito');
    expect(page.url()).toMatch(/#\/pagamento\/[a-z2-7]+$/);
    await screenshot(page, 'payments-5-paid');

    // The receipt (quietanza) as PDF.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      status.locator('button', { hasText: 'Scarica ricevuta' }).first().click(),
    ]);
    const file = join(stack.dir, 'ricevuta.pdf');
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Ricevuta di pagamento');
    expect(text).toContain('Comune di Esempio');
    expect(text).toMatch(/Banca Sandbox/);

    // And in the history ("Ricerca pratiche").
    await portal.locator('nav a', { hasText: 'Storico pagamenti' }).click();
    const history = portal.locator('pagatore-history');
    await expect.poll(() => history.locator('li').count()).toBeGreaterThanOrEqual(2);
    expect(await history.locator('ul[part=list]').innerText()).toMatch(/TARI[\s\S]*|Sanzione/);
    await screenshot(page, 'payments-6-history');
    expect(await badge.locator('.count').textContent()).toBe('0');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a server killed between the sandbox\'s "paid" and its receipt finishes the payment after restart', async () => {
    const client = createClient({
      baseUrl: stack.apiUrl,
      entity: DEMO_ENTITY,
      session: new SessionStore('e2e-restart'),
    });
    await client.accounts.login(USER, PASSWORD);
    // Anna's canteen notice, which her father finds by search and pays.
    const m = /codice fiscale ([A-Z0-9]{16}), Codice Avviso ([0-9 ]{18,24}) \(mensa\)/.exec(stack.output());
    expect(m).not.toBeNull();
    const nav = (m?.[2] ?? '').replace(/ /g, '');
    await client.practices.link({ fiscalCode: m?.[1] ?? '', nav });
    const started = await client.payments.start([nav], `${stack.siteUrl}/pagamenti.html`);
    const sandboxPage = await fetch(started.redirectUrl);
    const token = /name="t" value="([^"]+)"/.exec(await sandboxPage.text())?.[1] ?? '';
    const outcome = await fetch(new URL(new URL(started.redirectUrl).pathname, stack.apiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: token, outcome: 'paid' }).toString(),
      redirect: 'manual',
    });
    expect(outcome.status).toBe(303);
    expect(outcome.headers.get('location')).toBe(
      `${stack.siteUrl}/pagamenti.html#pagatore-payment=${started.id}`,
    );

    // Killed before the receipt (due 2 s later) was delivered.
    await stack.restart({ signal: 'SIGKILL' });
    const deadline = Date.now() + 20_000;
    let state = '';
    while (Date.now() < deadline) {
      state = (await client.payments.get(started.id, true)).state;
      if (state === 'paid') break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(state).toBe('paid');
    const receipts = await client.receipts.list({ code: nav });
    expect(receipts.items).toHaveLength(1);
    expect(receipts.items[0]).toMatchObject({
      debtor: { name: 'Anna Rossi' },
      payer: { name: 'Mario Rossi' },
    });
  });
});
