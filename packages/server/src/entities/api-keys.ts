/**
 * Entity API keys, `pgk_<id>_<secret>`. The id finds the row; only the SHA-256 of the secret is
 * stored and compared in constant time (a 160-bit random secret needs no slow hash). Keys belong to
 * one entity: authenticating a key gives that entity.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeHex } from '@oslojs/encoding';
import { hashToken, newToken } from '../core/tokens.js';
import type { Db } from '../db/database.js';
import { type ReadConnection, readConnection } from '../db/read-connection.js';
import type { ApiKeyRow, EntityRow } from '../db/schema/index.js';
import type { AppDeps } from '../core/deps.js';
import { ApiError } from '../core/errors.js';

const KEY = /^pgk_([a-z2-7]{16})_([a-z2-7]{32})$/;
/** last_used_at is refreshed at most this often, so reads stay reads. */
const TOUCH_MS = 60_000;
const VERIFIED_MAX = 10_000;

/**
 * Keys verified against the database, with the database's `data_version` they were read at: the
 * entry holds until anything in the database changes (a revocation, an entity's settings, any
 * write by this process, the CLI or another server), then the next request reads the key again. So
 * the hot path is one `PRAGMA data_version`, and a revocation applies to the very next request. The
 * SHA-256 of the secret is kept across versions (it is a function of the key alone).
 */
interface Verified {
  digest: Uint8Array;
  version: number | null;
  keyId: string;
  entity: EntityRow;
  lastUsed: number;
}
const verified = new Map<string, Verified>();

/**
 * Creates a key for an entity; the full key is returned once and never stored.
 * @example const { key } = await createApiKey(db, '80012345676', 'gestionale tributi', new Date());
 */
export async function createApiKey(
  db: Db,
  entityCode: string,
  label: string,
  now: Date,
): Promise<{ id: string; key: string }> {
  const id = newToken(10);
  const secret = newToken(20);
  await db
    .insertInto('api_keys')
    .values({
      id,
      entity_code: entityCode,
      label,
      secret_hash: hashToken(secret),
      created_at: now.toISOString(),
      revoked_at: null,
      last_used_at: null,
    })
    .execute();
  return { id, key: `pgk_${id}_${secret}` };
}

/** Revokes a key by its id or by the full key; false when there is no such active key. */
export async function revokeApiKey(db: Db, idOrKey: string, now: Date): Promise<boolean> {
  const id = KEY.exec(idOrKey)?.[1] ?? idOrKey;
  for (const [k, v] of verified) if (v.keyId === id) verified.delete(k);
  const r = await db
    .updateTable('api_keys')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function listApiKeys(db: Db, entityCode?: string): Promise<ApiKeyRow[]> {
  let q = db.selectFrom('api_keys').selectAll().orderBy('created_at');
  if (entityCode) q = q.where('entity_code', '=', entityCode);
  return q.execute();
}

/** The active key row a bearer key proves, or null. */
export async function verifyApiKey(db: Db, key: string): Promise<ApiKeyRow | null> {
  const m = KEY.exec(key);
  if (!m) return null;
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('id', '=', m[1] ?? '')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const ok = constantTimeEqual(decodeHex(row.secret_hash), sha256(new TextEncoder().encode(m[2] ?? '')));
  return ok ? row : null;
}

/** An active key with its entity: the key's columns prefixed `key_`, the entity's as they are. */
type KeyWithEntity = EntityRow & { key_secret_hash: string; key_last_used_at: string | null };

const KEY_WITH_ENTITY = `select e.*, k.secret_hash as key_secret_hash, k.last_used_at as key_last_used_at
  from api_keys k join entities e on e.code = k.entity_code
  where k.id = ? and k.revoked_at is null`;

async function keyWithEntity(deps: AppDeps, conn: ReadConnection | null, id: string) {
  if (conn) return conn.statement(KEY_WITH_ENTITY).get(id) as KeyWithEntity | undefined;
  return deps.db
    .selectFrom('api_keys as k')
    .innerJoin('entities as e', 'e.code', 'k.entity_code')
    .selectAll('e')
    .select(['k.secret_hash as key_secret_hash', 'k.last_used_at as key_last_used_at'])
    .where('k.id', '=', id)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
}

/**
 * The entity a key belongs to: 401 `invalid_api_key` unless the key is well formed, active and its
 * secret matches. Refreshes the key's `last_used_at` now and then.
 * @example const entity = await authenticateApiKey(deps, 'pgk_…');
 */
export async function authenticateApiKey(deps: AppDeps, key: string): Promise<EntityRow> {
  const m = KEY.exec(key);
  if (!m) throw new ApiError('invalid_api_key');
  const conn = readConnection(deps.db);
  const version = conn ? conn.dataVersion() : null;
  const t = deps.now().getTime();
  let hit = verified.get(key);
  if (!hit || hit.version === null || hit.version !== version) {
    const id = m[1] as string;
    const found = await keyWithEntity(deps, conn, id);
    const digest = hit?.digest ?? sha256(new TextEncoder().encode(m[2] ?? ''));
    if (!found || !constantTimeEqual(decodeHex(found.key_secret_hash), digest)) {
      verified.delete(key);
      throw new ApiError('invalid_api_key');
    }
    const { key_secret_hash: _h, key_last_used_at: lastUsed, ...entity } = found;
    if (verified.size >= VERIFIED_MAX) verified.clear();
    hit = { digest, version, keyId: id, entity, lastUsed: lastUsed ? Date.parse(lastUsed) : 0 };
    verified.set(key, hit);
  }
  if (t - hit.lastUsed > TOUCH_MS) {
    hit.lastUsed = t;
    await deps.db
      .updateTable('api_keys')
      .set({ last_used_at: new Date(t).toISOString() })
      .where('id', '=', hit.keyId)
      .execute();
  }
  return hit.entity;
}
