/**
 * Import jobs: the console uploads a file, the server answers at once with a job and imports it in
 * the background through the same path as `POST /positions/import` (importPositions: whole chunks,
 * one transaction each, a rejected row writes nothing), writing the progress to the job's row after
 * each chunk. Any process of the server answers the job's state, since it is in the database. A job
 * whose process stopped mid-import stays `running`: the chunks written so far are whole positions,
 * and importing the file again (upsert by IUPD) finishes it.
 */
import { randomBytes } from 'node:crypto';
import type { ImportJob, ImportReport, Lang } from '@pagatore/sdk';
import { ApiError } from '../core/errors.js';
import { messageOf } from '../core/messages.js';
import type { Db } from '../db/database.js';
import type { EntityRow } from '../db/schema/index.js';
import type { ImportJobsTable } from '../db/schema/positions.js';
import { type ImportFormat, type ImportProgress, importPositions } from './import.js';

/** Positions a chunk in a console import: small enough for the progress bar to move. */
const JOB_CHUNK = 200;

const running = new Set<Promise<void>>();

/** Resolves when every import started by this process has ended (tests, shutdown). */
export async function settleImports(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}

type JobRow = Omit<ImportJobsTable, 'created_at'> & { created_at: string };

function toView(r: JobRow): ImportJob {
  return {
    id: r.id,
    status: r.status,
    format: r.format,
    totalBytes: Number(r.total_bytes),
    bytes: Number(r.bytes),
    received: Number(r.received),
    created: Number(r.created),
    updated: Number(r.updated),
    rejected: Number(r.rejected),
    report: r.report ? (JSON.parse(r.report) as ImportReport) : null,
    error: r.error ? (JSON.parse(r.error) as ImportJob['error']) : null,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

/**
 * Starts importing an uploaded file (already read whole: its size is the progress bar's end) and
 * returns the job as it starts.
 * @example const job = await startImport(db, entity, [bytes], { format: 'csv', lang: 'it', now });
 */
export async function startImport(
  db: Db,
  entity: EntityRow,
  upload: Uint8Array[],
  opts: { format: ImportFormat; lang: Lang; now: () => Date },
): Promise<ImportJob> {
  const totalBytes = upload.reduce((n, b) => n + b.byteLength, 0);
  const row: JobRow = {
    id: `imp_${randomBytes(12).toString('hex')}`,
    entity_code: entity.code,
    status: 'running',
    format: opts.format,
    total_bytes: totalBytes,
    bytes: 0,
    received: 0,
    created: 0,
    updated: 0,
    rejected: 0,
    report: null,
    error: null,
    created_at: opts.now().toISOString(),
    finished_at: null,
  };
  await db.insertInto('import_jobs').values(row).execute();
  const job = run(db, entity, row.id, upload, opts);
  running.add(job);
  void job.finally(() => running.delete(job));
  return toView(row);
}

async function run(
  db: Db,
  entity: EntityRow,
  id: string,
  upload: Uint8Array[],
  opts: { format: ImportFormat; lang: Lang; now: () => Date },
): Promise<void> {
  // Progress writes go one after the other, each after its chunk's transaction.
  let progress = Promise.resolve();
  const onProgress = (p: ImportProgress) => {
    progress = progress.then(() =>
      db
        .updateTable('import_jobs')
        .set({
          bytes: p.bytes,
          received: p.received,
          created: p.created,
          updated: p.updated,
          rejected: p.rejected,
        })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .execute()
        .then(
          () => undefined,
          () => undefined,
        ),
    );
  };
  async function* bytes(): AsyncGenerator<Uint8Array> {
    yield* upload;
  }
  let end: Partial<Omit<JobRow, 'created_at' | 'id'>>;
  try {
    const report = await importPositions(db, entity, bytes(), {
      format: opts.format,
      lang: opts.lang,
      now: opts.now,
      chunkSize: JOB_CHUNK,
      onProgress,
    });
    end = {
      status: 'done',
      bytes: Number(upload.reduce((n, b) => n + b.byteLength, 0)),
      received: report.received,
      created: report.created,
      updated: report.updated,
      rejected: report.rejected,
      report: JSON.stringify(report),
    };
  } catch (e) {
    const error =
      e instanceof ApiError
        ? { code: e.code, message: e.detail ?? messageOf(e.code, opts.lang), fields: e.fields ?? [] }
        : { code: 'internal', message: messageOf('internal', opts.lang), fields: [] };
    end = { status: 'failed', error: JSON.stringify(error) };
  }
  await progress;
  await db
    .updateTable('import_jobs')
    .set({ ...end, finished_at: opts.now().toISOString() })
    .where('id', '=', id)
    .execute();
}

/** An entity's import job, or null (another entity's job is not found either). */
export async function findImport(db: Db, entityCode: string, id: string): Promise<ImportJob | null> {
  const row = await db
    .selectFrom('import_jobs')
    .selectAll()
    .where('entity_code', '=', entityCode)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toView(row) : null;
}
