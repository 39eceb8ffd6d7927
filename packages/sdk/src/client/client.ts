/**
 * The citizen-side client (browser widgets, or any script acting for a citizen) and the entity-side
 * admin client (Node, with an API key). Methods are typed by the contract's schemas.
 */
import type { Endpoint, RequestOf, ResponseOf } from '../contract/endpoint.js';
import type { Lang } from '../errors.js';
import { accountsApi } from './accounts-api.js';
import { identityApi } from './identity-api.js';
import { adminApi } from './admin-api.js';
import { adminNoticesApi, noticesApi } from './notices-api.js';
import { paymentsApi } from './payments-api.js';
import { practicesApi } from './practices-api.js';
import { publicRoutes } from './routes.js';
import { SessionStore } from './session-store.js';
import { webhooksApi } from './webhooks-api.js';
import { integrationsApi } from './integrations-api.js';
import { reconciliationApi } from './reconciliation-api.js';
import { moneyApi } from './money-api.js';
import { remindersApi } from './reminders-api.js';
import { adminPrivacyApi, privacyApi } from './privacy-api.js';
import { type FetchLike, type FileResult, Transport } from './transport.js';

export interface ClientOptions {
  /** Base URL of the Pagatore server, e.g. `https://pay.example-intermediary.it`. */
  baseUrl: string;
  /** The entity's fiscal code: the `{ente}` of every citizen route. */
  entity: string;
  fetch?: FetchLike;
  /** Language of server messages. */
  lang?: Lang;
  /** Where the session token lives; default: memory + sessionStorage keyed by baseUrl and entity. */
  session?: SessionStore;
}

/**
 * Creates a citizen client for one entity.
 * @example
 * const client = createClient({ baseUrl: 'http://localhost:8787', entity: '80012345678' });
 * const ente = await client.entity();
 */
export function createClient(options: ClientOptions) {
  const session =
    options.session ?? new SessionStore(`${options.baseUrl.replace(/\/+$/, '')}|${options.entity}`);
  let lang: Lang = options.lang ?? 'it';
  const transport = new Transport({
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    lang: () => lang,
    headers: (): Record<string, string> => {
      const token = session.token;
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    onError: (e) => {
      // The server no longer knows the token (expired, revoked): drop it so widgets show "Accedi".
      if (e.status === 401 && e.code === 'unauthorized') session.clear();
    },
  });
  const ente = { ente: options.entity };

  return {
    baseUrl: transport.baseUrl,
    entityCode: options.entity,
    session,
    /** Language of server messages and e-mails for this client. */
    setLang(next: Lang): void {
      lang = next;
    },
    get lang(): Lang {
      return lang;
    },
    /** Any endpoint of the contract, typed by its schemas. */
    call<E extends Endpoint>(ep: E, req: Partial<RequestOf<E>> = {}): Promise<ResponseOf<E>> {
      return transport.call<E>(ep, req);
    },
    /** Any endpoint that answers a file. */
    file<E extends Endpoint>(ep: E, req: Partial<RequestOf<E>> = {}): Promise<FileResult> {
      return transport.file<E>(ep, req);
    },
    /** URL of an endpoint, for links. */
    url<E extends Endpoint>(ep: E, req: Partial<RequestOf<E>> = {}): string {
      return transport.url<E>(ep, req);
    },
    health: () => transport.call(publicRoutes.health),
    /** This client's entity: name, logo, privacy text. */
    entity: () => transport.call(publicRoutes.getEntity, { params: ente }),
    entities: {
      list: () => transport.call(publicRoutes.listEntities),
      get: (code: string) => transport.call(publicRoutes.getEntity, { params: { ente: code } }),
    },
    ...accountsApi(transport, ente, session),
    ...identityApi(transport, ente, session),
    ...noticesApi(transport, ente),
    ...practicesApi(transport, ente),
    ...paymentsApi(transport, ente),
    ...remindersApi(transport, ente),
    ...privacyApi(transport, ente),
  };
}

export type PagatoreClient = ReturnType<typeof createClient>;

export interface AdminClientOptions {
  baseUrl: string;
  /** An entity API key, as printed by `pagatore apikey create`. */
  apiKey: string;
  fetch?: FetchLike;
  lang?: Lang;
}

/**
 * Creates the entity-side client, authenticated with an API key (Node or any server).
 * @example const admin = createAdminClient({ baseUrl: 'http://localhost:8787', apiKey: process.env.PAGATORE_API_KEY! });
 */
export function createAdminClient(options: AdminClientOptions) {
  const transport = new Transport({
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    lang: () => options.lang ?? 'it',
    headers: () => ({ authorization: `Bearer ${options.apiKey}` }),
  });
  return {
    baseUrl: transport.baseUrl,
    call<E extends Endpoint>(ep: E, req: Partial<RequestOf<E>> = {}): Promise<ResponseOf<E>> {
      return transport.call<E>(ep, req);
    },
    file<E extends Endpoint>(ep: E, req: Partial<RequestOf<E>> = {}): Promise<FileResult> {
      return transport.file<E>(ep, req);
    },
    raw<E extends Endpoint>(
      ep: E,
      req: Partial<RequestOf<E>> = {},
      headers: Record<string, string> = {},
    ): Promise<Response> {
      return transport.raw<E>(ep, req, headers);
    },
    health: () => transport.call(publicRoutes.health),
    ...adminApi(transport),
    ...adminNoticesApi(transport),
    ...webhooksApi(transport),
    ...integrationsApi(transport),
    ...reconciliationApi(transport),
    ...moneyApi(transport),
    ...adminPrivacyApi(transport),
  };
}

export type PagatoreAdminClient = ReturnType<typeof createAdminClient>;
