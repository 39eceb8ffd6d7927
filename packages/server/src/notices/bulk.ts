/**
 * Many notices at once: a ZIP of PDFs streamed one notice at a time (memory stays flat however
 * many positions there are), or one merged PDF (held in memory, hence capped).
 *
 * The ZIP's notices are rendered in a worker thread with a bounded heap. Rendering allocates some
 * megabytes per notice, all of it garbage once the PDF is out; on the main thread V8 lets that
 * garbage grow the young generation to its maximum (≈ 130 MB) and the old one with it, so a
 * 10,000-notice batch took the process near 400 MB. In the worker the heap stays within
 * `WORKER_LIMITS`, and the server's event loop keeps answering while a batch renders.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Zip, ZipPassThrough } from 'fflate';
import { type NoticeData, NoticeDataError } from './notice-data.js';
import type { WorkerAnswer, WorkerRequest } from './notice-worker.js';
import { MergedNotices, renderNotice } from './render.js';

/** One notice to put in a bundle, with the file name it gets in the ZIP. */
export interface BundleItem {
  name: string;
  data: NoticeData;
}

/** Largest merged PDF (≈ 1–2 pages each): beyond it, use the ZIP. */
export const MAX_MERGED_NOTICES = 500;

/** What went wrong with one item of a bundle. */
export interface BundleFailure {
  name: string;
  fields: { path: string; code: string; message: string }[];
}

/**
 * Heap of the rendering worker: a young generation of 16 MB (scavenged every few notices) and an
 * old one of 64 MB, twice what the worker keeps alive (fonts, caches, the notice in hand).
 */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 64 } as const;

/** Notices sent to the worker ahead of the one the ZIP waits for (the main thread reads the next meanwhile). */
const AHEAD = 2;

/** Renders one notice: resolves to its PDF, or throws `NoticeDataError`. */
type Render = (data: NoticeData) => Promise<Uint8Array>;

/**
 * The built worker beside this module (dist/notice-worker.js). Run from the TypeScript sources
 * (the unit tests) there is none, and notices render on the calling thread.
 */
function workerFile(): URL | null {
  const url = new URL('./notice-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

/** A rendering worker for one batch; `close()` ends it. */
function workerRenderer(file: URL): { render: Render; close: () => Promise<void> } {
  const worker = new Worker(file, { resourceLimits: WORKER_LIMITS });
  const waiting = new Map<number, { resolve: (pdf: Uint8Array) => void; reject: (e: unknown) => void }>();
  const logos = new WeakMap<Uint8Array, number>();
  let next = 0;
  let broken: unknown;
  // The worker keeps the process alive only while a notice is being rendered.
  worker.unref();
  const fail = (e: unknown) => {
    broken ??= e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (a: WorkerAnswer) => {
    const w = waiting.get(a.id);
    if (!w) return;
    waiting.delete(a.id);
    if (!waiting.size) worker.unref();
    if ('pdf' in a) w.resolve(a.pdf);
    else if ('fields' in a) w.reject(new NoticeDataError(a.fields));
    else w.reject(new Error(`notice rendering failed: ${a.error}`));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`notice worker stopped (exit code ${code})`)));
  const render: Render = (data) =>
    new Promise((resolve, reject) => {
      if (broken !== undefined) return reject(broken);
      const id = next++;
      const req: WorkerRequest = { id, data };
      const logo = data.entity.logo;
      if (logo) {
        // The same bytes are sent once; later notices name them by number.
        let logoId = logos.get(logo.bytes);
        const first = logoId === undefined;
        if (first) logos.set(logo.bytes, (logoId = next++));
        req.data = { ...data, entity: { ...data.entity, logo: null } };
        req.logo = { id: logoId!, type: logo.type, ...(first ? { bytes: logo.bytes } : {}) };
      }
      waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage(req);
    });
  return {
    render,
    close: async () => {
      broken ??= new Error('notice worker closed');
      await worker.terminate();
    },
  };
}

function safeName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
  return clean.toLowerCase().endsWith('.pdf') ? clean : `${clean}.pdf`;
}

/**
 * A ZIP of notices as a byte stream. Each notice is rendered when the consumer asks for more, so a
 * slow client slows the rendering instead of filling memory. Notices that fail validation are left
 * out and listed in `ERRORS.txt` at the end of the archive.
 * @example return new Response(noticesZip(items), { headers: { 'content-type': 'application/zip' } });
 */
export function noticesZip(
  items: AsyncIterable<BundleItem> | Iterable<BundleItem>,
  opts: { onFailure?: (f: BundleFailure) => void; notes?: () => string[] } = {},
): ReadableStream<Uint8Array> {
  const iterator =
    Symbol.asyncIterator in items
      ? (items as AsyncIterable<BundleItem>)[Symbol.asyncIterator]()
      : (items as Iterable<BundleItem>)[Symbol.iterator]();
  const failures: BundleFailure[] = [];
  const used = new Set<string>();
  let zip: Zip;
  let pending: Uint8Array[] = [];
  let finished = false;
  let failed: unknown;
  const file = workerFile();
  const renderer = file ? workerRenderer(file) : null;
  const render: Render = renderer ? renderer.render : (data) => renderNotice(data);
  /** Notices asked for and not yet in the ZIP, in input order. */
  const ahead: { name: string; pdf: Promise<Uint8Array> }[] = [];
  let inputDone = false;
  const add = (name: string, bytes: Uint8Array) => {
    let unique = name;
    for (let k = 2; used.has(unique); k++) unique = name.replace(/\.pdf$/i, `-${k}.pdf`);
    used.add(unique);
    // PDFs are already compressed inside: store them.
    const entry = new ZipPassThrough(unique);
    entry.mtime = new Date('2026-01-01T00:00:00Z');
    zip.add(entry);
    entry.push(bytes, true);
  };
  /** Asks for notices until `AHEAD` are on their way (one when rendering on this thread). */
  const fill = async () => {
    while (!inputDone && ahead.length < (renderer ? AHEAD : 1)) {
      const next = await iterator.next();
      if (next.done) {
        inputDone = true;
        break;
      }
      const pdf = render(next.value.data);
      // Awaited in order below; a rejection must not count as unhandled meanwhile.
      pdf.catch(() => undefined);
      ahead.push({ name: next.value.name, pdf });
    }
  };
  const end = () => {
    const notes = opts.notes?.() ?? [];
    if (failures.length || notes.length) {
      const text = [
        ...failures.map((f) => `${f.name}: ${f.fields.map((x) => `${x.path} ${x.code}`).join(', ')}`),
        ...notes,
      ].join('\n');
      const entry = new ZipPassThrough('ERRORS.txt');
      zip.add(entry);
      entry.push(new TextEncoder().encode(`${text}\n`), true);
    }
    zip.end();
  };
  return new ReadableStream<Uint8Array>({
    start() {
      zip = new Zip((err, chunk, final) => {
        if (err) failed = err;
        else pending.push(chunk);
        if (final) finished = true;
      });
    },
    async pull(controller) {
      try {
        // Render until the ZIP has produced something to hand out, or the input is over.
        while (!pending.length && !finished && failed === undefined) {
          await fill();
          const item = ahead.shift();
          if (!item) {
            end();
            break;
          }
          try {
            add(safeName(item.name), await item.pdf);
          } catch (e) {
            if (!(e instanceof NoticeDataError)) throw e;
            const f = { name: item.name, fields: e.fields };
            failures.push(f);
            opts.onFailure?.(f);
          }
        }
      } catch (e) {
        failed ??= e;
      }
      if (failed !== undefined) {
        await renderer?.close();
        controller.error(failed);
        return;
      }
      for (const chunk of pending) controller.enqueue(chunk);
      pending = [];
      if (finished) {
        await renderer?.close();
        controller.close();
      }
    },
    async cancel() {
      await renderer?.close();
      await iterator.return?.();
    },
  });
}

/**
 * Many notices in one PDF; throws `RangeError` above `MAX_MERGED_NOTICES`. Notices that fail
 * validation are skipped and reported through `onFailure`.
 */
export async function mergedNoticesPdf(
  items: AsyncIterable<BundleItem> | Iterable<BundleItem>,
  opts: { onFailure?: (f: BundleFailure) => void; max?: number } = {},
): Promise<{ pdf: Uint8Array; count: number }> {
  const merged = new MergedNotices();
  const max = opts.max ?? MAX_MERGED_NOTICES;
  let seen = 0;
  for await (const item of items) {
    if (++seen > max) throw new RangeError(`more than ${max} notices for one PDF`);
    try {
      await merged.add(item.data);
    } catch (e) {
      if (!(e instanceof NoticeDataError)) throw e;
      opts.onFailure?.({ name: item.name, fields: e.fields });
    }
  }
  return { pdf: await merged.save(), count: merged.count };
}
