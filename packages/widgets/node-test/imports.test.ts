/**
 * The widgets' module graph, read from the sources with TypeScript's own import scanner: every
 * `import`, `import type`, `export … from` and `import()` counts. Two rules it guards:
 * - no import cycle, not even through types or a lazy `import()`;
 * - translations register one way: each area's locale files are data only (they import nothing
 *   but their Italian file's key type), the language catalogs gather them, and no module imports
 *   a locale file for its side effects.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

interface Import {
  target: string;
  /** `import 'x'`: for its side effects only. */
  bare: boolean;
  typeOnly: boolean;
}

/** The relative imports of a file, resolved to source paths. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles
    .filter((f) => f.fileName.startsWith('.'))
    .map((f) => {
      const target = resolve(dirname(file), f.fileName.replace(/\.js$/, '.ts'));
      const escaped = f.fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return {
        target,
        bare: new RegExp(`^\\s*import\\s+['"]${escaped}['"]`, 'm').test(text),
        typeOnly: new RegExp(`^\\s*(import|export)\\s+type\\s[^;]*?from\\s+['"]${escaped}['"]`, 'm').test(
          text,
        ),
      };
    });
}

const files = sources(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => relative(SRC, f);

/** Strongly connected components with more than one module (or a module importing itself). */
function cycles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const { target: w } of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(rel(w));
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).some((i) => i.target === v)) out.push(comp.sort());
    }
  };
  for (const f of files) if (!idx.has(f)) visit(f);
  return out;
}

const isAreaLocale = (f: string) =>
  /(^|\/)locales(\.(en|de))?\.ts$/.test(rel(f)) && !rel(f).startsWith('locales/');

describe('widget module graph', () => {
  it('reads every source file and resolves every relative import', () => {
    expect(files.length).toBeGreaterThan(40);
    for (const [file, imports] of graph)
      for (const i of imports) expect(graph.has(i.target), `${rel(file)} → ${rel(i.target)}`).toBe(true);
  });

  it('has no import cycle, counting type-only and lazy imports', () => {
    expect(cycles()).toEqual([]);
  });

  it('imports no locale file for its side effects', () => {
    const bare = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((i) => i.bare && /locales/.test(rel(i.target)))
        .map((i) => `${rel(file)} → ${rel(i.target)}`),
    );
    expect(bare).toEqual([]);
  });

  it("keeps each area's locale files data only: at most the Italian file's key type", () => {
    const areaLocales = files.filter(isAreaLocale);
    expect(areaLocales.length).toBeGreaterThanOrEqual(27);
    for (const file of areaLocales) {
      const imports = graph.get(file) ?? [];
      for (const i of imports) {
        expect(i.typeOnly, `${rel(file)} imports ${rel(i.target)} for more than a type`).toBe(true);
        expect(rel(i.target), rel(file)).toBe(join(dirname(rel(file)), 'locales.ts'));
      }
    }
  });

  it('gathers every area in each language catalog, and only the catalogs import them', () => {
    const areas = files.filter(isAreaLocale);
    for (const lang of ['it', 'en', 'de']) {
      const catalog = join(SRC, 'locales', `${lang}.ts`);
      const suffix = lang === 'it' ? 'locales.ts' : `locales.${lang}.ts`;
      const gathered = (graph.get(catalog) ?? []).filter((i) => !i.typeOnly).map((i) => rel(i.target));
      expect(gathered.filter((g) => g.endsWith(suffix)).sort(), lang).toEqual(
        areas
          .filter((a) => a.endsWith(`/${suffix}`))
          .map(rel)
          .sort(),
      );
    }
    for (const [file, imports] of graph) {
      if (rel(file).startsWith('locales/')) continue;
      for (const i of imports)
        if (isAreaLocale(i.target) && !isAreaLocale(file))
          expect.fail(`${rel(file)} imports ${rel(i.target)}: only the language catalogs do`);
    }
  });
});
