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
import { dataVersion } from '../db/read-connection.js';
import type { ApiKeyRow, EntityRow } from '../db/schema/index.js';
import type { ApiKeyView } from '@pagatore/sdk';
import {
  insertApiKey,
  revokeApiKeyRow,
  revokeEntityKeyRow,
  selectActiveKey,
  selectActiveKeyWithEntity,
  selectApiKeys,
  touchApiKey,
} from '../db/stores/api-keys.js';
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
  await insertApiKey(db, {
    id,
    entity_code: entityCode,
    label,
    secret_hash: hashToken(secret),
    created_at: now.toISOString(),
    revoked_at: null,
    last_used_at: null,
  });
  return { id, key: `pgk_${id}_${secret}` };
}

/** Revokes a key by its id or by the full key; false when there is no such active key. */
export async function revokeApiKey(db: Db, idOrKey: string, now: Date): Promise<boolean> {
  const id = KEY.exec(idOrKey)?.[1] ?? idOrKey;
  for (const [k, v] of verified) if (v.keyId === id) verified.delete(k);
  return revokeApiKeyRow(db, id, now.toISOString());
}

/**
 * Revokes one of an entity's keys by its id; false when the entity has no such active key (another
 * entity's key is not found either).
 */
export async function revokeEntityApiKey(
  db: Db,
  entityCode: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const done = await revokeEntityKeyRow(db, entityCode, id, now.toISOString());
  if (done) for (const [k, v] of verified) if (v.keyId === id) verified.delete(k);
  return done;
}

/** A key as the admin API shows it: never its secret, only the start of the key as sent. */
export function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.label,
    prefix: `pgk_${row.id}_`,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function listApiKeys(db: Db, entityCode?: string): Promise<ApiKeyRow[]> {
  return selectApiKeys(db, entityCode);
}

/** The active key row a bearer key proves, or null. */
export async function verifyApiKey(db: Db, key: string): Promise<ApiKeyRow | null> {
  const m = KEY.exec(key);
  if (!m) return null;
  const row = await selectActiveKey(db, m[1] ?? '');
  if (!row) return null;
  const ok = constantTimeEqual(decodeHex(row.secret_hash), sha256(new TextEncoder().encode(m[2] ?? '')));
  return ok ? row : null;
}

/**
 * The entity a key belongs to: 401 `invalid_api_key` unless the key is well formed, active and its
 * secret matches. Refreshes the key's `last_used_at` now and then.
 * @example const entity = await authenticateApiKey(deps, 'pgk_…');
 */
export async function authenticateApiKey(deps: AppDeps, key: string): Promise<EntityRow> {
  const m = KEY.exec(key);
  if (!m) throw new ApiError('invalid_api_key');
  const version = dataVersion(deps.db);
  const t = deps.now().getTime();
  let hit = verified.get(key);
  if (!hit || hit.version === null || hit.version !== version) {
    const id = m[1] as string;
    const found = await selectActiveKeyWithEntity(deps.db, id);
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
    await touchApiKey(deps.db, hit.keyId, new Date(t).toISOString());
  }
  return hit.entity;
}
