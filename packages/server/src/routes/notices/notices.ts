/** Routes of issue #7. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';

export function noticesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
