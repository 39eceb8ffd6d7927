/**
 * `npm start` builds only what changed: scripts/build-changed.mjs on a scratch tree with the
 * repository's layout. Nothing is stale right after a stamp; a source change makes stale exactly
 * the outputs made of it; a test file or a file elsewhere makes nothing stale; a missing output is.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module script, without types
import { OUTPUTS, stale, stamp } from '../../../scripts/build-changed.mjs';

interface Output {
  name: string;
  inputs: string[];
  output: string;
}
const outputs = OUTPUTS as Output[];
const check = (root: string) => (stale(root) as Output[]).map((o) => o.name);

const root = mkdtempSync(join(tmpdir(), 'pagatore-build-changed-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('build what changed', () => {
  it('stale outputs follow their sources', () => {
    for (const o of outputs) {
      for (const i of o.inputs) write(i.includes('.') ? i : `${i}/index.ts`, `// ${i}\n`);
      write(o.output, '// built\n');
    }
    expect(check(root)).toEqual(outputs.map((o) => o.name));
    stamp(outputs, root);
    expect(check(root)).toEqual([]);

    // The SDK's sources feed the SDK and the widget bundle (which takes the SDK from source).
    write('packages/sdk/src/codes/nav.ts', 'export const x = 1;\n');
    expect(check(root)).toEqual(['@pagatore/sdk', '@pagatore/widgets (pagatore.js)']);
    stamp(outputs, root);

    write('packages/server/src/cli.ts', 'console.log(1);\n');
    expect(check(root)).toEqual(['@pagatore/server']);
    stamp(outputs, root);

    // Tests and files no build reads change nothing.
    write('packages/server/src/cli.test.ts', 'it();\n');
    write('docs/README.md', '# docs\n');
    expect(check(root)).toEqual([]);

    // A dependency upgraded (the lockfile) rebuilds everything.
    write('package-lock.json', '{ "upgraded": true }\n');
    expect(check(root)).toEqual(outputs.map((o) => o.name));
    stamp(outputs, root);

    // An output removed is built again.
    rmSync(join(root, 'packages/widgets/dist/bundle/pagatore.js'));
    expect(check(root)).toEqual(['@pagatore/widgets (pagatore.js)']);
  });
});
