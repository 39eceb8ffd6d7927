/**
 * The soak run, 60 seconds of it: the built server under mixed traffic at 50 connections, killed
 * with SIGKILL at random moments (test/soak/soak.mjs, `npm run soak` for longer runs). Fails when an
 * invariant read from the database afterwards does not hold; the report is printed either way, with
 * the seed that repeats the run (`npm run soak -- --seconds 60 --seed <seed>`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/stack.js';

const SOAK = join(ROOT, 'test/soak/soak.mjs');

interface SoakResult {
  seed: number;
  kills: number;
  invariants: { name: string; ok: boolean; detail: string }[];
  report: string;
}

describe('soak (60 s, SIGKILLs, 50 connections)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pagatore-soak-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every invariant', { timeout: 15 * 60_000 }, async () => {
    const json = join(dir, 'soak.json');
    let output = '';
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [SOAK, '--seconds', '60', '--json', json], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.on('exit', (c) => resolve(c));
    });
    console.log(output);
    const result = JSON.parse(readFileSync(json, 'utf8')) as SoakResult;
    expect(result.kills).toBeGreaterThan(0);
    expect(result.invariants.length).toBeGreaterThanOrEqual(11);
    expect(
      result.invariants.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`),
      `seed ${result.seed}`,
    ).toEqual([]);
    expect(code).toBe(0);
  });
});
