/**
 * Calls to GPD's REST services (gpd.json, gpd_payments.json) with the entity's subscription key, each
 * through the checked outbound request (outbound/request.ts): the entity's own network only when
 * its settings allow it.
 */
import type { PagopaSettings } from '../entities/pagopa-settings.js';
import { type OutboundOptions, outboundRequest } from '../outbound/request.js';

export interface GpdCallDeps {
  timeoutMs: number;
  /** Name resolution (tests); the system's by default. */
  resolve?: OutboundOptions['resolve'];
}

/** An answer of GPD: its HTTP status and body (JSON when it is JSON). */
export interface GpdAnswer {
  status: number;
  text: string;
  json: unknown;
}

/** Where a call goes and with what it authenticates. */
export interface GpdTarget {
  settings: Pick<PagopaSettings, 'gpdUrl' | 'gpdReceiptsUrl' | 'gpdSubscriptionKey'>;
  entityCode: string;
  allowPrivate: boolean;
  userAgent: string;
}

/**
 * One call to GPD; rejects on a network error, a timeout or a refused address (the caller retries
 * those). `service` picks the debt-positions or the payments-receipts base URL.
 */
export async function gpdCall(
  deps: GpdCallDeps,
  target: GpdTarget,
  call: { service?: 'positions' | 'receipts'; method: string; path: string; body?: unknown; accept?: string },
): Promise<GpdAnswer> {
  const base = call.service === 'receipts' ? target.settings.gpdReceiptsUrl : target.settings.gpdUrl;
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  const res = await outboundRequest(`${base}${call.path}`, {
    method: call.method,
    timeoutMs: deps.timeoutMs,
    allowPrivate: target.allowPrivate,
    maxBytes: 4 * 1024 * 1024,
    ...(deps.resolve ? { resolve: deps.resolve } : {}),
    headers: {
      accept: call.accept ?? 'application/json',
      'user-agent': target.userAgent,
      ...(target.settings.gpdSubscriptionKey
        ? { 'ocp-apim-subscription-key': target.settings.gpdSubscriptionKey }
        : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body } : {}),
  });
  const text = res.body.toString('utf8');
  let json: unknown = null;
  if (/json/i.test(String(res.headers['content-type'] ?? ''))) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  return { status: res.status, text, json };
}

/** `/organizations/{org}/debtpositions[/{iupd}]`, each part encoded. */
export function positionsPath(entityCode: string, iupd?: string, tail = ''): string {
  const base = `/organizations/${encodeURIComponent(entityCode)}/debtpositions`;
  return iupd === undefined ? base : `${base}/${encodeURIComponent(iupd)}${tail}`;
}

/** The position's status in a GPD answer (PaymentPositionModel / …BaseResponse), if told. */
export function statusOf(answer: GpdAnswer): string | null {
  const s = (answer.json as { status?: unknown } | null)?.status;
  return typeof s === 'string' ? s : null;
}

/** A short reason from a GPD answer: its ProblemJson `detail` or `title`, else the status. */
export function problemOf(answer: GpdAnswer): string {
  const p = answer.json as { title?: unknown; detail?: unknown } | null;
  const text = [p?.title, p?.detail].filter((x) => typeof x === 'string').join(': ');
  return `HTTP ${answer.status}${text ? ` ${text}` : ''}`.slice(0, 300);
}
