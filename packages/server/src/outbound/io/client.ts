/**
 * A typed client of IO's Services API (types.ts): the citizen's profile by fiscal code and the
 * submission of a message, authenticated with the entity's service key (`Ocp-Apim-Subscription-Key`),
 * through the checked outbound request (../request.ts). Each call answers what IO said as a value
 * the caller decides on (send, give up, retry later); only a network error, a timeout or a refused
 * address rejects.
 */
import { type OutboundOptions, outboundRequest } from '../request.js';
import type { IoCreatedMessage, IoLimitedProfile, IoNewMessage, IoProblemJson } from './types.js';

/** IO's production API (`host` + `basePath` of the spec). */
export const IO_PRODUCTION_URL = 'https://api.io.pagopa.it/api/v1';

/** Where calls go and how they authenticate. */
export interface IoTarget {
  /** Base URL, up to and including `/api/v1`. */
  baseUrl: string;
  /** The subscription key of the entity's IO service. */
  apiKey: string;
  /** The entity allows its own network (tests, a proxy on its network). */
  allowPrivate: boolean;
  userAgent: string;
  timeoutMs: number;
  /** Name resolution (tests); the system's by default. */
  resolve?: OutboundOptions['resolve'];
}

/** Why a call did not give what was asked. */
export type IoFailureKind =
  /** 404: no IO profile for this fiscal code. */
  | 'not_found'
  /** 401 or 403: the key is wrong or the service may not call this (fixable by the entity). */
  | 'unauthorized'
  /** 400: IO refused the payload. */
  | 'bad_request'
  /** 429: IO's rate limit; `retryAfterSeconds` when IO said. */
  | 'rate_limited'
  /** 5xx or any other status. */
  | 'unavailable';

export type IoResult<T> =
  | { ok: true; status: number; value: T }
  | {
      ok: false;
      status: number;
      kind: IoFailureKind;
      retryAfterSeconds: number | null;
      detail: string | null;
    };

/** `Retry-After` as seconds from `now` (delta-seconds or an HTTP date), or null. */
export function retryAfterSeconds(header: string | string[] | undefined, now: Date): number | null {
  const v = Array.isArray(header) ? header[0] : header;
  if (v === undefined || v.trim() === '') return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

function failureKind(status: number): IoFailureKind {
  if (status === 404) return 'not_found';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 400) return 'bad_request';
  if (status === 429) return 'rate_limited';
  return 'unavailable';
}

async function call<T>(
  t: IoTarget,
  path: string,
  body: unknown,
  okStatus: number,
  now: () => Date,
): Promise<IoResult<T>> {
  const json = JSON.stringify(body);
  const res = await outboundRequest(`${t.baseUrl.replace(/\/+$/, '')}${path}`, {
    method: 'POST',
    body: json,
    timeoutMs: t.timeoutMs,
    allowPrivate: t.allowPrivate,
    ...(t.resolve ? { resolve: t.resolve } : {}),
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': t.userAgent,
      'ocp-apim-subscription-key': t.apiKey,
    },
  });
  let parsed: unknown = null;
  try {
    parsed = res.body.length ? JSON.parse(res.body.toString('utf8')) : null;
  } catch {
    // Not JSON: answered as IO's failure below.
  }
  if (res.status === okStatus && parsed !== null && typeof parsed === 'object')
    return { ok: true, status: res.status, value: parsed as T };
  const problem = (parsed ?? {}) as IoProblemJson;
  return {
    ok: false,
    status: res.status,
    // A success status with a body that is not the spec's object is IO misbehaving: retried later.
    kind: res.status === okStatus ? 'unavailable' : failureKind(res.status),
    retryAfterSeconds: retryAfterSeconds(res.headers['retry-after'], now()),
    detail: typeof problem.detail === 'string' ? problem.detail.slice(0, 300) : null,
  };
}

/**
 * The citizen's profile as the entity's service sees it (`getProfileByPOST`: the fiscal code goes
 * in the body, so it is in no URL nor access log). 404 (`not_found`): the citizen is not on IO.
 * @example const r = await getIoProfile(target, 'RSSMRA85T10A562S'); if (r.ok && r.value.sender_allowed) …
 */
export function getIoProfile(t: IoTarget, fiscalCode: string, now = () => new Date()) {
  return call<IoLimitedProfile>(t, '/profiles', { fiscal_code: fiscalCode }, 200, now);
}

/**
 * Submits a message (`submitMessageforUserWithFiscalCodeInBody`); 201 with the message id.
 * @example const r = await submitIoMessage(target, { fiscal_code, content: { subject, markdown } });
 */
export function submitIoMessage(t: IoTarget, message: IoNewMessage, now = () => new Date()) {
  return call<IoCreatedMessage>(t, '/messages', message, 201, now);
}
