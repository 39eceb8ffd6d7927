/**
 * Practices routes: anonymous search, my practices, services and spontaneous payments.
 * The domain is in `src/practices/`; who reaches what is decided in `practices/access.ts`.
 */
import {
  type NoticeLanguage,
  type Practice,
  type PublicService,
  practicesEndpoints as ep,
  type ServiceView,
} from '@pagatore/sdk';
import { Hono } from 'hono';
import type { AccountRow } from '../../accounts/accounts.js';
import { type EntityRow, findEntity, originsOf } from '../../entities/entities.js';
import { ApiError } from '../../core/errors.js';
import { romeDate } from '../../core/rome-calendar.js';
import type { AppDeps } from '../../core/deps.js';
import { type AppContext, type AppEnv, answerHeader } from '../../http/context.js';
import { route } from '../../http/route.js';
import { requireReachablePosition } from '../../practices/access.js';
import { calendarPage, calendarResponse, practiceCalendar } from '../../practices/calendar.js';
import { PRACTICE_LIMITS } from '../../practices/limits.js';
import { type Found, search, searchAtOnce, searchBatch, searchNow } from '../../practices/search.js';
import {
  type FoundPosition,
  linkFoundPractice,
  listMyPractices,
  practiceView,
  proveIfOwn,
  type SearchKeys,
  toMyPractices,
  toPractices,
  unlinkPractice,
} from '../../practices/practices.js';
import { createSpontaneous } from '../../practices/spontaneous.js';
import { renderNoticeForPosition } from '../../notices/from-position.js';
import { enforcePeek, hit } from '../../core/rate-limit.js';
import { clientKey } from '../../http/rate-limit.js';
import { listServices, serviceOf } from '../../services/services.js';

async function entityOf(db: Parameters<typeof findEntity>[0], ente: string): Promise<EntityRow> {
  const entity = await findEntity(db, ente);
  if (!entity) throw new ApiError('entity_not_found');
  return entity;
}

/** `search` for the routes that take its refusal as their answer as it comes. */
async function searchOrThrow(
  c: AppContext,
  entity: EntityRow,
  keys: SearchKeys,
  account: AccountRow | undefined,
): Promise<FoundPosition> {
  const deps = c.get('deps');
  const ip = clientKey(c.get('clientIp'));
  const found = await search(deps.db, deps.now(), ip, entity.code, keys, account);
  if (found instanceof ApiError) throw found;
  return found.row;
}

/** The citizen's view of what a search found, or its refusal. */
async function practiceOf(
  db: Parameters<typeof toPractices>[0],
  found: { entity: EntityRow; row: FoundPosition } | ApiError,
  now: Date,
): Promise<Practice | ApiError> {
  if (found instanceof ApiError) return found;
  const [view] = await toPractices(db, found.entity, [found.row], now);
  return view ?? new ApiError('practice_not_found');
}

/** The citizen's view of what an anonymous search found with its options; its refusal is thrown. */
function foundPractice(found: Found | ApiError, now: Date): Practice {
  if (found instanceof ApiError) throw found;
  return practiceView(found.entity, found.row, found.row.options, romeDate(now));
}

/** The logged-in account when the anonymous search carries a valid session; never an error. */
async function optionalAccount(c: AppContext): Promise<AccountRow | undefined> {
  const hook = c.get('auth').session;
  if (!hook || !c.req.header('authorization')) return undefined;
  try {
    await hook(c);
    return c.get('account');
  } catch {
    return undefined;
  }
}

/** A notice PDF as the response: not cached (it names the debtor), saved under its Codice Avviso. */
async function noticeResponse(
  c: AppContext,
  entity: EntityRow,
  row: { id: number; iupd: string },
  language: NoticeLanguage | undefined,
): Promise<Response> {
  const deps = c.get('deps');
  const pdf = await renderNoticeForPosition(deps.db, entity.code, row.id, {
    ...(language ? { language } : {}),
    publicUrl: deps.config.publicUrl,
  });
  const name = `avviso-${row.iupd.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
  return new Response(Buffer.from(pdf), {
    status: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
  });
}

function positionId(id: string): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n)) throw new ApiError('practice_not_found');
  return n;
}

function publicService(s: ServiceView | ReturnType<typeof serviceOf>): PublicService {
  return {
    code: s.code,
    name: s.name,
    ...(s.description !== undefined ? { description: s.description } : {}),
    ...(s.notes !== undefined ? { notes: s.notes } : {}),
    fields: s.fields,
    amount: s.amount,
  };
}

/**
 * What `POST …/practices/search` answers: the practice both keys find, or the refusal thrown. Shared
 * by its Hono route and its quick path on Node's own handler (`search-quick.ts`).
 */
export async function searchAnswer(
  deps: AppDeps,
  ip: string,
  ente: string,
  keys: SearchKeys,
  account: AccountRow | undefined,
): Promise<Practice> {
  const now = deps.now();
  if (!account) {
    // Anonymous: on SQLite one synchronous transaction, on PostgreSQL one statement; the row found
    // carries the options read with it.
    const sqlite = searchNow(deps.db, now, ip, ente, keys);
    if (sqlite !== undefined) return foundPractice(sqlite, now);
    const postgres = searchAtOnce(deps.db, now, ip, ente, keys);
    if (postgres !== undefined) return foundPractice(await postgres, now);
  }
  const practice = await searchBatch(deps.db, async (db) => {
    const found = await search(db, now, ip, ente, keys, account);
    if (found instanceof ApiError) return found;
    // Logged in and searching with the Codice Avviso of one's own code: that proves the code.
    if (account) await proveIfOwn(db, account, found.row, keys, now);
    return practiceOf(db, found, now);
  });
  if (practice instanceof ApiError) throw practice;
  return practice;
}

export function practicesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(
    app,
    ep.searchPractice,
    async (c, { params, body }) => {
      const deps = c.get('deps');
      const practice = await searchAnswer(
        deps,
        clientKey(c.get('clientIp')),
        params.ente,
        body,
        await optionalAccount(c),
      );
      answerHeader(c, 'Cache-Control', 'no-store');
      return { practice };
    },
    { compiled: true },
  );
  route(app, ep.searchPracticeNotice, async (c, { params, query, body }) => {
    const entity = await entityOf(c.get('deps').db, params.ente);
    const row = await searchOrThrow(c, entity, body, await optionalAccount(c));
    return noticeResponse(c, entity, row, query.lang);
  });

  route(app, ep.myPracticeNotice, async (c, { params, query }) => {
    const entity = await entityOf(c.get('deps').db, params.ente);
    const row = await requireReachablePosition(c.get('deps').db, c.get('account'), positionId(params.id));
    return noticeResponse(c, entity, row, query.lang);
  });

  route(app, ep.searchPracticeCalendar, async (c, { params, query, body }) => {
    const deps = c.get('deps');
    const entity = await entityOf(deps.db, params.ente);
    // The page is checked before the search, so a refused page costs no search.
    const page = calendarPage(query.page, originsOf(entity), entity.portal_url);
    const row = await searchOrThrow(c, entity, body, await optionalAccount(c));
    const now = deps.now();
    const [practice] = await toPractices(deps.db, entity, [row], now);
    if (!practice) throw new ApiError('practice_not_found');
    return calendarResponse(practice, practiceCalendar(practice, query.lang ?? c.get('lang'), page, now));
  });

  route(app, ep.myPracticeCalendar, async (c, { params, query }) => {
    const deps = c.get('deps');
    const entity = await entityOf(deps.db, params.ente);
    const page = calendarPage(query.page, originsOf(entity), entity.portal_url);
    const account = c.get('account');
    const row = await requireReachablePosition(deps.db, account, positionId(params.id));
    const now = deps.now();
    const [practice] = await toMyPractices(deps.db, entity, account, [row], now);
    if (!practice) throw new ApiError('practice_not_found');
    return calendarResponse(practice, practiceCalendar(practice, query.lang ?? c.get('lang'), page, now));
  });

  route(app, ep.listMyPractices, async (c, { params, query }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c.get('deps').db, params.ente);
    const page = await listMyPractices(deps.db, entity, c.get('account'), query, deps.now());
    c.header('Cache-Control', 'no-store');
    return page;
  });

  route(app, ep.linkPractice, async (c, { params, body }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c.get('deps').db, params.ente);
    const account = c.get('account');
    const row = await searchOrThrow(c, entity, body, account);
    await linkFoundPractice(deps.db, account, row, body, deps.now());
    const [practice] = await toMyPractices(deps.db, entity, account, [row], deps.now());
    if (!practice) throw new ApiError('practice_not_found');
    return practice;
  });

  route(app, ep.getMyPractice, async (c, { params }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c.get('deps').db, params.ente);
    const account = c.get('account');
    const row = await requireReachablePosition(deps.db, account, positionId(params.id));
    const [practice] = await toMyPractices(deps.db, entity, account, [row], deps.now());
    if (!practice) throw new ApiError('practice_not_found');
    c.header('Cache-Control', 'no-store');
    return practice;
  });

  route(app, ep.unlinkPractice, async (c, { params }) => {
    const deps = c.get('deps');
    const account = c.get('account');
    const row = await requireReachablePosition(deps.db, account, positionId(params.id));
    await unlinkPractice(deps.db, account, row.id);
  });

  route(app, ep.listServices, async (c, { params }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c.get('deps').db, params.ente);
    if (entity.spontaneous_enabled !== 1) return { items: [] };
    const items: PublicService[] = [];
    for (const row of await listServices(deps.db, entity.code, true)) {
      try {
        const service = serviceOf(row);
        if (service.enabled) items.push(publicService(service));
      } catch {
        // A definition stored by an older version that no longer parses: hide it, tell the operator.
        deps.logger.warn('service definition does not parse', { entity: entity.code, service: row.code });
      }
    }
    c.header('Cache-Control', 'public, max-age=60');
    return { items };
  });

  route(app, ep.createSpontaneous, async (c, { params, body }) => {
    const deps = c.get('deps');
    const entity = await entityOf(c.get('deps').db, params.ente);
    const account = c.get('account');
    // Only created positions count: fixing a form after a refusal is not abuse.
    const bucket = `spontaneous:account:${account.id}`;
    await enforcePeek(deps, bucket, PRACTICE_LIMITS.spontaneousPerAccount);
    const row = await createSpontaneous(deps.db, entity, account, body, deps.now(), c.get('lang'));
    await hit(deps.db, bucket, PRACTICE_LIMITS.spontaneousPerAccount, deps.now());
    const [practice] = await toMyPractices(deps.db, entity, account, [row], deps.now());
    if (!practice) throw new ApiError('practice_not_found');
    return practice;
  });

  return app;
}
