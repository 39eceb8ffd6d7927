import { type Kysely, SqliteAdapter, sql } from 'kysely';

// The citizen's search on PostgreSQL as one function, planned with sequential scans off. A named
// statement keeps the plan PostgreSQL made when the connection first ran it; made while
// `rate_limits` was small (a new install, or just after VACUUM ANALYZE emptied its statistics) that
// plan reads the miss counters by scanning the whole table, and keeps doing so as the table grows
// by a row per client until autovacuum analyzes it again (in a bench run, 45 s at a quarter to half
// of the throughput). Every lookup of the search has its unique index, which this function's plans
// always take.
// The sweep of old rate-limit windows, which the search runs now and then, is the same kind of
// read: planned on statistics of an empty table it scans the whole table for windows older than a
// day, of which there are few.
// One branch per way of naming the option (Codice Avviso, IUV, both), each planned on the index of
// the code it has. SQLite's planner takes the indexes by itself: nothing to do there.

const READ_COLUMNS = `hit."count",
      (select r."count" from rate_limits r where r.bucket = p_code_bucket and r.window_start = p_code_window),
      (select r."count" from rate_limits r where r.bucket = p_client_code_bucket and r.window_start = p_client_code_window),
      (select row_to_json(pos) from pos),
      (select json_agg(o order by o.installment) from payment_options o where o.position_id = (select pos.id from pos))`;

function branch(match: string): string {
  return `with hit as (
      insert into rate_limits (bucket, window_start, "count") values (p_client_bucket, p_client_window, 1)
      on conflict (bucket, window_start) do update set "count" = rate_limits."count" + 1
      returning rate_limits."count"
    ), pos as (
      select p.*, f.installment as found_installment
      from payment_options f join positions p on p.id = f.position_id
      where f.entity_code = p_entity and p.entity_code = p_entity and ${match}
      limit 1
    )
    select ${READ_COLUMNS}
    into hits, code_misses, client_misses, "position", "options"
    from hit;`;
}

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`create function practice_search_read(
      p_client_bucket varchar, p_client_window bigint,
      p_code_bucket varchar, p_code_window bigint,
      p_client_code_bucket varchar, p_client_code_window bigint,
      p_entity varchar, p_nav varchar, p_iuv varchar,
      out hits integer, out code_misses integer, out client_misses integer,
      out "position" json, out "options" json)
    language plpgsql volatile
    set enable_seqscan = off
    as ${sql.raw(`$$
    begin
      if p_iuv is null then
        ${branch('f.nav = p_nav')}
      elsif p_nav is null then
        ${branch('f.iuv = p_iuv')}
      else
        ${branch('f.nav = p_nav and f.iuv = p_iuv')}
      end if;
    end $$`)}`.execute(db);
  await sql`create function rate_limits_sweep(p_before bigint) returns void
    language sql volatile
    set enable_seqscan = off
    as ${sql.raw(`$$ delete from rate_limits where window_start < p_before $$`)}`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`drop function rate_limits_sweep`.execute(db);
  await sql`drop function practice_search_read`.execute(db);
}
