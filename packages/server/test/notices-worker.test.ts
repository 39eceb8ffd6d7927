/**
 * The built notice ZIP, as the server and the CLI run it (a plain Node process, the built package):
 * notices rendered and the archive written in one worker thread (dist/notice-worker.js, started by
 * noticesZip with a bounded heap), byte for byte the PDFs the calling thread renders and the archive
 * it would write, handed out in chunks of at least 256 KB, the entity's logo sent once and named by
 * number afterwards, unprintable notices listed in ERRORS.txt, a notice that fails to render ending
 * the stream with an error, and the worker ended when the stream errs, the reader cancels or the HTTP
 * client the ZIP is written to leaves mid-download, and every chunk written to an HTTP response freed
 * once written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { factsNotice, payment } from './support/notice-pdf.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const script = fileURLToPath(new URL('./support/notices-zip-run.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pagatore-notice-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('notice ZIP in the worker thread (built package)', () => {
  it('is built beside the package', () => {
    expect(existsSync(`${dist}notice-worker.js`)).toBe(true);
  });

  it('writes the same archive as the calling thread in large chunks, lists the unprintable, ends on error, on cancel and when the client leaves', () => {
    const items = [
      { name: 'a', data: factsNotice() },
      { name: 'bad', data: { ...factsNotice(), subject: 'x'.repeat(91) } },
      {
        name: 'b',
        data: {
          ...factsNotice(),
          single: payment(2, 2500),
          installments: [payment(3, 1000), payment(4, 1500)],
        },
      },
    ];
    const input = join(dir, 'items.json');
    writeFileSync(input, JSON.stringify(items));
    const r = spawnSync(process.execPath, [script, `${dist}index.js`, input], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      files: string[];
      errors: string;
      failures: string[];
      workersForZip: number;
      same: Record<string, boolean>;
      batchZip: { sameAsReference: boolean; chunks: number; smallChunksBeforeLast: number };
      renderError: string;
      brokenWorkerExited: boolean;
      cancelledWorkerExited: boolean;
      clientGone: { write: string; workerExited: boolean };
      httpDownload: { sameAsReference: boolean; chunks: number; freed: number };
    };
    expect(out.files).toEqual(['ERRORS.txt', 'a.pdf', 'b.pdf']);
    expect(out.errors).toContain('bad: subject too_long');
    expect(out.failures).toEqual(['bad']);
    expect(out.workersForZip).toBe(1);
    // b's logo went to the worker by number only: its PDF still equals the one rendered here.
    expect(out.same).toEqual({ a: true, b: true });
    // 24 notices of ≈ 40 KB: the archive's bytes cross from the worker a few hundred KB at a time.
    expect(out.batchZip).toEqual({ sameAsReference: true, chunks: 4, smallChunksBeforeLast: 0 });
    expect(out.renderError).toMatch(/^notice rendering failed: TypeError/);
    expect(out.brokenWorkerExited).toBe(true);
    expect(out.cancelledWorkerExited).toBe(true);
    expect(out.clientGone).toEqual({ write: 'ERR_STREAM_PREMATURE_CLOSE', workerExited: true });
    // Downloaded whole over HTTP, the same archive, every chunk freed once the socket had it.
    expect(out.httpDownload).toEqual({ sameAsReference: true, chunks: 4, freed: 4 });
  });
});
