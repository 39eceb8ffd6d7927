/** Finding an account by what a person types: an e-mail, or a username or e-mail. */
import type { Db } from '../db/database.js';
import type { AccountRow } from '../db/schema/index.js';
import { normalizeLogin } from './context.js';

/** The account (pending or active) that holds an e-mail. */
export async function findOpenByEmail(
  db: Db,
  entity: string,
  email: string,
): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('email_normalized', '=', normalizeLogin(email))
    .where('status', '<>', 'closed')
    .executeTakeFirst();
}

/**
 * The account a login name (username or e-mail) names: `open` for anything not closed (recovery
 * mails also reach accounts waiting for activation), `active` for signing in.
 */
export async function findByLogin(
  db: Db,
  entity: string,
  login: string,
  which: 'open' | 'active',
): Promise<AccountRow | undefined> {
  const key = normalizeLogin(login);
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('status', which === 'active' ? '=' : '<>', which === 'active' ? 'active' : 'closed')
    .where((eb) => eb.or([eb('username', '=', key), eb('email_normalized', '=', key)]))
    .executeTakeFirst();
}
