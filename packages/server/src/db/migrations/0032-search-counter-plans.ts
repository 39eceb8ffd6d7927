import { type Kysely, SqliteAdapter, sql } from 'kysely';

// The miss counters of the citizen's search (migration 0031's `practice_search_read`) read by their
// own rows whatever the statistics say. Each counter is one row of `rate_limits`, found by its
// primary key (bucket, window). A connection's plan made while `rate_limits` was analyzed empty
// sees that key and the index on `window_start` (for the sweep) as equally cheap, and took the
// smaller one: every search then read all the rows of the current window, a row per client, until
// autovacuum analyzed the table again (measured: 66 million rows read over 8,000 searches, 998
// searches a second instead of 3,300). `window_start + 0` is no column the window's index holds,
// so the only index left for a counter is the key, by its bucket: one row per window of that
// bucket, and the sweep keeps no window older than a day.

function searchRead(counterWindow: (column: string) => string): string {
  const columns = `hit."count",
      (select r."count" from rate_limits r
        where r.bucket = p_code_bucket and ${counterWindow('r.window_start')} = p_code_window),
      (select r."count" from rate_limits r
        where r.bucket = p_client_code_bucket and ${counterWindow('r.window_start')} = p_client_code_window),
      (select row_to_json(pos) from pos),
      (select json_agg(o order by o.installment) from payment_options o where o.position_id = (select pos.id from pos))`;
  const branch = (match: string) => `with hit as (
      insert into rate_limits (bucket, window_start, "count") values (p_client_bucket, p_client_window, 1)
      on conflict (bucket, window_start) do update set "count" = rate_limits."count" + 1
      returning rate_limits."count"
    ), pos as (
      select p.*, f.installment as found_installment
      from payment_options f join positions p on p.id = f.position_id
      where f.entity_code = p_entity and p.entity_code = p_entity and ${match}
      limit 1
    )
    select ${columns}
    into hits, code_misses, client_misses, "position", "options"
    from hit;`;
  return `create or replace function practice_search_read(
      p_client_bucket varchar, p_client_window bigint,
      p_code_bucket varchar, p_code_window bigint,
      p_client_code_bucket varchar, p_client_code_window bigint,
      p_entity varchar, p_nav varchar, p_iuv varchar,
      out hits integer, out code_misses integer, out client_misses integer,
      out "position" json, out "options" json)
    language plpgsql volatile
    set enable_seqscan = off
    as $$
    begin
      if p_iuv is null then
        ${branch('f.nav = p_nav')}
      elsif p_nav is null then
        ${branch('f.iuv = p_iuv')}
      else
        ${branch('f.nav = p_nav and f.iuv = p_iuv')}
      end if;
    end $$`;
}

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql.raw(searchRead((column) => `${column} + 0`)).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql.raw(searchRead((column) => column)).execute(db);
}
