/** Whether the app can serve: the database answers, and on which engine. */
import { sql } from 'kysely';
import { type Db, type Engine, engineOf } from '../db/database.js';

/** The database's engine when it answers a trivial query; null when it does not. */
export async function databaseHealth(db: Db): Promise<Engine | null> {
  try {
    await sql`select 1`.execute(db);
    return engineOf(db);
  } catch {
    return null;
  }
}
