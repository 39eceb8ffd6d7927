/**
 * The only module that reads `process.env`. Every setting is validated at boot; production mode
 * refuses demo conveniences (sandbox payments, dev mailbox) and missing real settings.
 */
import * as v from 'valibot';

export type Mode = 'demo' | 'production';

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  /** Port of the example Comune site (demo mode only). */
  sitePort: number;
  /** Public base URL of this server, used in e-mails, return URLs and the OpenAPI document. */
  publicUrl: string;
  /** Base URL of the example site in demo mode. */
  siteUrl: string;
  databaseUrl: string;
  /** PostgreSQL connections one process keeps open at most (its pool); unused on SQLite. */
  databasePoolSize: number;
  smtpUrl: string | null;
  mailFrom: string;
  paymentProvider: 'sandbox' | 'pagopa';
  /** Seconds a payment may wait for its receipt before it expires. */
  paymentTtlSeconds: number;
  /** Maximum request body in bytes for JSON routes. */
  bodyLimitBytes: number;
  /** Maximum request body in bytes for bulk imports. */
  importLimitBytes: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Trust `X-Forwarded-For` from a reverse proxy for client addresses (rate limits, logs). */
  trustProxy: boolean;
  /** Directory with the built widget bundle served under /widgets/. */
  widgetsDir: string | null;
  /** Directory of the example site (demo mode). */
  siteDir: string | null;
  /** Demo sandbox: how long after "paid" its receipt arrives, as pagoPA's does after the redirect. */
  sandboxReceiptDelayMs: number;
  /** Citizen sessions end after this many seconds without requests. */
  sessionIdleSeconds: number;
  /** Citizen sessions end this many seconds after login, whatever the activity. */
  sessionMaxSeconds: number;
  /** Staff console sessions end after this many seconds without requests. */
  consoleIdleSeconds: number;
  /** Staff console sessions end this many seconds after login, whatever the activity. */
  consoleMaxSeconds: number;
  /** A webhook POST without an answer after this long counts as failed. */
  webhookTimeoutMs: number;
  /** Seconds a failing webhook delivery is retried (from its first attempt) before it is failed. */
  webhookRetrySeconds: number;
  /** Webhook POSTs one process sends at once. */
  webhookConcurrency: number;
  /** How often an idle process looks for webhook work. */
  webhookPollMs: number;
  /** On SIGTERM, how long requests in flight may run before their connections are cut. */
  shutdownGraceMs: number;
  /** Checkout "EC carts" URL overriding the entity's UAT/production one (tests, a local fake). */
  pagopaCheckoutUrl: string | null;
  /** Header a trusted TLS proxy sets to the node's client-certificate subject or fingerprint. */
  pagopaNodeCertHeader: string | null;
  /** Accepted values of that header (any of them). */
  pagopaNodeCertValues: string[];
  /** Addresses (or IPv4 CIDRs) the node calls from; empty for no address check. */
  pagopaNodeIps: string[];
  /** Maximum SOAP request body in bytes on /pagopa/node. */
  pagopaSoapLimitBytes: number;
  /** PEM files to serve HTTPS directly (without a TLS proxy); null for plain HTTP. */
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
  /** CA (PEM) of client certificates: the node's mutual TLS checked by this server itself. */
  tlsClientCaFile: string | null;
  /** Encrypts the private parts of the entities' identity keys in the database; null: stored plain. */
  identityKeySecret: string | null;
  /** The entity whose federation entity configuration is served at the root `/.well-known/openid-federation`. */
  federationRootEntity: string | null;
  /** Salt of the client-address hashes in the consent ledger; null: the installation's own (database). */
  privacySalt: string | null;
  /** Years payment records of a closed account keep the payer's data (accounting rules) before erasure. */
  retentionYears: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

const port = (fallback: number) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.regex(/^[0-9]{1,5}$/, 'must be a port number'),
    v.transform(Number),
    v.maxValue(65535, 'must be a port number'),
  );

const positiveInt = (fallback: number) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.regex(/^[0-9]+$/, 'must be a positive integer'),
    v.transform(Number),
    v.minValue(1, 'must be at least 1'),
  );

const EnvSchema = v.object({
  PAGATORE_MODE: v.optional(v.picklist(['demo', 'production'], 'must be demo or production'), 'production'),
  HOST: v.optional(v.string(), '0.0.0.0'),
  PORT: port(8787),
  SITE_PORT: port(8788),
  PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('must be a URL'))),
  DATABASE_URL: v.optional(v.string(), 'file:./data/pagatore.sqlite'),
  DATABASE_POOL_SIZE: positiveInt(10),
  SMTP_URL: v.optional(v.pipe(v.string(), v.regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://'))),
  MAIL_FROM: v.optional(v.string(), 'Pagatore <no-reply@localhost>'),
  PAYMENT_PROVIDER: v.optional(v.picklist(['sandbox', 'pagopa'], 'must be sandbox or pagopa')),
  PAYMENT_TTL: positiveInt(1800),
  BODY_LIMIT: positiveInt(1_048_576),
  IMPORT_LIMIT: positiveInt(1_073_741_824),
  LOG_LEVEL: v.optional(
    v.picklist(['debug', 'info', 'warn', 'error', 'silent'], 'must be debug, info, warn, error or silent'),
    'info',
  ),
  TRUST_PROXY: v.optional(v.picklist(['true', 'false', '1', '0'], 'must be true or false'), 'false'),
  WIDGETS_DIR: v.optional(v.string()),
  SITE_DIR: v.optional(v.string()),
  SANDBOX_RECEIPT_DELAY_MS: v.pipe(
    v.optional(v.string(), '2000'),
    v.regex(/^[0-9]+$/, 'must be a whole number of milliseconds'),
    v.transform(Number),
  ),
  SESSION_IDLE_TIMEOUT: positiveInt(1800),
  SESSION_MAX_AGE: positiveInt(43_200),
  CONSOLE_IDLE_TIMEOUT: positiveInt(900),
  CONSOLE_MAX_AGE: positiveInt(28_800),
  WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
  WEBHOOK_RETRY_FOR: positiveInt(86_400),
  WEBHOOK_CONCURRENCY: positiveInt(16),
  WEBHOOK_POLL_MS: positiveInt(1000),
  SHUTDOWN_GRACE_MS: positiveInt(30_000),
  PAGOPA_CHECKOUT_URL: v.optional(v.pipe(v.string(), v.url('must be a URL'))),
  PAGOPA_NODE_CERT_HEADER: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]+$/, 'must be a header name')),
  ),
  PAGOPA_NODE_CERT: v.optional(v.string()),
  PAGOPA_NODE_IPS: v.optional(v.string()),
  PAGOPA_SOAP_LIMIT: positiveInt(262_144),
  TLS_CERT_FILE: v.optional(v.string()),
  TLS_KEY_FILE: v.optional(v.string()),
  TLS_CLIENT_CA_FILE: v.optional(v.string()),
  IDENTITY_KEY_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, 'must be at least 32 characters'))),
  FEDERATION_ROOT_ENTITY: v.optional(
    v.pipe(v.string(), v.regex(/^[0-9]{11}$/, 'must be an entity fiscal code')),
  ),
  PRIVACY_SALT: v.optional(v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'))),
  RETENTION_YEARS: positiveInt(10),
});

/** A separated list; certificate subjects contain commas, so they are separated by `|`. */
function list(value: string | undefined, sep: string): string[] {
  return (value ?? '')
    .split(sep)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Documented environment variables (README and docs/operations.md list the same). */
export const ENV_VARS = Object.keys(EnvSchema.entries);

/**
 * The mode alone, for CLI commands that need no other setting: demo only when asked for
 * explicitly, production (the stricter rules) otherwise.
 */
export function modeOf(env: Record<string, string | undefined>): Mode {
  return env.PAGATORE_MODE === 'demo' ? 'demo' : 'production';
}

/**
 * Reads and validates the configuration.
 * @example const config = loadConfig(process.env, { mode: 'demo' });
 */
export function loadConfig(env: Record<string, string | undefined>, overrides: Partial<Config> = {}): Config {
  const picked: Record<string, string> = {};
  for (const key of ENV_VARS) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const r = v.safeParse(EnvSchema, picked);
  if (!r.success) {
    throw new ConfigError(
      r.issues.map((i) => `${i.path?.map((p) => String(p.key)).join('.') ?? '?'}: ${i.message}`),
    );
  }
  const e = r.output;
  const mode = overrides.mode ?? e.PAGATORE_MODE;
  const portNumber = overrides.port ?? e.PORT;
  const sitePort = overrides.sitePort ?? e.SITE_PORT;
  const config: Config = {
    mode,
    host: e.HOST,
    port: portNumber,
    sitePort,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${portNumber}`).replace(/\/+$/, ''),
    siteUrl: `http://127.0.0.1:${sitePort}`,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    paymentProvider: e.PAYMENT_PROVIDER ?? (mode === 'demo' ? 'sandbox' : 'pagopa'),
    paymentTtlSeconds: e.PAYMENT_TTL,
    bodyLimitBytes: e.BODY_LIMIT,
    importLimitBytes: e.IMPORT_LIMIT,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === 'true' || e.TRUST_PROXY === '1',
    widgetsDir: e.WIDGETS_DIR ?? null,
    siteDir: e.SITE_DIR ?? null,
    sandboxReceiptDelayMs: e.SANDBOX_RECEIPT_DELAY_MS,
    sessionIdleSeconds: e.SESSION_IDLE_TIMEOUT,
    sessionMaxSeconds: e.SESSION_MAX_AGE,
    consoleIdleSeconds: e.CONSOLE_IDLE_TIMEOUT,
    consoleMaxSeconds: e.CONSOLE_MAX_AGE,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    webhookRetrySeconds: e.WEBHOOK_RETRY_FOR,
    webhookConcurrency: e.WEBHOOK_CONCURRENCY,
    webhookPollMs: e.WEBHOOK_POLL_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    pagopaCheckoutUrl: e.PAGOPA_CHECKOUT_URL ?? null,
    pagopaNodeCertHeader: e.PAGOPA_NODE_CERT_HEADER?.toLowerCase() ?? null,
    pagopaNodeCertValues: list(e.PAGOPA_NODE_CERT, '|'),
    pagopaNodeIps: list(e.PAGOPA_NODE_IPS, ','),
    pagopaSoapLimitBytes: e.PAGOPA_SOAP_LIMIT,
    tlsCertFile: e.TLS_CERT_FILE ?? null,
    tlsKeyFile: e.TLS_KEY_FILE ?? null,
    tlsClientCaFile: e.TLS_CLIENT_CA_FILE ?? null,
    identityKeySecret: e.IDENTITY_KEY_SECRET ?? null,
    federationRootEntity: e.FEDERATION_ROOT_ENTITY ?? null,
    privacySalt: e.PRIVACY_SALT ?? null,
    retentionYears: e.RETENTION_YEARS,
    ...overrides,
  };
  assertModeRules(config);
  if ((config.pagopaNodeCertHeader || config.tlsClientCaFile) && config.pagopaNodeCertValues.length === 0) {
    throw new ConfigError([
      'PAGOPA_NODE_CERT: PAGOPA_NODE_CERT_HEADER or TLS_CLIENT_CA_FILE needs the accepted certificate value(s)',
    ]);
  }
  if (!config.tlsCertFile !== !config.tlsKeyFile || (config.tlsClientCaFile && !config.tlsCertFile)) {
    throw new ConfigError([
      'TLS_CERT_FILE, TLS_KEY_FILE: both are needed to serve HTTPS (and for TLS_CLIENT_CA_FILE)',
    ]);
  }
  if (config.mode === 'production' && !e.PUBLIC_URL && !overrides.publicUrl) {
    throw new ConfigError(['PUBLIC_URL: production mode needs the public https:// URL of this server']);
  }
  return config;
}

/** Production refuses the demo conveniences; demo mode must be asked for explicitly. */
export function assertModeRules(config: Config): void {
  if (config.mode !== 'production') return;
  const problems: string[] = [];
  if (config.paymentProvider === 'sandbox') {
    problems.push('PAYMENT_PROVIDER: the sandbox provider exists only in demo mode (PAGATORE_MODE=demo)');
  }
  if (!config.smtpUrl)
    problems.push('SMTP_URL: production mode needs a real SMTP server (the dev mailbox is demo only)');
  if (
    !config.publicUrl.startsWith('https://') &&
    !/^http:\/\/(localhost|127\.0\.0\.1)(:|$)/.test(config.publicUrl)
  ) {
    problems.push('PUBLIC_URL: production mode needs an https:// public URL');
  }
  if (problems.length) throw new ConfigError(problems);
}
