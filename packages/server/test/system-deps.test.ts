/**
 * `npm test` sets up its own system packages (scripts/system-deps.mjs, the `pretest` script): as
 * root it installs what is missing with apt-get, otherwise it names it in one line.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module script, without types
import { onPath, plan } from '../../../scripts/system-deps.mjs';

type Plan = { action: 'none' | 'install' | 'tell'; packages: string[]; line?: string };
const decide = plan as (o: {
  has: (c: string) => boolean;
  root: boolean;
  apt: boolean;
  env?: Record<string, string>;
}) => Plan;
const ALL = ['chromium', 'poppler-utils', 'zbar-tools', 'dmtx-utils', 'libxml2-utils', 'postgresql'];

describe('system packages of the tests', () => {
  it('nothing to do when every command is there', () => {
    expect(decide({ has: () => true, root: false, apt: true })).toEqual({ action: 'none', packages: [] });
  });

  it('as root with apt-get: installs exactly the missing packages, once each', () => {
    const has = (c: string) => !['pdftoppm', 'pdftotext', 'dmtxread'].includes(c);
    expect(decide({ has, root: true, apt: true })).toEqual({
      action: 'install',
      packages: ['poppler-utils', 'dmtx-utils'],
    });
  });

  it('otherwise: one line naming them all, ready to paste', () => {
    const p = decide({ has: () => false, root: false, apt: true });
    expect(p.action).toBe('tell');
    expect(p.line).toBe(
      `The tests need these system packages: sudo apt-get install -y --no-install-recommends ${ALL.join(' ')}`,
    );
    expect(p.line?.split('\n')).toHaveLength(1);
  });

  it('a Chromium named by CHROME_PATH counts', () => {
    const has = (c: string) => c !== 'chromium';
    expect(decide({ has, root: false, apt: true, env: { CHROME_PATH: process.execPath } }).action).toBe(
      'none',
    );
    expect(decide({ has, root: false, apt: true, env: { CHROME_PATH: '/nonexistent' } }).packages).toEqual([
      'chromium',
    ]);
  });

  it('finds commands on PATH', () => {
    expect((onPath as (c: string) => boolean)('node')).toBe(true);
    expect((onPath as (c: string) => boolean)('no-such-command-pagatore')).toBe(false);
  });
});
