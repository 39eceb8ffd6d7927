/**
 * The one HTTP client of Pagatore: builds the URL from an endpoint, sends JSON, turns every error
 * body into a `PagatoreError`, and hands back typed results. Widgets never call `fetch` themselves.
 */
import { type Endpoint, fillPath, type RequestOf, type ResponseOf } from '../contract/endpoint.js';
import { type ErrorBody, isErrorCode, type Lang, PagatoreError } from '../errors.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  baseUrl: string;
  fetch?: FetchLike;
  /** Headers added to every request (an `Authorization` is added by the clients). */
  headers?: () => Record<string, string>;
  lang?: () => Lang;
  /** Called with every error, before it is thrown (the session store uses it to notice expiry). */
  onError?: (error: PagatoreError) => void;
}

type Req = { params?: unknown; query?: unknown; body?: unknown };

declare const endpointType: unique symbol;

/**
 * What the transport needs of an endpoint: method, path and response kind. An endpoint of the
 * contract is one; so is an entry of `routes.ts`, which carries the endpoint's type alone, so the
 * clients are typed by the contract's schemas without shipping them.
 */
export type RouteOf<E extends Endpoint = Endpoint> = Pick<Endpoint, 'method' | 'path' | 'produces'> & {
  readonly [endpointType]?: E;
};

/** Raw response for binary payloads (PDF, CSV, ZIP). */
export interface FileResult {
  blob: Blob;
  filename: string | undefined;
  contentType: string;
}

function queryString(query: unknown): string {
  if (!query || typeof query !== 'object') return '';
  const sp = new URLSearchParams();
  for (const [k, value] of Object.entries(query as Record<string, unknown>)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) sp.append(k, String(item));
    else sp.set(k, String(value));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export class Transport {
  readonly baseUrl: string;
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#options = options;
  }

  /** Absolute URL of an endpoint with its parameters and query. */
  url<E extends Endpoint>(ep: RouteOf<E>, req: Partial<Req> = {}): string {
    return `${this.baseUrl}${fillPath(ep.path, req.params as Record<string, unknown> | undefined)}${queryString(req.query)}`;
  }

  async #send(ep: RouteOf, req: Partial<Req>, extraHeaders: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = {
      accept: ep.produces === 'json' || ep.produces === 'empty' ? 'application/json' : '*/*',
      'accept-language': this.#options.lang?.() ?? 'it',
      ...this.#options.headers?.(),
      ...extraHeaders,
    };
    let body: BodyInit | undefined;
    if (req.body !== undefined) {
      if (typeof req.body === 'string' || req.body instanceof Blob || req.body instanceof ReadableStream) {
        body = req.body as BodyInit;
      } else {
        body = JSON.stringify(req.body);
        headers['content-type'] = 'application/json';
      }
    }
    const doFetch =
      this.#options.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
    let res: Response;
    try {
      res = await doFetch(this.url(ep, req), {
        method: ep.method,
        headers,
        body,
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch (cause) {
      const err = new PagatoreError({
        status: 0,
        code: 'unavailable',
        message: `unavailable: ${this.baseUrl} cannot be reached`,
      });
      (err as { cause?: unknown }).cause = cause;
      this.#options.onError?.(err);
      throw err;
    }
    if (!res.ok) throw await this.#error(res);
    return res;
  }

  async #error(res: Response): Promise<PagatoreError> {
    let body: Partial<ErrorBody> | undefined;
    try {
      body = (await res.json()) as Partial<ErrorBody>;
    } catch {
      body = undefined;
    }
    const e = body?.error;
    const code =
      e && isErrorCode(e.code)
        ? e.code
        : res.status === 404
          ? 'not_found'
          : res.status >= 500
            ? 'internal'
            : 'bad_request';
    const retry = res.headers.get('retry-after');
    const err = new PagatoreError({
      status: res.status,
      code,
      message: typeof e?.message === 'string' ? e.message : `${code} (HTTP ${res.status})`,
      fields: Array.isArray(e?.fields) ? e.fields : [],
      requestId:
        typeof e?.requestId === 'string' ? e.requestId : (res.headers.get('x-request-id') ?? undefined),
      retryAfter: retry !== null && /^[0-9]+$/.test(retry) ? Number(retry) : undefined,
    });
    this.#options.onError?.(err);
    return err;
  }

  /** Calls a JSON endpoint and returns its parsed, typed response. */
  async call<E extends Endpoint>(ep: RouteOf<E>, req: Partial<RequestOf<E>> = {}): Promise<ResponseOf<E>> {
    const res = await this.#send(ep, req as Partial<Req>);
    if (ep.produces === 'empty' || res.status === 204) return undefined as ResponseOf<E>;
    // The server answers with the contract's response shapes (defaults applied, values normalised),
    // so the client does not parse them again and needs no schema at run time.
    return (await res.json()) as ResponseOf<E>;
  }

  /** Calls an endpoint that answers a file (PDF, CSV, ZIP). */
  async file<E extends Endpoint>(ep: RouteOf<E>, req: Partial<RequestOf<E>> = {}): Promise<FileResult> {
    const res = await this.#send(ep, req as Partial<Req>);
    const cd = res.headers.get('content-disposition') ?? '';
    const m = /filename="?([^";]+)"?/.exec(cd);
    return { blob: await res.blob(), filename: m?.[1], contentType: res.headers.get('content-type') ?? '' };
  }

  /** Calls an endpoint and returns the raw response (streams). */
  async raw<E extends Endpoint>(
    ep: RouteOf<E>,
    req: Partial<RequestOf<E>> = {},
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.#send(ep, req as Partial<Req>, headers);
  }
}
