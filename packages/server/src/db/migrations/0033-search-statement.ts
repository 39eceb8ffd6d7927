import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { up as searchFunction } from './0032-search-counter-plans.js';

// The citizen's search on PostgreSQL runs as named statements on connections of its own, which
// plan with sequential scans off (`pgSearchPoolOf`): the plans the function `practice_search_read`
// pinned, without a PL/pgSQL call around them, which cost 30–40 µs of PostgreSQL's CPU per search
// (a sixth of it). Nothing calls the function, so it goes; going down brings back 0032's.

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`drop function practice_search_read`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await searchFunction(db);
}
