/** Routes of issue #4. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';

export function accountsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
