/**
 * The console's integration pages in Debian Chromium, as `npm start` serves them: an admin creates
 * an API key (its whole value shown once), uses it against the admin API, revokes it (then 401);
 * adds a webhook endpoint, sees the delivery of an event and delivers it again; sees the pagoPA
 * health. An operator sees none of the admin pages. axe with no violations on each page, at 1280
 * and at 768 pixels.
 */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF } from '../packages/server/src/demo/seed-staff.js';
import { axeViolations } from './support/axe.js';
import { openConsoleAs } from './support/console.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { CLI, DEMO_ENTITY, type Stack, startStack } from './support/stack.js';

const [ADMIN, OTHER] = DEMO_STAFF as [(typeof DEMO_STAFF)[number], (typeof DEMO_STAFF)[number]];

async function noViolations(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), what).toEqual([]);
}

/** A webhook receiver on 127.0.0.1: keeps the event type of every request. */
function receiver(): Promise<{ server: Server; url: string; got: string[] }> {
  const got: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      got.push(String(req.headers['pagatore-event-type']));
      res.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, got }),
    ),
  );
}

describe('staff console: API keys, webhooks, pagoPA', () => {
  let stack: Stack;
  let browser: Browser;
  let hooks: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    hooks = await receiver();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise((r) => hooks?.server.close(r));
  });

  it(
    'an admin creates an API key, uses it, revokes it; adds a webhook, sees a delivery and delivers it again; sees the pagoPA health',
    { timeout: 240_000 },
    async () => {
      const { page, errors } = await openConsoleAs(browser, stack.apiUrl, ADMIN.email);

      // API keys: create one, its whole value shown once.
      await page.getByRole('link', { name: 'Chiavi API' }).click();
      await page.getByRole('heading', { name: 'Chiavi API', level: 1 }).waitFor();
      await noViolations(page, 'API keys page');
      await page.getByLabel('Nome').fill('Gestionale E2E');
      await page.getByRole('button', { name: 'Crea la chiave' }).click();
      await page.getByRole('heading', { name: 'Chiave «Gestionale E2E» creata' }).waitFor();
      const key = await page.locator('#new-key').inputValue();
      expect(key).toMatch(/^pgk_[a-z2-7]{16}_[a-z2-7]{32}$/);
      expect(await page.getByText('non sarà più mostrata').count()).toBe(1);
      await noViolations(page, 'API key shown once');
      await screenshot(page, 'console-keys');
      await page.getByRole('button', { name: 'Ho copiato la chiave' }).click();
      const row = page.getByRole('row', { name: /Gestionale E2E/ });
      await row.waitFor();
      expect(await row.textContent()).toContain(key.slice(0, 21));
      expect(await page.locator('body').evaluate(() => document.body.innerHTML)).not.toContain(key);

      // The key works against the admin API: the entity lets webhooks reach its own network (the
      // receiver of this test), and a "Paga ora" link is made for a position.
      const api = (method: string, path: string, body?: unknown) =>
        fetch(`${stack.apiUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      expect((await api('PATCH', '/api/v1/admin/entity', { allowPrivateTargets: true })).status).toBe(200);
      const link = await api('POST', '/api/v1/admin/positions/DEMO-TARI-1/pay-links', {});
      expect(link.status).toBe(201);
      const { token } = (await link.json()) as { token: string };

      // Revoked (after a confirmation): the key is refused.
      await row.getByRole('button', { name: 'Revoca la chiave Gestionale E2E' }).click();
      await page.getByRole('alertdialog').waitFor();
      await noViolations(page, 'revoke confirmation');
      await page.getByRole('button', { name: 'Sì, revoca la chiave' }).click();
      await page.getByText('La chiave «Gestionale E2E» è stata revocata.').waitFor();
      expect((await api('GET', '/api/v1/admin/positions')).status).toBe(401);

      // Webhooks: an endpoint for "Paga ora" links opened; its secret shown once.
      await page.getByRole('link', { name: 'Webhook' }).click();
      await page.getByRole('heading', { name: 'Webhook', level: 1 }).waitFor();
      await noViolations(page, 'webhooks page, empty');
      await page.getByRole('button', { name: 'Aggiungi un indirizzo' }).click();
      await page.getByLabel('URL').fill(hooks.url);
      await page.getByLabel('paylink.opened').check();
      await noViolations(page, 'webhook form');
      await page.getByRole('button', { name: 'Salva' }).click();
      await page.getByRole('heading', { name: 'Segreto di firma' }).waitFor();
      expect(await page.locator('#new-secret').inputValue()).toMatch(/^whsec_/);
      await page.getByRole('button', { name: 'Ho copiato il segreto' }).click();

      // The link is opened by a citizen: the event goes out to the endpoint.
      const opened = await fetch(`${stack.apiUrl}/api/v1/entities/${DEMO_ENTITY}/pay-links/open`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      expect(opened.status).toBe(200);
      await expect.poll(() => hooks.got.length, { timeout: 30_000 }).toBe(1);
      expect(hooks.got).toEqual(['paylink.opened']);

      // The delivery log shows it delivered; delivered again from there.
      await page.getByRole('button', { name: `Consegne a ${hooks.url}` }).click();
      await page.getByRole('heading', { name: `Consegne a ${hooks.url}` }).waitFor();
      const delivery = page.locator('tr[data-delivery]');
      await expect
        .poll(
          async () => {
            await page.getByRole('button', { name: 'Filtra' }).click();
            return delivery
              .first()
              .getAttribute('data-status', { timeout: 2_000 })
              .catch(() => null);
          },
          { timeout: 30_000 },
        )
        .toBe('delivered');
      await page.getByLabel('Stato della consegna').selectOption('delivered');
      await page.getByRole('button', { name: 'Filtra' }).click();
      expect(await delivery.count()).toBe(1);
      await noViolations(page, 'delivery log');
      await screenshot(page, 'console-webhooks');
      const id = await delivery.first().getAttribute('data-delivery');
      await page.getByRole('button', { name: `Consegna di nuovo la consegna ${id}` }).click();
      await page.getByText(`La consegna ${id} è di nuovo in coda.`).waitFor();
      await expect.poll(() => hooks.got.length, { timeout: 30_000 }).toBe(2);

      // The secret rotated, the old one valid for a day more.
      await page.getByRole('button', { name: `Cambia il segreto di ${hooks.url}` }).click();
      await page.getByRole('heading', { name: 'Segreto di firma' }).waitFor();
      expect(await page.locator('[data-new-secret]').textContent()).toMatch(
        /anche la firma con il vecchio segreto/,
      );
      await page.getByRole('button', { name: 'Ho copiato il segreto' }).click();

      // pagoPA: settings (no secret shown back) and health.
      await page.getByRole('link', { name: 'pagoPA' }).click();
      await page.getByRole('heading', { name: 'pagoPA', level: 1 }).waitFor();
      await page.locator('[data-health]').waitFor();
      expect(await page.locator('[data-health]').textContent()).toContain('Ultima ricevuta registrata');
      expect(await page.locator('input[type=password]').count()).toBe(2);
      for (const input of await page.locator('input[type=password]').all())
        expect(await input.inputValue()).toBe('');
      await noViolations(page, 'pagoPA page');
      await screenshot(page, 'console-pagopa');
      // The audit log has the admin's changes to keys, webhooks and settings, never a secret.
      await page.getByRole('link', { name: 'Registro attività' }).click();
      await page.locator('tr[data-action="adminRotateWebhookSecret"]').waitFor();
      for (const action of ['adminCreateApiKey', 'adminRevokeApiKey', 'adminCreateWebhook'])
        expect(await page.locator(`tr[data-action="${action}"]`).count(), action).toBe(1);
      expect(await page.locator('body').evaluate(() => document.body.innerHTML)).not.toContain(key);

      // English, and a tablet's width: nothing wider than the screen.
      await page.getByLabel('Lingua').selectOption('en');
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
      await noViolations(page, 'webhooks page in English');
      await page.setViewportSize({ width: 768, height: 1024 });
      for (const p of ['keys', 'webhooks', 'pagopa']) {
        await page.goto(`${stack.apiUrl}/console#/${p}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        expect(await page.evaluate(() => document.documentElement.scrollWidth), p).toBeLessThanOrEqual(768);
        await noViolations(page, `${p} at 768 px`);
      }
      await page.getByLabel('Language').selectOption('it');
      expect(errors).toEqual([]);
    },
  );

  it(
    'an operator sees no admin pages: no links, the page says so, pagoPA read only',
    { timeout: 120_000 },
    async () => {
      const r = spawnSync(
        process.execPath,
        [CLI, 'staff', 'grant', OTHER.email, '--entity', DEMO_ENTITY, '--role', 'operator'],
        { env: { ...process.env, DATABASE_URL: stack.databaseUrl }, encoding: 'utf8', timeout: 60_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      const { page, errors } = await openConsoleAs(browser, stack.apiUrl, OTHER.email);
      expect(await page.getByText('Ruolo: operatore').count()).toBe(1);
      const nav = page.getByRole('navigation', { name: 'Sezioni della console' });
      expect(await nav.getByRole('link', { name: 'Chiavi API' }).count()).toBe(0);
      expect(await nav.getByRole('link', { name: 'Webhook' }).count()).toBe(0);
      for (const p of ['keys', 'webhooks']) {
        await page.goto(`${stack.apiUrl}/console#/${p}`);
        await page.locator('[data-admin-only]').waitFor();
        await noViolations(page, `${p} refused to an operator`);
      }
      await nav.getByRole('link', { name: 'pagoPA' }).click();
      await page.locator('[data-health]').waitFor();
      await page.locator('[data-read-only]').waitFor();
      expect(await page.getByRole('button', { name: 'Salva le impostazioni' }).count()).toBe(0);
      expect(await page.getByLabel('Stazione (idStation)').isDisabled()).toBe(true);
      await noViolations(page, 'pagoPA page read only');
      expect(errors).toEqual([]);
    },
  );
});
