// Pagatore's admin routes (auth, validation, domain, the same lookup) mounted on a bare Hono app,
// without the app-wide middleware (request ids and logs, security headers, CORS, body limits):
// shows how much of the gap to the bare handler is the admin code and how much the app's shell.
import { serve } from '@hono/node-server';
import { adminAuth, adminRoutes, loadConfig, openDatabase } from '@pagatore/server';
import { Hono } from 'hono';

const [databaseFile] = process.argv.slice(2);
const config = loadConfig({}, { mode: 'demo', databaseUrl: `file:${databaseFile}`, logLevel: 'silent' });
const handle = await openDatabase(config.databaseUrl);
const deps = {
  config,
  db: handle.db,
  logger: console,
  now: () => new Date(),
  version: 'bench',
};
const app = new Hono();
app.use('*', async (c, next) => {
  c.set('deps', deps);
  c.set('lang', 'it');
  c.set('requestId', 'bench');
  c.set('auth', { admin: adminAuth });
  await next();
});
app.route('/', adminRoutes());
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
  console.log(`PORT ${info.port}`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
