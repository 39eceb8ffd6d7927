/**
 * What the API answers for an error thrown while serving a request: an `ApiError` as it is, the
 * framework's and the body stream's errors as the client's fault they are, anything else logged
 * and answered as `internal` (no detail leaves the server).
 */
import { HTTPException } from 'hono/http-exception';
import { ApiError } from '../core/errors.js';
import type { Logger } from '../log/logger.js';

/** The API error an error stands for, or null when it is unexpected (an `internal` one). */
function knownApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    return new ApiError(
      error.status === 413 ? 'payload_too_large' : error.status === 401 ? 'unauthorized' : 'bad_request',
    );
  }
  if (error instanceof TypeError && /body|stream|aborted/i.test(error.message)) {
    return new ApiError('bad_request');
  }
  return null;
}

/** The HTTP status the API answers for an error (what `apiErrorOf` gives), without logging it. */
export function apiStatusOf(error: unknown): number {
  return knownApiError(error)?.status ?? 500;
}

export function apiErrorOf(
  error: unknown,
  logger: Logger,
  request: { requestId: string; method: string; path: string },
): ApiError {
  const known = knownApiError(error);
  if (known) return known;
  logger.error('unhandled error', {
    ...request,
    error:
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : String(error),
  });
  return new ApiError('internal');
}
