/**
 * The delivery loop each server process runs: a round as soon as the last one found work, else
 * every `WEBHOOK_POLL_MS`. Processes share nothing but the database (deliveries.ts claims with
 * conditional updates), so one or many may run.
 */
import { deliverOnce, type WebhookDeps } from './deliveries.js';

export interface WebhookWorker {
  /** Stops the loop and waits for the round in progress. */
  stop(): Promise<void>;
}

/**
 * Starts the loop.
 * @example const worker = startWebhookWorker(deps, 1000); … await worker.stop();
 */
export function startWebhookWorker(deps: WebhookDeps, pollMs: number): WebhookWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round();
    }, ms);
    timer.unref();
  };
  const round = async () => {
    let busy = false;
    try {
      busy = (await deliverOnce(deps)).attempted > 0;
    } catch (e) {
      deps.logger.error('webhook delivery round failed', { error: String(e) });
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
