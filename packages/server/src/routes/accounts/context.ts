/** What the accounts and identity routes hand the domain about a request: its entity and client. */
import type { AccountCtx } from '../../accounts/accounts.js';
import { ApiError } from '../../core/errors.js';
import { findEntity } from '../../entities/entities.js';
import type { AppContext } from '../../http/context.js';

export async function accountCtx(c: AppContext, ente: string): Promise<AccountCtx> {
  const deps = c.get('deps');
  const entity = await findEntity(deps.db, ente);
  if (!entity) throw new ApiError('entity_not_found');
  return {
    deps,
    entity,
    // Columns and counter keys hold at most 64 characters of it (a forwarded header can be anything).
    ip: c.get('clientIp').slice(0, 64),
    userAgent: c.req.header('user-agent'),
    lang: c.get('lang'),
  };
}
