/**
 * The SDK's webhook signature helpers run in a real browser (Debian Chromium): the same Web Crypto
 * code verifies what the server's node:crypto signs, and refuses a tampered body or an old timestamp.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.js';
import type * as Signature from '../packages/sdk/src/webhooks/signature.js';
import { ROOT } from './support/stack.js';

describe('webhook signature in the browser', () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [join(ROOT, 'packages/sdk/src/webhooks/signature.ts')],
      bundle: true,
      format: 'iife',
      globalName: 'pagatoreSignature',
      write: false,
    });
    const script = bundle.outputFiles[0]!.text;
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><script>${script}</script>`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('verifies a node:crypto signature, refuses tampering and staleness, signs the same', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const secret = 'whsec_browsertest';
    const body = '{"id":"7","type":"receipt.received","data":{"practice":{"amount":12345}}}';
    const t = Math.floor(Date.now() / 1000);
    const header = `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
    const result = await page.evaluate(
      async ({ body, header, secret, t }) => {
        const s = (globalThis as unknown as { pagatoreSignature: typeof Signature }).pagatoreSignature;
        return {
          good: await s.verifyWebhookSignature({ payload: body, header, secret }),
          tampered: await s.verifyWebhookSignature({ payload: body.replace('7', '8'), header, secret }),
          stale: await s.verifyWebhookSignature({
            payload: body,
            header,
            secret,
            now: new Date((t + 3600) * 1000),
          }),
          signed: await s.signWebhookPayload({ payload: body, secret, timestamp: t }),
        };
      },
      { body, header, secret, t },
    );
    expect(result.good).toEqual({ ok: true, timestamp: t });
    expect(result.tampered).toEqual({ ok: false, reason: 'mismatch' });
    expect(result.stale).toEqual({ ok: false, reason: 'stale' });
    expect(result.signed).toBe(header);
  });
});
