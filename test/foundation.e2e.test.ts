import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser.js';
import { DEMO_ENTITY, type Stack, startStack } from './support/stack.js';

describe('npm start: the two-site demo', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('prints both URLs and the demo entity', () => {
    expect(stack.output()).toContain(stack.apiUrl);
    expect(stack.output()).toContain(stack.siteUrl);
    expect(stack.output()).toContain(DEMO_ENTITY);
  });

  it('serves /healthz, the OpenAPI document, the bundle and the example page', async () => {
    const health = await fetch(`${stack.apiUrl}/healthz`);
    // The demo runs on the engine of the run: SQLite, or PostgreSQL with DB_ENGINE=postgres.
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'demo', database: stack.engine });
    const doc = (await (await fetch(`${stack.apiUrl}/api/v1/openapi.json`)).json()) as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
    const bundle = await fetch(`${stack.apiUrl}/widgets/pagatore.js`, { headers: { origin: stack.siteUrl } });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect(bundle.headers.get('access-control-allow-origin')).toBe(stack.siteUrl);
    const page = await fetch(`${stack.siteUrl}/pagamenti.html`);
    const html = await page.text();
    expect(html).toContain(`${stack.apiUrl}/widgets/pagatore.js`);
    expect(html).toContain(`entity="${DEMO_ENTITY}"`);
    const css = await fetch(`${stack.siteUrl}/vendor/bootstrap-italia/css/bootstrap-italia.min.css`);
    expect(css.status).toBe(200);
  });

  it('loads the bundle twice on a page of another site without errors, and providers share state', async () => {
    const { page, errors, context } = await openPage(browser);
    await page.goto(`${stack.siteUrl}/pagamenti.html`);
    // The CMS adds the script a second time (another block, another URL): it must not throw.
    await page.evaluate(async (api) => {
      const s = document.createElement('script');
      s.type = 'module';
      s.src = `${api}/widgets/pagatore.js?again=1`;
      const loaded = new Promise((resolve, reject) => {
        s.onload = resolve;
        s.onerror = reject;
      });
      document.head.append(s);
      await loaded;
    }, stack.apiUrl);
    await page.waitForFunction(() => {
      const [a] = document.querySelectorAll('pagatore-provider') as unknown as {
        store?: { state: { entityStatus: string } };
      }[];
      return a?.store?.state.entityStatus === 'ready';
    });
    const shared = await page.evaluate(() => {
      type P = HTMLElement & {
        store: {
          state: { entity: { name: string }; session: unknown };
          client: { session: { set(s: unknown): void } };
        };
      };
      const [header, body] = [...document.querySelectorAll('pagatore-provider')] as P[];
      header!.store.client.session.set({
        token: 'demo-token',
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
      return {
        same: header!.store === body!.store,
        entity: body!.store.state.entity.name,
        bodySession: body!.store.state.session,
        defined: customElements.get('pagatore-provider') !== undefined,
      };
    });
    expect(shared).toMatchObject({
      same: true,
      entity: 'Comune di Esempio',
      bodySession: { token: 'demo-token' },
      defined: true,
    });
    expect(errors).toEqual([]);
    const cookies = await context.cookies();
    expect(cookies).toEqual([]);
    await screenshot(page, 'foundation-pagamenti-1280');
    await context.close();
  });

  it('draws the first screen from pagatore.js alone; other screens and languages come on first use', async () => {
    const { page, errors, context } = await openPage(browser);
    const scripts: string[] = [];
    page.on('response', (r) => {
      const m = /\/widgets\/(pagatore[^/?]*\.js)/.exec(r.url());
      if (m?.[1]) scripts.push(m[1].replace(/-[\w-]{8}\.js$/, '.js'));
    });
    await page.goto(`${stack.siteUrl}/pagamenti.html`);
    await page.locator('pagatore-portal pagatore-practice-search form').waitFor();
    expect(scripts).toEqual(['pagatore.js']);

    // "Accedi": the other screens' file, fetched from next to pagatore.js.
    await page.locator('pagatore-portal a[href="#/accedi"]').click();
    await page.locator('pagatore-portal pagatore-login form').waitFor();
    expect(scripts).toEqual(['pagatore.js', 'pagatore.screens.js']);

    // English: one more file, then every widget speaks it.
    await page.evaluate(() =>
      document.querySelectorAll('pagatore-provider').forEach((p) => p.setAttribute('lang', 'en')),
    );
    await page.locator('pagatore-portal pagatore-login h2', { hasText: 'Log in' }).waitFor();
    expect(scripts).toContain('pagatore.en.js');
    expect(scripts).not.toContain('pagatore.de.js');

    // Tags pasted straight into a page are fetched as the page has them.
    scripts.length = 0;
    await page.goto(`${stack.siteUrl}/componenti.html`);
    await page.locator('pagatore-debt-form').first().waitFor();
    await page.waitForFunction(() => customElements.get('pagatore-debt-form') !== undefined);
    expect(scripts).toEqual(['pagatore.js', 'pagatore.screens.js']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the smallest embed works: one script, one tag', async () => {
    const { page, errors, context } = await openPage(browser, { viewport: { width: 375, height: 740 } });
    await page.goto(`${stack.siteUrl}/semplice.html`);
    await page.waitForFunction(
      () =>
        (
          document.querySelector('pagatore-provider') as unknown as {
            store?: { state: { entityStatus: string } };
          }
        )?.store?.state.entityStatus === 'ready',
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
