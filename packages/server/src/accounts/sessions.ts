/**
 * Citizen sessions, after Lucia / the Copenhagen Book: the token is `<id>.<secret>`, the database
 * keeps the id and the SHA-256 of the secret, compared in constant time. A session ends after an
 * idle period (sliding: each use pushes it, written at most once a minute) and at an absolute
 * expiry, at logout, at a password reset or change, and when the account closes.
 */
import type { Insertable } from 'kysely';
import type { Db } from '../db/database.js';
import type { SessionsTable } from '../db/schema/index.js';
import { hashToken, newToken, sameHash } from '../core/tokens.js';

export interface SessionLifetimes {
  idleSeconds: number;
  maxSeconds: number;
}

export interface ValidSession {
  id: string;
  accountId: string;
  expiresAt: Date;
}

const iso = (d: Date) => d.toISOString();
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

/** Creates a session; the token is returned once and never stored. */
export async function createSession(
  db: Db,
  accountId: string,
  now: Date,
  life: SessionLifetimes,
  client: { ip?: string; userAgent?: string } = {},
  identity: { provider: string; idToken: string | null } | null = null,
): Promise<{ token: string; expiresAt: Date }> {
  const id = newToken();
  const secret = newToken();
  const expiresAt = plus(now, life.maxSeconds);
  const row: Insertable<SessionsTable> = {
    id,
    account_id: accountId,
    secret_hash: hashToken(secret),
    created_at: iso(now),
    last_used_at: iso(now),
    expires_at: iso(expiresAt),
    ip: client.ip ?? null,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
    identity_provider: identity?.provider ?? null,
    id_token: identity?.idToken ?? null,
  };
  await db.insertInto('sessions').values(row).execute();
  // Dead sessions are removed when seen; sweep the ones never seen again now and then.
  if (Math.random() < 0.02) await sweepSessions(db, now, life);
  return { token: `${id}.${secret}`, expiresAt };
}

/** The session of a token, or null when unknown, wrong, idle too long or past its expiry. */
export async function validateSession(
  db: Db,
  token: string,
  now: Date,
  life: SessionLifetimes,
): Promise<ValidSession | null> {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1] || token.length > 200) return null;
  const [id, secret] = parts as [string, string];
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !sameHash(row.secret_hash, hashToken(secret))) return null;
  const lastUsed = new Date(row.last_used_at);
  const expiresAt = new Date(row.expires_at);
  if (now >= expiresAt || now.getTime() - lastUsed.getTime() >= life.idleSeconds * 1000) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  if (now.getTime() - lastUsed.getTime() > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_used_at: iso(now) })
      .where('id', '=', id)
      .execute();
  }
  return { id, accountId: row.account_id, expiresAt };
}

/** Ends one session. */
export async function invalidateSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of an account, but one if given. */
export async function invalidateAccountSessions(db: Db, accountId: string, except?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('account_id', '=', accountId);
  if (except) q = q.where('id', '<>', except);
  await q.execute();
}

/** Deletes sessions past their absolute expiry or idle for longer than the idle timeout. */
export async function sweepSessions(db: Db, now: Date, life: SessionLifetimes): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([eb('expires_at', '<=', iso(now)), eb('last_used_at', '<=', iso(plus(now, -life.idleSeconds)))]),
    )
    .execute();
}
