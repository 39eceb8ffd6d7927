/** Whether the app can serve: the database answers, and on which engine. */
import { type Db, type Engine, engineOf, ping } from '../db/database.js';

/** The database's engine when it answers a trivial query; null when it does not. */
export async function databaseHealth(db: Db): Promise<Engine | null> {
  try {
    await ping(db);
    return engineOf(db);
  } catch {
    return null;
  }
}
