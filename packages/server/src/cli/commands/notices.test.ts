import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { decodePdf, pageCount } from '../../../test/support/notice-pdf.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { as, testKey, installments, position } from '../../../test/support/admin-fixtures.js';
import { parseArgs } from '../args.js';
import { noticesCommand } from './notices.js';

describe('pagatore notices', () => {
  let h: Harness;
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    h = await createHarness();
    const api = as(h, await testKey(h));
    await api('POST', '/api/v1/admin/positions', position('C-1'));
    await api('POST', '/api/v1/admin/positions', {
      ...position('C-2', {}, 15001),
      installments: installments(),
    });
    process.env.DATABASE_URL = h.deps.config.databaseUrl;
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await h.close();
  });

  it('writes a ZIP with one PDF per payable position', async () => {
    const out = join(h.dir, 'out.zip');
    expect(await noticesCommand(parseArgs([out, '--entity', TEST_ENTITY.code]))).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(out)));
    expect(Object.keys(files).sort()).toEqual(['C-1.pdf', 'C-2.pdf']);
    expect(decodePdf(files['C-2.pdf']!).flatMap((p) => p.qr)).toHaveLength(4);
  });

  it('writes one merged PDF of the positions named, and exits 3 naming the unknown ones', async () => {
    const out = join(h.dir, 'out.pdf');
    expect(await noticesCommand(parseArgs([out, '--entity', TEST_ENTITY.code, '--iupd', 'C-1,NOPE']))).toBe(
      3,
    );
    expect(pageCount(new Uint8Array(readFileSync(out)))).toBe(1);
    expect(console.error).toHaveBeenCalledWith('NOPE: not found');
  });

  it('--pay-links prints a new "Paga ora" link on each notice, beside the pagoPA codes', async () => {
    const out = join(h.dir, 'links.zip');
    expect(await noticesCommand(parseArgs([out, '--entity', TEST_ENTITY.code, '--pay-links', '60']))).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(out)));
    const links = Object.values(files).map((pdf) =>
      decodePdf(pdf)
        .flatMap((p) => p.qr)
        .filter((c) => c.includes('#paga=')),
    );
    expect(links.map((l) => l.length)).toEqual([1, 1]);
    const rows = await h.deps.db.selectFrom('pay_links').select(['created_at', 'expires_at']).execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(Date.parse(r.expires_at) - Date.parse(r.created_at)).toBe(60 * 86_400_000);
    for (const bad of ['0', '400', 'x'])
      expect(
        await noticesCommand(
          parseArgs([join(h.dir, 'y.zip'), '--entity', TEST_ENTITY.code, '--pay-links', bad]),
        ),
      ).toBe(2);
  });

  it('refuses bad arguments with the usage', async () => {
    expect(await noticesCommand(parseArgs([join(h.dir, 'x.txt'), '--entity', TEST_ENTITY.code]))).toBe(2);
    expect(await noticesCommand(parseArgs([join(h.dir, 'x.zip')]))).toBe(2);
    expect(await noticesCommand(parseArgs([join(h.dir, 'x.zip'), '--entity', '12345678901']))).toBe(1);
    expect(existsSync(join(h.dir, 'x.zip'))).toBe(false);
  });
});
