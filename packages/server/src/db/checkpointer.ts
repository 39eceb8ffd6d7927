/**
 * SQLite's WAL checkpoints in a worker thread, off the server's event loop. By default the
 * connection that commits a transaction past 1,000 WAL pages copies the WAL into the database file
 * itself, with two fsyncs, inside that commit: on a busy portal (every citizen's search commits its
 * rate-limit hit) that is one request in a few hundred held for milliseconds, and every request
 * queued behind it on the one event loop with it. Here a worker's own connection runs a PASSIVE
 * checkpoint every `intervalMs` (it never blocks the writer, which goes on appending to the WAL,
 * nor waits for it), and the writer's own automatic checkpoint stays as a safety net at
 * `SAFETY_NET_PAGES`, should the worker fall behind or stop. Several processes on one file each
 * run one; SQLite lets one checkpoint at a time and the others find it busy.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** WAL pages past which the writer checkpoints by itself all the same (about 40 MB of 4 KB pages). */
export const SAFETY_NET_PAGES = 10_000;

/** How often the worker checkpoints. */
export const CHECKPOINT_INTERVAL_MS = 100;

// The worker's code: CommonJS, evaluated, so that it runs the same from the built package and from
// the TypeScript sources the tests load.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file, { fileMustExist: true });
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try {
    const [r] = checkpoint.all();
    if (r && r.busy === 0 && r.log > 0) parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message || e) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the worker (its connection closed). */
  stop(): Promise<void>;
  /** Called with each checkpoint that copied frames, and with the worker's errors (for tests and logs). */
  onCheckpoint?: (r: { log: number; checkpointed: number } | { error: string }) => void;
}

/**
 * Starts checkpointing `file` in a worker thread; the caller sets its own connection's
 * `wal_autocheckpoint` to `SAFETY_NET_PAGES`.
 * @example const c = startCheckpointer('/srv/pagatore.sqlite'); … await c.stop();
 */
export function startCheckpointer(file: string, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs } });
  // The process may end while it runs: it holds nothing a process exit would lose.
  worker.unref();
  const checkpointer: Checkpointer = {
    stop: async () => {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // Waited for, it must keep the event loop alive until it is gone (the caller may have
      // nothing else left running).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
  worker.on('message', (m: { log: number; checkpointed: number } | { error: string }) =>
    checkpointer.onCheckpoint?.(m),
  );
  // A worker that fails leaves the writer's safety net checkpointing, as SQLite does by default.
  worker.on('error', (e) => checkpointer.onCheckpoint?.({ error: e.message }));
  return checkpointer;
}
