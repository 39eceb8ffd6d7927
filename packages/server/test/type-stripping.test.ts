/**
 * The server's TypeScript sources run as they are under Node's type stripping: the tests' child
 * processes (test/support/ts-resolve.mjs) load src and test/support that way, and stripping refuses
 * what has no plain-JavaScript form (parameter properties, enums, namespaces with values,
 * `import x = require()`, `<T>x` assertions). `erasableSyntaxOnly` makes the typecheck refuse the same
 * syntax; the stripping check proves it file by file with the stripper Node itself uses.
 */
import * as nodeModule from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const server = fileURLToPath(new URL('..', import.meta.url));
const repo = join(server, '../..');

/** `module.stripTypeScriptTypes` (Node 22.13+, 23.2+); absent from older Node and from @types/node 20. */
const stripTypeScriptTypes = (
  nodeModule as { stripTypeScriptTypes?: (code: string, options: { mode: 'strip' }) => string }
).stripTypeScriptTypes;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return /\.[cm]?tsx?$/.test(e.name) ? [path] : [];
  });
}

describe('syntax that Node type stripping runs', () => {
  it.each(['packages/server', 'packages/sdk', 'packages/widgets', 'test'])(
    '%s typechecks with erasableSyntaxOnly',
    (project) => {
      const file = join(repo, project, 'tsconfig.json');
      const { config, error } = ts.readConfigFile(file, (p) => ts.sys.readFile(p));
      expect(error).toBeUndefined();
      // Resolved with `extends`, so the option may live in the project's file or in the base.
      const parsed = ts.parseJsonConfigFileContent(config, ts.sys, join(repo, project), undefined, file);
      expect(parsed.options.erasableSyntaxOnly).toBe(true);
    },
  );

  it.skipIf(!stripTypeScriptTypes)(
    // Skipped only on a Node without module.stripTypeScriptTypes (before 22.13).
    'strips the types of every .ts file under packages/server/src and packages/server/test',
    () => {
      const strip = stripTypeScriptTypes!;
      // The stripper in this Node refuses a parameter property, so a file it accepts has none.
      expect(() => strip('class A { constructor(readonly a: number) {} }', { mode: 'strip' })).toThrow(
        /parameter property/,
      );
      const files = [...tsFiles(join(server, 'src')), ...tsFiles(join(server, 'test'))];
      expect(files.length).toBeGreaterThan(300);
      const refused: string[] = [];
      for (const file of files) {
        try {
          strip(readFileSync(file, 'utf8'), { mode: 'strip' });
        } catch (e) {
          refused.push(`${relative(repo, file)}: ${(e as Error).message}`);
        }
      }
      expect(refused).toEqual([]);
    },
  );
});
