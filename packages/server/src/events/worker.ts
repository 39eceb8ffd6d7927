/**
 * The outbox loops each server process runs (webhook deliveries, queued mails): a round as soon as
 * the last one found work, else every `WEBHOOK_POLL_MS`. Processes share nothing but the database
 * (rounds claim with conditional updates), so one or many may run.
 */
import type { Logger } from '../log/logger.js';

export interface OutboxWorker {
  /**
   * Stops the loop: the round in progress is told to stop (its signal aborts), finishes the items
   * in flight, gives back the ones it claimed and has not started, and is waited for.
   */
  stop(): Promise<void>;
}

/**
 * Starts a loop over `round`, which answers how many items it attempted.
 * @example const worker = startOutboxWorker('webhook delivery', async (signal) => (await deliverOnce(deps, 200, signal)).attempted, 1000, logger);
 */
export function startOutboxWorker(
  name: string,
  round: (signal: AbortSignal) => Promise<number>,
  pollMs: number,
  logger: Logger,
): OutboxWorker {
  let stopped = false;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = once();
    }, ms);
    timer.unref();
  };
  const once = async () => {
    let busy = false;
    try {
      busy = (await round(stopping.signal)) > 0;
    } catch (e) {
      logger.error(`${name} round failed`, { error: String(e) });
    }
    schedule(busy ? 0 : pollMs);
  };
  schedule(0);
  return {
    stop: async () => {
      stopped = true;
      stopping.abort();
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
