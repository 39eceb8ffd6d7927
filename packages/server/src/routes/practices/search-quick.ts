/**
 * The citizen's anonymous search, `POST /api/v1/entities/{ente}/practices/search`, as a quick route
 * (http/quick.ts): the portal's busiest request, answered on Node's own handler with the same
 * schemas, search and answer as its Hono route in `practices.ts`.
 */
import { practicesEndpoints as ep } from '@pagatore/sdk';
import * as v from 'valibot';
import { compileSchema } from '../../core/compiled-schema.js';
import type { AppDeps } from '../../core/deps.js';
import { validationError } from '../../core/errors.js';
import { validate } from '../../core/messages.js';
import { clientKey } from '../../http/rate-limit.js';
import type { QuickRoute } from '../../http/quick.js';
import type { SearchKeys } from '../../practices/practices.js';
import { searchAnswer } from './practices.js';

/** The search's path with a plain entity segment (an escaped one is Hono's to decode and answer). */
const SEARCH_PATH = /^\/api\/v1\/entities\/([A-Za-z0-9_.~-]+)\/practices\/search$/;

export function practiceSearchQuick(deps: AppDeps): QuickRoute {
  const { params: paramsSchema, body: bodySchema } = ep.searchPractice;
  if (!paramsSchema || !bodySchema) throw new Error('the search endpoint takes path parameters and a body');
  const params = compileSchema(paramsSchema);
  const body = compileSchema(bodySchema);
  return {
    path: SEARCH_PATH,
    // A malformed entity code is answered by Hono (`entity_not_found`, as for any path).
    params: (match) => {
      const raw = { ente: match[1] };
      return params ? params(raw) : v.is(paramsSchema, raw) ? raw : undefined;
    },
    async handle({ lang, ip, params: { ente }, json }) {
      let keys: SearchKeys | undefined = body?.(json);
      if (keys === undefined) {
        const r = validate(bodySchema, json, lang);
        if (!r.ok) throw validationError(r.fields);
        keys = r.value;
      }
      const practice = await searchAnswer(deps, clientKey(ip), ente as string, keys, undefined);
      return { body: { practice }, headers: { 'Cache-Control': 'no-store' } };
    },
  };
}
