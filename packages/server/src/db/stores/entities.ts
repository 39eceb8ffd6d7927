/**
 * Storage of entities (`entities`): the read of one entity by its code, which every citizen request
 * starts with. On a SQLite file it runs on the read connection with a statement prepared once
 * (db/read-connection.ts); elsewhere, and inside a transaction, through Kysely.
 */
import type { Db, SqliteStatements, Tx } from '../database.js';
import { quickReader } from '../read-connection.js';
import type { EntityRow } from '../schema/index.js';

const BY_CODE = 'select * from "entities" where "code" = ?';

/** The entity with this fiscal code, if any. */
export async function selectEntity(db: Db | Tx, code: string): Promise<EntityRow | undefined> {
  const statements = quickReader(db);
  if (statements) return selectEntityOn(statements, code);
  return db.selectFrom('entities').selectAll().where('code', '=', code).executeTakeFirst();
}

/** `selectEntity` on a SQLite connection's statements. */
export function selectEntityOn(statements: SqliteStatements, code: string): EntityRow | undefined {
  return statements(BY_CODE).get(code) as EntityRow | undefined;
}
