/**
 * GET /api/v1/admin/payments: payments in progress, stuck or expired, keyset-paged.
 * POST /api/v1/admin/payments/{id}/expiry: ends a stuck payment now.
 * GET /api/v1/admin/stats: the dashboard's figures.
 * GET /api/v1/admin/positions/{iupd}/activity: one position's payments, receipts and events.
 */
import { moneyEndpoints as ep } from '@pagatore/sdk';
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { expireStuckPayment, listAdminPayments } from '../../money/payments.js';
import { positionActivity } from '../../money/position-activity.js';
import { entityStats } from '../../money/stats.js';

export function moneyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, ep.listPayments, async (c, { query }) => {
    c.header('Cache-Control', 'no-store');
    const deps = c.get('deps');
    return listAdminPayments(deps.db, c.get('adminEntity').code, query, deps.now());
  });

  route(app, ep.expirePayment, async (c, { params }) => {
    const deps = c.get('deps');
    return expireStuckPayment(deps.db, c.get('adminEntity').code, params.id, deps.now());
  });

  route(app, ep.positionActivity, async (c, { params }) => {
    c.header('Cache-Control', 'no-store');
    const deps = c.get('deps');
    const activity = await positionActivity(deps.db, c.get('adminEntity').code, params.iupd, deps.now());
    if (!activity) throw new ApiError('not_found');
    return activity;
  });

  route(app, ep.stats, async (c, { query }) => {
    c.header('Cache-Control', 'no-store');
    return entityStats(c.get('deps').db, c.get('adminEntity').code, query);
  });

  return app;
}
