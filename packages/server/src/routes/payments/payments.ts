/** Routes of issue #6. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';

export function paymentsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
