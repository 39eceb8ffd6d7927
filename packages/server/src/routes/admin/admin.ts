/** Routes of issue #3. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';

export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
