/** pagoPA's copy of the positions (GPD): a position's sync state, its resync, the outbox and backlog. */
import { adminEndpoints } from '@pagatore/sdk';
import { Hono } from 'hono';
import { gpdChanges, positionGpdSync, resyncPosition } from '../../gpd/view.js';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';

export function gpdRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, adminEndpoints.getPositionGpdSync, async (c, { params }) =>
    positionGpdSync(c.get('deps').db, c.get('adminEntity'), params.iupd),
  );

  route(app, adminEndpoints.resyncPositionGpd, async (c, { params }) => {
    const { db, now } = c.get('deps');
    return resyncPosition(db, c.get('adminEntity'), params.iupd, now());
  });

  route(app, adminEndpoints.listGpdChanges, async (c, { query }) =>
    gpdChanges(c.get('deps').db, c.get('adminEntity'), query),
  );

  return app;
}
