/**
 * The citizen's search on PostgreSQL in the fewest round trips, as named statements (parsed and
 * planned once per connection; Kysely's statements are unnamed, so PostgreSQL parses and plans them
 * on every run): one statement counts the client's hit (the rate-limit upsert of `rate-limits.ts`),
 * reads the two miss counters of the fiscal code and reads the position with its options; a miss
 * then counts its two hits in a second one. On the search's own pool (`pgSearchPoolOf`), whose
 * plans keep to the unique indexes whatever the statistics said when a connection made them;
 * outside a transaction only. SQLite and transactions take the store functions one by one.
 */
import type { PaymentOptionRow } from '../schema/index.js';
import { type Db, type NamedStatement, type PgPool, pgSearchPoolOf, type Tx } from '../database.js';
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

const UPSERT = `on conflict ("bucket", "window_start") do update set "count" = "rate_limits"."count" + 1`;

/**
 * The search's read, one statement per way of naming the option (Codice Avviso, IUV, both), each
 * planned on the index of the code it has. $1–$6 are the three counters' buckets and windows (the
 * client's, counted; the fiscal code's misses and this client's on it, read), $7 the entity, $8 and
 * $9 the codes. A counter is matched on `window_start + 0`, which the index on `window_start` (the
 * sweep's) does not hold: the only index left is the key, by its bucket, one row per window.
 */
function searchRead(name: string, match: string): { name: string; text: string } {
  return {
    name,
    text: `with hit as (
      insert into "rate_limits" ("bucket", "window_start", "count") values ($1, $2, 1) ${UPSERT}
      returning "rate_limits"."count"
    ), pos as (
      select p.*, f.installment as found_installment
      from payment_options f join positions p on p.id = f.position_id
      where f.entity_code = $7 and p.entity_code = $7 and ${match}
      limit 1
    )
    select hit."count" as hits,
      (select r."count" from rate_limits r where r.bucket = $3 and r.window_start + 0 = $4) as code_misses,
      (select r."count" from rate_limits r where r.bucket = $5 and r.window_start + 0 = $6) as client_misses,
      (select row_to_json(pos) from pos) as "position",
      (select json_agg(o order by o.installment) from payment_options o
        where o.position_id = (select pos.id from pos)) as "options"
    from hit`,
  };
}

const SEARCH_READ = {
  nav: searchRead('pagatore.search.nav', 'f.nav = $8'),
  iuv: searchRead('pagatore.search.iuv', 'f.iuv = $8'),
  both: searchRead('pagatore.search.both', 'f.nav = $8 and f.iuv = $9'),
} as const;

/**
 * The named statement of a search's read: it counts the client's hit and reads the two miss
 * counters and the position found by its codes (at least one of them).
 * @example await pool.query(searchReadStatement(buckets, '80012345676', { nav: '301000000000000144' }))
 */
export function searchReadStatement(
  b: SearchBuckets,
  entityCode: string,
  { nav, iuv }: { nav?: string | undefined; iuv?: string | undefined },
): NamedStatement {
  const counters = [
    b.perClient,
    b.perClientWindow,
    b.perCode,
    b.perCodeWindow,
    b.perClientCode,
    b.perClientCodeWindow,
    entityCode,
  ];
  if (nav !== undefined && iuv !== undefined) return { ...SEARCH_READ.both, values: [...counters, nav, iuv] };
  if (nav !== undefined) return { ...SEARCH_READ.nav, values: [...counters, nav] };
  if (iuv !== undefined) return { ...SEARCH_READ.iuv, values: [...counters, iuv] };
  throw new Error('a search reads by a Codice Avviso or an IUV');
}

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
    async read(b, entityCode, codes) {
      const { rows } = await pool.query<ReadRow>(searchReadStatement(b, entityCode, codes));
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
  const pool = pgSearchPoolOf(db);
  if (!pool) return null;
  let search = searches.get(pool);
  if (!search) searches.set(pool, (search = postgresSearch(pool)));
  return search;
}
