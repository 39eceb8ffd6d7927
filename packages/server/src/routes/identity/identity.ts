/**
 * Digital-identity login routes. Two are browser pages, outside the JSON contract: the start
 * (`…/identity-providers/{provider}/login?returnUrl=…&challenge=…`, a redirect to the provider) and
 * the provider's callback (`…/identity/callback`, a redirect back to the citizen's page with the
 * one-time code in the fragment). A refused start or callback answers a short page saying why, with
 * a way back. The widgets' JSON routes (list, exchange) and the admin ones come from the contract.
 */
import { identityEndpoints as ep, IdentityStartQuery } from '@pagatore/sdk';
import { Hono } from 'hono';
import * as v from 'valibot';
import { findEntity } from '../../entities/entities.js';
import { ApiError } from '../../core/errors.js';
import type { AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { exchangeIdentity } from '../../identity/handoff.js';
import { auditRefusal, finishLogin, IdentityRefusal, startLogin } from '../../identity/flows.js';
import { checkTrustChain } from '../../identity/federation/check.js';
import {
  deleteProvider,
  findProvider,
  listProviders,
  putProvider,
  toProviderPublic,
  toProviderView,
} from '../../identity/providers.js';
import { federationRoutes } from './federation.js';
import { confirmIdentityLink } from '../../identity/link-mail.js';
import { finishProviderLogout, LogoutRefusal, providerLogoutPage } from '../../identity/logout.js';
import { logoutRefusalPage, refusalPage } from './page.js';
import { accountCtx } from '../accounts/context.js';

export function identityRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/', federationRoutes());

  route(app, ep.listIdentityProviders, async (c, { params }) => {
    const deps = c.get('deps');
    const entity = await findEntity(deps.db, params.ente);
    if (!entity) throw new ApiError('entity_not_found');
    const rows = await listProviders(deps.db, entity.code, true);
    return { items: rows.map(toProviderPublic) };
  });

  route(app, ep.exchangeIdentity, async (c, { params, body }) => {
    const result = await exchangeIdentity(await accountCtx(c, params.ente), body);
    c.header('Cache-Control', 'no-store');
    return result;
  });

  route(app, ep.confirmIdentityLink, async (c, { params, body }) => {
    const session = await confirmIdentityLink(await accountCtx(c, params.ente), body.token);
    c.header('Cache-Control', 'no-store');
    return session;
  });

  route(app, ep.adminListIdentityProviders, async (c) => {
    const deps = c.get('deps');
    const rows = await listProviders(deps.db, c.get('adminEntity').code);
    return { items: rows.map((r) => toProviderView(r, deps.config.publicUrl)) };
  });

  route(app, ep.adminPutIdentityProvider, async (c, { params, body }) => {
    const deps = c.get('deps');
    const row = await putProvider(deps.db, c.get('adminEntity').code, params.code, body, deps.now());
    return toProviderView(row, deps.config.publicUrl);
  });

  route(app, ep.adminCheckIdentityTrustChain, async (c, { params }) => {
    const deps = c.get('deps');
    const row = await findProvider(deps.db, c.get('adminEntity').code, params.code);
    if (!row || row.profile !== 'federation') throw new ApiError('not_found');
    c.header('Cache-Control', 'no-store');
    return checkTrustChain(row, deps.now());
  });

  route(app, ep.adminDeleteIdentityProvider, async (c, { params }) => {
    if (!(await deleteProvider(c.get('deps').db, c.get('adminEntity').code, params.code)))
      throw new ApiError('not_found');
    return undefined;
  });

  app.get('/api/v1/entities/:ente/identity-providers/:provider/login', async (c) => {
    const deps = c.get('deps');
    const lang = c.get('lang');
    const entity = await findEntity(deps.db, c.req.param('ente'));
    if (!entity) return refusalPage(c, 'unknown_provider', null, lang);
    const q = v.safeParse(IdentityStartQuery, {
      returnUrl: c.req.query('returnUrl'),
      challenge: c.req.query('challenge'),
    });
    if (!q.success) return refusalPage(c, 'bad_return_url', null, lang);
    try {
      const url = await startLogin(deps, entity, {
        provider: c.req.param('provider'),
        returnUrl: q.output.returnUrl,
        challenge: q.output.challenge,
        lang,
      });
      c.header('Cache-Control', 'no-store');
      return c.redirect(url.href, 302);
    } catch (e) {
      if (!(e instanceof IdentityRefusal)) throw e;
      await auditRefusal(deps, entity.code, e.reason, c.get('clientIp').slice(0, 64));
      return refusalPage(c, e.reason, e.returnUrl, lang);
    }
  });

  app.get('/api/v1/entities/:ente/identity/callback', async (c) => {
    const deps = c.get('deps');
    const lang = c.get('lang');
    const entity = await findEntity(deps.db, c.req.param('ente'));
    if (!entity) return refusalPage(c, 'unknown_state', null, lang);
    // The URL the provider was given: the public one, whatever proxy the request came through.
    const here = new URL(c.req.url);
    const callbackUrl = new URL(`${deps.config.publicUrl}${here.pathname}${here.search}`);
    try {
      const back = await finishLogin(deps, entity, callbackUrl);
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      return c.redirect(back.href, 302);
    } catch (e) {
      if (!(e instanceof IdentityRefusal)) throw e;
      await auditRefusal(deps, entity.code, e.reason, c.get('clientIp').slice(0, 64));
      return refusalPage(c, e.reason, e.returnUrl, lang);
    }
  });

  // "Esci" of a SPID/CIE session: the API page the widget sends the browser to, on to the provider.
  app.get('/api/v1/entities/:ente/identity/logout', async (c) => {
    const deps = c.get('deps');
    const lang = c.get('lang');
    const entity = await findEntity(deps.db, c.req.param('ente'));
    if (!entity) return logoutRefusalPage(c, 'unknown_state', null, lang);
    try {
      const url = await providerLogoutPage(deps, entity, c.req.query('state') ?? '', lang);
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      return c.redirect(url.href, 302);
    } catch (e) {
      if (!(e instanceof LogoutRefusal)) throw e;
      return logoutRefusalPage(c, e.reason, e.returnUrl, lang);
    }
  });

  // The provider's logout comes back here (`post_logout_redirect_uri`), then to the citizen's page.
  app.get('/api/v1/entities/:ente/identity/logout/callback', async (c) => {
    const deps = c.get('deps');
    const lang = c.get('lang');
    const entity = await findEntity(deps.db, c.req.param('ente'));
    if (!entity) return logoutRefusalPage(c, 'unknown_state', null, lang);
    try {
      const back = await finishProviderLogout(deps, entity, c.req.query('state') ?? '');
      c.header('Cache-Control', 'no-store');
      return c.redirect(back.href, 302);
    } catch (e) {
      if (!(e instanceof LogoutRefusal)) throw e;
      return logoutRefusalPage(c, e.reason, e.returnUrl, lang);
    }
  });

  return app;
}
