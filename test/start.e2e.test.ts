/**
 * What a newcomer reads after `npm start`, taken at its word: every URL the banner prints answers,
 * `npx pagatore …` as printed works from the repository root, and every demo citizen it prints,
 * logged in with the printed password, owns practices under the printed name.
 */
import { spawnSync } from 'node:child_process';
import { createClient, SessionStore } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ENTITY, ROOT, type Stack, startStack } from './support/stack.js';

function npx(args: string[], env: Record<string, string> = {}) {
  return spawnSync('npx', ['--no-install', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('the demo banner, taken at its word', () => {
  let stack: Stack;
  let banner = '';

  beforeAll(async () => {
    stack = await startStack();
    banner = stack.output().slice(stack.output().indexOf('Pagatore demo is running'));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('prints full URLs (portal page, API, OpenAPI, dev mailbox) and each answers', async () => {
    const urls = [...banner.matchAll(/https?:\/\/[^\s)]+/g)].map((m) => m[0]);
    expect(urls).toEqual(
      expect.arrayContaining([
        `${stack.siteUrl}/pagamenti.html`,
        `${stack.siteUrl}/componenti.html`,
        `${stack.apiUrl}/api/v1/openapi.json`,
        `${stack.apiUrl}/widgets/pagatore.js`,
        `${stack.apiUrl}/dev/mailbox`,
      ]),
    );
    for (const url of urls) expect((await fetch(url)).status, url).toBe(200);
    // No path without the server it is on.
    expect(banner).not.toMatch(/(^|\s)\/dev\/mailbox/m);
  });

  it('`npx pagatore` works from the repository root, as the banner writes it', async () => {
    const version = npx(['pagatore', 'version']);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const printed = /npx (pagatore apikey create \d{11})/.exec(banner)?.[1];
    expect(printed).toBeDefined();
    const created = npx((printed ?? '').split(' '), { DATABASE_URL: stack.databaseUrl });
    expect(created.status, created.stderr).toBe(0);
    const key = created.stdout.trim().split('\n').at(-1) ?? '';
    const res = await fetch(`${stack.apiUrl}/api/v1/admin/entity`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { code: string }).code).toBe(DEMO_ENTITY);
  });

  it('every printed citizen, with the printed password, owns practices under the printed name', async () => {
    const password = /password (\S+) for all of them/.exec(banner)?.[1] ?? '';
    const citizens = [
      ...banner.matchAll(/^ {4}(\S+)\s+([A-Z0-9]{11,16}) {2}(.+?)( \(fiscal code not yet proven\))?$/gm),
    ];
    expect(citizens.length).toBe(3);
    for (const [, username = '', fiscalCode = '', name = '', unproven] of citizens) {
      const client = createClient({
        baseUrl: stack.apiUrl,
        entity: DEMO_ENTITY,
        session: new SessionStore(`e2e-start-${username}`),
      });
      await client.accounts.login(username, password);
      if (unproven) {
        // The banner prints a Codice Avviso of this fiscal code: entering it proves the code.
        const line = new RegExp(`codice fiscale ${fiscalCode}, Codice Avviso ([0-9 ]+)`).exec(banner);
        expect(line, username).not.toBeNull();
        await client.practices.link({ fiscalCode, nav: (line?.[1] ?? '').replace(/ /g, '') });
      }
      const list = await client.practices.list({ limit: 50 });
      const own = list.items.filter((p) => p.debtor.fiscalCode === fiscalCode);
      expect(own.length, username).toBeGreaterThan(0);
      expect(new Set(own.map((p) => p.debtor.name)), username).toEqual(new Set([name]));
    }
  });
});
