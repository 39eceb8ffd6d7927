/**
 * The citizen's search of a practice by fiscal code and Codice Avviso (or IUV), under the limits of
 * `limits.ts`, and the database work of one search run together (`searchBatch`).
 */
import { canonicalFiscalCode } from '@pagatore/sdk';
import { isFiscalCodeProven } from '../accounts/fiscal-codes.js';
import type { AccountRow } from '../accounts/accounts.js';
import { ApiError } from '../core/errors.js';
import { hit, type LimitState, peekMany } from '../core/rate-limit.js';
import { type Db, engineOf, transaction } from '../db/database.js';
import type { EntityRow } from '../db/schema/index.js';
import { findEntity } from '../entities/entities.js';
import { PRACTICE_LIMITS } from './limits.js';
import { findBySearch, type FoundPosition, type SearchKeys } from './practices.js';

/**
 * How long one process answers searches with an entity it read: a change by staff (its name, or the
 * entity removed) shows in the searches of every process within this time. An unknown entity is
 * not kept, so a new one is found at once. It saves a read per search (a round trip on PostgreSQL).
 */
export const SEARCH_ENTITY_TTL_MS = 5_000;

/** Entities read by searches, per database (its Kysely adapter) and code, with when they expire. */
const searchEntities = new WeakMap<object, Map<string, { entity: EntityRow; until: number }>>();

async function entityOrThrow(db: Db, code: string, now: Date): Promise<EntityRow> {
  const key = db.getExecutor().adapter;
  let kept = searchEntities.get(key);
  const hit = kept?.get(code);
  if (hit && now.getTime() < hit.until && now.getTime() >= hit.until - SEARCH_ENTITY_TTL_MS)
    return hit.entity;
  const entity = await findEntity(db, code);
  if (!entity) throw new ApiError('entity_not_found');
  if (!kept) searchEntities.set(key, (kept = new Map()));
  // Only entities that exist are kept; an intermediary serving many keeps the last 1,000 read.
  if (kept.size >= 1_000) kept.delete(kept.keys().next().value as string);
  kept.set(code, { entity, until: now.getTime() + SEARCH_ENTITY_TTL_MS });
  return entity;
}

/**
 * The entity and the practice of a search, or the 429 / 404 to answer, by the limits of
 * `limits.ts`: a client that missed this fiscal code too often waits; one that has not (the owner
 * with the right Codice Avviso) is answered even while others guess the code; an account that proved
 * the code is not limited on it. The refusal is returned, not thrown, so that the hits it counted
 * stay when this runs in a transaction (`searchBatch`); an unknown entity throws 404 and counts no
 * hit.
 */
export async function search(
  db: Db,
  now: Date,
  ip: string,
  ente: string,
  keys: SearchKeys,
  account: AccountRow | undefined,
): Promise<{ entity: EntityRow; row: FoundPosition } | ApiError> {
  // In a transaction the hit is its first statement, so that it takes the write lock before reading
  // anything (a transaction that reads and then writes fails if another connection wrote in
  // between), and an unknown entity rolls the hit back; outside one the entity is read first.
  let entity = db.isTransaction ? undefined : await entityOrThrow(db, ente, now);
  const perClient = await hit(db, `practice-search:ip:${ip}`, PRACTICE_LIMITS.searchPerClient, now);
  entity ??= await entityOrThrow(db, ente, now);
  if (!perClient.allowed) return new ApiError('rate_limited', { retryAfter: perClient.retryAfter });
  const code = canonicalFiscalCode(keys.fiscalCode);
  if (account && (await isFiscalCodeProven(db, account.id, code))) {
    const own = await findBySearch(db, entity.code, keys);
    return own ? { entity, row: own } : new ApiError('practice_not_found');
  }
  const codeBucket = `practice-search:cf:${entity.code}:${code}`;
  const client = account ? `account:${account.id}` : `ip:${ip}`;
  const clientBucket = `practice-search:cf-client:${entity.code}:${code}:${client}`;
  const [all, mine] = (await peekMany(
    db,
    [
      [codeBucket, PRACTICE_LIMITS.searchMissesPerFiscalCode],
      [clientBucket, PRACTICE_LIMITS.searchMissesPerClientCode],
    ],
    now,
  )) as [LimitState, LimitState];
  if (!mine.allowed || (!all.allowed && mine.count > 0))
    return new ApiError('rate_limited', { retryAfter: mine.retryAfter });
  const row = await findBySearch(db, entity.code, keys);
  if (!row) {
    await hit(db, codeBucket, PRACTICE_LIMITS.searchMissesPerFiscalCode, now);
    await hit(db, clientBucket, PRACTICE_LIMITS.searchMissesPerClientCode, now);
    return new ApiError('practice_not_found');
  }
  return { entity, row };
}

/**
 * Runs the database work of one anonymous search. On SQLite in one transaction: every statement
 * outside a transaction takes and drops SQLite's locks (system calls that cost more than the small
 * indexed reads themselves), and the rate-limit hit is one commit either way; the hit runs first, so
 * the transaction takes the write lock before it reads anything. On PostgreSQL statement by
 * statement: a transaction would add two round trips to the server.
 */
export function searchBatch<T>(db: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  return engineOf(db) === 'sqlite' ? transaction(db, fn) : fn(db);
}
