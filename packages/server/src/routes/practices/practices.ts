/** Routes of issue #5. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';

export function practicesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
