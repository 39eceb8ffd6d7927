/**
 * The outbox loops each server process runs (webhook deliveries, queued mails): a round as soon as
 * the last one found work, else every `WEBHOOK_POLL_MS`. Processes share nothing but the database
 * (rounds claim with conditional updates), so one or many may run.
 */
import type { Logger } from '../log/logger.js';

export interface OutboxWorker {
  /** Stops the loop and waits for the round in progress. */
  stop(): Promise<void>;
}

/**
 * Starts a loop over `round`, which answers how many items it attempted.
 * @example const worker = startOutboxWorker('webhook delivery', async () => (await deliverOnce(deps)).attempted, 1000, logger);
 */
export function startOutboxWorker(
  name: string,
  round: () => Promise<number>,
  pollMs: number,
  logger: Logger,
): OutboxWorker {
  let stopped = false;
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
      busy = (await round()) > 0;
    } catch (e) {
      logger.error(`${name} round failed`, { error: String(e) });
    }
    schedule(busy ? 0 : pollMs);
  };
  schedule(0);
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
