/**
 * The closed set of error codes the API answers with, each with its HTTP status. The server throws
 * `ApiError` with one of these codes and says it in its own words; the SDK raises `PagatoreError`
 * with the same code; widgets and other clients show their own words for each code.
 */

export type Lang = 'it' | 'en' | 'de';

/** Every error code the API can answer with, and its HTTP status. Adding one is a contract change. */
export const ERROR_CODES = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 422,
  unauthorized: 401,
  invalid_api_key: 401,
  invalid_credentials: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  csrf_failed: 403,
  entity_not_granted: 403,
  role_forbidden: 403,
  totp_invalid: 401,
  not_found: 404,
  entity_not_found: 404,
  practice_not_found: 404,
  service_not_found: 404,
  spontaneous_disabled: 403,
  registration_disabled: 403,
  reconsent_required: 409,
  method_not_allowed: 405,
  conflict: 409,
  already_exists: 409,
  invalid_state: 409,
  already_paid: 409,
  payment_in_progress: 409,
  payment_activated: 409,
  one_option_per_practice: 422,
  not_payable: 409,
  cart_full: 409,
  checkout_refused: 422,
  token_invalid: 410,
  paylink_not_found: 404,
  paylink_expired: 410,
  paylink_revoked: 410,
  portal_url_missing: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem with one input field; `path` is dotted (`options.0.amount`), `code` a field code. */
export interface FieldProblem {
  path: string;
  code: string;
}

/** A field problem as an error body carries it, with the server's message. */
export interface FieldError extends FieldProblem {
  message: string;
}

/** The one error body every API error has. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    requestId: string;
    fields?: FieldError[];
  };
}

/** HTTP status of an error code. */
export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code];
}

/** True when the value is one of the closed set of codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/**
 * What the SDK throws for every API error and for network failures (`status` 0, code `unavailable`).
 * `message` is the server's, or a short English note when there is none: for logs. What a person
 * reads comes from `code` (and each field's `code`), in the words of the interface that shows it.
 * @example
 * try { await client.entities.get('80012345678') } catch (e) { if (e instanceof PagatoreError && e.code === 'entity_not_found') … }
 */
export class PagatoreError extends Error {
  override readonly name = 'PagatoreError';
  readonly status: number;
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  readonly requestId: string | undefined;
  /** Seconds to wait, from `Retry-After`, on 429 and 503. */
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    code: ErrorCode;
    message: string;
    fields?: FieldError[];
    requestId?: string;
    retryAfter?: number;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? [];
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
  }
}
