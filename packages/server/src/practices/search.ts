/**
 * The citizen's search of a practice by fiscal code and Codice Avviso (or IUV), under the limits of
 * `limits.ts`, and the database work of one search run together (`searchBatch`, or on SQLite
 * `searchNow` in one synchronous transaction).
 */
import { canonicalFiscalCode } from '@pagatore/sdk';
import { isFiscalCodeProven } from '../accounts/fiscal-codes.js';
import type { AccountRow } from '../accounts/accounts.js';
import { ApiError } from '../core/errors.js';
import {
  hit,
  hitOn,
  type LimitState,
  peekMany,
  peekManyOn,
  stateOfHit,
  stateOfPeek,
  sweepNowAndThen,
  windowOf,
} from '../core/rate-limit.js';
import { type Db, engineOf, sqliteAutocommitOf, type SqliteStatements, transaction } from '../db/database.js';
import type { EntityRow, PaymentOptionRow } from '../db/schema/index.js';
import { selectEntityOn } from '../db/stores/entities.js';
import { type PostgresSearch, postgresSearchOf } from '../db/stores/practice-search.js';
import { selectOptionsOfPositionsOn } from '../db/stores/positions.js';
import { findEntity, keepEntity, keptEntity } from '../entities/entities.js';
import { PRACTICE_LIMITS } from './limits.js';
import { findBySearch, findBySearchOn, type FoundPosition, type SearchKeys } from './practices.js';

/** A search's entity and the position found, read with its options. */
export interface Found {
  entity: EntityRow;
  row: FoundPosition & { options: PaymentOptionRow[] };
}

async function entityOrThrow(db: Db, code: string, now: Date): Promise<EntityRow> {
  const kept = keptEntity(db, code, now);
  if (kept) return kept;
  const entity = await findEntity(db, code);
  if (!entity) throw new ApiError('entity_not_found');
  keepEntity(db, entity, now);
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
  const quick = entity && !account ? oneStatementSearch(db, keys) : null;
  if (entity && quick) return searchInOneStatement(db, quick, now, ip, entity, keys);
  const perClient = await hit(db, `practice-search:ip:${ip}`, PRACTICE_LIMITS.searchPerClient, now);
  entity ??= await entityOrThrow(db, ente, now);
  if (!perClient.allowed) return new ApiError('rate_limited', { retryAfter: perClient.retryAfter });
  const code = canonicalFiscalCode(keys.fiscalCode);
  if (account && (await isFiscalCodeProven(db, account.id, code))) {
    const own = await findBySearch(db, entity.code, keys);
    return own ? { entity, row: own } : new ApiError('practice_not_found');
  }
  const { codeBucket, clientBucket } = missBuckets(
    entity.code,
    code,
    account ? `account:${account.id}` : `ip:${ip}`,
  );
  const [all, mine] = (await peekMany(
    db,
    [
      [codeBucket, PRACTICE_LIMITS.searchMissesPerFiscalCode],
      [clientBucket, PRACTICE_LIMITS.searchMissesPerClientCode],
    ],
    now,
  )) as [LimitState, LimitState];
  if (missesRefuse(all, mine)) return new ApiError('rate_limited', { retryAfter: mine.retryAfter });
  const row = await findBySearch(db, entity.code, keys);
  if (!row) {
    await hit(db, codeBucket, PRACTICE_LIMITS.searchMissesPerFiscalCode, now);
    await hit(db, clientBucket, PRACTICE_LIMITS.searchMissesPerClientCode, now);
    return new ApiError('practice_not_found');
  }
  return { entity, row };
}

/** The buckets of the misses on a fiscal code: everyone's, and one client's (`ip:…` or `account:…`). */
function missBuckets(entityCode: string, code: string, client: string) {
  return {
    codeBucket: `practice-search:cf:${entityCode}:${code}`,
    clientBucket: `practice-search:cf-client:${entityCode}:${code}:${client}`,
  };
}

/**
 * Whether the misses on a fiscal code refuse a client: it reached its own limit on the code, or the
 * code reached everyone's and this client has missed it already.
 */
function missesRefuse(all: LimitState, mine: LimitState): boolean {
  return !mine.allowed || (!all.allowed && mine.count > 0);
}

/**
 * `search` for an anonymous client on PostgreSQL, outside a transaction: the same hits, reads and
 * answers in one statement (the client's hit, both miss counters, the position and its options,
 * which the row carries for `toPractices`), and a second one on a miss to count it
 * (db/stores/practice-search.ts). The position read for a refused client is not used.
 */
async function searchInOneStatement(
  db: Db,
  quick: PostgresSearch,
  now: Date,
  ip: string,
  entity: EntityRow,
  keys: SearchKeys,
): Promise<Found | ApiError> {
  const limits = PRACTICE_LIMITS;
  const code = canonicalFiscalCode(keys.fiscalCode);
  const { codeBucket, clientBucket } = missBuckets(entity.code, code, `ip:${ip}`);
  const buckets = {
    perClient: `practice-search:ip:${ip}`,
    perClientWindow: windowOf(now, limits.searchPerClient).start,
    perCode: codeBucket,
    perCodeWindow: windowOf(now, limits.searchMissesPerFiscalCode).start,
    perClientCode: clientBucket,
    perClientCodeWindow: windowOf(now, limits.searchMissesPerClientCode).start,
  };
  const read = await quick.read(buckets, entity.code, keys);
  const sweep = sweepNowAndThen(db, buckets.perClientWindow);
  if (sweep) await sweep;
  const perClient = stateOfHit(read.hits, limits.searchPerClient, now);
  if (!perClient.allowed) return new ApiError('rate_limited', { retryAfter: perClient.retryAfter });
  const all = stateOfPeek(read.codeMisses, limits.searchMissesPerFiscalCode, now);
  const mine = stateOfPeek(read.clientMisses, limits.searchMissesPerClientCode, now);
  if (missesRefuse(all, mine)) return new ApiError('rate_limited', { retryAfter: mine.retryAfter });
  const row =
    read.position && canonicalFiscalCode(read.position.debtor_fiscal_code) === code
      ? read.position
      : undefined;
  if (!row) {
    await quick.countMiss(buckets);
    return new ApiError('practice_not_found');
  }
  return { entity, row };
}

/**
 * An anonymous search in one statement (`searchInOneStatement`) where it can run so: on PostgreSQL
 * outside a transaction, with a Codice Avviso or IUV, for an entity this process keeps. Undefined
 * elsewhere: the caller then takes `search`, which reads and keeps the entity.
 */
export function searchAtOnce(
  db: Db,
  now: Date,
  ip: string,
  ente: string,
  keys: SearchKeys,
): Promise<Found | ApiError> | undefined {
  const quick = oneStatementSearch(db, keys);
  const entity = quick && keptEntity(db, ente, now);
  return quick && entity ? searchInOneStatement(db, quick, now, ip, entity, keys) : undefined;
}

/**
 * The PostgreSQL search that answers an anonymous search in one statement, or null where it cannot:
 * SQLite, a transaction, or no Codice Avviso or IUV to find the option by.
 */
function oneStatementSearch(db: Db, keys: SearchKeys): PostgresSearch | null {
  return (keys.nav ?? keys.iuv) === undefined ? null : postgresSearchOf(db);
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

/**
 * An anonymous search (`search` without an account) on SQLite, in one transaction run synchronously
 * on the writer connection: nothing else can run on the connection meanwhile, so Kysely's
 * transaction (its lock, a promise per statement) is not needed. The statements, the limits and
 * their order are `search`'s in a transaction: the hit first, an unknown entity rolls it back
 * (404), refusals keep the hits counted; the found row carries its options for `toPractices`.
 * Undefined where it cannot run (PostgreSQL, or a transaction of another caller holds the
 * connection): the caller then takes `search`.
 */
export function searchNow(
  db: Db,
  now: Date,
  ip: string,
  ente: string,
  keys: SearchKeys,
): Found | ApiError | undefined {
  const statements = sqliteAutocommitOf(db);
  if (!statements) return undefined;
  statements('begin').run();
  let result: Found | ApiError;
  try {
    result = searchOn(statements, db, now, ip, ente, keys);
  } catch (e) {
    statements('rollback').run();
    throw e;
  }
  statements('commit').run();
  return result;
}

function searchOn(
  statements: SqliteStatements,
  db: Db,
  now: Date,
  ip: string,
  ente: string,
  keys: SearchKeys,
): Found | ApiError {
  const perClient = hitOn(statements, `practice-search:ip:${ip}`, PRACTICE_LIMITS.searchPerClient, now);
  let entity = keptEntity(db, ente, now);
  if (!entity) {
    entity = selectEntityOn(statements, ente);
    if (!entity) throw new ApiError('entity_not_found');
    keepEntity(db, entity, now);
  }
  if (!perClient.allowed) return new ApiError('rate_limited', { retryAfter: perClient.retryAfter });
  const { codeBucket, clientBucket } = missBuckets(
    entity.code,
    canonicalFiscalCode(keys.fiscalCode),
    `ip:${ip}`,
  );
  const [all, mine] = peekManyOn(
    statements,
    [
      [codeBucket, PRACTICE_LIMITS.searchMissesPerFiscalCode],
      [clientBucket, PRACTICE_LIMITS.searchMissesPerClientCode],
    ],
    now,
  ) as [LimitState, LimitState];
  if (missesRefuse(all, mine)) return new ApiError('rate_limited', { retryAfter: mine.retryAfter });
  const row = findBySearchOn(statements, entity.code, keys);
  if (!row) {
    hitOn(statements, codeBucket, PRACTICE_LIMITS.searchMissesPerFiscalCode, now);
    hitOn(statements, clientBucket, PRACTICE_LIMITS.searchMissesPerClientCode, now);
    return new ApiError('practice_not_found');
  }
  return { entity, row: { ...row, options: selectOptionsOfPositionsOn(statements, [row.id]) } };
}
