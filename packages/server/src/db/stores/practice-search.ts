/**
 * The citizen's search on PostgreSQL in the fewest round trips, as named statements (parsed and
 * planned once per connection; Kysely's statements are unnamed, so PostgreSQL parses and plans them
 * on every run): one statement, a call of the function `practice_search_read` (migrations 0031 and 0032),
 * counts the client's hit (the rate-limit upsert of `rate-limits.ts`), reads the two miss counters
 * of the fiscal code and reads the position with its options; a miss then counts its two hits in a
 * second one. Outside a transaction only (the pool runs them on a connection of its own); SQLite and
 * transactions take the store functions one by one.
 */
import type { PaymentOptionRow } from '../schema/index.js';
import { type Db, type PgPool, pgPoolOf, type Tx } from '../database.js';
import type { FoundPositionRow } from './positions.js';

/** The rate-limit buckets one search counts and reads, with their windows' starts (Unix seconds). */
export interface SearchBuckets {
  /** Counted by every search: the client's searches. */
  perClient: string;
  perClientWindow: number;
  /** Read by every search, counted by a miss: the fiscal code's misses, and this client's on it. */
  perCode: string;
  perCodeWindow: number;
  perClientCode: string;
  perClientCodeWindow: number;
}

/** A position found by search, with its options (ordered by installment) read with it. */
export type FoundWithOptions = FoundPositionRow & { options: PaymentOptionRow[] };

export interface SearchRead {
  /** The client's searches in its window, this one included. */
  hits: number;
  /** Misses on the fiscal code in the window, from everyone and from this client. */
  codeMisses: number;
  clientMisses: number;
  /** The entity's position holding the option with the Codice Avviso / IUV given (not yet matched to the fiscal code). */
  position: FoundWithOptions | undefined;
}

export interface PostgresSearch {
  /** Counts the client's hit and reads the miss counters and the position, in one statement. */
  read(
    buckets: SearchBuckets,
    entityCode: string,
    codes: { nav?: string | undefined; iuv?: string | undefined },
  ): Promise<SearchRead>;
  /** Counts a miss for the fiscal code and for the client on it, in one statement. */
  countMiss(buckets: SearchBuckets): Promise<void>;
}

/**
 * The search's read: the function `practice_search_read` (migrations 0031 and 0032), whose plans take the
 * unique indexes whatever the tables' statistics said when a connection first ran it.
 */
export const SEARCH_READ = {
  name: 'pagatore.search',
  text: 'select * from practice_search_read($1, $2, $3, $4, $5, $6, $7, $8, $9)',
} as const;

const UPSERT = `on conflict ("bucket", "window_start") do update set "count" = "rate_limits"."count" + 1`;

/** The fiscal code's bucket first, then the client's: every miss locks the two rows in that order. */
const COUNT_MISS = {
  name: 'pagatore.search.miss',
  text: `insert into "rate_limits" ("bucket", "window_start", "count") values ($1, $2, 1), ($3, $4, 1) ${UPSERT}`,
} as const;

interface ReadRow {
  hits: number;
  code_misses: number | null;
  client_misses: number | null;
  position: FoundPositionRow | null;
  options: PaymentOptionRow[] | null;
}

function postgresSearch(pool: PgPool): PostgresSearch {
  return {
    async read(b, entityCode, { nav, iuv }) {
      const statement = {
        ...SEARCH_READ,
        values: [
          b.perClient,
          b.perClientWindow,
          b.perCode,
          b.perCodeWindow,
          b.perClientCode,
          b.perClientCodeWindow,
          entityCode,
          nav ?? null,
          iuv ?? null,
        ],
      };
      const { rows } = await pool.query<ReadRow>(statement);
      const row = rows[0];
      if (!row) throw new Error('the search statement returned no row');
      return {
        hits: Number(row.hits),
        codeMisses: Number(row.code_misses ?? 0),
        clientMisses: Number(row.client_misses ?? 0),
        position: row.position ? { ...row.position, options: row.options ?? [] } : undefined,
      };
    },
    async countMiss(b) {
      await pool.query({
        ...COUNT_MISS,
        values: [b.perCode, b.perCodeWindow, b.perClientCode, b.perClientCodeWindow],
      });
    },
  };
}

/** The search of each pool, made once: the citizen's search asks for it on every request. */
const searches = new WeakMap<PgPool, PostgresSearch>();

/**
 * The PostgreSQL search of a database outside a transaction, or null (SQLite, a transaction).
 * @example const quick = postgresSearchOf(db); if (quick) await quick.read(buckets, ente, { nav });
 */
export function postgresSearchOf(db: Db | Tx): PostgresSearch | null {
  const pool = pgPoolOf(db);
  if (!pool) return null;
  let search = searches.get(pool);
  if (!search) searches.set(pool, (search = postgresSearch(pool)));
  return search;
}
