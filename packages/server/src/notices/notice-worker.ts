/**
 * The worker thread that renders the notices of a ZIP (see `bulk.ts`): one request at a time, each
 * answered with the PDF's bytes (transferred, not copied) or the reasons the notice is not printable.
 * Logos arrive once per batch and are then referred to by number, so each one is parsed or embedded
 * from the same bytes every time (the renderer caches by their identity).
 */
import { parentPort } from 'node:worker_threads';
import { type NoticeData, NoticeDataError } from './notice-data.js';
import { renderNotice } from './render.js';

/** A notice to render; `logo` replaces `data.entity.logo`: bytes the first time, then their number. */
export interface WorkerRequest {
  id: number;
  data: NoticeData;
  logo?: { id: number; type: 'png' | 'jpg' | 'svg'; bytes?: Uint8Array };
}

export type WorkerAnswer =
  | { id: number; pdf: Uint8Array }
  | { id: number; fields: NoticeDataError['fields'] }
  | { id: number; error: string };

const logos = new Map<number, Uint8Array>();

parentPort?.on('message', (req: WorkerRequest) => {
  void answer(req).then((a) => parentPort!.postMessage(a, 'pdf' in a ? [a.pdf.buffer as ArrayBuffer] : []));
});

async function answer(req: WorkerRequest): Promise<WorkerAnswer> {
  try {
    const data = req.data;
    if (req.logo) {
      if (req.logo.bytes) logos.set(req.logo.id, req.logo.bytes);
      const bytes = logos.get(req.logo.id);
      if (bytes) data.entity = { ...data.entity, logo: { type: req.logo.type, bytes } };
    }
    return { id: req.id, pdf: await renderNotice(data) };
  } catch (e) {
    if (e instanceof NoticeDataError) return { id: req.id, fields: e.fields };
    return { id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}
