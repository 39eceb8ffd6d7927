/**
 * The ZIP of a batch of notices, written where the notices are rendered (the batch's worker thread,
 * or the calling thread when there is none) so that only finished archive bytes, in chunks of about
 * `ZIP_CHUNK_BYTES`, reach the thread that streams them out.
 */
import { Zip, ZipPassThrough } from 'fflate';
import type { NoticeDataError } from './notice-data.js';

/** What went wrong with one item of a bundle. */
export interface BundleFailure {
  name: string;
  fields: NoticeDataError['fields'];
}

/**
 * Archive bytes handed out at once: a few notices' worth, so one message and one stream chunk
 * carry several notices, and little waits in the writer.
 */
export const ZIP_CHUNK_BYTES = 256 * 1024;

/** Entries' modification time: fixed, so the same notices make the same archive. */
const MTIME = new Date('2026-01-01T00:00:00Z');

/** A file name safe in any unzip tool, ending in `.pdf`. */
function safeName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
  return clean.toLowerCase().endsWith('.pdf') ? clean : `${clean}.pdf`;
}

/**
 * Writes notices' PDFs into a ZIP in the order given, each under a unique safe name; notices that
 * could not be printed are listed in `ERRORS.txt` at the end.
 */
export class NoticeZip {
  readonly #zip: Zip;
  readonly #used = new Set<string>();
  readonly #failures: BundleFailure[] = [];
  #parts: Uint8Array[] = [];
  #size = 0;
  #error: unknown;

  constructor() {
    this.#zip = new Zip((err, chunk) => {
      if (err) this.#error ??= err;
      else {
        this.#parts.push(chunk);
        this.#size += chunk.length;
      }
    });
  }

  /** Adds a notice's PDF as `<name>.pdf` (`-2`, `-3`… when the name is taken). */
  add(name: string, pdf: Uint8Array): void {
    const safe = safeName(name);
    let unique = safe;
    for (let k = 2; this.#used.has(unique); k++) unique = safe.replace(/\.pdf$/i, `-${k}.pdf`);
    this.#used.add(unique);
    // PDFs are already compressed inside: stored as they are.
    this.#store(unique, pdf);
  }

  /** Records a notice that could not be printed, for `ERRORS.txt`. */
  fail(failure: BundleFailure): void {
    this.#failures.push(failure);
  }

  /** Writes `ERRORS.txt` (the failures, then `notes`) if there is anything to list, and the directory. */
  end(notes: readonly string[]): void {
    if (this.#failures.length || notes.length) {
      const text = [
        ...this.#failures.map((f) => `${f.name}: ${f.fields.map((x) => `${x.path} ${x.code}`).join(', ')}`),
        ...notes,
      ].join('\n');
      this.#store('ERRORS.txt', new TextEncoder().encode(`${text}\n`), false);
    }
    this.#zip.end();
    if (this.#error !== undefined) throw this.#error;
  }

  /** The bytes written since the last call, as one array, once there are at least `min`; else null. */
  take(min = ZIP_CHUNK_BYTES): Uint8Array | null {
    if (!this.#size || this.#size < min) return null;
    const out = new Uint8Array(this.#size);
    let at = 0;
    for (const p of this.#parts) {
      out.set(p, at);
      at += p.length;
    }
    this.#parts = [];
    this.#size = 0;
    return out;
  }

  #store(name: string, bytes: Uint8Array, dated = true): void {
    const entry = new ZipPassThrough(name);
    if (dated) entry.mtime = MTIME;
    this.#zip.add(entry);
    entry.push(bytes, true);
    if (this.#error !== undefined) throw this.#error;
  }
}
