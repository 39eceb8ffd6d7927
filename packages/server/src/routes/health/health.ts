/** GET /healthz: the process is up and the database answers. */
import { publicEndpoints } from '@pagatore/sdk';
import { Hono } from 'hono';
import { ApiError } from '../../core/errors.js';
import { databaseHealth } from '../../core/health.js';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';

export function healthRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  route(app, publicEndpoints.health, async (c) => {
    const deps = c.get('deps');
    const database = await databaseHealth(deps.db);
    if (!database) throw new ApiError('unavailable', { retryAfter: 5 });
    c.header('Cache-Control', 'no-store');
    return {
      status: 'ok' as const,
      version: deps.version,
      mode: deps.config.mode,
      database,
      time: deps.now().toISOString(),
    };
  });
  return app;
}
