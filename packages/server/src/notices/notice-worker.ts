/**
 * The worker thread of one notice ZIP (see `bulk.ts`): renders the notices it is sent, one at a time
 * in the order sent, writes them into the ZIP, and answers each with the archive bytes written so
 * far once they reach `ZIP_CHUNK_BYTES` (transferred, not copied), or with the reasons the notice is
 * not printable. The last request ends the archive and takes its remaining bytes.
 * Logos arrive once per batch and are then referred to by number, so each one is parsed or embedded
 * from the same bytes every time (the renderer caches by their identity).
 */
import { parentPort } from 'node:worker_threads';
import { type NoticeData, NoticeDataError } from './notice-data.js';
import { renderNotice } from './render.js';
import { NoticeZip } from './zip.js';

/**
 * A notice to put in the ZIP as `<name>.pdf`; `logo` replaces `data.entity.logo`: bytes the first
 * time, then their number. Or the end of the archive, with the lines `ERRORS.txt` adds after the
 * notices that could not be printed.
 */
export type WorkerRequest =
  | {
      id: number;
      name: string;
      data: NoticeData;
      logo?: { id: number; type: 'png' | 'jpg' | 'svg'; bytes?: Uint8Array };
    }
  | { id: number; end: string[] };

/**
 * `bytes`: archive bytes to stream out (null: none yet); `fields`: why the notice was left out;
 * `error`: rendering failed for another reason, and the archive cannot go on.
 */
export type WorkerAnswer =
  | { id: number; bytes: Uint8Array | null; fields?: NoticeDataError['fields'] }
  | { id: number; error: string };

const logos = new Map<number, Uint8Array>();
const zip = new NoticeZip();
let queue = Promise.resolve();

parentPort?.on('message', (req: WorkerRequest) => {
  // In order: each notice goes into the archive after the one sent before it.
  queue = queue.then(async () => {
    const a = await answer(req);
    parentPort!.postMessage(a, 'bytes' in a && a.bytes ? [a.bytes.buffer as ArrayBuffer] : []);
  });
});

async function answer(req: WorkerRequest): Promise<WorkerAnswer> {
  try {
    if ('end' in req) {
      zip.end(req.end);
      return { id: req.id, bytes: zip.take(0) };
    }
    const data = req.data;
    if (req.logo) {
      if (req.logo.bytes) logos.set(req.logo.id, req.logo.bytes);
      const bytes = logos.get(req.logo.id);
      if (bytes) data.entity = { ...data.entity, logo: { type: req.logo.type, bytes } };
    }
    let fields: NoticeDataError['fields'] | undefined;
    try {
      zip.add(req.name, await renderNotice(data));
    } catch (e) {
      if (!(e instanceof NoticeDataError)) throw e;
      fields = e.fields;
      zip.fail({ name: req.name, fields });
    }
    return { id: req.id, bytes: zip.take(), ...(fields ? { fields } : {}) };
  } catch (e) {
    return { id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}
