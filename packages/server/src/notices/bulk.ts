/**
 * Many notices at once: a ZIP of PDFs streamed one notice at a time (memory stays flat however
 * many positions there are), or one merged PDF (held in memory, hence capped).
 */
import { Zip, ZipPassThrough } from 'fflate';
import { type NoticeData, NoticeDataError } from './notice-data.js';
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
  return new ReadableStream<Uint8Array>({
    start() {
      zip = new Zip((err, chunk, final) => {
        if (err) failed = err;
        else pending.push(chunk);
        if (final) finished = true;
      });
    },
    async pull(controller) {
      // Render until the ZIP has produced something to hand out, or the input is over.
      while (!pending.length && !finished && failed === undefined) {
        const next = await iterator.next();
        if (next.done) {
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
          break;
        }
        const item = next.value;
        try {
          add(safeName(item.name), await renderNotice(item.data));
        } catch (e) {
          if (!(e instanceof NoticeDataError)) throw e;
          const f = { name: item.name, fields: e.fields };
          failures.push(f);
          opts.onFailure?.(f);
        }
      }
      if (failed !== undefined) {
        controller.error(failed);
        return;
      }
      for (const chunk of pending) controller.enqueue(chunk);
      pending = [];
      if (finished) controller.close();
    },
    async cancel() {
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
