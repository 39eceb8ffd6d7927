/**
 * The admin hook: `Authorization: Bearer pgk_<id>_<secret>` on admin routes. The key's entity goes
 * on the context (`c.get('adminEntity')`); anything else is 401 `invalid_api_key`.
 */
import { ApiError } from '../../core/errors.js';
import { authenticateApiKey } from '../../entities/api-keys.js';
import { type AppContext, requestHeader } from '../context.js';

export async function adminAuth(c: AppContext): Promise<void> {
  const key = /^Bearer\s+(\S+)$/i.exec(requestHeader(c, 'authorization') ?? '')?.[1];
  if (!key) throw new ApiError('invalid_api_key');
  c.set('adminEntity', await authenticateApiKey(c.get('deps'), key));
}
