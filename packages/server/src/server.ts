/**
 * Starts Pagatore: opens and migrates the database, builds the app, listens. Used by the CLI and
 * by tests (port 0 on 127.0.0.1).
 */
import { type ServerType, serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, type AppParts } from './app.js';
import type { Config } from './config/index.js';
import { type DatabaseHandle, migrate, openDatabase } from './db/database.js';
import type { AppDeps } from './http/context.js';
import { createLogger, type Logger } from './log/logger.js';
import { expireDuePayments } from './payments/payments.js';
import { deliverDueSandboxReceipts } from './payments/sandbox.js';
import { VERSION } from './version.js';
import { sendReceiptMail } from './receipts/mail.js';
import { startWebhookWorker } from './webhooks/worker.js';

export interface RunningServer {
  url: string;
  port: number;
  deps: AppDeps;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** Listens on a host and port; resolves with the bound address. */
export function listen(
  fetch: (req: Request) => Response | Promise<Response>,
  host: string,
  port: number,
): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}

/** Closes an HTTP server, ending idle keep-alive connections. */
export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    const s = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
    s.closeIdleConnections?.();
    setTimeout(() => s.closeAllConnections?.(), 2000).unref();
  });
}

/**
 * Opens the database, runs migrations, and serves the app.
 * @example const s = await startServer(loadConfig(process.env)); console.log(s.url);
 */
export async function startServer(
  config: Config,
  opts: {
    logger?: Logger;
    now?: () => Date;
    parts?: (deps: AppDeps) => AppParts;
    beforeListen?: (deps: AppDeps) => Promise<void>;
  } = {},
): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config.databaseUrl);
  const applied = await migrate(database.db);
  if (applied.length) logger.info('migrations applied', { applied });
  const deps: AppDeps = {
    config,
    db: database.db,
    dbKind: database.kind,
    logger,
    now: opts.now ?? (() => new Date()),
    version: VERSION,
  };
  await opts.beforeListen?.(deps);
  const app = createApp(deps, opts.parts?.(deps));
  const { server, port } = await listen(app.fetch, config.host, config.port);
  // Payments without a receipt past PAYMENT_TTL expire and free their practices; every process
  // may run this (conditional updates make it safe), and reads expire lazily too.
  const expiry = setInterval(() => {
    expireDuePayments(deps.db, deps.now()).catch((e: unknown) =>
      logger.error('payment expiry failed', { error: String(e) }),
    );
  }, 30_000);
  expiry.unref();
  // Demo sandbox: deliver the receipts of "paid" outcomes when due (also those chosen before a restart).
  const sandbox =
    config.paymentProvider === 'sandbox'
      ? setInterval(() => {
          deliverDueSandboxReceipts(deps.db, deps.now(), (r) => sendReceiptMail(deps, deps.db, r)).catch(
            (e: unknown) => logger.error('sandbox receipt delivery failed', { error: String(e) }),
          );
        }, 500)
      : null;
  sandbox?.unref();
  // Webhook deliveries: every process may run the loop (claims are conditional updates).
  const webhooks = startWebhookWorker(deps, config.webhookPollMs);
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  logger.info('listening', { url: `http://${shownHost}:${port}`, mode: config.mode });
  return {
    url: `http://${shownHost}:${port}`,
    port,
    deps,
    database,
    close: async () => {
      clearInterval(expiry);
      if (sandbox) clearInterval(sandbox);
      await webhooks.stop();
      await closeServer(server);
      await database.close();
    },
  };
}
