/**
 * Registers a contract endpoint on a Hono app: validates path parameters, query and JSON body with
 * the endpoint's schemas (the SDK's), checks who may call it, and shapes the response.
 */
import { type Endpoint, type HandlerResultOf, type ParsedRequestOf } from '@pagatore/sdk';
import { validate } from '../core/messages.js';
import type { Hono } from 'hono';
import * as v from 'valibot';
import { compileSchema } from '../core/compiled-schema.js';
import { ApiError, validationError } from '../core/errors.js';
import { withAuditEntry } from '../staff/audit.js';
import type { AfterAdmin, AppContext, AppEnv } from './context.js';

/** What a handler returns: the response schema's input, a raw Response, or nothing for 204s. */
type HandlerResult<E extends Endpoint> = [HandlerResultOf<E>] extends [undefined]
  ? void | Response
  : HandlerResultOf<E> | Response;

export type Handler<E extends Endpoint> = (
  c: AppContext,
  req: ParsedRequestOf<E>,
) => Promise<HandlerResult<E>> | HandlerResult<E>;

/**
 * Hono path syntax for an OpenAPI path. A parameter followed by an extension (`{id}.pdf`) becomes a
 * regex parameter (Hono has no suffix syntax); `paramsOf` strips the extension again.
 */
export function honoPath(path: string): string {
  return path.replace(/\{([a-zA-Z]+)\}\.([a-z0-9]+)/g, ':$1{[^/]+\\.$2}').replace(/\{([a-zA-Z]+)\}/g, ':$1');
}

const EXTENSION_PARAM = /\{([a-zA-Z]+)\}\.([a-z0-9]+)/;

/** Path parameters of a request, without the extension of `{id}.pdf` style parameters. */
function paramsOf(path: string, raw: Record<string, string>): Record<string, string> {
  if (!EXTENSION_PARAM.test(path)) return raw;
  const out = { ...raw };
  for (const m of path.matchAll(/\{([a-zA-Z]+)\}\.([a-z0-9]+)/g)) {
    const [, name, ext] = m as unknown as [string, string, string];
    const v = out[name];
    if (v !== undefined && v.endsWith(`.${ext}`)) out[name] = v.slice(0, -(ext.length + 1));
  }
  return out;
}

/** Content types a JSON body may come as (`application/json`, `application/…+json`). */
export const JSON_CONTENT_TYPE = /^application\/(.+\+)?json\b/i;

/** A JSON body's text as a value, or the refusal of an empty or malformed one. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') throw new ApiError('invalid_json');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('invalid_json');
  }
}

async function readJson(c: AppContext): Promise<unknown> {
  if (!JSON_CONTENT_TYPE.test(c.req.header('content-type') ?? ''))
    throw new ApiError('unsupported_media_type');
  let text: string;
  try {
    text = await c.req.text();
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError('bad_request');
  }
  return parseJsonText(text);
}

function prefixed(fields: { path: string; code: string; message: string }[], prefix: string) {
  return fields.map((f) => ({ ...f, path: f.path ? `${prefix}.${f.path}` : prefix }));
}

/** `key=value` with nothing to decode, the whole query string. */
const PLAIN_PAIR = /^([A-Za-z0-9_.~-]+)=([A-Za-z0-9_.~-]*)$/;

type QuerySchema = NonNullable<Endpoint['query']>;

/**
 * The parser of a query made of one plain parameter (`?nav=301…`, the commonest lookup), which
 * validates that parameter with its own entry of the schema instead of the whole object: for a
 * strict or plain object without checks of its own, that is the same output (the entry's value over
 * the defaults of the others). Returns undefined for anything else — several parameters, something to
 * decode, an invalid value — and the whole schema then validates the query and words the errors.
 * Null when the schema is not such an object or needs more than one parameter.
 */
export function singleParameterQuery(schema: QuerySchema) {
  const s = schema as unknown as { type: string; entries?: Record<string, v.GenericSchema>; pipe?: unknown };
  if ((s.type !== 'strict_object' && s.type !== 'object') || s.pipe !== undefined || !s.entries) return null;
  const entries = s.entries;
  const empty = v.safeParse(schema, {});
  if (!empty.success) return null;
  const defaults = empty.output as Record<string, unknown>;
  return (url: string): Record<string, unknown> | undefined => {
    const q = url.indexOf('?');
    if (q < 0) return undefined;
    const m = PLAIN_PAIR.exec(url.slice(q + 1));
    const entry = m && Object.hasOwn(entries, m[1] as string) ? entries[m[1] as string] : undefined;
    if (!m || !entry) return undefined;
    const r = v.safeParse(entry, m[2]);
    return r.success ? { ...defaults, [m[1] as string]: r.output } : undefined;
  };
}

/**
 * Adds an endpoint to the app.
 * @example route(app, publicEndpoints.getEntity, async (c, { params }) => toPublicEntity(await load(params.ente)))
 */
export function route<E extends Endpoint>(
  app: Hono<AppEnv>,
  ep: E,
  handler: Handler<E>,
  opts: { compiled?: boolean } = {},
): void {
  const quickQuery = ep.query ? singleParameterQuery(ep.query) : null;
  // `compiled` (for the hottest anonymous routes, whose schemas a test holds to valibot's verdict):
  // inputs that pass run through the schemas compiled once (core/compiled-schema.ts: the same
  // rules and output); valibot runs on the others, to say what is wrong.
  const quickParams = opts.compiled && ep.params ? compileSchema(ep.params) : null;
  const quickBody = opts.compiled && ep.body ? compileSchema(ep.body) : null;
  app.on(ep.method, honoPath(ep.path), async (c) => {
    const lang = c.get('lang');
    const hooks = c.get('auth');
    let after: AfterAdmin | void = undefined;
    if (ep.auth === 'session') {
      if (!hooks.session) throw new ApiError('unauthorized');
      await hooks.session(c);
    } else if (ep.auth === 'admin') {
      if (!hooks.admin) throw new ApiError('invalid_api_key');
      after = await hooks.admin(c, ep);
    } else if (ep.auth === 'staff') {
      if (!hooks.staff) throw new ApiError('unauthorized');
      await hooks.staff(c);
    }
    const parsed: Record<string, unknown> = {};
    if (ep.params) {
      const raw = paramsOf(ep.path, c.req.param());
      const quick = quickParams?.(raw);
      if (quick !== undefined) parsed.params = quick;
      else {
        const r = validate(ep.params, raw, lang);
        if (!r.ok) {
          // A malformed entity code is an unknown entity, as for any other path.
          if (r.fields.some((f) => f.path === 'ente')) throw new ApiError('entity_not_found');
          throw validationError(prefixed(r.fields, 'params'));
        }
        parsed.params = r.value;
      }
    }
    if (ep.query) {
      const quick = quickQuery?.(c.req.url);
      if (quick) parsed.query = quick;
      else {
        const r = validate(ep.query, c.req.query(), lang);
        if (!r.ok) throw validationError(prefixed(r.fields, 'query'));
        parsed.query = r.value;
      }
    }
    if (ep.body) {
      const json = await readJson(c);
      const quick = quickBody?.(json);
      if (quick !== undefined) parsed.body = quick;
      else {
        const r = validate(ep.body, json, lang);
        if (!r.ok) throw validationError(r.fields);
        parsed.body = r.value;
      }
    }
    let result: unknown;
    if (after) {
      // A staff member's change and its audit entry land together or not at all: the handler runs
      // in one transaction (its own transactions become savepoints of it) that also writes the
      // entry, so a failed audit write leaves no change.
      const deps = c.get('deps');
      const done = after;
      try {
        result = await withAuditEntry(deps.db, async (tx) => {
          c.set('deps', { ...deps, db: tx });
          const r: unknown = await handler(c, parsed as ParsedRequestOf<E>);
          await done(tx, parsed.params as Record<string, unknown> | undefined, r);
          return r;
        });
      } finally {
        c.set('deps', deps);
      }
    } else result = await handler(c, parsed as ParsedRequestOf<E>);
    if (result instanceof Response) return result;
    if (ep.produces === 'empty') return c.body(null, 204);
    return c.json(result as object, ep.status as 200);
  });
}
