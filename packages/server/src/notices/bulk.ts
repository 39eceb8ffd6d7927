/**
 * Many notices at once: a ZIP of PDFs streamed a chunk at a time (memory stays flat however many
 * positions there are), rendered and written in a worker thread, or one merged PDF (held in memory,
 * hence capped).
 */
import { existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type NoticeData, NoticeDataError } from './notice-data.js';
import type { WorkerAnswer, WorkerRequest } from './notice-worker.js';
import { MergedNotices, renderNotice } from './render.js';
import { type BundleFailure, NoticeZip } from './zip.js';

export type { BundleFailure } from './zip.js';

/** One notice to put in a bundle, with the file name it gets in the ZIP. */
export interface BundleItem {
  name: string;
  data: NoticeData;
}

/** Largest merged PDF (≈ 1–2 pages each): beyond it, use the ZIP. */
export const MAX_MERGED_NOTICES = 500;

/**
 * Heap of the rendering worker: a young generation of 8 MB (scavenged every notice or two: 10 MB
 * less RSS than 16 MB at the same rate) and an old one of 64 MB, twice what the worker keeps alive
 * (fonts, caches, the notice in hand).
 */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 } as const;

/** Notices sent to the worker ahead of the one the ZIP waits for (the main thread reads the next meanwhile). */
const AHEAD = 2;

/** A notice written into the ZIP: archive bytes ready to stream out, and why it was left out if it was. */
interface Added {
  bytes: Uint8Array | null;
  fields?: BundleFailure['fields'];
}

/**
 * Where a batch's ZIP is written. `add` renders a notice into it (notices go in in the order added)
 * and throws on anything but a notice that cannot be printed; `end` writes `ERRORS.txt` and the
 * directory and resolves with the last bytes; `close` frees what it holds.
 */
interface ZipMaker {
  /** Notices added before the first is awaited. */
  ahead: number;
  add(name: string, data: NoticeData): Promise<Added>;
  end(notes: string[]): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

/**
 * The built worker beside this module (dist/notice-worker.js). Run from the TypeScript sources
 * (the unit tests) there is none, and notices render on the calling thread.
 */
function workerFile(): URL | null {
  const url = new URL('./notice-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

/** The ZIP rendered and written in a worker thread of its own; `close()` ends the thread. */
function workerZip(file: URL): ZipMaker {
  const worker = new Worker(file, { resourceLimits: WORKER_LIMITS });
  const waiting = new Map<number, { resolve: (a: Added) => void; reject: (e: unknown) => void }>();
  const logos = new WeakMap<Uint8Array, number>();
  let next = 0;
  let broken: unknown;
  // The worker keeps the process alive only while it has a request in hand.
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
    if ('error' in a) w.reject(new Error(`notice rendering failed: ${a.error}`));
    else w.resolve(a);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`notice worker stopped (exit code ${code})`)));
  const send = (req: WorkerRequest) =>
    new Promise<Added>((resolve, reject) => {
      if (broken !== undefined) return reject(broken);
      waiting.set(req.id, { resolve, reject });
      worker.ref();
      worker.postMessage(req);
    });
  return {
    ahead: AHEAD,
    add: (name, data) => {
      const req: WorkerRequest = { id: next++, name, data };
      const logo = data.entity.logo;
      if (logo) {
        // The same bytes are sent once; later notices name them by number.
        let logoId = logos.get(logo.bytes);
        const first = logoId === undefined;
        if (first) logos.set(logo.bytes, (logoId = next++));
        req.data = { ...data, entity: { ...data.entity, logo: null } };
        req.logo = { id: logoId!, type: logo.type, ...(first ? { bytes: logo.bytes } : {}) };
      }
      return send(req);
    },
    end: async (notes) => (await send({ id: next++, end: notes })).bytes,
    close: async () => {
      broken ??= new Error('notice worker closed');
      await worker.terminate();
    },
  };
}

/**
 * The ZIP rendered and written on the calling thread. One notice per turn of the event loop, as
 * the worker's answers come: requests and sockets are served between notices (a client that went
 * away is seen before the next one), not after the whole batch when the socket takes every chunk.
 */
function threadZip(): ZipMaker {
  const zip = new NoticeZip();
  return {
    ahead: 1,
    add: async (name, data) => {
      await new Promise((resolve) => setImmediate(resolve));
      try {
        zip.add(name, await renderNotice(data));
        return { bytes: zip.take() };
      } catch (e) {
        if (!(e instanceof NoticeDataError)) throw e;
        zip.fail({ name, fields: e.fields });
        return { bytes: zip.take(), fields: e.fields };
      }
    },
    end: async (notes) => {
      zip.end(notes);
      return zip.take(0);
    },
    close: async () => undefined,
  };
}

/**
 * A ZIP of notices as a byte stream. Notices are rendered when the consumer asks for more, so a
 * slow client slows the rendering instead of filling memory. Notices that fail validation are left
 * out and listed in `ERRORS.txt` at the end of the archive; any other rendering error ends the
 * stream with an error.
 *
 * The ZIP is rendered and written in a worker thread with a bounded heap. Rendering allocates some
 * megabytes per notice, all of it garbage once the PDF is out; on the main thread V8 lets that
 * garbage grow the young generation to its maximum (≈ 130 MB) and the old one with it, so a
 * 10,000-notice batch took the process near 400 MB. In the worker the heap stays within
 * `WORKER_LIMITS`, the server's event loop keeps answering while a batch renders, and what reaches
 * the main thread is the archive's bytes in chunks of a few hundred kilobytes, each handed to the
 * stream as it arrives (one chunk waits at most).
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
  const file = workerFile();
  const maker = file ? workerZip(file) : threadZip();
  /** Notices added and not yet awaited, in input order. */
  const ahead: { name: string; added: Promise<Added> }[] = [];
  let inputDone = false;
  let closed = false;
  /** Adds notices until `maker.ahead` are on their way. */
  const fill = async () => {
    while (!inputDone && ahead.length < maker.ahead) {
      const next = await iterator.next();
      if (next.done) {
        inputDone = true;
        break;
      }
      const added = maker.add(next.value.name, next.value.data);
      // Awaited in order below; a rejection must not count as unhandled meanwhile.
      added.catch(() => undefined);
      ahead.push({ name: next.value.name, added });
    }
  };
  const close = async () => {
    if (closed) return;
    closed = true;
    await maker.close();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        // Add notices until the ZIP has bytes to hand out, or the input is over.
        for (;;) {
          // Cancelled meanwhile (the client went away): render nothing more.
          if (closed) return;
          await fill();
          const item = ahead.shift();
          if (!item) {
            const last = await maker.end(opts.notes?.() ?? []);
            await close();
            if (last) controller.enqueue(last);
            controller.close();
            return;
          }
          const { bytes, fields } = await item.added;
          if (fields) opts.onFailure?.({ name: item.name, fields });
          if (bytes) {
            controller.enqueue(bytes);
            return;
          }
        }
      } catch (e) {
        await close();
        controller.error(e);
      }
    },
    async cancel() {
      await close();
      await iterator.return?.();
    },
  });
}

/**
 * A stream that resolves once its first chunk is there: a stream that fails before its first byte
 * rejects here instead, so an HTTP answer can still be an error with its status rather than a
 * download cut short. The returned stream hands out that chunk, then the rest; cancelling it
 * cancels the source. It reads nothing ahead.
 */
export async function whenStarted<T>(stream: ReadableStream<T>): Promise<ReadableStream<T>> {
  const reader = stream.getReader();
  let first: ReadableStreamReadResult<T>;
  try {
    first = await reader.read();
  } catch (e) {
    reader.releaseLock();
    throw e;
  }
  let pending: ReadableStreamReadResult<T> | null = first;
  let cancelled = false;
  return new ReadableStream<T>(
    {
      async pull(controller) {
        const r = pending ?? (await reader.read());
        pending = null;
        // A read that ended because of a cancel finds this stream closed already.
        if (cancelled) return;
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      },
      cancel: (reason) => {
        cancelled = true;
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The error of an output closed before the whole stream was written to it (an HTTP client gone). */
function closedEarly(): Error {
  return Object.assign(new Error('output closed before the end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/**
 * Writes a `noticesZip` stream to a file or to Node's answer to an HTTP request, with backpressure
 * (the next chunk is asked for once the output takes more: `write` returned true, or 'drain'), and
 * frees each chunk's memory as soon as it is written. The chunks arrive from the worker as buffers
 * of their own that nothing else holds; left to the garbage collector, they would pile up on the
 * main thread until V8's external memory limit (some 64 MB) starts a collection, since that thread
 * allocates almost nothing else meanwhile.
 *
 * An output closed before the end (an HTTP client that went away) cancels the stream at once, which
 * ends its worker, and rejects with an error whose code is `ERR_STREAM_PREMATURE_CLOSE`. On any
 * failure the output is destroyed, never ended: a file or download cut short, never one that looks
 * complete.
 */
export async function writeNoticesZip(stream: ReadableStream<Uint8Array>, out: Writable): Promise<void> {
  const reader = stream.getReader();
  let failed: unknown;
  let cancelled: Promise<void> | undefined;
  /** Wakes the loop waiting for 'drain'. */
  let wake: (() => void) | undefined;
  const stop = (e: unknown) => {
    if (failed !== undefined) return;
    failed = e;
    // A read in progress ends at once (done) and the worker stops.
    cancelled = reader.cancel(e).catch(() => undefined);
    wake?.();
  };
  const onError = (e: unknown) => stop(e);
  const onClose = () => {
    if (!out.writableFinished) stop(closedEarly());
  };
  const onDrain = () => wake?.();
  out.on('error', onError);
  out.on('close', onClose);
  out.on('drain', onDrain);
  /** Frees a chunk once the output is done with it (the bytes are in the file or the socket). */
  const written = (chunk: Uint8Array) => (e?: Error | null) => {
    if (!e && chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength)
      (chunk.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer }).transfer?.(0);
  };
  try {
    if (out.destroyed) stop(closedEarly());
    for (;;) {
      const { done, value } = await reader.read();
      if (failed !== undefined) throw failed;
      if (done) break;
      if (!out.write(value, written(value))) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (failed !== undefined || out.destroyed) resolve();
        });
        wake = undefined;
        if (failed !== undefined) throw failed;
        if (out.destroyed) throw closedEarly();
      }
    }
    out.end();
    await finished(out);
  } catch (e) {
    failed ??= e;
    await (cancelled ?? reader.cancel(failed).catch(() => undefined));
    // Without an error: it is thrown here, not emitted again where no one listens.
    out.destroy();
    throw failed;
  } finally {
    out.off('error', onError);
    out.off('close', onClose);
    out.off('drain', onDrain);
  }
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
