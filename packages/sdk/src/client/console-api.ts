/**
 * The staff console's client: same origin as the server, authenticated by the console session's
 * `HttpOnly` cookie (the browser sends it; this client never sees it). It sends the session's CSRF
 * token and the entity the staff member is working on with every request, and reaches the admin
 * API with the role the staff member holds on that entity.
 */
import type { consoleEndpoints as ep } from '../contract/console.js';
import type { Endpoint, RequestOf, ResponseOf } from '../contract/endpoint.js';
import type { Lang, PagatoreError } from '../errors.js';
import type { AuditQuery, StaffLoginStep, StaffSession } from '../schemas/staff.js';
import { adminApi } from './admin-api.js';
import { moneyApi } from './money-api.js';
import { adminNoticesApi } from './notices-api.js';
import { integrationsApi } from './integrations-api.js';
import { webhooksApi } from './webhooks-api.js';
import { reconciliationApi } from './reconciliation-api.js';
import { adminPrivacyApi } from './privacy-api.js';
import { consoleRoutes as routes } from './routes.js';
import { type FetchLike, type FileResult, Transport } from './transport.js';

/** The header that names the entity a console request acts on. */
export const ENTITY_HEADER = 'x-pagatore-entity';
/** The header that carries the console session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

export interface ConsoleClientOptions {
  /** The server's origin; the console is served by the server itself. */
  baseUrl: string;
  fetch?: FetchLike;
  lang?: Lang;
  /** Called when the server no longer knows the session (idle timeout, logout elsewhere). */
  onSessionEnd?: (error: PagatoreError) => void;
}

/**
 * Creates the console client.
 * @example
 * const con = createConsoleClient({ baseUrl: location.origin });
 * const step = await con.login('clerk@comune.example.it', password);
 * const session = await con.verify(step.challenge, { code: '123456' });
 * con.useEntity(session.grants[0].entity);
 */
export function createConsoleClient(options: ConsoleClientOptions) {
  let csrf: string | null = null;
  let entity: string | null = null;
  let lang: Lang = options.lang ?? 'it';
  const transport = new Transport({
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    lang: () => lang,
    headers: () => ({
      ...(csrf ? { [CSRF_HEADER]: csrf } : {}),
      ...(entity ? { [ENTITY_HEADER]: entity } : {}),
    }),
    onError: (e) => {
      // No live session: expired or ended on the server (`unauthorized`), or its cookie gone, so
      // the admin API sees no credentials at all (`invalid_api_key`).
      if (e.status === 401 && (e.code === 'unauthorized' || e.code === 'invalid_api_key')) {
        csrf = null;
        options.onSessionEnd?.(e);
      }
    },
  });
  const keep = (s: StaffSession): StaffSession => {
    csrf = s.csrfToken;
    return s;
  };
  return {
    baseUrl: transport.baseUrl,
    setLang(next: Lang): void {
      lang = next;
    },
    /** The entity every admin call acts on. */
    useEntity(code: string | null): void {
      entity = code;
    },
    get entity(): string | null {
      return entity;
    },
    /** First step: e-mail and password; the answer says whether to type a code or enrol first. */
    login: (email: string, password: string): Promise<StaffLoginStep> =>
      transport.call(routes.staffLogin, { body: { email, password } }),
    /** Second step: a TOTP code or a recovery code; the server sets the session cookie. */
    verify: async (
      challenge: string,
      second: { code: string } | { recoveryCode: string },
    ): Promise<StaffSession> =>
      keep(await transport.call(routes.staffVerify, { body: { challenge, ...second } })),
    /** The entities whose staff may log in through their OpenID Connect provider. */
    oidcProviders: () => transport.call(routes.listStaffOidc),
    /** Starts a login at an entity's provider: send the browser to the URL answered. */
    startOidc: (entity: string) => transport.call(routes.startStaffOidc, { body: { entity } }),
    /** The current session (after a page load), or a 401 `unauthorized` when there is none. */
    session: async (): Promise<StaffSession> => keep(await transport.call(routes.getStaffSession)),
    logout: async (): Promise<void> => {
      await transport.call(routes.staffLogout);
      csrf = null;
    },
    audit: {
      /** The entity's audit log, newest first. */
      list: (query: AuditQuery = {}): Promise<ResponseOf<typeof ep.listAudit>> =>
        transport.call(routes.listAudit, { query } as Partial<RequestOf<typeof ep.listAudit>>),
    },
    /** Any endpoint of the contract, typed by its schemas. */
    call<E extends Endpoint>(ep: E, req: Partial<RequestOf<E>> = {}): Promise<ResponseOf<E>> {
      return transport.call<E>(ep, req);
    },
    file<E extends Endpoint>(ep: E, req: Partial<RequestOf<E>> = {}): Promise<FileResult> {
      return transport.file<E>(ep, req);
    },
    ...adminApi(transport),
    ...adminNoticesApi(transport),
    ...webhooksApi(transport),
    ...integrationsApi(transport),
    ...reconciliationApi(transport),
    ...moneyApi(transport),
    ...adminPrivacyApi(transport),
  };
}

export type PagatoreConsoleClient = ReturnType<typeof createConsoleClient>;
