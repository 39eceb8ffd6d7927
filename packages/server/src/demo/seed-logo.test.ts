/** The demo seed writes the entity row itself: it keeps the logo rule the admin API and the CLI keep. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { migrate, openDatabase } from '../db/database.js';
import { seedDemoEntity } from './seed.js';

describe('demo seed and the logo URL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-seed-logo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function seedWith(name: string, env: Record<string, string>) {
    const config = loadConfig(env, {
      mode: 'demo',
      databaseUrl: `file:${join(dir, `${name}.sqlite`)}`,
      logLevel: 'silent',
    });
    const database = await openDatabase(config.databaseUrl);
    try {
      await migrate(database.db);
      const error = await seedDemoEntity(database.db, config).then(
        () => null,
        (e: unknown) => e as Error,
      );
      const rows = await database.db.selectFrom('entities').select(['code', 'logo_url']).execute();
      return { error, rows };
    } finally {
      await database.close();
    }
  }

  it('takes an http: logo from the demo public URL', async () => {
    const r = await seedWith('demo', { PUBLIC_URL: 'http://localhost:8787' });
    expect(r.error).toBe(null);
    expect(r.rows.map((x) => x.logo_url)).toEqual(['http://localhost:8787/assets/logo-comune-esempio.svg']);
  });

  it('refuses a logo that is not http(s) and writes nothing', async () => {
    const ftp = await seedWith('ftp', { PUBLIC_URL: 'ftp://localhost:8787' });
    expect(ftp.error?.message).toMatch(/logo URL ftp:\/\/localhost:8787\/assets\/.* must be https:\/\//);
    expect(ftp.rows).toEqual([]);
  });
});
