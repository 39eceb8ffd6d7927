/** Public, anonymous endpoints: health, the OpenAPI document, the entities and their settings. */
import * as v from 'valibot';
import { EntityCode } from '../schemas/common.js';
import { ARTICLES } from '../schemas/entity-name.js';
import { endpoint } from './endpoint.js';

export const Health = v.object({
  status: v.literal('ok'),
  version: v.string(),
  mode: v.picklist(['demo', 'production']),
  database: v.picklist(['sqlite', 'postgres']),
  time: v.string(),
});
export type Health = v.InferOutput<typeof Health>;

/** What anyone may know of an entity: enough to show its portal. */
export const EntityPublic = v.object({
  code: v.string(),
  name: v.string(),
  /** The Italian article the name takes (`ofEntity`, `withArticle`), or null. */
  article: v.nullable(v.picklist(ARTICLES)),
  sector: v.nullable(v.string()),
  info: v.nullable(v.string()),
  logoUrl: v.nullable(v.string()),
  portalUrl: v.nullable(v.string()),
  spontaneousPayments: v.boolean(),
  /**
   * false: the portal's own registration is off ("Registrati" hides; the register API answers
   * `registration_disabled`); citizens get an account by logging in with SPID or CIE.
   */
  ownRegistration: v.boolean(),
  /** `text`: Italian, or `{ it, en?, de? }`: show it with `localText(text, lang)`. */
  privacy: v.object({
    version: v.string(),
    text: v.union([
      v.string(),
      v.object({ it: v.string(), en: v.optional(v.string()), de: v.optional(v.string()) }),
    ]),
  }),
  hasPostalAccount: v.boolean(),
});
export type EntityPublic = v.InferOutput<typeof EntityPublic>;

export const EntitySummary = v.object({
  code: v.string(),
  name: v.string(),
  logoUrl: v.nullable(v.string()),
});
export type EntitySummary = v.InferOutput<typeof EntitySummary>;

export const EnteParams = v.strictObject({ ente: EntityCode });

export const publicEndpoints = {
  health: endpoint({
    id: 'getHealth',
    method: 'GET',
    path: '/healthz',
    auth: 'none',
    tag: 'public',
    summary: 'Liveness and readiness: the database answers',
    response: Health,
    status: 200,
    produces: 'json',
    errors: ['unavailable'],
  }),
  listEntities: endpoint({
    id: 'listEntities',
    method: 'GET',
    path: '/api/v1/entities',
    auth: 'none',
    tag: 'public',
    summary: 'The entities this server hosts',
    response: v.object({ items: v.array(EntitySummary) }),
    status: 200,
    produces: 'json',
    errors: [],
  }),
  getEntity: endpoint({
    id: 'getEntity',
    method: 'GET',
    path: '/api/v1/entities/{ente}',
    auth: 'none',
    tag: 'public',
    summary: "An entity's public settings: name, logo, privacy text",
    params: EnteParams,
    response: EntityPublic,
    status: 200,
    produces: 'json',
    errors: ['entity_not_found'],
  }),
} as const;
