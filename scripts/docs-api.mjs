// Generates docs/api.md, the REST reference, from the OpenAPI document the server publishes
// (itself generated from the SDK's contract). Needs the built server (`npm run build`).
// `node scripts/docs-api.mjs` writes it; `--check` fails when stale.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeOrCheck } from './lib/write-or-check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs/api.md');
const { buildOpenApi, messageOf } = await import(
  pathToFileURL(join(root, 'packages/server/dist/index.js')).href
);
const { ERROR_CODES } = await import(pathToFileURL(join(root, 'packages/sdk/dist/index.js')).href);
const doc = buildOpenApi('https://pay.example-intermediary.it', 'current');

const byTag = new Map();
for (const [path, ops] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    const tag = op.tags?.[0] ?? 'other';
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push({ path, method: method.toUpperCase(), op });
  }
}

const lines = [
  '# REST API reference',
  '',
  'Generated from `GET /api/v1/openapi.json` by `node scripts/docs-api.mjs` — do not edit by hand.',
  "Money is integer euro cents. `{ente}` is the entity's 11-digit fiscal code. Citizen routes take",
  '`Authorization: Bearer <session token>`; admin routes `Authorization: Bearer <API key>`.',
  '',
  'Every error has the body `{ "error": { "code", "message", "requestId", "fields"? } }`; `message` is',
  "in the request's language (`Accept-Language` or `?lang=` it, en, de); `fields` lists",
  '`{ path, code, message }` for invalid input.',
  '',
  '## Error codes',
  '',
  '| code | status | meaning |',
  '| --- | --- | --- |',
  ...Object.entries(ERROR_CODES).map(
    ([code, status]) => `| \`${code}\` | ${status} | ${messageOf(code, 'en')} |`,
  ),
  '',
];
for (const [tag, ops] of [...byTag].sort((a, b) => a[0].localeCompare(b[0]))) {
  lines.push(`## ${tag}`, '');
  for (const { path, method, op } of ops) {
    const auth = op.security?.[0] ? Object.keys(op.security[0])[0] : 'none';
    lines.push(
      `### \`${method} ${path}\``,
      '',
      `${op.summary} — \`${op.operationId}\`, auth: ${auth === 'none' ? 'anonymous' : auth === 'session' ? 'citizen session' : auth === 'consoleSession' ? 'staff console session' : 'entity API key'}.`,
      '',
    );
    const params = op.parameters ?? [];
    if (params.length) {
      lines.push('| parameter | in | required | type |', '| --- | --- | --- | --- |');
      for (const p of params)
        lines.push(
          `| \`${p.name}\` | ${p.in} | ${p.required ? 'yes' : 'no'} | ${p.schema?.type ?? ''}${p.schema?.pattern ? ` \`${p.schema.pattern}\`` : ''}${p.schema?.enum ? ` (${p.schema.enum.join(', ')})` : ''} |`,
        );
      lines.push('');
    }
    const body = op.requestBody?.content?.['application/json']?.schema;
    if (body) lines.push('Request body:', '', '```json', JSON.stringify(body, null, 2), '```', '');
    const responses = Object.entries(op.responses)
      .map(([status, r]) => `- **${status}** ${r.description}`)
      .join('\n');
    lines.push('Responses:', '', responses, '');
  }
}
const md = `${lines.join('\n').trimEnd()}\n`;
writeOrCheck(out, md, 'run npm run build && node scripts/docs-api.mjs');
