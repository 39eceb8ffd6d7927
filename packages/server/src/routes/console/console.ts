/**
 * The staff console's API: the two-step login, the session, logout, and the entity's audit log
 * (an admin endpoint: API keys read it too). The console's page itself is ./page.ts.
 */
import { consoleEndpoints } from '@pagatore/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { checkOrigin, clearConsoleCookie, setConsoleCookie } from '../../http/auth/staff.js';
import { route } from '../../http/route.js';
import { listAudit } from '../../staff/audit.js';
import { endStaffSession, staffPasswordStep, staffSecondStep, staffSessionView } from '../../staff/login.js';
import {
  completeStaffOidc,
  StaffOidcRefusal,
  staffRedirectUriOf,
  staffOidcEntities,
  startStaffOidc,
} from '../../staff/oidc-login.js';

/** The callback as the provider was told it (the public URL's), with the query the browser brought. */
function callbackUrlOf(publicUrl: string, requestUrl: string): URL {
  return new URL(`${staffRedirectUriOf(publicUrl)}${new URL(requestUrl).search}`);
}

export function consoleRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, consoleEndpoints.staffLogin, async (c, { body }) => {
    checkOrigin(c);
    return staffPasswordStep(c.get('deps'), body.email, body.password, {
      ip: c.get('clientIp'),
      userAgent: c.req.header('user-agent'),
    });
  });

  route(app, consoleEndpoints.staffVerify, async (c, { body }) => {
    checkOrigin(c);
    const { token, session } = await staffSecondStep(c.get('deps'), body, {
      ip: c.get('clientIp'),
      userAgent: c.req.header('user-agent'),
    });
    setConsoleCookie(c, token);
    c.header('Cache-Control', 'no-store');
    return session;
  });

  route(app, consoleEndpoints.listStaffOidc, async (c) => staffOidcEntities(c.get('deps')));

  route(app, consoleEndpoints.startStaffOidc, async (c, { body }) => {
    checkOrigin(c);
    const url = await startStaffOidc(c.get('deps'), body.entity, {
      ip: c.get('clientIp'),
      userAgent: c.req.header('user-agent'),
    });
    c.header('Cache-Control', 'no-store');
    return { url: url.href };
  });

  // The provider sends the browser back here (a top-level GET from its site: the session cookie is
  // set on the answer, which then goes to the console on our own origin).
  app.get('/api/v1/console/oidc-callback', async (c) => {
    const deps = c.get('deps');
    c.header('Cache-Control', 'no-store');
    try {
      const { token } = await completeStaffOidc(deps, callbackUrlOf(deps.config.publicUrl, c.req.url), {
        ip: c.get('clientIp'),
        userAgent: c.req.header('user-agent'),
      });
      setConsoleCookie(c, token);
      return c.redirect('/console', 303);
    } catch (e) {
      if (!(e instanceof StaffOidcRefusal)) throw e;
      deps.logger.warn('staff login through the provider refused', { reason: e.message });
      return c.redirect('/console?login=refused', 303);
    }
  });

  route(app, consoleEndpoints.getStaffSession, async (c) => {
    const s = c.get('staffSession');
    c.header('Cache-Control', 'no-store');
    return staffSessionView(c.get('deps'), s.staff, s.token, s.row);
  });

  route(app, consoleEndpoints.staffLogout, async (c) => {
    await endStaffSession(c.get('deps'), c.get('staffSession').row.id);
    clearConsoleCookie(c);
  });

  route(app, consoleEndpoints.listAudit, async (c, { query }) => {
    return listAudit(c.get('deps').db, c.get('adminEntity').code, {
      before: query.before,
      limit: query.limit,
    });
  });

  return app;
}
