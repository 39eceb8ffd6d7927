/**
 * "Storico pagamenti" against the real server: every filter of "Ricerca pratiche" (dates, service,
 * IUV/NAV, amount) answered by `GET …/me/receipts`, the service names in the portal's language,
 * the demo's paid IMU among the receipts, and the outcome page saying amount, fee and total
 * charged. On a phone (375 px) and a desk (1280 px), in Italian and English.
 */
import { createClient, formatEuro, formatNav, SessionStore } from '@pagatore/sdk';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { DEMO_ENTITY, type Stack, startStack } from './support/stack.js';

const USER = 'mario.rossi';
const PASSWORD = 'Demo-Pagatore-2026';

/** A calendar day in Europe/Rome, `days` from now, as the date inputs take it. */
function romeDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

const TEXT = {
  it: {
    results: (n: number) => (n === 1 ? '1 pagamento trovato' : `${n} pagamenti trovati`),
    none: 'Nessun pagamento corrisponde ai filtri.',
    search: 'Cerca',
    reset: 'Azzera filtri',
    cds: 'Sanzione codice della strada',
    amount: '42,00',
    totals: ['Importo', 'Commissione del prestatore', 'Totale addebitato'],
  },
  en: {
    results: (n: number) => (n === 1 ? '1 payment found' : `${n} payments found`),
    none: 'No payment matches the filters.',
    search: 'Search',
    reset: 'Clear filters',
    cds: 'Traffic fine',
    amount: '42.00',
    totals: ['Amount', 'Provider fee', 'Total charged'],
  },
} as const;

describe('history: "Ricerca pratiche" on the real server, and the outcome page', () => {
  let stack: Stack;
  let browser: Browser;
  let tariPayment = '';
  const codes = { tari: { nav: '', iuv: '' }, imu: { nav: '', iuv: '' } };

  beforeAll(async () => {
    stack = await startStack({ env: { SANDBOX_RECEIPT_DELAY_MS: '0' } });
    browser = await launchBrowser();
    // Two payments today through the sandbox: the TARI (186,50 €) and the traffic fine (42,00 €).
    const client = createClient({
      baseUrl: stack.apiUrl,
      entity: DEMO_ENTITY,
      session: new SessionStore('e2e-history'),
    });
    await client.accounts.login(USER, PASSWORD);
    const practices = await client.practices.list({ limit: 50 });
    const find = (re: RegExp) => {
      const p = practices.items.find((i) => re.test(i.description));
      if (!p) throw new Error(`no practice ${re}`);
      return p;
    };
    const tari = find(/^TARI/);
    const fine = find(/verbale n\. 1234/);
    for (const p of [tari, fine]) {
      const nav = p.single?.nav ?? '';
      const started = await client.payments.start([nav], `${stack.siteUrl}/pagamenti.html`);
      const sandboxPage = await fetch(started.redirectUrl);
      const token = /name="t" value="([^"]+)"/.exec(await sandboxPage.text())?.[1] ?? '';
      const paid = await fetch(new URL(new URL(started.redirectUrl).pathname, stack.apiUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ t: token, outcome: 'paid' }).toString(),
        redirect: 'manual',
      });
      expect(paid.status).toBe(303);
      let state = '';
      for (let i = 0; i < 100 && state !== 'paid'; i++) {
        state = (await client.payments.get(started.id, true)).state;
        if (state !== 'paid') await new Promise((r) => setTimeout(r, 200));
      }
      if (state !== 'paid') throw new Error(`payment ${started.id} is ${state}`);
      if (p === tari) {
        tariPayment = started.id;
        codes.tari = { nav, iuv: p.single?.iuv ?? '' };
      }
    }
    const imu = (await client.receipts.list({})).items.find((r) => r.description.startsWith('IMU'));
    if (!imu) throw new Error('the seeded IMU receipt is not in the history');
    codes.imu = { nav: imu.nav, iuv: imu.iuv };
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function open(
    width: number,
    lang: 'it' | 'en',
    hash: string,
  ): Promise<{ page: Page; portal: Locator; errors: string[] }> {
    const { page, errors } = await openPage(browser, { viewport: { width, height: 900 } });
    await page.goto(`${stack.siteUrl}/pagamenti.html${hash}`);
    await page.evaluate((l) => {
      for (const p of document.querySelectorAll('pagatore-provider')) p.setAttribute('lang', l);
    }, lang);
    const portal = page.locator('#body-widgets pagatore-portal');
    await portal.locator('#login-username').fill(USER);
    await portal.locator('#login-password').fill(PASSWORD);
    await portal.locator('pagatore-login button[type=submit]').click();
    return { page, portal, errors };
  }

  for (const width of [375, 1280]) {
    for (const lang of ['it', 'en'] as const) {
      it(`every filter at ${width} px in ${lang.toUpperCase()}`, async () => {
        const T = TEXT[lang];
        const { page, portal, errors } = await open(width, lang, '#/storico');
        const history = portal.locator('pagatore-history');
        const status = history.locator('#history-results');
        const items = history.locator('ul[part=list] > li');
        const descriptions = async () => (await items.allInnerTexts()).map((t) => t.split('\n')[0]?.trim());
        const run = async (fill: () => Promise<void>, count: number) => {
          await history.getByRole('button', { name: T.reset }).click();
          await expect.poll(() => status.innerText()).toBe(T.results(3));
          await fill();
          await history.getByRole('button', { name: T.search, exact: true }).click();
          await expect.poll(() => status.innerText()).toBe(count ? T.results(count) : T.none);
          await expect.poll(() => items.count()).toBe(count);
          return descriptions();
        };

        // No filter: today's two payments and the IMU the demo paid 14 days ago.
        await expect.poll(() => status.innerText(), { timeout: 15_000 }).toBe(T.results(3));
        expect((await descriptions()).map((d) => d?.split(' ')[0])).toEqual(['Sanzione', 'TARI', 'IMU']);

        // The service filter names each service in the portal's language (its list loads apart
        // from the results).
        const serviceOptions = () => history.locator('#h-service option').allInnerTexts();
        await expect.poll(serviceOptions, { timeout: 15_000 }).toContain(T.cds);
        expect((await serviceOptions()).join('|')).not.toContain('[object Object]');
        await screenshot(page, `history-${lang}-${width}`);

        // Dates (paid from / to, Europe/Rome days).
        expect(await run(() => history.locator('#h-from').fill(romeDay(-7)), 2)).toHaveLength(2);
        const old = await run(() => history.locator('#h-to').fill(romeDay(-7)), 1);
        expect(old[0]).toMatch(/^IMU/);
        await run(async () => {
          await history.locator('#h-from').fill(romeDay(-14));
          await history.locator('#h-to').fill(romeDay(-14));
        }, 1);
        await run(() => history.locator('#h-from').fill(romeDay(1)), 0);

        // Service.
        const fines = await run(async () => {
          await history.locator('#h-service').selectOption({ label: T.cds });
        }, 1);
        expect(fines[0]).toMatch(/^Sanzione codice della strada/);

        // Codice Avviso as printed (groups of four) and IUV.
        expect(await run(() => history.locator('#h-code').fill(formatNav(codes.tari.nav)), 1)).toEqual([
          expect.stringMatching(/^TARI/),
        ]);
        expect(await run(() => history.locator('#h-code').fill(codes.imu.iuv), 1)).toEqual([
          expect.stringMatching(/^IMU/),
        ]);
        await run(() => history.locator('#h-code').fill('301000000000000144'), 0);

        // Amount, in the language's notation.
        expect(await run(() => history.locator('#h-amount').fill(T.amount), 1)).toEqual([
          expect.stringMatching(/^Sanzione/),
        ]);

        // Everything at once narrows to the one receipt that matches all.
        await run(async () => {
          await history.locator('#h-from').fill(romeDay(-1));
          await history.locator('#h-to').fill(romeDay(0));
          await history.locator('#h-service').selectOption({ label: T.cds });
          await history.locator('#h-code').fill(codes.tari.nav);
        }, 0);
        expect(errors).toEqual([]);
        await page.close();
      });

      it(`the outcome page says amount, fee and total charged at ${width} px in ${lang.toUpperCase()}`, async () => {
        const T = TEXT[lang];
        const { page, portal, errors } = await open(width, lang, `#/pagamento/${tariPayment}`);
        const totals = portal.locator('pagatore-payment-status .totals > div');
        await expect.poll(() => totals.count(), { timeout: 15_000 }).toBe(3);
        const rows = await totals.evaluateAll((divs) =>
          divs.map((d) => [...d.children].map((c) => c.textContent?.trim()).join(' ')),
        );
        expect(rows).toEqual([
          `${T.totals[0]} ${formatEuro(18_650, lang)}`,
          `${T.totals[1]} ${formatEuro(100, lang)}`,
          `${T.totals[2]} ${formatEuro(18_750, lang)}`,
        ]);
        await screenshot(page, `payment-outcome-${lang}-${width}`);
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }
});
