/**
 * A "Paga ora" link end to end, as `npm start` serves it (API on localhost, the Comune's page on
 * 127.0.0.1): the admin API makes a link for a position; a citizen opens it on the example site and
 * sees that practice ready to pay with the debtor masked ("Paga" asks to log in); logged in, is back
 * on that practice without opening the link again, pays it in the sandbox and is back on the Comune's page; the same link then says the
 * practice is already paid, with the normal search right below as the way on. A citizen without an
 * account registers from the link instead: the activation e-mail's link opens in another tab, and
 * the login there brings the citizen back to the link's practice too.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../packages/server/src/demo/seed-accounts.js';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { payInSandbox } from './support/pay.js';
import { CLI, DEMO_ENTITY, ROOT, type Stack, startStack, waitForMail } from './support/stack.js';

describe('"Paga ora" link → paid → the link says already paid', () => {
  let stack: Stack;
  let browser: Browser;
  let adminKey: string;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    const created = spawnSync(
      process.execPath,
      [CLI, 'apikey', 'create', DEMO_ENTITY, '--label', 'pay links'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: stack.databaseUrl },
        encoding: 'utf8',
      },
    );
    adminKey = created.stdout.trim().split('\n').pop() ?? '';
    if (!adminKey.startsWith('pgk_')) throw new Error(`no API key:\n${created.stdout}${created.stderr}`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it(
    'opens the practice masked, pays it, and the same link then says it is paid',
    { timeout: 240_000 },
    async () => {
      // The admin API makes a link for the single payment of Mario Rossi's TARI.
      const res = await fetch(`${stack.apiUrl}/api/v1/admin/positions/DEMO-TARI-1/pay-links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ installment: 0 }),
      });
      expect(res.status).toBe(201);
      const link = (await res.json()) as { url: string; token: string };
      const home = `${stack.siteUrl}/pagamenti.html`;
      expect(link.url).toBe(`${home}#paga=${link.token}`);

      // The paid link answers 409 on purpose at the end.
      const { page, errors, context } = await openPage(browser, {
        allowHttpErrors: (url, status) => status === 409 && url.endsWith('/pay-links/open'),
      });
      const portal = page.locator('#body-widgets pagatore-portal');
      const search = portal.locator('pagatore-practice-search');

      // 1. Opened logged out: the practice, ready to pay, nothing typed, the debtor masked.
      await page.goto(link.url);
      await expect.poll(() => search.locator('#result-title').count(), { timeout: 15_000 }).toBe(1);
      expect(await search.locator('#result-title').innerText()).toContain('Pratica da pagare');
      const shown = await search.locator('.result').innerText();
      expect(shown).toContain('TARI');
      expect(shown).toContain('186,50 €');
      expect(shown).toContain('M**** R****');
      expect(shown).not.toContain('Mario Rossi');
      expect(shown).not.toContain('RSSMRA85T10A562S');
      await screenshot(page, 'paylink-1-opened');

      // "Aggiungi al calendario", logged out: the server's file of the link's practice, its event
      // pointing at the link itself.
      const ics = page.waitForEvent('download');
      await search.getByRole('button', { name: 'Aggiungi al calendario' }).click();
      const calendar = await ics;
      expect(calendar.suggestedFilename()).toMatch(/^scadenze-[0-9]+\.ics$/);
      const text = readFileSync(await calendar.path(), 'utf8').replace(/\r\n[ \t]/g, '');
      expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      // The single payment and each installment still to pay: one event each, all with the link.
      const events = text.match(/BEGIN:VEVENT/g)?.length ?? 0;
      expect(events).toBeGreaterThan(0);
      expect(text.split(`Paga su: ${link.url}`).length - 1).toBe(events);
      expect(text.split('TRIGGER:-P3D').length - 1).toBe(events);
      expect(text).toContain('SUMMARY:Scadenza');

      // "Paga" asks to log in first.
      await search.getByRole('button', { name: 'Paga', exact: true }).click();
      await expect.poll(() => search.locator('#login-box').count()).toBe(1);
      await search.locator('#login-box button', { hasText: 'Accedi' }).click();
      await portal.locator('#login-username').fill('mario.rossi');
      await portal.locator('#login-password').fill(DEMO_PASSWORD);
      await portal.locator('pagatore-login button[type=submit]').click();

      // 2. Logged in, the citizen is back on the link's practice without opening the link again:
      // the portal's search screen, the practice focused, "Paga" waiting for the citizen's choice.
      await expect.poll(() => search.locator('#result-title').count(), { timeout: 15_000 }).toBe(1);
      expect(new URL(page.url()).origin).toBe(new URL(home).origin);
      expect(new URL(page.url()).pathname).toBe(new URL(home).pathname);
      await expect
        .poll(() =>
          page.evaluate(() => {
            let el = document.activeElement;
            while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
            return el?.id;
          }),
        )
        .toBe('result-title');
      // Linked to the debtor's own account, the practice is theirs to see in full.
      const back = await search.locator('.result').innerText();
      expect(back).toContain('TARI');
      expect(back).toContain('186,50 €');
      expect(await search.locator('.alert-success').innerText()).toContain('Accesso effettuato');
      await screenshot(page, 'paylink-2-back-after-login');
      await payInSandbox(page, {
        pay: search.getByRole('button', { name: 'Paga', exact: true }),
        backTo: new RegExp(`^${home.replace(/\./g, '\\.')}#`),
        status: portal.locator('pagatore-payment-status'),
      });
      await screenshot(page, 'paylink-2-paid');
      const position = await fetch(`${stack.apiUrl}/api/v1/admin/positions/DEMO-TARI-1`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(((await position.json()) as { status: string }).status).toBe('paid');

      // 3. The same link again, in a new tab: it says the practice is paid, the search is the way on.
      const again = await context.newPage();
      await again.goto(link.url);
      const problem = again.locator(
        '#body-widgets pagatore-portal pagatore-practice-search #paylink-problem',
      );
      await expect.poll(() => problem.count(), { timeout: 15_000 }).toBe(1);
      const said = await problem.innerText();
      expect(said).toContain('Link di pagamento non utilizzabile');
      expect(said).toContain('Questa pratica risulta già pagata.');
      expect(said).toContain('Puoi cercare la pratica qui sotto');
      const form = again.locator('#body-widgets pagatore-portal pagatore-practice-search');
      expect(await form.locator('#search-code').count()).toBe(1);
      expect(await form.locator('#result-title').count()).toBe(0);
      await screenshot(again, 'paylink-3-already-paid');

      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it(
    'registers from the link, activates in another tab, and the login there comes back to the practice',
    { timeout: 240_000 },
    async () => {
      const res = await fetch(`${stack.apiUrl}/api/v1/admin/positions/DEMO-MULTA-1/pay-links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({}),
      });
      expect(res.status).toBe(201);
      const link = (await res.json()) as { url: string; token: string };
      const { page, errors, context } = await openPage(browser);
      const portal = page.locator('#body-widgets pagatore-portal');
      const search = portal.locator('pagatore-practice-search');

      // 1. The link, "Paga", and "Registrati" from the box that asks to log in.
      await page.goto(link.url);
      await expect.poll(() => search.locator('#result-title').count(), { timeout: 15_000 }).toBe(1);
      expect(await search.locator('.result').innerText()).toContain('Sanzione codice della strada');
      await search.getByRole('button', { name: 'Paga', exact: true }).click();
      await expect.poll(() => search.locator('#login-box').count()).toBe(1);
      await search.locator('#login-box').getByRole('button', { name: 'Registrati' }).click();
      const reg = portal.locator('pagatore-register');
      await reg.locator('#reg-fiscalCode').fill('bscmtt83a12l719r');
      await reg.locator('#reg-fiscalCode').press('Enter');
      await reg.locator('#reg-firstName').fill('Matteo');
      await reg.locator('#reg-lastName').fill('Bianchi');
      await reg.locator('#reg-address').fill('Via Garibaldi 7');
      await reg.locator('#reg-city').fill('Esempio');
      await reg.locator('#reg-province').fill('RM');
      await reg.locator('#reg-postalCode').fill('00100');
      await reg.locator('#reg-email').fill('matteo.paylink@example.it');
      await reg.locator('#reg-phone').fill('06 5551234');
      await reg.locator('#reg-username').fill('matteo.paylink');
      await reg.locator('#reg-password').fill('Girasoli-al-Tramonto-31');
      await reg.locator('#reg-privacyConsent').check();
      await reg.locator('button[type=submit]').click();
      await expect.poll(() => reg.locator('h2').textContent()).toBe('Controlla la tua email');
      // What the browser keeps for its other tabs: the link's token, never a URL; none in the address.
      const kept = await page.evaluate(() =>
        Object.entries(localStorage).filter(([k]) => k.startsWith('pagatore:pending-practice:')),
      );
      expect(kept).toHaveLength(1);
      expect(JSON.parse(kept[0]?.[1] ?? '{}')).toMatchObject({ reason: 'pay', payLink: link.token });
      expect(kept[0]?.[1]).not.toContain('http');
      expect(page.url()).not.toContain(link.token);

      // 2. The activation e-mail's link, opened by the mail client in a new tab of the same browser.
      const mail = await waitForMail(stack, (m) => m.to === 'matteo.paylink@example.it');
      const activation = /(http:\/\/\S+#pagatore-activate=[a-z2-7]+)/.exec(mail.text)?.[1];
      expect(activation).toBeTruthy();
      const tab = await context.newPage();
      tab.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      await tab.goto(activation as string);
      const tabPortal = tab.locator('#body-widgets pagatore-portal');
      const login = tabPortal.locator('pagatore-login');
      await expect
        .poll(() => login.locator('#login-username').inputValue(), { timeout: 15_000 })
        .toBe('matteo.paylink');
      await login.locator('#login-password').fill('Girasoli-al-Tramonto-31');
      await login.locator('#login-password').press('Enter');

      // 3. Logged in there: back on the link's practice, kept in the citizen's list, "Paga" waiting.
      const tabSearch = tabPortal.locator('pagatore-practice-search');
      await expect.poll(() => tabSearch.locator('#result-title').count(), { timeout: 15_000 }).toBe(1);
      const back = await tabSearch.locator('.result').innerText();
      expect(back).toContain('Sanzione codice della strada');
      expect(back).toContain('42,00 €');
      expect(await tabSearch.getByRole('button', { name: 'Paga', exact: true }).count()).toBe(1);
      expect(tab.url()).not.toContain(link.token);
      await screenshot(tab, 'paylink-4-back-in-the-activation-tab');
      // Used: the browser keeps it no longer.
      expect(await tab.evaluate(() => Object.keys(localStorage))).not.toContainEqual(
        expect.stringMatching(/^pagatore:pending-practice:/),
      );
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});
