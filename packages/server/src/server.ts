/**
 * Starts Pagatore: opens and migrates the database, builds the app, listens. Used by the CLI and
 * by tests (port 0 on 127.0.0.1).
 */
import { eraseExpiredPaymentData, RETENTION_INTERVAL_MS } from './privacy/retention.js';
import { type ServerType, serve } from '@hono/node-server';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type RequestListener,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { messageOf } from './core/messages.js';
import { createApp, type AppParts } from './app.js';
import { type QuickHandler, quickHandler } from './http/quick.js';
import { practiceSearchQuick } from './routes/practices/search-quick.js';
import type { Config } from './config/index.js';
import { type DatabaseHandle, migrate, openDatabase } from './db/database.js';
import type { AppDeps } from './core/deps.js';
import { createLogger, type Logger } from './log/logger.js';
import { expireDuePayments } from './payments/payments.js';
import { deliverDueSandboxReceipts } from './payments/sandbox.js';
import { VERSION } from './version.js';
import { mailReceipt } from './receipts/mail.js';
import { sendDueMails } from './events/mail-outbox.js';
import { mailIdentityLink } from './identity/link-mail.js';
import { startOutboxWorker } from './events/worker.js';
import { IO_REMINDERS_INTERVAL_MS, queueIoReminders, sendDueIoMessages } from './outbound/io/outbox.js';
import { deliverOnce } from './webhooks/deliveries.js';
import { syncGpdOnce } from './gpd/sync.js';
import { GPD_RECEIPTS_INTERVAL_MS, pollAllGpdReceipts } from './gpd/receipts.js';
import { runDueReconciliations } from './reconciliation/job.js';
import { REMINDER_POLL_MS, runDueReminders } from './reminders/job.js';
import { mailReminder } from './reminders/mail.js';

/** How often each process looks for entities whose reconciliation run is due. */
const RECONCILIATION_POLL_MS = 60_000;

export interface RunningServer {
  url: string;
  port: number;
  deps: AppDeps;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** PEM material to serve HTTPS; `ca` asks clients for a certificate (the pagoPA node's mutual TLS). */
export interface TlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
  ca?: string | Buffer;
}

/** TLS options from the configuration's files, or undefined for plain HTTP. */
export function tlsFromConfig(config: Pick<Config, 'tlsCertFile' | 'tlsKeyFile' | 'tlsClientCaFile'>) {
  if (!config.tlsCertFile || !config.tlsKeyFile) return undefined;
  return {
    cert: readFileSync(config.tlsCertFile),
    key: readFileSync(config.tlsKeyFile),
    ...(config.tlsClientCaFile ? { ca: readFileSync(config.tlsClientCaFile) } : {}),
  };
}

/**
 * A request Node cannot parse (request line, header syntax, header size, Content-Length, a body cut
 * short by the client) never reaches the app, or reaches it without its body: answer it with the
 * API's error body (`400 bad_request`) instead of Node's bare status line, and close. When the bytes
 * that cannot be parsed follow a complete request whose answer is still being written, that answer
 * is the one the client gets: the connection closes after it.
 */
function answerUnparsable(server: ServerType): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const pending = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (pending && pending.req?.complete && !pending.writableFinished) {
      pending.once('finish', () => socket.destroy());
      pending.once('close', () => socket.destroy());
      return;
    }
    if (err.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
      socket.destroy();
      return;
    }
    const requestId = randomUUID();
    const body = JSON.stringify({
      error: { code: 'bad_request', message: messageOf('bad_request', 'it'), requestId },
    });
    socket.write(
      'HTTP/1.1 400 Bad Request\r\n' +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
    socket.destroy();
  });
}

/** Listens on a host and port (HTTPS with `tls`); resolves with the bound address. */
export function listen(
  fetch: (req: Request) => Response | Promise<Response>,
  host: string,
  port: number,
  tls?: TlsOptions,
  quick?: QuickHandler,
): Promise<{ server: ServerType; port: number }> {
  // The quick routes see each request first; what they do not take goes to the app.
  const before = <C extends (options: never, listener: RequestListener) => HttpServer>(create: C): C =>
    (quick
      ? (options: never, listener: RequestListener) =>
          create(options, (req, res) => quick(req, res) || void listener(req, res))
      : create) as C;
  return new Promise((resolve, reject) => {
    const done = (info: AddressInfo) => resolve({ server, port: info.port });
    const server = tls
      ? serve(
          {
            fetch,
            hostname: host,
            port,
            createServer: before(createHttpsServer),
            // Clients without a certificate (browsers) are still served: only /pagopa/node checks it.
            serverOptions: {
              cert: tls.cert,
              key: tls.key,
              ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: false } : {}),
            },
          },
          done,
        )
      : serve({ fetch, hostname: host, port, createServer: before(createHttpServer) }, done);
    answerUnparsable(server);
    drainOnClose(server);
    server.once('error', reject);
  });
}

/** Servers being closed: their answers end the connection. */
const draining = new WeakSet<ServerType>();
/** Each server's answers not yet finished. */
const unanswered = new WeakMap<ServerType, Set<ServerResponse>>();

type Connections = { closeIdleConnections?: () => void; closeAllConnections?: () => void };

/**
 * While a server closes, every answer carries `Connection: close` (also those already being
 * computed) and its connection is closed once the answer is written, so keep-alive clients (a load
 * balancer) take their next request elsewhere instead of finding the connection gone.
 */
function drainOnClose(server: ServerType): void {
  const open = new Set<ServerResponse>();
  unanswered.set(server, open);
  server.on('request', (_req: unknown, res: ServerResponse) => {
    open.add(res);
    if (draining.has(server)) res.setHeader('connection', 'close');
    res.once('close', () => {
      open.delete(res);
      if (draining.has(server))
        setImmediate(() => (server as unknown as Connections).closeIdleConnections?.());
    });
  });
}

/**
 * Closes an HTTP server gracefully: it stops accepting connections at once, idle keep-alive
 * connections close, requests in flight are answered (with `Connection: close`); those still running
 * after `graceMs` have their connections cut. Resolves when every connection is closed.
 */
export function closeServer(server: ServerType, graceMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    draining.add(server);
    for (const res of unanswered.get(server) ?? [])
      if (!res.headersSent) res.setHeader('connection', 'close');
    server.close(() => resolve());
    const s = server as unknown as Connections;
    s.closeIdleConnections?.();
    setTimeout(() => s.closeAllConnections?.(), graceMs).unref();
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
    /** false: every request goes through the app (the quick routes' equivalence tests). */
    quickRoutes?: boolean;
  } = {},
): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    checkpointInBackground: true,
  });
  if (database.checkpointer)
    database.checkpointer.onCheckpoint = (r) => {
      if ('error' in r) logger.warn('wal checkpoint failed', { error: r.error });
    };
  const applied = await migrate(database.db);
  if (applied.length) logger.info('migrations applied', { applied });
  const deps: AppDeps = {
    config,
    db: database.db,
    logger,
    now: opts.now ?? (() => new Date()),
    version: VERSION,
  };
  await opts.beforeListen?.(deps);
  const app = createApp(deps, opts.parts?.(deps));
  const tls = tlsFromConfig(config);
  const quick = opts.quickRoutes === false ? undefined : quickHandler(deps, [practiceSearchQuick(deps)]);
  const { server, port } = await listen(app.fetch, config.host, config.port, tls, quick);
  // Payments without a receipt past PAYMENT_TTL expire and free their practices; every process
  // may run this (each payment ends by a conditional update, once), and reads expire lazily too.
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
          deliverDueSandboxReceipts(deps.db, deps.now()).catch((e: unknown) =>
            logger.error('sandbox receipt delivery failed', { error: String(e) }),
          );
        }, 500)
      : null;
  sandbox?.unref();
  // The outbox: webhook deliveries and queued mails (receipts, identity links), each in its own loop so a slow SMTP
  // server does not hold webhooks back. Every process may run them (claims are conditional updates).
  const webhooks = startOutboxWorker(
    'webhook delivery',
    async (signal) => (await deliverOnce(deps, 200, signal)).attempted,
    config.webhookPollMs,
    logger,
  );
  const mails = startOutboxWorker(
    'mail',
    async (signal) =>
      (
        await sendDueMails(
          deps,
          {
            receipt: (id) => mailReceipt(deps, id),
            identity_link: (id) => mailIdentityLink(deps, id),
            reminder: (id) => mailReminder(deps, id),
          },
          50,
          signal,
        )
      ).attempted,
    config.webhookPollMs,
    logger,
  );
  // Changes of positions for pagoPA's copy (GPD), sent in order per position; every process may run it.
  const gpd = startOutboxWorker(
    'gpd sync',
    async (signal) => (await syncGpdOnce(deps, 100, signal)).attempted,
    config.webhookPollMs,
    logger,
  );
  // Messages on the IO app (new positions, reminders), claimed per message; every process may run it.
  const ioMessages = startOutboxWorker(
    'io message',
    async (signal) => (await sendDueIoMessages(deps, 50, signal)).attempted,
    config.webhookPollMs,
    logger,
  );
  // Today's reminders on IO, queued by any process as often as it likes: the reminder ledger queues
  // each once.
  const ioReminders = setInterval(() => {
    queueIoReminders(deps).catch((e: unknown) => logger.error('io reminders failed', { error: String(e) }));
  }, IO_REMINDERS_INTERVAL_MS);
  ioReminders.unref();
  // GPD's receipts read back, per entity every GPD_RECEIPTS_INTERVAL_MS, by one process at a time
  // (the entity's lease row decides which).
  const gpdReceipts = setInterval(() => {
    pollAllGpdReceipts(deps, GPD_RECEIPTS_INTERVAL_MS).catch((e: unknown) =>
      logger.error('gpd receipts read-back failed', { error: String(e) }),
    );
  }, 60_000);
  gpdReceipts.unref();
  // Payment records of closed accounts past RETENTION_YEARS lose the personal data they kept;
  // every process may run it (each record is erased by a conditional update, once).
  const retention = setInterval(() => {
    eraseExpiredPaymentData(deps.db, deps.now(), config.retentionYears)
      .then((r) => {
        if (r.receipts || r.payments) logger.info('retention: personal data erased', { ...r });
      })
      .catch((e: unknown) => logger.error('retention job failed', { error: String(e) }));
  }, RETENTION_INTERVAL_MS);
  retention.unref();
  // Reconciliation with pagoPA's reporting flows: each entity's run is claimed by one process.
  const reconciliation = startOutboxWorker(
    'reconciliation',
    (signal) => runDueReconciliations(deps, signal),
    RECONCILIATION_POLL_MS,
    logger,
  );
  // E-mail reminders of due dates: every process looks; the reminder ledger lets one claim each.
  const reminders = startOutboxWorker(
    'reminders',
    (signal) => runDueReminders(deps, signal),
    REMINDER_POLL_MS,
    logger,
  );
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const scheme = tls ? 'https' : 'http';
  logger.info('listening', { url: `${scheme}://${shownHost}:${port}`, mode: config.mode });
  return {
    url: `${scheme}://${shownHost}:${port}`,
    port,
    deps,
    database,
    // Graceful stop (SIGTERM in a rolling restart): no new connections; the requests in flight and
    // the workers' current items finish meanwhile (workers give back what they claimed and did not
    // start); then the pool closes. Claims left by a crash instead run out with their lease.
    close: async () => {
      clearInterval(expiry);
      if (sandbox) clearInterval(sandbox);
      clearInterval(gpdReceipts);
      clearInterval(ioReminders);
      clearInterval(retention);
      await Promise.all([
        closeServer(server, config.shutdownGraceMs),
        webhooks.stop(),
        mails.stop(),
        gpd.stop(),
        ioMessages.stop(),
        reconciliation.stop(),
        reminders.stop(),
      ]);
      await database.close();
      logger.info('stopped', { url: `${scheme}://${shownHost}:${port}` });
    },
  };
}
