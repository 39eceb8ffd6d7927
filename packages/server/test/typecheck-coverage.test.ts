// `npm run typecheck` checks every TypeScript file of the repository: each one belongs to one of
// the projects its script names, so no test, config or helper escapes `strict` by sitting outside
// their `include`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SKIPPED = new Set(['node_modules', 'dist', 'coverage']);

/** The tsconfig directories `npm run typecheck` passes to `tsc -p`. */
function typecheckProjects(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return [...(pkg.scripts.typecheck ?? '').matchAll(/tsc -p (\S+)/g)].map((m) => m[1]!);
}

/** Every TypeScript source of the repository (declaration files aside). */
function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || SKIPPED.has(e.name)) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) sources(path, out);
    else if (/\.[cm]?ts$/.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name)) out.push(path);
  }
  return out;
}

describe('npm run typecheck', () => {
  it('covers every TypeScript file of the repository', () => {
    const projects = typecheckProjects();
    expect(projects).toContain('packages/server');
    const covered = new Set<string>();
    for (const project of projects) {
      const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, project, 'tsconfig.json'), undefined, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      });
      for (const file of config?.fileNames ?? []) covered.add(resolve(file));
    }
    const all = sources(ROOT);
    expect(all).toContain(join(ROOT, 'packages/server/test/typecheck-coverage.test.ts'));
    expect(all.filter((f) => !covered.has(f)).map((f) => f.slice(ROOT.length + 1))).toEqual([]);
  });
});
