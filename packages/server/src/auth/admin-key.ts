/**
 * Entity API keys (issue #3): `Authorization: Bearer pgk_<id>_<secret>`. The id finds the row; only
 * the SHA-256 of the secret is stored and compared in constant time (a 160-bit random secret needs
 * no slow hash). Keys belong to one entity; the hook puts that entity on the context.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Db } from '../db/database.js';
import type { ApiKeyRow, EntityRow } from '../db/schema/index.js';
import { findEntity } from '../entities/entities.js';
import { ApiError } from '../http/api-error.js';
import type { AppContext } from '../http/context.js';

const KEY = /^pgk_([a-z2-7]{16})_([a-z2-7]{32})$/;
/** last_used_at is refreshed at most this often, so reads stay reads. */
const TOUCH_MS = 60_000;
/**
 * A verified key is trusted for this long without asking the database again: the admin API's hot
 * path (a lookup) then costs no extra queries. A revocation or an entity change made by this
 * process applies at once; one made by another process (the CLI, another server) within this time.
 */
export const KEY_CACHE_MS = 10_000;
const KEY_CACHE_MAX = 10_000;

interface Verified {
  row: ApiKeyRow;
  entity: EntityRow;
  until: number;
}
const verified = new Map<string, Verified>();

/** Drops cached verifications of an entity's keys (after its settings change). */
export function forgetEntity(entityCode: string): void {
  for (const [k, v] of verified) if (v.entity.code === entityCode) verified.delete(k);
}

function random(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

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
  const id = random(10);
  const secret = random(20);
  await db
    .insertInto('api_keys')
    .values({
      id,
      entity_code: entityCode,
      label,
      secret_hash: hashSecret(secret),
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
  for (const [k, v] of verified) if (v.row.id === id) verified.delete(k);
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

/** The admin hook: 401 `invalid_api_key` unless the bearer key is valid; sets `adminEntity`. */
export async function adminAuth(c: AppContext): Promise<void> {
  const header = c.req.header('authorization') ?? '';
  const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!key) throw new ApiError('invalid_api_key');
  const { db, now } = c.get('deps');
  const t = now();
  const cached = verified.get(key);
  if (cached && cached.until > t.getTime()) {
    c.set('adminEntity', cached.entity);
    return;
  }
  verified.delete(key);
  const row = await verifyApiKey(db, key);
  if (!row) throw new ApiError('invalid_api_key');
  const entity = await findEntity(db, row.entity_code);
  if (!entity) throw new ApiError('invalid_api_key');
  if (!row.last_used_at || t.getTime() - Date.parse(row.last_used_at) > TOUCH_MS) {
    await db
      .updateTable('api_keys')
      .set({ last_used_at: t.toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  if (verified.size >= KEY_CACHE_MAX) verified.clear();
  verified.set(key, { row, entity, until: t.getTime() + KEY_CACHE_MS });
  c.set('adminEntity', entity);
}
