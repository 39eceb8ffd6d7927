/**
 * The bundle's templates without their source indentation (`collapseTemplateWhitespace` in
 * rollup.config.mjs): the text a browser shows is the same, line breaks stay where a style could
 * keep them, and what HTML keeps as written (`<pre>`, `<textarea>`, quoted attribute values) or
 * any string that is not a template's stays as it was.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { parseAst } from 'rollup/parseAst';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the Rollup config is plain JavaScript without types.
import { collapseParts, collapseTemplateWhitespace } from '../rollup.config.mjs';

type Collapsed = { code: string } | null;
const collapse = (code: string): string =>
  (collapseTemplateWhitespace(code, parseAst(code), 'probe.js') as Collapsed)?.code ?? code;

/** White space as a style that keeps line breaks reads it: a run is one line break if it holds one. */
const breaks = (s: string): string => s.replace(/[ \t\r]+/g, ' ').replace(/ ?\n[ \n]*/g, '\n');

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('template white space in the bundle', () => {
  it('indentation becomes one line break; the text, the expressions and other strings stay', () => {
    const code = [
      'const a = html`',
      '  <p class="lead">',
      '    ${ok ? html`<b>yes</b>` : "  two  spaces\\n  "}   kept  inline',
      '    <span>x</span>',
      '  </p>`;',
      'const b = "  a\\n   b  ";',
      'const c = `',
      '  untagged`;',
    ].join('\n');
    expect(collapse(code)).toBe(
      [
        'const a = html`',
        '<p class="lead">',
        '${ok ? html`<b>yes</b>` : "  two  spaces\\n  "}   kept  inline',
        '<span>x</span>',
        '</p>`;',
        'const b = "  a\\n   b  ";',
        'const c = `',
        '  untagged`;',
      ].join('\n'),
    );
  });

  it('quoted attribute values and CSS strings keep their white space; markup text does not open quotes', () => {
    expect(collapseParts(['<p title="one\n    two" data-x=\'a\n  b\'>\n  l’ente\n  </p>'], true)).toEqual([
      '<p title="one\n    two" data-x=\'a\n  b\'>\nl’ente\n</p>',
    ]);
    // A quote opened before an expression goes on after it.
    expect(collapseParts(['<p title="a\n  ', '\n  b">\n  c', '</p>'], true)).toEqual([
      '<p title="a\n  ',
      '\n  b">\nc',
      '</p>',
    ]);
    expect(collapseParts([':host {\n  content: "a\\\n    b";\n  color: red;\n}'], false)).toEqual([
      ':host {\ncontent: "a\\\n    b";\ncolor: red;\n}',
    ]);
  });

  it('templates with <pre>, <textarea> or a line continuation stay as written', () => {
    for (const code of [
      'html`<pre>\n  a\n    b</pre>`;',
      'html`<div>\n  <textarea>\n  a</textarea>\n</div>`;',
      'html`<p>one\\\n    two</p>`;',
    ])
      expect(collapse(code)).toBe(code);
  });

  it('every template of the widgets reads the same after, with its line breaks', async () => {
    let changed = 0;
    for (const file of sources(SRC)) {
      const ts = readFileSync(file, 'utf8');
      if (!/\b(html|svg|css)`/.test(ts)) continue;
      const { code } = await transform(ts, {
        loader: 'ts',
        target: 'es2022',
        tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
      });
      const after = collapse(code);
      if (after === code) continue;
      changed++;
      expect(breaks(after), file).toBe(breaks(code));
      expect(after.length, file).toBeLessThan(code.length);
    }
    expect(changed).toBeGreaterThan(30);
  });
});
