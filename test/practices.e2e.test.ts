/**
 * Practices end to end, on two sites (API on localhost, the Comune's page on 127.0.0.1): search a
 * demo practice anonymously → "Aggiungi pratica al carrello" asks to log in → log in → the practice
 * is linked (and added to the cart by the provider) and is in "Le mie pratiche" → create a
 * spontaneous payment → it is in the list. Real server (built CLI, demo mode), real Chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot, type WatchedPage } from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

/** Demo citizen printed by `npm start` (packages/server/src/demo/seed-accounts.ts). */
const USER = 'mario.rossi';
const PASSWORD = 'Demo-Pagatore-2026';

type EventLog = { type: string; detail: Record<string, unknown> }[];

async function events(page: Page): Promise<EventLog> {
  return page.evaluate(() => (window as unknown as { __events: EventLog }).__events);
}

describe('practices: search, login, my practices, spontaneous payment', () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage;
  let anna: { fiscalCode: string; nav: string };

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    // The demo prints the practice of a child (Anna) her parent pays: fiscal code and Codice Avviso.
    const m = /codice fiscale ([A-Z0-9]{16}), Codice Avviso ([0-9 ]{18,24}) \(mensa\)/.exec(stack.output());
    if (!m?.[1] || !m[2]) throw new Error(`demo practice not printed:\n${stack.output()}`);
    anna = { fiscalCode: m[1], nav: m[2].trim() };
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('runs the whole journey', async () => {
    // The wrong Codice Avviso below is a 404 on purpose.
    watched = await openPage(browser, {
      allowHttpErrors: (url, status) => status === 404 && url.endsWith('/practices/search'),
    });
    const { page, errors } = watched;
    await page.addInitScript(() => {
      const log: { type: string; detail: unknown }[] = [];
      (window as unknown as { __events: unknown }).__events = log;
      for (const type of [
        'pagatore-practice-found',
        'pagatore-practice-link',
        'pagatore-practice-create',
        'pagatore-login-request',
      ]) {
        document.addEventListener(type, (e) => log.push({ type, detail: (e as CustomEvent).detail }));
      }
    });
    await page.goto(`${stack.siteUrl}/componenti.html`);
    const search = page.locator('#body-widgets pagatore-practice-search');
    await expect.poll(() => search.locator('#search-cf').count()).toBe(1);
    expect(await search.locator('.auth').innerText()).toMatch(/Registrati[\s\S]*Accedi/);

    // 1. Anonymous search: a wrong Codice Avviso gets the one neutral message.
    await search.locator('#search-cf').fill(anna.fiscalCode.toLowerCase());
    await search.locator('#search-code').fill('3019 0000 0000 0001 80');
    await search.locator('button[type="submit"]').click();
    await expect
      .poll(() => search.locator('#error-summary').innerText())
      .toContain('Nessuna pratica corrisponde');

    await search.locator('#search-code').fill(anna.nav);
    await search.locator('button[type="submit"]').click();
    await expect.poll(() => search.locator('#result-title').count()).toBe(1);
    const result = await search.locator('.result').innerText();
    expect(result).toContain('Mensa scolastica');
    expect(result).toContain('Anna Rossi');
    expect(result).toContain('120,00 €');
    await screenshot(page, 'practices-1-search-hit');

    // 2. "Aggiungi pratica al carrello" (the menu of "Paga") asks to log in and keeps the practice for after.
    await search.locator('#pay-toggle').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => search.locator('[role="menuitem"]').count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(() => search.locator('#login-box').count()).toBe(1);
    await search.locator('#login-box button', { hasText: 'Accedi' }).click();
    expect((await events(page)).some((e) => e.type === 'pagatore-login-request')).toBe(true);

    // 3. Log in (what <pagatore-login> does: the SDK keeps the session for every widget).
    await page.evaluate(
      async ([user, password]) => {
        const provider = document.querySelector('#body-widgets pagatore-provider') as unknown as {
          store: { client: { accounts: { login(u: string, p: string): Promise<unknown> } } };
        };
        await provider.store.client.accounts.login(user as string, password as string);
      },
      [USER, PASSWORD],
    );

    // The search takes the pending action: links the practice, then the provider adds it to the cart.
    await expect
      .poll(async () => (await events(page)).map((e) => e.type))
      .toContain('pagatore-practice-link');
    expect(page.url()).toBe(`${stack.siteUrl}/componenti.html`);

    // 4. The practice is in "Le mie pratiche", with the parent's own (proven) ones.
    const list = page.locator('#body-widgets pagatore-practices');
    await expect.poll(() => list.locator('.list > li').count()).toBeGreaterThan(1);
    const annaCard = list.locator('article', { hasText: 'Anna Rossi' });
    await expect.poll(() => annaCard.count()).toBe(1);
    expect(await annaCard.innerText()).toContain('Trovata con la ricerca');
    expect(await list.locator('.list').innerText()).toContain('TARI');
    await screenshot(page, 'practices-2-my-practices');

    // 5. "Inserimento spontaneo": a fixed-amount service.
    const form = page.locator('#body-widgets pagatore-debt-form');
    await expect.poll(() => form.locator('#service').count()).toBe(1);
    await form.locator('#service').selectOption('ACCESSO-ATTI');
    expect(await form.locator('form').innerText()).toContain('RSSMRA85T10A562S');
    await form.locator('#f-protocol').fill('4321/2026');
    await form.locator('#f-requestDate').fill('2026-03-02');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.locator('#created').count()).toBe(1);
    const created = (await events(page)).find((e) => e.type === 'pagatore-practice-create');
    expect(created?.detail).toMatchObject({ amount: 1000 });

    // 6. The new practice is in the list, highlighted.
    const mine = list.locator('article', { hasText: 'protocollo 4321/2026' });
    await expect.poll(() => mine.count()).toBe(1);
    expect(await mine.innerText()).toContain('Pagamento spontaneo');
    expect(await mine.getAttribute('class')).toContain('highlight');
    await screenshot(page, 'practices-3-spontaneous');

    expect(errors).toEqual([]);
  });

  it('the API answers the same for the created practice (SDK over HTTP, another client)', async () => {
    const login = await fetch(`${stack.apiUrl}/api/v1/entities/80012345676/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: USER, password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${stack.apiUrl}/api/v1/entities/80012345676/me/practices?origin=spontaneous`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { items: { description: string; single: { nav: string } }[] };
    expect(body.items.map((p) => p.description)).toContain(
      'Diritti di accesso agli atti, protocollo 4321/2026',
    );
    expect(body.items[0]?.single.nav).toMatch(/^301[0-9]{15}$/);
  });
});
