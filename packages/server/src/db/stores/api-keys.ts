/**
 * Storage of entity API keys (`api_keys`). The key of every admin request is read with its entity
 * by `selectActiveKeyWithEntity`: on a SQLite file that read runs on the read connection with a
 * statement prepared once (db/read-connection.ts); elsewhere, and inside a transaction, through
 * Kysely.
 */
import type { Db, Tx } from '../database.js';
import { readConnection } from '../read-connection.js';
import type { ApiKeyRow, EntityRow, NewApiKeyRow } from '../schema/index.js';

export async function insertApiKey(db: Db | Tx, row: NewApiKeyRow): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

/** Marks an active key revoked; false when there is no such active key. */
export async function revokeApiKeyRow(db: Db | Tx, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Marks an entity's active key revoked; false when the entity has no such active key. */
export async function revokeEntityKeyRow(
  db: Db | Tx,
  entityCode: string,
  id: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('entity_code', '=', entityCode)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Keys by creation time, of one entity or of all. */
export async function selectApiKeys(db: Db | Tx, entityCode?: string): Promise<ApiKeyRow[]> {
  let q = db.selectFrom('api_keys').selectAll().orderBy('created_at');
  if (entityCode) q = q.where('entity_code', '=', entityCode);
  return q.execute();
}

/** The active (not revoked) key with this id. */
export async function selectActiveKey(db: Db | Tx, id: string): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** An active key with its entity: the key's columns prefixed `key_`, the entity's as they are. */
export type KeyWithEntityRow = EntityRow & { key_secret_hash: string; key_last_used_at: string | null };

const KEY_WITH_ENTITY = `select e.*, k.secret_hash as key_secret_hash, k.last_used_at as key_last_used_at
  from api_keys k join entities e on e.code = k.entity_code
  where k.id = ? and k.revoked_at is null`;

/**
 * The active key with this id and its entity.
 * @example const found = await selectActiveKeyWithEntity(db, 'abcdefghijklmnop');
 */
export async function selectActiveKeyWithEntity(
  db: Db | Tx,
  id: string,
): Promise<KeyWithEntityRow | undefined> {
  const conn = readConnection(db);
  if (conn) return conn.statement(KEY_WITH_ENTITY).get(id) as KeyWithEntityRow | undefined;
  return db
    .selectFrom('api_keys as k')
    .innerJoin('entities as e', 'e.code', 'k.entity_code')
    .selectAll('e')
    .select(['k.secret_hash as key_secret_hash', 'k.last_used_at as key_last_used_at'])
    .where('k.id', '=', id)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchApiKey(db: Db | Tx, id: string, at: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}
