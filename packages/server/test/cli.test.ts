/** The built CLI, as an operator runs it, on the engine DB_ENGINE names (SQLite by default). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from './support/test-database.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pagatore-cli-'));
const env = { PATH: process.env.PATH ?? '', DATABASE_URL: '' };
let store: Awaited<ReturnType<typeof testDatabaseUrl>> | undefined;

function run(args: string[], extra: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { ...env, ...extra },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('pagatore CLI', () => {
  beforeAll(async () => {
    store = await testDatabaseUrl(dir);
    env.DATABASE_URL = store.url;
  });
  afterAll(async () => {
    await store?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints help', () => {
    const r = run(['help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/pagatore serve[\s\S]*pagatore demo[\s\S]*pagatore migrate/);
  });

  it('serve refuses production without real settings, and says why', () => {
    const r = run(['serve'], { PAYMENT_PROVIDER: 'sandbox' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/sandbox provider exists only in demo mode/);
    expect(r.stderr).toMatch(/SMTP_URL/);
  });

  it('migrate applies the migrations once', () => {
    const first = run(['migrate']);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Applied: 0001-entities/);
    const second = run(['migrate']);
    expect(second.stdout).toMatch(/up to date/);
  });

  it('demo seed is idempotent', () => {
    expect(run(['demo', 'seed']).status).toBe(0);
    const again = run(['demo', 'seed']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/Demo data ready/);
  });

  it('unknown commands exit 2 with the help', () => {
    const r = run(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown command: frobnicate/);
  });
});
