/**
 * The one error type of the server. Handlers throw it with a code from the SDK's closed set; the
 * app's `onError` turns it (and anything unexpected) into the one error body.
 */
import { type ErrorBody, type ErrorCode, type FieldError, type Lang, statusOf } from '@pagatore/sdk';
import { messageOf } from './messages.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldError[] | undefined;
  /** Seconds for `Retry-After` (429, 503). */
  readonly retryAfter: number | undefined;
  /** A message overriding the code's standard one (already localised). */
  readonly detail: string | undefined;

  constructor(code: ErrorCode, opts: { fields?: FieldError[]; retryAfter?: number; detail?: string } = {}) {
    super(opts.detail ?? code);
    this.code = code;
    this.status = statusOf(code);
    this.fields = opts.fields;
    this.retryAfter = opts.retryAfter;
    this.detail = opts.detail;
  }

  /** The error body in a language. */
  body(requestId: string, lang: Lang): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.detail ?? messageOf(this.code, lang),
        requestId,
        ...(this.fields && this.fields.length ? { fields: this.fields } : {}),
      },
    };
  }
}

/** A validation failure on some fields. */
export function validationError(fields: FieldError[]): ApiError {
  return new ApiError('validation_failed', { fields });
}
