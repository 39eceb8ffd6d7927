// Generates docs/components.md from the components' JSDoc (@summary, @slot, @event, @csspart,
// @cssproperty, @example) and their public reactive properties (`static properties`, each with its
// JSDoc on its `declare` field and its default set in the constructor), so the embedding reference cannot
// drift from the code. `node scripts/docs-components.mjs` writes it; `--check` fails when stale.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './lib/write-or-check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'packages/widgets/src/components');
const out = join(root, 'docs/components.md');

function classDoc(src) {
  const m = /\/\*\*((?:(?!\*\/)[\s\S])*?)\*\/\s*export class (\w+)/.exec(src);
  if (!m) return null;
  const lines = m[1].split('\n').map((l) => l.replace(/^\s*\* ?/, '').trimEnd());
  const text = [];
  const tags = [];
  let current = null;
  for (const line of lines) {
    const t = /^@(\w+)\s*(.*)$/.exec(line);
    if (t) {
      current = { tag: t[1], value: t[2] };
      tags.push(current);
    } else if (current) {
      current.value += `\n${line}`;
    } else if (line.trim()) {
      text.push(line.trim());
    }
  }
  return { name: m[2], text: text.join(' '), tags };
}

function properties(src) {
  const props = [];
  const block = /static override properties(?::\s*\w+)? = \{([\s\S]*?)\n {2}\};/.exec(src)?.[1] ?? '';
  for (const [, name, options] of block.matchAll(/^\s*(\w+): (\{[^}]*\})/gm)) {
    if (/state:\s*true/.test(options)) continue;
    const field = new RegExp(
      `(?:/\\*\\*\\s*((?:(?!\\*/)[\\s\\S])*?)\\*/\\s*)?declare ${name}: ([^;]+);`,
    ).exec(src);
    const def = new RegExp(`this\\.${name} = ([^;]+);`).exec(src)?.[1]?.trim() ?? 'undefined';
    const doc = (field?.[1] ?? '').replace(/\s*\*\s*/g, ' ').trim();
    const attr =
      /attribute:\s*'([^']+)'/.exec(options)?.[1] ??
      (/attribute:\s*false/.test(options) ? null : name.toLowerCase());
    props.push({ name, attr, type: field?.[2]?.trim() ?? '', def, doc });
  }
  return props;
}

const split = (v) => {
  const m = /^(\S+)\s*-?\s*([\s\S]*)$/.exec(v.trim());
  return m ? [m[1], m[2].replace(/\s+/g, ' ').trim()] : [v, ''];
};

const parts = [
  '# Components reference',
  '',
  "Generated from the components' JSDoc by `node scripts/docs-components.mjs` — do not edit by hand.",
  'Every tag works inside a `<pagatore-provider api="…" entity="…">`; every event bubbles and crosses',
  "shadow roots (`composed`) with plain data in `detail`. Texts follow the provider's `lang` (it, en, de).",
  '',
];
for (const name of readdirSync(dir).sort()) {
  let src;
  try {
    src = readFileSync(join(dir, name, `${name}.component.ts`), 'utf8');
  } catch {
    continue;
  }
  const doc = classDoc(src);
  if (!doc) continue;
  const tag = `pagatore-${name}`;
  const summary = doc.tags.find((t) => t.tag === 'summary')?.value.trim();
  parts.push(`## \`<${tag}>\``, '');
  if (summary) parts.push(`**${summary}**`, '');
  if (doc.text) parts.push(doc.text, '');
  const props = properties(src);
  if (props.length) {
    parts.push('| attribute | property | default | meaning |', '| --- | --- | --- | --- |');
    for (const p of props)
      parts.push(
        `| ${p.attr ? `\`${p.attr}\`` : '—'} | \`${p.name}\` | \`${p.def.replace(/\|/g, '\\|')}\` | ${p.doc.replace(/\|/g, '\\|')} |`,
      );
    parts.push('');
  }
  for (const [tagName, title] of [
    ['event', 'Events'],
    ['slot', 'Slots'],
    ['csspart', 'CSS parts'],
    ['cssproperty', 'CSS custom properties'],
  ]) {
    const list = doc.tags.filter((t) => t.tag === tagName);
    if (!list.length) continue;
    parts.push(`${title}:`, '');
    for (const t of list) {
      const [n, d] = split(t.value);
      parts.push(`- \`${n === '-' ? '(default)' : n}\`${d ? ` — ${d}` : ''}`);
    }
    parts.push('');
  }
  const example = doc.tags.find((t) => t.tag === 'example');
  if (example) parts.push('```html', example.value.trim(), '```', '');
}
const md = `${parts.join('\n').trimEnd()}\n`;
writeOrCheck(out, md, 'run node scripts/docs-components.mjs');
