/**
 * Citizen sessions: checks `Authorization: Bearer <token>` on session routes and puts
 * the account (`c.get('account')`) and the session id (`c.get('sessionId')`) on the context. A
 * session works only on its own entity's routes.
 */
import { validateSession } from '../../accounts/sessions.js';
import { ApiError } from '../../core/errors.js';
import type { AppContext } from '../context.js';

export async function sessionAuth(c: AppContext): Promise<void> {
  const header = c.req.header('authorization') ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m?.[1]) throw new ApiError('unauthorized');
  const deps = c.get('deps');
  const session = await validateSession(deps.db, m[1], deps.now(), {
    idleSeconds: deps.config.sessionIdleSeconds,
    maxSeconds: deps.config.sessionMaxSeconds,
  });
  if (!session) throw new ApiError('unauthorized');
  const account = await deps.db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', session.accountId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  const ente = c.req.param('ente');
  if (!account || (ente !== undefined && account.entity_code !== ente)) throw new ApiError('unauthorized');
  c.set('account', account);
  c.set('sessionId', session.id);
}
