/**
 * Bulk import of positions (JSON array, NDJSON or CSV), streamed: records are read as bytes arrive,
 * checked with the API's own schema, and written in chunks, each chunk in its own transaction
 * with a turn of the event loop between chunks, so the server keeps answering during a
 * million-row import. Upsert by iupd (importing a file twice changes nothing). A rejected row is
 * reported and writes nothing; the rows around it land.
 */
import { type ImportReport, type Lang, PositionInput } from '@pagatore/sdk';
import { fieldMessage, validate } from '../core/messages.js';
import { compileSchema } from '../core/compiled-schema.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Db, transaction } from '../db/database.js';
import { refreshPlannerStatistics } from '../db/stores/positions.js';
import type { EntityRow } from '../db/schema/index.js';
import { ApiError } from '../core/errors.js';
import {
  type RowError,
  rowError,
  type WriteItem,
  type WriteResult,
  writePositions,
} from '../positions/positions.js';
import { checkHeader, readCsvBatches, rowsToPosition } from './csv.js';
import { readJsonArray, readNdjson } from './json.js';

export type ImportFormat = 'json' | 'ndjson' | 'csv';

/** Rows read between two turns of the event loop. */
const TURN_EVERY = 200;

/** The position schema run fast on the rows that pass it; valibot tells why the others fail. */
const quickPosition = compileSchema(PositionInput);

export interface ImportProgress {
  /** Bytes read so far. */
  bytes: number;
  /** Records (positions) seen so far. */
  received: number;
  created: number;
  updated: number;
  rejected: number;
}

export interface ImportOptions {
  format: ImportFormat;
  lang?: Lang;
  now?: () => Date;
  /** Positions per transaction. */
  chunkSize?: number;
  /** Rejected rows listed in the report (the count is always exact). */
  maxErrors?: number;
  onProgress?: (p: ImportProgress) => void;
}

interface Candidate {
  row: number;
  value?: unknown;
  error?: RowError;
}

async function* decode(body: AsyncIterable<Uint8Array>, counter: { bytes: number }): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const bytes of body) {
    counter.bytes += bytes.byteLength;
    const text = decoder.decode(bytes, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

async function* jsonCandidates(
  records: AsyncIterable<{ row: number; value?: unknown; invalid?: true }>,
  lang: Lang,
): AsyncGenerator<Candidate[]> {
  for await (const r of records) {
    if (r.invalid) yield [{ row: r.row, error: rowError(r.row, null, 'invalid_json', [], lang) }];
    else yield [{ row: r.row, value: r.value }];
  }
}

/** The positions of a CSV, those of each decoded piece of text together. */
async function* csvCandidates(text: AsyncIterable<string>, lang: Lang): AsyncGenerator<Candidate[]> {
  let columns: string[] | null = null;
  let group: { line: number; iupd: string; rows: Record<string, string>[]; broken: string | null } | null =
    null;

  const finish = (g: NonNullable<typeof group>): Candidate => {
    if (g.broken) {
      return {
        row: g.line,
        error: rowError(
          g.line,
          g.iupd || null,
          'validation_failed',
          [{ path: g.broken, code: 'invalid_format', message: fieldMessage('invalid_format', lang) }],
          lang,
        ),
      };
    }
    const { value, problem } = rowsToPosition(g.rows);
    if (problem) {
      return {
        row: g.line,
        error: rowError(
          g.line,
          g.iupd || null,
          'validation_failed',
          [{ path: problem.path, code: problem.code, message: fieldMessage(problem.code, lang) }],
          lang,
        ),
      };
    }
    return { row: g.line, value };
  };

  for await (const records of readCsvBatches(text)) {
    const out: Candidate[] = [];
    for (const rec of records) {
      if (!columns) {
        const h = checkHeader(rec.fields);
        if (h.unknown.length || h.missing.length || rec.broken) {
          throw new ApiError('validation_failed', {
            fields: [
              ...h.unknown.map((c) => ({
                path: `header.${c}`,
                code: 'unknown_field',
                message: fieldMessage('unknown_field', lang),
              })),
              ...h.missing.map((c) => ({
                path: `header.${c}`,
                code: 'required',
                message: fieldMessage('required', lang),
              })),
            ],
          });
        }
        columns = h.columns;
        continue;
      }
      const row: Record<string, string> = {};
      const cols = columns;
      let broken: string | null = rec.broken ? `line ${rec.line}` : null;
      if (rec.fields.length !== cols.length) broken ??= `line ${rec.line}`;
      for (let i = 0; i < cols.length; i++) row[cols[i] as string] = (rec.fields[i] ?? '').trim();
      const iupd = row.iupd ?? '';
      if (group && group.iupd === iupd && iupd !== '') {
        group.rows.push(row);
        group.broken ??= broken;
        continue;
      }
      if (group) out.push(finish(group));
      group = { line: rec.line, iupd, rows: [row], broken };
    }
    if (out.length) yield out;
  }
  if (!columns) {
    throw new ApiError('validation_failed', {
      fields: [{ path: 'header', code: 'required', message: fieldMessage('required', lang) }],
    });
  }
  if (group) yield [finish(group)];
}

/**
 * Imports positions for an entity from a byte stream.
 * @example const report = await importPositions(db, entity, createReadStream('p.csv'), { format: 'csv' });
 */
export async function importPositions(
  db: Db,
  entity: EntityRow,
  body: AsyncIterable<Uint8Array>,
  options: ImportOptions,
): Promise<ImportReport> {
  const started = performance.now();
  const lang = options.lang ?? 'it';
  const now = options.now ?? (() => new Date());
  const chunkSize = options.chunkSize ?? 1000;
  const maxErrors = options.maxErrors ?? 1000;
  const counter = { bytes: 0 };
  const report: ImportReport = {
    format: options.format,
    received: 0,
    created: 0,
    updated: 0,
    rejected: 0,
    errors: [],
    errorsTruncated: false,
    ms: 0,
  };
  const reject = (e: RowError) => {
    report.rejected++;
    if (report.errors.length < maxErrors) report.errors.push(e);
    else report.errorsTruncated = true;
  };

  const text = decode(body, counter);
  const candidates =
    options.format === 'csv'
      ? csvCandidates(text, lang)
      : jsonCandidates(options.format === 'ndjson' ? readNdjson(text) : readJsonArray(text), lang);

  // One transaction a chunk (on SQLite, with statements prepared once: db/stores/positions.ts).
  const write = (items: WriteItem[]): Promise<WriteResult> =>
    transaction(db, (tx) => writePositions(tx, entity, items, 'upsert', now(), lang));

  let firstWritten = true;
  /** A chunk's rows written, then its refused rows (checked or written) reported in row order. */
  const writeChunk = async (items: WriteItem[], refused: RowError[]) => {
    const errors = refused;
    if (items.length > 0) {
      try {
        const r = await write(items);
        report.created += r.created;
        report.updated += r.updated;
        errors.push(...r.errors);
        if (firstWritten && r.created + r.updated > 0) {
          firstWritten = false;
          // A table filled from empty is planned as if still empty until it is analyzed (autovacuum
          // looks once a minute): the next chunks' lookups by iupd would walk every position of the
          // entity for each row. The first chunk gives the planner the table's shape (one entity,
          // unique iupds), which holds as it grows; a large table is left alone.
          await refreshPlannerStatistics(db, r.created + r.updated).catch(() => false);
        }
      } catch {
        // Something only the database saw (a concurrent writer took a NAV): redo row by row so
        // one row's failure does not cost its neighbours.
        for (const item of items) {
          try {
            const r = await transaction(db, (tx) =>
              writePositions(tx, entity, [item], 'upsert', now(), lang),
            );
            report.created += r.created;
            report.updated += r.updated;
            errors.push(...r.errors);
          } catch {
            errors.push(rowError(item.row, item.position.iupd, 'conflict', [], lang));
          }
        }
      }
    }
    errors.sort((a, b) => a.row - b.row).forEach(reject);
    options.onProgress?.({ bytes: counter.bytes, ...pick(report) });
  };

  // The rows of the next chunk are read and checked while the previous chunk is being written
  // (on PostgreSQL the database works meanwhile); chunks are written one after the other, in order.
  let chunk: WriteItem[] = [];
  let refused: RowError[] = [];
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const items = chunk;
    const errors = refused;
    chunk = [];
    refused = [];
    await writing;
    writing = writeChunk(items, errors);
    // Handled when awaited; until then a failure must not count as unhandled.
    writing.catch(() => undefined);
    // Let other requests in between chunks.
    await nextTurn();
  };

  let sinceTurn = 0;
  try {
    for await (const batch of candidates) {
      for (const cand of batch) {
        report.received++;
        // While a chunk is being written, its answers (and other requests) get a turn now and then.
        if (++sinceTurn >= TURN_EVERY) {
          sinceTurn = 0;
          await nextTurn();
        }
        if (cand.error) {
          refused.push(cand.error);
          continue;
        }
        const quick = quickPosition?.(cand.value);
        const r = quick ? { ok: true as const, value: quick } : validate(PositionInput, cand.value, lang);
        if (!r.ok) {
          const iupd = (cand.value as { iupd?: unknown } | null)?.iupd;
          refused.push(
            rowError(cand.row, typeof iupd === 'string' ? iupd : null, 'validation_failed', r.fields, lang),
          );
          continue;
        }
        chunk.push({ row: cand.row, position: r.value });
        if (chunk.length >= chunkSize) await flush();
      }
    }
    await flush();
  } catch (e) {
    // The body failed mid-way (too large, cut off): the chunk being written lands first.
    await writing.catch(() => undefined);
    throw e;
  }
  await writing;
  // The rows have landed: fresh statistics only speed up the searches that follow, and autovacuum
  // takes them within a minute if this fails.
  await refreshPlannerStatistics(db, report.created + report.updated).catch(() => false);
  report.ms = Math.round(performance.now() - started);
  return report;
}

function pick(r: ImportReport) {
  return { received: r.received, created: r.created, updated: r.updated, rejected: r.rejected };
}

/** The format of a request body from `?format=` or its Content-Type. */
export function formatOf(
  query: ImportFormat | undefined,
  contentType: string | undefined,
): ImportFormat | null {
  if (query) return query;
  const t = (contentType ?? '').toLowerCase();
  if (/^text\/csv\b/.test(t)) return 'csv';
  if (/^application\/(x-)?ndjson\b/.test(t) || /^application\/jsonl\b/.test(t)) return 'ndjson';
  if (/^application\/json\b/.test(t)) return 'json';
  return null;
}

/** The chunks of a web stream (a request body) as an async iterable. */
export async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
