/** The entity commands of the built CLI, as an operator runs them. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pagatore-cli-admin-'));
const env = { PATH: process.env.PATH ?? '', DATABASE_URL: `file:${join(dir, 'cli.sqlite')}` };
const IBAN = 'IT60X0542811101000000123456';

function run(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 60_000 });
}

function runDemo(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { ...env, PAGATORE_MODE: 'demo' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('pagatore entity, apikey, positions', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates, updates and lists entities, refusing bad settings', { timeout: 120_000 }, () => {
    const ok = run(
      'entity',
      'create',
      '--code',
      '12345670488',
      '--name',
      'Comune di Prova',
      '--segregation',
      '02',
      '--iban',
      IBAN,
    );
    expect(ok.status).toBe(0);
    expect(
      run('entity', 'create', '--code', '12345670488', '--name', 'Again', '--segregation', '02').status,
    ).toBe(1);
    const bad = run('entity', 'create', '--code', '123', '--name', 'X', '--iban', 'IT00');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/code: invalid_entity_code/);
    expect(bad.stderr).toMatch(/ibans\.0: invalid_iban/);
    expect(
      run('entity', 'update', '12345670488', '--origins', 'https://www.prova.it', '--spontaneous', 'yes')
        .status,
    ).toBe(0);
    const list = run('entity', 'list');
    expect(list.stdout).toMatch(/12345670488 {2}aux 3\/02 {2}Comune di Prova/);
  });

  it('takes a logo only from an https: URL (http: with PAGATORE_MODE=demo)', { timeout: 120_000 }, () => {
    const http = run('entity', 'update', '12345670488', '--logo-url', 'http://www.prova.it/logo.png');
    expect(http.status).toBe(2);
    expect(http.stderr).toMatch(/logoUrl: https_required/);
    const created = run(
      'entity',
      'create',
      '--code',
      '01199250158',
      '--name',
      'X',
      '--segregation',
      '03',
      '--logo-url',
      'http://x.it/l.png',
    );
    expect(created.status).toBe(2);
    expect(created.stderr).toMatch(/logoUrl: https_required/);
    const script = runDemo('entity', 'update', '12345670488', '--logo-url', 'javascript:alert(1)');
    expect(script.status).toBe(2);
    expect(script.stderr).toMatch(/logoUrl: https_required/);
    expect(
      runDemo('entity', 'update', '12345670488', '--logo-url', 'http://localhost:8787/l.png').status,
    ).toBe(0);
    expect(run('entity', 'update', '12345670488', '--logo-url', 'https://www.prova.it/logo.png').status).toBe(
      0,
    );
    expect(run('entity', 'list').stdout).not.toMatch(/01199250158/);
  });

  it('prints a new API key alone on the last line, and revokes it', { timeout: 120_000 }, () => {
    const r = run('apikey', 'create', '12345670488', '--label', 'tributi');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const key = lines[lines.length - 1] ?? '';
    expect(key).toMatch(/^pgk_[a-z2-7]{16}_[a-z2-7]{32}$/);
    expect(run('apikey', 'list', '12345670488').stdout).toMatch(/tributi\s+\(active, last used never\)/);
    expect(run('apikey', 'revoke', key).status).toBe(0);
    expect(run('apikey', 'revoke', key).status).toBe(1);
    expect(run('apikey', 'create', '99999999999').status).toBe(1);
  });

  it('imports a CSV with a progress bar and reports the rejected rows (exit 3)', { timeout: 120_000 }, () => {
    const file = join(dir, 'p.csv');
    writeFileSync(
      file,
      [
        'iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,transfer1_iban,transfer1_taxonomy',
        `A-1,RSSMRA85T10A562S,Mario Rossi,TARI,1000,2026-12-31,${IBAN},9/0101002IM/`,
        `A-2,RSSMRA85T10A562X,Mario Rossi,TARI,1000,2026-12-31,${IBAN},9/0101002IM/`,
        `A-3,BSCMTT83A12L719R,Matteo Bosco,TARI,-1,2026-12-31,${IBAN},9/0101002IM/`,
      ].join('\n'),
    );
    const r = run('positions', 'import', file, '--entity', '12345670488');
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/\[#+\] 100%/);
    expect(r.stdout).toMatch(/row 3 \(A-2\): validation_failed/);
    expect(r.stdout).toMatch(/debtor\.fiscalCode: invalid_fiscal_code/);
    expect(r.stdout).toMatch(/row 4 \(A-3\)/);
    expect(r.stdout).toMatch(/3 rows, 1 created, 0 updated, 2 rejected/);
    const again = run('positions', 'import', file, '--entity', '12345670488');
    expect(again.stdout).toMatch(/0 created, 1 updated, 2 rejected/);
    const header = join(dir, 'h.csv');
    writeFileSync(header, 'iupd,colour\nX,red\n');
    const h = run('positions', 'import', header, '--entity', '12345670488');
    expect(h.status).toBe(2);
    expect(h.stderr).toMatch(/header\.colour: unknown_field/);
    expect(run('positions', 'import', join(dir, 'missing.csv'), '--entity', '12345670488').status).toBe(1);
  });
});
