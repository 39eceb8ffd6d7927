/**
 * The entity's own keys as a SPID/CIE OpenID Connect Federation Relying Party, in the database:
 *
 * | use        | alg          | what it does                                                        | published in          |
 * | ---------- | ------------ | ------------------------------------------------------------------- | --------------------- |
 * | federation | RS256        | signs the entity configuration                                      | its `jwks`            |
 * | oidc-sig   | RS256        | signs request objects and `private_key_jwt` client assertions       | `openid_relying_party.jwks` |
 * | oidc-enc   | RSA-OAEP-256 | decrypts the userinfo the providers encrypt to the entity          | `openid_relying_party.jwks` |
 *
 * Each key has a state: `next` (published, not used yet), `active` (signs), `retiring` (published
 * until `published_until`, then gone). A rotation without downtime is two steps: `generate` publishes
 * a next key; after the providers have fetched the entity configuration again (its lifetime),
 * `rotate` makes it active and the old key retiring, still published until whatever it signed, and
 * every copy of the configuration listing it, has expired. Every published encryption key decrypts.
 *
 * Keys are made and exported by `jose`; the private JWK is kept as a compact JWE (`dir`, A256GCM)
 * under a key derived from IDENTITY_KEY_SECRET when the server has one, else as plain JSON.
 */
import { hkdfSync } from 'node:crypto';
import {
  calculateJwkThumbprint,
  CompactEncrypt,
  compactDecrypt,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import type { AppDeps } from '../core/deps.js';
import type { Db } from '../db/database.js';
import type { IdentityKeysTable, IdentityKeyState, IdentityKeyUse } from '../db/schema/index.js';

export const KEY_USES: readonly IdentityKeyUse[] = ['federation', 'oidc-sig', 'oidc-enc'];

/** The algorithm of each use: RS256 signs (SPID requires it), RSA-OAEP-256 decrypts. */
export const KEY_ALG: Record<IdentityKeyUse, string> = {
  federation: 'RS256',
  'oidc-sig': 'RS256',
  'oidc-enc': 'RSA-OAEP-256',
};

/** How long an entity configuration is valid (its `exp` after `iat`). */
export const ENTITY_CONFIGURATION_TTL_SECONDS = 24 * 60 * 60;

/**
 * How long a retired key stays published: twice the entity configuration's lifetime, so every copy
 * a provider holds of the configuration that listed the key (and every request object or assertion
 * it signed, minutes long) has expired before the key leaves.
 */
export const KEY_RETIREMENT_SECONDS = 2 * ENTITY_CONFIGURATION_TTL_SECONDS;

/** RSA modulus of new keys: the guidelines ask at least 2048 bits and recommend 4096. */
export const DEFAULT_KEY_BITS = 4096;

export interface KeyStore {
  db: Db;
  /** IDENTITY_KEY_SECRET, or null to keep private keys plain. */
  secret: string | null;
  now: Date;
}

/** The key store of a running app, at its current time. */
export const keyStoreOf = (deps: AppDeps): KeyStore => ({
  db: deps.db,
  secret: deps.config.identityKeySecret,
  now: deps.now(),
});

export class KeyStoreError extends Error {
  override readonly name = 'KeyStoreError';
}

const iso = (d: Date) => d.toISOString();

/** The 256-bit key that wraps private JWKs, derived from the configured secret. */
function wrappingKey(secret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, 'pagatore', 'identity-keys/v1', 32));
}

async function sealPrivate(jwk: JWK, secret: string | null): Promise<string> {
  const json = JSON.stringify(jwk);
  if (!secret) return json;
  return new CompactEncrypt(new TextEncoder().encode(json))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'jwk+json' })
    .encrypt(wrappingKey(secret));
}

async function openPrivate(stored: string, secret: string | null): Promise<JWK> {
  if (stored.startsWith('{')) return JSON.parse(stored) as JWK;
  if (!secret) throw new KeyStoreError('the identity keys are encrypted: set IDENTITY_KEY_SECRET');
  try {
    const { plaintext } = await compactDecrypt(stored, wrappingKey(secret));
    return JSON.parse(new TextDecoder().decode(plaintext)) as JWK;
  } catch {
    throw new KeyStoreError('the identity keys do not open with this IDENTITY_KEY_SECRET');
  }
}

/** A new key of `use` for the entity, stored in `state`. */
async function createKey(
  store: KeyStore,
  entity: string,
  use: IdentityKeyUse,
  state: IdentityKeyState,
  bits: number,
): Promise<IdentityKeysTable> {
  const alg = KEY_ALG[use];
  const { publicKey, privateKey } = await generateKeyPair(alg, { modulusLength: bits, extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(pub);
  const meta = { kid, alg, use: use === 'oidc-enc' ? 'enc' : 'sig' };
  const row: IdentityKeysTable = {
    kid,
    entity_code: entity,
    use,
    alg,
    state,
    public_jwk: JSON.stringify({ ...pub, ...meta }),
    private_jwk: await sealPrivate({ ...(await exportJWK(privateKey)), ...meta }, store.secret),
    created_at: iso(store.now),
    activated_at: state === 'active' ? iso(store.now) : null,
    retired_at: null,
    published_until: null,
  };
  await store.db.insertInto('identity_keys').values(row).execute();
  return row;
}

/** Deletes retiring keys whose publication ended. */
export async function sweepKeys(store: KeyStore, entity: string): Promise<void> {
  await store.db
    .deleteFrom('identity_keys')
    .where('entity_code', '=', entity)
    .where('state', '=', 'retiring')
    .where('published_until', '<=', iso(store.now))
    .execute();
}

/** The entity's keys still published (every use and state), oldest first. */
export function liveKeys(store: KeyStore, entity: string): Promise<IdentityKeysTable[]> {
  return store.db
    .selectFrom('identity_keys')
    .selectAll()
    .where('entity_code', '=', entity)
    .where((eb) => eb.or([eb('published_until', 'is', null), eb('published_until', '>', iso(store.now))]))
    .orderBy('created_at')
    .orderBy('kid')
    .execute();
}

/** The entity's keys, after deleting the retired ones whose publication ended. */
export async function listKeys(store: KeyStore, entity: string): Promise<IdentityKeysTable[]> {
  await sweepKeys(store, entity);
  return liveKeys(store, entity);
}

/**
 * For each use asked: an active key when there is none, else a next key (published, not used yet)
 * when there is none. Returns the keys made.
 */
export async function generateKeys(
  store: KeyStore,
  entity: string,
  uses: readonly IdentityKeyUse[] = KEY_USES,
  bits = DEFAULT_KEY_BITS,
): Promise<IdentityKeysTable[]> {
  const existing = await listKeys(store, entity);
  const made: IdentityKeysTable[] = [];
  for (const use of uses) {
    const mine = existing.filter((k) => k.use === use);
    if (!mine.some((k) => k.state === 'active'))
      made.push(await createKey(store, entity, use, 'active', bits));
    else if (!mine.some((k) => k.state === 'next'))
      made.push(await createKey(store, entity, use, 'next', bits));
  }
  return made;
}

export interface Rotation {
  use: IdentityKeyUse;
  /** The key that signs (decrypts) from now on. */
  activated: string;
  /** The key it replaced, published until `publishedUntil`. */
  retired: string | null;
  publishedUntil: string | null;
  /** False when no next key was published ahead: providers holding the old configuration refuse the new key until they fetch it again. */
  wasPublished: boolean;
}

/**
 * For each use asked: the next key (a new one when none was published ahead) becomes active and
 * the active one retiring, published for KEY_RETIREMENT_SECONDS more.
 */
export async function rotateKeys(
  store: KeyStore,
  entity: string,
  uses: readonly IdentityKeyUse[] = KEY_USES,
  bits = DEFAULT_KEY_BITS,
): Promise<Rotation[]> {
  const existing = await listKeys(store, entity);
  const out: Rotation[] = [];
  const until = iso(new Date(store.now.getTime() + KEY_RETIREMENT_SECONDS * 1000));
  for (const use of uses) {
    const mine = existing.filter((k) => k.use === use);
    const current = mine.find((k) => k.state === 'active') ?? null;
    const ready = mine.find((k) => k.state === 'next');
    const next = ready ?? (await createKey(store, entity, use, 'next', bits));
    if (current) {
      await store.db
        .updateTable('identity_keys')
        .set({ state: 'retiring', retired_at: iso(store.now), published_until: until })
        .where('kid', '=', current.kid)
        .execute();
    }
    await store.db
      .updateTable('identity_keys')
      .set({ state: 'active', activated_at: iso(store.now) })
      .where('kid', '=', next.kid)
      .execute();
    out.push({
      use,
      activated: next.kid,
      retired: current?.kid ?? null,
      publishedUntil: current ? until : null,
      wasPublished: ready !== undefined,
    });
  }
  return out;
}

/** The published public keys of the uses asked (active first), as a JWK Set. */
export async function publishedJwks(
  store: KeyStore,
  entity: string,
  uses: readonly IdentityKeyUse[],
): Promise<{ keys: JWK[] }> {
  const order: Record<IdentityKeyState, number> = { active: 0, next: 1, retiring: 2 };
  const rows = (await liveKeys(store, entity))
    .filter((k) => uses.includes(k.use))
    .sort((a, b) => order[a.state] - order[b.state]);
  return { keys: rows.map((k) => JSON.parse(k.public_jwk) as JWK) };
}

/** A private key ready for jose, with its kid and algorithm. */
export interface PrivateKeyOf {
  kid: string;
  alg: string;
  key: CryptoKey;
}

/** The active key of a use, or null when the entity has none. */
export async function activeKey(
  store: KeyStore,
  entity: string,
  use: IdentityKeyUse,
): Promise<PrivateKeyOf | null> {
  const row = await store.db
    .selectFrom('identity_keys')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('use', '=', use)
    .where('state', '=', 'active')
    .executeTakeFirst();
  if (!row) return null;
  const jwk = await openPrivate(row.private_jwk, store.secret);
  return { kid: row.kid, alg: row.alg, key: (await importJWK(jwk, row.alg)) as CryptoKey };
}

/**
 * The private JWKs of every published encryption key, by kid: a provider may encrypt to any key the
 * configuration it holds lists (a next one, or a retiring one).
 */
export async function decryptionJwks(store: KeyStore, entity: string): Promise<Map<string, JWK>> {
  const rows = (await liveKeys(store, entity)).filter((k) => k.use === 'oidc-enc');
  const out = new Map<string, JWK>();
  for (const r of rows) out.set(r.kid, await openPrivate(r.private_jwk, store.secret));
  return out;
}
