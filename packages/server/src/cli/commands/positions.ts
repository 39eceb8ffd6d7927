/**
 * `pagatore positions import <file> --entity <code>`: bulk upsert from CSV, JSON or NDJSON straight
 * into DATABASE_URL, with a progress bar on stderr and the per-row error report.
 */
import { createReadStream, statSync } from 'node:fs';
import { type ImportFormat, type ImportProgress, importPositions } from '../../import/import.js';
import { ApiError } from '../../core/errors.js';
import { type Args, opt } from '../args.js';
import { fieldLines, withEntity } from './with-database.js';

const USAGE = `Usage:
  pagatore positions import <file> --entity <code> [--format csv|json|ndjson] [--chunk 250]
Exit code: 0 all rows imported, 3 some rows rejected (listed), 1-2 nothing imported.`;

function formatOfFile(file: string, given: string | undefined): ImportFormat | null {
  const f = given ?? /\.(csv|json|ndjson|jsonl)$/i.exec(file)?.[1]?.toLowerCase();
  if (f === 'jsonl') return 'ndjson';
  return f === 'csv' || f === 'json' || f === 'ndjson' ? f : null;
}

function bar(p: ImportProgress, total: number): string {
  const ratio = total > 0 ? Math.min(1, p.bytes / total) : 1;
  const width = 30;
  const full = Math.round(ratio * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${p.received} rows, ${p.created} new, ${p.updated} updated, ${p.rejected} rejected`;
}

export async function positionsCommand(args: Args): Promise<number> {
  const [sub, file] = args.positional;
  const entityCode = opt(args, 'entity');
  if (sub !== 'import' || !file || !entityCode) {
    console.error(USAGE);
    return 2;
  }
  const format = formatOfFile(file, opt(args, 'format'));
  if (!format) {
    console.error('Unknown format: use --format csv|json|ndjson.');
    return 2;
  }
  let total: number;
  try {
    total = statSync(file).size;
  } catch {
    console.error(`Cannot read ${file}.`);
    return 1;
  }
  return withEntity(entityCode, async ({ db }, entity) => {
    const tty = process.stderr.isTTY;
    let last = 0;
    const onProgress = (p: ImportProgress) => {
      const t = Date.now();
      if (t - last < 200 && p.bytes < total) return;
      last = t;
      if (tty) process.stderr.write(`\r${bar(p, total)}`);
      else process.stderr.write(`${bar(p, total)}\n`);
    };
    try {
      const chunk = opt(args, 'chunk');
      const report = await importPositions(db, entity, createReadStream(file), {
        format,
        lang: 'en',
        onProgress,
        maxErrors: 10_000,
        ...(chunk ? { chunkSize: Math.max(1, Number(chunk)) } : {}),
      });
      if (tty) process.stderr.write('\n');
      for (const e of report.errors) {
        console.log(`row ${e.row}${e.iupd ? ` (${e.iupd})` : ''}: ${e.code} — ${e.message}`);
        for (const line of fieldLines(e.fields)) console.log(`  ${line}`);
      }
      if (report.errorsTruncated)
        console.log(`… and ${report.rejected - report.errors.length} more rejected rows.`);
      const rate = report.ms > 0 ? Math.round((report.received / report.ms) * 1000) : report.received;
      console.log(
        `Imported ${format} in ${(report.ms / 1000).toFixed(1)} s (${rate} rows/s): ${report.received} rows, ${report.created} created, ${report.updated} updated, ${report.rejected} rejected.`,
      );
      return report.rejected > 0 ? 3 : 0;
    } catch (e) {
      if (tty) process.stderr.write('\n');
      if (e instanceof ApiError && e.fields) {
        console.error(['The file cannot be imported:', ...fieldLines(e.fields)].join('\n'));
        return 2;
      }
      throw e;
    }
  });
}
