import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { account } from '../../../test/support/practice-fixtures.js';
import { parseArgs } from '../args.js';
import { privacyCommand } from './privacy.js';

const ENTE = TEST_ENTITY.code;

describe('pagatore privacy', () => {
  let h: Harness;
  let out: string;
  let log: string[];
  let err: string[];
  let dir: string;
  const saved = process.env.DATABASE_URL;
  const run = (...argv: string[]) => privacyCommand(parseArgs(argv));
  beforeAll(async () => {
    h = await createHarness();
    process.env.DATABASE_URL = h.deps.config.databaseUrl;
    dir = mkdtempSync(join(tmpdir(), 'pagatore-privacy-cli-'));
  });
  beforeEach(() => {
    out = '';
    log = [];
    err = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out += String(s);
      return true;
    });
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void log.push(a.join(' ')));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await h.close();
  });

  it('publishes a text, answers a request by post (find, export JSON and PDF, close) and shows it in the ledger', async () => {
    const file = join(dir, 'privacy.txt');
    writeFileSync(file, 'Informativa dalla riga di comando.');
    expect(
      await run('publish', 'privacy', '--entity', ENTE, '--version', 'cli-1', '--file', file, '--reconsent'),
    ).toBe(0);
    expect(log.at(-1)).toMatch(/Published privacy cli-1 \(fresh consent/);
    // The same version with other words is refused.
    writeFileSync(file, 'Altre parole.');
    expect(await run('publish', 'privacy', '--entity', ENTE, '--version', 'cli-1', '--file', file)).toBe(3);
    expect(err.at(-1)).toMatch(/already_exists/);
    expect(await run('publish', 'Bad Kind', '--entity', ENTE, '--version', 'x', '--file', file)).toBe(2);

    const a = await account(h, { fiscalCode: 'RSSMRA85T10A562S', username: 'per.posta' });
    expect(await run('accounts', '--entity', ENTE, '--fiscal-code', 'RSSMRA85T10A562S')).toBe(0);
    expect(log.at(-1)).toContain(a.id);
    const json = join(dir, 'export.json');
    expect(await run('export', a.id, '--entity', ENTE, '--out', json)).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).account.username).toBe('per.posta');
    const pdf = join(dir, 'export.pdf');
    expect(await run('export', a.id, '--entity', ENTE, '--format', 'pdf', '--out', pdf)).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await run('export', crypto.randomUUID(), '--entity', ENTE, '--out', pdf)).toBe(1);

    expect(await run('close', a.id, '--entity', ENTE, '--by', 'Ufficio protocollo')).toBe(0);
    expect(await run('close', a.id, '--entity', ENTE, '--by', 'Ufficio protocollo')).toBe(3);
    expect(await run('ledger', '--entity', ENTE, '--account', a.id, '--format', 'json')).toBe(0);
    expect(JSON.parse(out).at(-1)).toMatchObject({
      action: 'revoke',
      channel: 'cli',
      actor: 'Ufficio protocollo',
    });
    expect(await run('ledger', '--entity', ENTE, '--from', '2026-02-30')).toBe(2);
    expect(await run('retention')).toBe(0);
    expect(log.at(-1)).toMatch(/^Erased the personal data of 0 receipts/);
  });
});
