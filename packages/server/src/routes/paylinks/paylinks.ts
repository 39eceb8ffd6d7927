/**
 * "Paga ora" links: created and revoked with the entity's API key, opened by the citizen's
 * browser on the portal page (anonymous, rate-limited with the search's per-client budget), kept in
 * a logged-in citizen's list to pay. The domain is `src/paylinks/`.
 */
import { paylinksEndpoints as ep } from '@pagatore/sdk';
import { Hono } from 'hono';
import { findEntity, originsOf } from '../../entities/entities.js';
import { ApiError } from '../../core/errors.js';
import { enforce } from '../../core/rate-limit.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { clientKey } from '../../http/rate-limit.js';
import { route } from '../../http/route.js';
import {
  createPayLink,
  createPayLinks,
  openPayLink,
  keepPayLinkPractice,
  payLinkPosition,
  revokePayLink,
} from '../../paylinks/paylinks.js';
import { PRACTICE_LIMITS } from '../../practices/limits.js';
import { calendarPage, calendarResponse, practiceCalendar } from '../../practices/calendar.js';
import { toMyPractices, toPractices } from '../../practices/practices.js';

async function entityOf(c: AppContext, ente: string) {
  const entity = await findEntity(c.get('deps').db, ente);
  if (!entity) throw new ApiError('entity_not_found');
  return entity;
}

/** A link opening counts in the same per-client budget as a search: both find a practice. */
async function limitClient(c: AppContext): Promise<void> {
  const ip = clientKey(c.get('clientIp'));
  await enforce(c.get('deps'), `practice-search:ip:${ip}`, PRACTICE_LIMITS.searchPerClient);
}

export function payLinkRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, ep.createPayLink, async (c, { params, body }) => {
    const { db, now } = c.get('deps');
    return createPayLink(db, c.get('adminEntity'), params.iupd, body, now());
  });

  route(app, ep.createPayLinks, async (c, { body }) => {
    const { db, now } = c.get('deps');
    return createPayLinks(db, c.get('adminEntity'), body.iupds, body.validDays, now());
  });

  route(app, ep.revokePayLink, async (c, { params }) => {
    const { db, now } = c.get('deps');
    await revokePayLink(db, c.get('adminEntity'), params.id, now());
  });

  route(app, ep.openPayLink, async (c, { params, body }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c, params.ente);
    await limitClient(c);
    try {
      const opened = await openPayLink(deps.db, entity, body.token, deps.now());
      deps.logger.info('pay link opened', { entity: entity.code, link: opened.linkId });
      c.header('Cache-Control', 'no-store');
      return { practice: opened.practice, installment: opened.installment, expiresAt: opened.expiresAt };
    } catch (e) {
      if (e instanceof ApiError) deps.logger.info('pay link refused', { entity: entity.code, code: e.code });
      throw e;
    }
  });

  // The link's practice as a calendar, each event pointing at the link itself; not an opening (no
  // count, no webhook event), but refused as an opening would be and limited like one.
  route(app, ep.payLinkCalendar, async (c, { params, query, body }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c, params.ente);
    const page = calendarPage(query.page, originsOf(entity), entity.portal_url);
    await limitClient(c);
    const now = deps.now();
    const { row } = await payLinkPosition(deps.db, entity.code, body.token, now);
    const [practice] = await toPractices(deps.db, entity, [row], now);
    if (!practice) throw new ApiError('paylink_not_found');
    const payUrl = page === null ? null : `${page}#paga=${body.token}`;
    return calendarResponse(practice, practiceCalendar(practice, query.lang ?? c.get('lang'), payUrl, now));
  });

  route(app, ep.linkPayLinkPractice, async (c, { params, body }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c, params.ente);
    await limitClient(c);
    const account = c.get('account');
    const row = await keepPayLinkPractice(deps.db, account, entity.code, body.token, deps.now());
    const [practice] = await toMyPractices(deps.db, entity, account, [row], deps.now());
    if (!practice) throw new ApiError('practice_not_found');
    return practice;
  });

  return app;
}
