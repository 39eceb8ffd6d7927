/**
 * What `npm publish` ships of the server: the built bundle, the CLI and the assets. The test-support
 * home (test/support: harness, fixtures, fake pagoPA node, spec files) stays out of it, and so does
 * anything the bundle could have pulled in from it. Needs the built package (`npm run build`).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the published server package', () => {
  it('holds dist, bin and assets only, and no test support', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
    });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('bin/pagatore.js');
    expect(files.filter((f) => !/^(dist|assets|bin)\/|^package\.json$|^README/.test(f))).toEqual([]);
    for (const f of files.filter((p) => p.endsWith('.js'))) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const name of ['createHarness', 'seedTestEntity', 'fakeNode', 'TEST_ENTITY'])
        expect(text.includes(name), `${f} has ${name}`).toBe(false);
    }
  });
});
