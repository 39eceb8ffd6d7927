/**
 * Reading entities: public view, allowed origins, NAV scheme. Query functions take `db` first.
 */
import { ARTICLES, type Article, type EntityPublic, type LocalText, type NavScheme } from '@pagatore/sdk';
import type { Db } from '../db/database.js';
import type { EntityRow } from '../db/schema/index.js';
import { selectEntity } from '../db/stores/entities.js';

/** An entity as stored: what the HTTP shell puts on the context of admin requests. */
export type { EntityRow };

export async function findEntity(db: Db, code: string): Promise<EntityRow | undefined> {
  return selectEntity(db, code);
}

export async function listEntities(db: Db): Promise<EntityRow[]> {
  return db.selectFrom('entities').selectAll().orderBy('name').execute();
}

function jsonArray(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * How long one process answers with an entity it read, for the busiest requests (the citizen's
 * search, the CORS check of every entity route): a change by staff (its name, its origins, the
 * entity removed) shows in every process within this time. An unknown entity is not kept, so a new
 * one is found at once. It saves a read per request (a round trip on PostgreSQL).
 */
export const ENTITY_KEPT_MS = 5_000;

/** Entities kept, per database (its Kysely adapter) and code, with when they expire. */
const keptEntities = new WeakMap<object, Map<string, { entity: EntityRow; until: number }>>();

/** The entity this process read less than `ENTITY_KEPT_MS` ago (by `now`), if any. */
export function keptEntity(db: Db, code: string, now: Date): EntityRow | undefined {
  const kept = keptEntities.get(db.getExecutor().adapter)?.get(code);
  return kept && now.getTime() < kept.until && now.getTime() >= kept.until - ENTITY_KEPT_MS
    ? kept.entity
    : undefined;
}

/** Keeps an entity just read for `ENTITY_KEPT_MS`. */
export function keepEntity(db: Db, entity: EntityRow, now: Date): void {
  const key = db.getExecutor().adapter;
  let kept = keptEntities.get(key);
  if (!kept) keptEntities.set(key, (kept = new Map()));
  // Only entities that exist are kept; an intermediary serving many keeps the last 1,000 read.
  if (kept.size >= 1_000) kept.delete(kept.keys().next().value as string);
  kept.set(entity.code, { entity, until: now.getTime() + ENTITY_KEPT_MS });
}

/** Origins allowed to embed one entity's widgets, as kept for `ENTITY_KEPT_MS`. */
export async function entityOrigins(db: Db, code: string, now: Date): Promise<string[]> {
  let entity = keptEntity(db, code, now);
  if (!entity) {
    entity = await findEntity(db, code);
    if (!entity) return [];
    keepEntity(db, entity, now);
  }
  return originsOf(entity);
}

/** Origins allowed by any entity (for the widget bundle and the entity list). */
export async function allOrigins(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('entities').select('allowed_origins').execute();
  return [...new Set(rows.flatMap((r) => jsonArray(r.allowed_origins)))];
}

export function ibansOf(row: EntityRow): string[] {
  return jsonArray(row.ibans);
}

export function originsOf(row: EntityRow): string[] {
  return jsonArray(row.allowed_origins);
}

/** How this entity turns IUVs into NAVs. */
export function navSchemeOf(row: EntityRow): NavScheme {
  const aux = row.aux_digit as 0 | 1 | 2 | 3;
  return aux === 0 || aux === 3 ? { auxDigit: aux, code: row.segregation_code ?? '00' } : { auxDigit: aux };
}

/** The privacy notice: the Italian text alone, or `{ it, en?, de? }` when it has translations. */
export function privacyTextOf(row: EntityRow): LocalText {
  if (!row.privacy_texts) return row.privacy_text;
  let other: { en?: unknown; de?: unknown };
  try {
    other = JSON.parse(row.privacy_texts) as { en?: unknown; de?: unknown };
  } catch {
    return row.privacy_text;
  }
  const out: { it: string; en?: string; de?: string } = { it: row.privacy_text };
  if (typeof other.en === 'string') out.en = other.en;
  if (typeof other.de === 'string') out.de = other.de;
  return out.en === undefined && out.de === undefined ? row.privacy_text : out;
}

/** The article the entity's name takes, as the SDK types it. */
export function articleOf(row: EntityRow): Article | null {
  return (ARTICLES as readonly string[]).includes(row.article ?? '') ? (row.article as Article) : null;
}

/** What anyone may see of an entity. */
export function toPublicEntity(row: EntityRow): EntityPublic {
  return {
    code: row.code,
    name: row.name,
    article: articleOf(row),
    sector: row.sector,
    info: row.info,
    logoUrl: row.logo_url,
    portalUrl: row.portal_url,
    spontaneousPayments: row.spontaneous_enabled === 1,
    ownRegistration: row.own_registration === 1,
    privacy: { version: row.privacy_version, text: privacyTextOf(row) },
    hasPostalAccount: row.postal_account_number !== null,
  };
}
