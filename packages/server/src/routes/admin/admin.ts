/** The admin API: one sub-app per resource, all behind an entity's API key. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { entitySettingsRoutes } from './entity.js';
import { gpdRoutes } from './gpd.js';
import { integrationRoutes } from './integrations.js';
import { flowRoutes } from './flows.js';
import { moneyRoutes } from './money.js';
import { positionRoutes } from './positions.js';
import { receiptExportRoutes } from './receipts.js';
import { serviceRoutes } from './services.js';
import { webhookRoutes } from './webhooks.js';

export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/', entitySettingsRoutes());
  app.route('/', positionRoutes());
  app.route('/', gpdRoutes());
  app.route('/', serviceRoutes());
  app.route('/', webhookRoutes());
  app.route('/', receiptExportRoutes());
  app.route('/', flowRoutes());
  app.route('/', integrationRoutes());
  app.route('/', moneyRoutes());
  return app;
}
