/**
 * Services for spontaneous payments of an entity: stored as the SDK's definition (JSON), read back
 * through the same schema so a stored service is always a valid one.
 */
import { type Service, ServiceInput, type ServiceView } from '@pagatore/sdk';
import * as v from 'valibot';
import type { Db } from '../db/database.js';
import type { ServiceRow } from '../db/schema/index.js';

/** A stored row as the definition and its times. */
export function toServiceView(row: ServiceRow): ServiceView {
  const definition = v.parse(ServiceInput, JSON.parse(row.definition));
  return { ...definition, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** The definition of a stored service (for the citizen side and spontaneous payments). */
export function serviceOf(row: ServiceRow): Service {
  return v.parse(ServiceInput, JSON.parse(row.definition));
}

function nameOf(s: Service): string {
  return typeof s.name === 'string' ? s.name : s.name.it;
}

export async function listServices(db: Db, entityCode: string, onlyEnabled = false): Promise<ServiceRow[]> {
  let q = db.selectFrom('services').selectAll().where('entity_code', '=', entityCode).orderBy('code');
  if (onlyEnabled) q = q.where('enabled', '=', 1);
  return q.execute();
}

export async function findService(db: Db, entityCode: string, code: string): Promise<ServiceRow | undefined> {
  return db
    .selectFrom('services')
    .selectAll()
    .where('entity_code', '=', entityCode)
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Creates a service; false when the code is taken. */
export async function createService(db: Db, entityCode: string, s: Service, now: Date): Promise<boolean> {
  const iso = now.toISOString();
  const r = await db
    .insertInto('services')
    .values({
      entity_code: entityCode,
      code: s.code,
      name: nameOf(s),
      enabled: s.enabled ? 1 : 0,
      definition: JSON.stringify(s),
      created_at: iso,
      updated_at: iso,
    })
    .onConflict((oc) => oc.columns(['entity_code', 'code']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Replaces a service's definition; false when there is no such service. */
export async function replaceService(db: Db, entityCode: string, s: Service, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('services')
    .set({
      name: nameOf(s),
      enabled: s.enabled ? 1 : 0,
      definition: JSON.stringify(s),
      updated_at: now.toISOString(),
    })
    .where('entity_code', '=', entityCode)
    .where('code', '=', s.code)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Creates or replaces (demo seed, CLI). */
export async function upsertService(db: Db, entityCode: string, s: Service, now: Date): Promise<void> {
  if (!(await replaceService(db, entityCode, s, now))) await createService(db, entityCode, s, now);
}

export async function deleteService(db: Db, entityCode: string, code: string): Promise<boolean> {
  const r = await db
    .deleteFrom('services')
    .where('entity_code', '=', entityCode)
    .where('code', '=', code)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
