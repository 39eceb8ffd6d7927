/**
 * Builds the Hono app from its parts. No I/O at import time: the caller opens the database, reads
 * the configuration and passes the services in.
 */
import { fileURLToPath } from 'node:url';
import { type Endpoint, endpoints, useCommonPasswords } from '@pagatore/sdk';
import { COMMON_PASSWORDS_TEXT } from '@pagatore/sdk/common-passwords';
import { Hono } from 'hono';
import { ApiError } from './core/errors.js';
import type { AppDeps } from './core/deps.js';
import type { AppEnv, AuthHooks } from './http/context.js';
import { apiErrorOf } from './http/errors.js';
import { appShell } from './http/middleware.js';
import { adminAuth } from './http/auth/admin-key.js';
import { sessionAuth } from './http/auth/session.js';
import { staffAuth } from './http/auth/staff.js';
import { consoleRoutes } from './routes/console/console.js';
import { consolePageRoutes } from './routes/console/page.js';
import { accountsRoutes } from './routes/accounts/accounts.js';
import { adminRoutes } from './routes/admin/admin.js';
import { entityRoutes } from './routes/entities/entities.js';
import { noticesRoutes } from './routes/notices/notices.js';
import { paymentsRoutes } from './routes/payments/payments.js';
import { NODE_PATH, pagopaNodeRoutes } from './routes/pagopa/node.js';
import { sandboxRoutes } from './routes/sandbox/sandbox.js';
import { payLinkRoutes } from './routes/paylinks/paylinks.js';
import { remindersRoutes } from './routes/reminders/reminders.js';
import { privacyRoutes } from './routes/privacy/privacy.js';
import { practicesRoutes } from './routes/practices/practices.js';
import { healthRoutes } from './routes/health/health.js';
import { identityRoutes } from './routes/identity/identity.js';
import { openApiRoutes } from './routes/openapi/openapi.js';
import { staticFiles } from './routes/widgets/widgets.js';
import { devMailboxRoutes } from './routes/dev/mailbox.js';
import { FLOW_MAX_BYTES } from './reconciliation/flows.js';

/** Where a reporting flow is uploaded: a flow may be larger than an ordinary request. */
const FLOWS_PATH = '/api/v1/admin/flows';

export interface AppParts {
  /** Extra sub-apps mounted at the root (demo-only pages, later areas). */
  extra?: Hono<AppEnv>[];
  auth?: AuthHooks;
}

/** Logos and icons the widgets, e-mails and PDFs show (packages/server/assets). */
export const ASSETS_DIR = fileURLToPath(new URL('../assets', import.meta.url));

/** Paths of the contract as regular expressions, to tell 405 from 404. */
const KNOWN_PATHS = (Object.values(endpoints) as Endpoint[]).map((ep) => ({
  re: new RegExp(`^${ep.path.replace(/\{[a-zA-Z]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`),
  method: ep.method,
}));

/**
 * Creates the app.
 * @example const app = createApp(deps); await app.request('/healthz');
 */
export function createApp(deps: AppDeps, parts: AppParts = {}): Hono<AppEnv> {
  // The SDK's Password schema refuses common passwords once it has the list (the widgets load it
  // lazily); the server always gives it.
  useCommonPasswords(COMMON_PASSWORDS_TEXT);
  const app = new Hono<AppEnv>();
  const auth: AuthHooks = { admin: adminAuth, session: sessionAuth, staff: staffAuth, ...parts.auth };

  app.use(
    '*',
    appShell(deps, auth, (path) =>
      // The node's route caps its own (smaller) body and answers a SOAP fault, never JSON.
      path === NODE_PATH
        ? Number.MAX_SAFE_INTEGER
        : path.endsWith('/import')
          ? deps.config.importLimitBytes
          : path === FLOWS_PATH
            ? Math.max(FLOW_MAX_BYTES, deps.config.bodyLimitBytes)
            : deps.config.bodyLimitBytes,
    ),
  );

  app.route('/', healthRoutes());
  app.route('/', openApiRoutes());
  app.route('/', entityRoutes());
  app.route('/', adminRoutes());
  app.route('/', consoleRoutes());
  app.route('/', consolePageRoutes());
  app.route('/', accountsRoutes());
  app.route('/', identityRoutes());
  app.route('/', noticesRoutes());
  app.route('/', practicesRoutes());
  app.route('/', payLinkRoutes());
  app.route('/', remindersRoutes());
  app.route('/', privacyRoutes());
  app.route('/', paymentsRoutes());
  if (deps.config.widgetsDir) app.route('/widgets', staticFiles(deps.config.widgetsDir));
  app.route('/assets', staticFiles(ASSETS_DIR, { maxAge: 86400 }));
  // The dev mailbox exists in demo mode only, and only when no real SMTP server is configured.
  if (deps.config.mode === 'demo' && !deps.config.smtpUrl) app.route('/', devMailboxRoutes());
  // The sandbox provider exists only in demo mode (the configuration refuses it in production).
  if (deps.config.paymentProvider === 'sandbox') app.route('/', sandboxRoutes());
  // The pagoPA node's SOAP calls: with the real provider, and in demo mode next to the sandbox too
  // (a printed notice paid at a PSP reaches the station whatever the portal's provider).
  if (deps.config.paymentProvider === 'pagopa' || deps.config.mode === 'demo')
    app.route('/', pagopaNodeRoutes(deps));
  for (const extra of parts.extra ?? []) app.route('/', extra);

  app.notFound((c) => {
    const path = c.req.path;
    const matches = KNOWN_PATHS.filter((p) => p.re.test(path));
    const err = matches.length > 0 ? new ApiError('method_not_allowed') : new ApiError('not_found');
    if (matches.length > 0) c.header('Allow', [...new Set(matches.map((m) => m.method))].join(', '));
    return c.json(err.body(c.get('requestId'), c.get('lang')), err.status as 404);
  });

  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? crypto.randomUUID();
    const lang = c.get('lang') ?? 'it';
    const err = apiErrorOf(error, deps.logger, { requestId, method: c.req.method, path: c.req.path });
    if (err.retryAfter !== undefined) c.header('Retry-After', String(err.retryAfter));
    c.header('X-Request-Id', requestId);
    return c.json(err.body(requestId, lang), err.status as 400);
  });

  return app;
}
