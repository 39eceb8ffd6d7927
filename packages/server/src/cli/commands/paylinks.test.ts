import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { addPosition, at } from '../../../test/support/practice-fixtures.js';
import { parseArgs } from '../args.js';
import { paylinksCommand } from './paylinks.js';

const ENTE = TEST_ENTITY.code;

describe('pagatore paylinks', () => {
  let h: Harness;
  let out: string;
  let err: string[];
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    h = await createHarness();
    process.env.DATABASE_URL = h.deps.config.databaseUrl;
    await addPosition(h, 'CLI-PL-1', 'RSSMRA85T10A562S');
    await addPosition(h, 'CLI-PL-2', 'RSSMRA85T10A562S', { installments: 2 });
  });
  beforeEach(() => {
    out = '';
    err = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out += String(s);
      return true;
    });
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await h.close();
  });

  it('writes the CSV of a mail merge, lists what it skipped, and the links open', async () => {
    const code = await paylinksCommand(
      parseArgs(['create', '--entity', ENTE, '--iupd', 'CLI-PL-1,CLI-PL-2,NOPE']),
    );
    expect(code).toBe(3);
    const lines = out.trim().split('\r\n');
    expect(lines[0]).toBe('iupd,installment,url,expires_at');
    expect(lines).toHaveLength(3);
    expect(err).toEqual(['Skipped NOPE: not_found']);
    const token = /#paga=([a-z2-7]{32})/.exec(lines[1]!)![1]!;
    expect((await h.json('POST', at('/pay-links/open'), { token })).status).toBe(200);
  });

  it('makes one installment link as JSON, revokes it, and refuses bad options', async () => {
    const args = ['create', '--entity', ENTE, '--iupd', 'CLI-PL-2', '--installment', '2', '--format', 'json'];
    expect(await paylinksCommand(parseArgs(args))).toBe(0);
    const [link] = JSON.parse(out) as { id: string; token: string; installment: number }[];
    expect(link!.installment).toBe(2);
    expect(await paylinksCommand(parseArgs(['revoke', link!.id, '--entity', ENTE]))).toBe(0);
    const res = await h.json('POST', at('/pay-links/open'), { token: link!.token });
    expect(res.status).toBe(410);
    const bad = ['create', '--entity', ENTE, '--iupd', 'A,B', '--installment', '1'];
    expect(await paylinksCommand(parseArgs(bad))).toBe(2);
    expect(
      await paylinksCommand(parseArgs(['create', '--entity', ENTE, '--iupd', 'A', '--valid-days', '0'])),
    ).toBe(2);
    expect(await paylinksCommand(parseArgs(['revoke', 'pl_aaaaaaaaaaaaaaaa', '--entity', ENTE]))).toBe(1);
  });
});
