/**
 * The admin hook: `Authorization: Bearer pgk_<id>_<secret>` on admin routes, or else the staff
 * console's session cookie (./staff.ts). The entity goes on the context (`c.get('adminEntity')`);
 * without either, 401 `invalid_api_key`.
 */
import type { Endpoint } from '@pagatore/sdk';
import { ApiError } from '../../core/errors.js';
import { authenticateApiKey } from '../../entities/api-keys.js';
import { type AfterAdmin, type AppContext, requestHeader } from '../context.js';
import { consoleToken, staffAdminAuth } from './staff.js';

export async function adminAuth(c: AppContext, ep: Endpoint): Promise<AfterAdmin | void> {
  const authorization = requestHeader(c, 'authorization');
  if (authorization === undefined && consoleToken(c) !== undefined) return staffAdminAuth(c, ep);
  const key = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!key) throw new ApiError('invalid_api_key');
  c.set('adminEntity', await authenticateApiKey(c.get('deps'), key));
}
