/**
 * An entity's webhook endpoints: create (with a secret shown once), list, change, delete. Every
 * query carries the entity code, so another entity's endpoint is simply not found.
 */
import type { WebhookUpdate, WebhookView } from '@pagatore/sdk';
import { newToken } from '../core/tokens.js';
import { type Db, transaction } from '../db/database.js';
import type { WebhookEndpointRow } from '../db/schema/index.js';
import { type TargetProblem, urlTargetProblem } from '../outbound/addresses.js';

/** More endpoints than this per entity is a mistake, not a need. */
export const MAX_ENDPOINTS_PER_ENTITY = 20;

/**
 * Why an endpoint URL is refused, or null: production sends money events only over TLS, and no
 * endpoint points inside the network (loopback, private, link-local…) unless the entity allows its
 * own network. A host name is checked again at every delivery, after resolution.
 * @example webhookUrlProblem('https://10.0.0.5/hooks', 'production', false) // 'private_address'
 */
export function webhookUrlProblem(
  url: string,
  mode: 'demo' | 'production',
  allowPrivate: boolean,
): TargetProblem | null {
  if (mode === 'production' && !url.startsWith('https://')) return 'invalid_url';
  return urlTargetProblem(url, allowPrivate);
}

export function toWebhookView(row: WebhookEndpointRow): WebhookView {
  return {
    id: row.id,
    url: row.url,
    types: JSON.parse(row.types) as string[],
    enabled: row.enabled === 1,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The highest event id of an entity: a new endpoint receives what happens after it. */
async function lastEventId(db: Db, entityCode: string): Promise<number> {
  const r = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('max'))
    .where('entity_code', '=', entityCode)
    .executeTakeFirst();
  return Number(r?.max ?? 0);
}

/**
 * Creates an endpoint; null when the entity has too many. The secret is returned once.
 * @example const { row, secret } = (await createEndpoint(db, '80012345678', { url }, new Date()))!;
 */
export async function createEndpoint(
  db: Db,
  entityCode: string,
  input: { url: string; types?: readonly string[]; enabled?: boolean; description?: string | null },
  now: Date,
): Promise<{ row: WebhookEndpointRow; secret: string } | null> {
  const count = await db
    .selectFrom('webhook_endpoints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity_code', '=', entityCode)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_ENDPOINTS_PER_ENTITY) return null;
  const secret = `whsec_${newToken(24)}`;
  const row: WebhookEndpointRow = {
    id: `wh_${newToken(10)}`,
    entity_code: entityCode,
    url: input.url,
    secret,
    previous_secret: null,
    previous_secret_until: null,
    description: input.description ?? null,
    types: JSON.stringify(input.types ?? []),
    enabled: input.enabled === false ? 0 : 1,
    cursor: await lastEventId(db, entityCode),
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await db.insertInto('webhook_endpoints').values(row).execute();
  return { row, secret };
}

export async function listEndpoints(db: Db, entityCode?: string): Promise<WebhookEndpointRow[]> {
  let q = db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').orderBy('id');
  if (entityCode) q = q.where('entity_code', '=', entityCode);
  return q.execute();
}

export async function findEndpoint(
  db: Db,
  entityCode: string,
  id: string,
): Promise<WebhookEndpointRow | undefined> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('entity_code', '=', entityCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Changes the fields given; undefined when there is no such endpoint of the entity. */
export async function updateEndpoint(
  db: Db,
  entityCode: string,
  id: string,
  patch: WebhookUpdate & { types?: string[] },
  now: Date,
): Promise<WebhookEndpointRow | undefined> {
  const r = await db
    .updateTable('webhook_endpoints')
    .set({
      updated_at: now.toISOString(),
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.types !== undefined ? { types: JSON.stringify(patch.types) } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
    })
    .where('entity_code', '=', entityCode)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  return findEndpoint(db, entityCode, id);
}

/** Deletes an endpoint and (by cascade) its deliveries; false when not found. */
export async function deleteEndpoint(db: Db, entityCode: string, id: string): Promise<boolean> {
  // Deliveries go first explicitly: PostgreSQL and SQLite agree on that whatever the FK settings.
  return transaction(db, async (tx) => {
    const found = await tx
      .selectFrom('webhook_endpoints')
      .select('id')
      .where('entity_code', '=', entityCode)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!found) return false;
    await tx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
    await tx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
    return true;
  });
}

/**
 * A new signing secret for an endpoint; the old one keeps signing deliveries beside it (a second
 * `v1` in `Pagatore-Signature`) until `graceHours` from now, so receivers verifying with either
 * secret accept them while they switch. Undefined when there is no such endpoint of the entity.
 * @example const r = await rotateSecret(db, '80012345678', 'wh_…', 24, new Date());
 */
export async function rotateSecret(
  db: Db,
  entityCode: string,
  id: string,
  graceHours: number,
  now: Date,
): Promise<{ row: WebhookEndpointRow; secret: string } | undefined> {
  const current = await findEndpoint(db, entityCode, id);
  if (!current) return undefined;
  const secret = `whsec_${newToken(24)}`;
  const until = graceHours > 0 ? new Date(now.getTime() + graceHours * 3_600_000).toISOString() : null;
  await db
    .updateTable('webhook_endpoints')
    .set({
      secret,
      previous_secret: until ? current.secret : null,
      previous_secret_until: until,
      updated_at: now.toISOString(),
    })
    .where('entity_code', '=', entityCode)
    .where('id', '=', id)
    .execute();
  const row = await findEndpoint(db, entityCode, id);
  return row ? { row, secret } : undefined;
}
