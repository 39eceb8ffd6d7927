/** Entity API keys (issue #3): checks `Authorization: Bearer <key>` on admin routes. */
import { ApiError } from '../http/api-error.js';
import type { AppContext } from '../http/context.js';

export async function adminAuth(_c: AppContext): Promise<void> {
  throw new ApiError('invalid_api_key');
}
