/**
 * Storage of the staff console: staff members, their grants, recovery codes, console sessions and
 * the append-only audit log. Kysely on every engine.
 */
import type { Db, Tx } from '../database.js';
import type {
  NewStaffAuditRow,
  StaffAuditRow,
  StaffGrantRow,
  StaffSessionRow,
  StaffUserRow,
  StaffUsersTable,
} from '../schema/index.js';

export async function selectStaffByEmail(db: Db | Tx, email: string): Promise<StaffUserRow | undefined> {
  return db.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Every staff member, by e-mail. */
export async function selectAllStaff(db: Db | Tx): Promise<StaffUserRow[]> {
  return db.selectFrom('staff_users').selectAll().orderBy('email').execute();
}

export async function selectStaffById(db: Db | Tx, id: string): Promise<StaffUserRow | undefined> {
  return db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertStaff(db: Db | Tx, row: StaffUsersTable): Promise<void> {
  await db.insertInto('staff_users').values(row).execute();
}

export async function updateStaff(
  db: Db | Tx,
  id: string,
  set: Partial<Omit<StaffUsersTable, 'id'>>,
): Promise<void> {
  await db.updateTable('staff_users').set(set).where('id', '=', id).execute();
}

/**
 * Moves the last accepted TOTP step forward, only if it is ahead of the stored one: false when the
 * step (or a later one) was used already, so a code is good once even across server processes.
 */
export async function advanceTotpCounter(db: Db | Tx, id: string, counter: number): Promise<boolean> {
  const r = await db
    .updateTable('staff_users')
    .set({ totp_last_counter: counter })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_counter', 'is', null), eb('totp_last_counter', '<', counter)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Grants with the entity's name, by entity code. */
export async function selectGrants(
  db: Db | Tx,
  staffId: string,
): Promise<(StaffGrantRow & { entity_name: string })[]> {
  return db
    .selectFrom('staff_grants')
    .innerJoin('entities', 'entities.code', 'staff_grants.entity_code')
    .select([
      'staff_grants.staff_id',
      'staff_grants.entity_code',
      'staff_grants.role',
      'staff_grants.created_at',
      'entities.name as entity_name',
    ])
    .where('staff_grants.staff_id', '=', staffId)
    .orderBy('staff_grants.entity_code')
    .execute();
}

export async function selectGrant(
  db: Db | Tx,
  staffId: string,
  entityCode: string,
): Promise<StaffGrantRow | undefined> {
  return db
    .selectFrom('staff_grants')
    .selectAll()
    .where('staff_id', '=', staffId)
    .where('entity_code', '=', entityCode)
    .executeTakeFirst();
}

/** Sets a staff member's role on an entity (creates the grant or changes its role). */
export async function upsertGrant(db: Db | Tx, row: StaffGrantRow): Promise<void> {
  await db
    .insertInto('staff_grants')
    .values(row)
    .onConflict((oc) => oc.columns(['staff_id', 'entity_code']).doUpdateSet({ role: row.role }))
    .execute();
}

export async function deleteGrant(db: Db | Tx, staffId: string, entityCode: string): Promise<boolean> {
  const r = await db
    .deleteFrom('staff_grants')
    .where('staff_id', '=', staffId)
    .where('entity_code', '=', entityCode)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function replaceRecoveryCodes(db: Db | Tx, staffId: string, hashes: string[]): Promise<void> {
  await db.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).execute();
  if (hashes.length > 0)
    await db
      .insertInto('staff_recovery_codes')
      .values(hashes.map((code_hash) => ({ staff_id: staffId, code_hash, used_at: null })))
      .execute();
}

/** Marks an unused recovery code used; false when there is no such unused code. */
export async function useRecoveryCode(
  db: Db | Tx,
  staffId: string,
  hash: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('staff_recovery_codes')
    .set({ used_at: at })
    .where('staff_id', '=', staffId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertStaffSession(db: Db | Tx, row: StaffSessionRow): Promise<void> {
  await db.insertInto('staff_sessions').values(row).execute();
}

export async function selectStaffSession(db: Db | Tx, id: string): Promise<StaffSessionRow | undefined> {
  return db.selectFrom('staff_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateStaffSession(
  db: Db | Tx,
  id: string,
  set: Partial<Omit<StaffSessionRow, 'id'>>,
): Promise<void> {
  await db.updateTable('staff_sessions').set(set).where('id', '=', id).execute();
}

/**
 * Counts a wrong code on a login waiting for it; returns the new count (0 when the login is gone).
 */
export async function countSessionAttempt(db: Db | Tx, id: string): Promise<number> {
  await db
    .updateTable('staff_sessions')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
  const row = await db
    .selectFrom('staff_sessions')
    .select('attempts')
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? Number(row.attempts) : 0;
}

export async function deleteStaffSession(db: Db | Tx, id: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id', '=', id).execute();
}

export async function deleteStaffSessionsOf(db: Db | Tx, staffId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('staff_id', '=', staffId).execute();
}

/** Removes sessions past their expiry or idle since before `idleBefore`. */
export async function deleteDeadStaffSessions(db: Db | Tx, now: string, idleBefore: string): Promise<void> {
  await db
    .deleteFrom('staff_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_used_at', '<=', idleBefore)]))
    .execute();
}

export async function insertAudit(db: Db | Tx, row: NewStaffAuditRow): Promise<void> {
  await db.insertInto('staff_audit').values(row).execute();
}

/** An entity's audit entries, newest first, below an id (keyset paging on the (entity, id) index). */
export async function selectAudit(
  db: Db | Tx,
  entityCode: string,
  before: number | undefined,
  limit: number,
): Promise<StaffAuditRow[]> {
  let q = db
    .selectFrom('staff_audit')
    .selectAll()
    .where('entity_code', '=', entityCode)
    .orderBy('id', 'desc')
    .limit(limit);
  if (before !== undefined) q = q.where('id', '<', before);
  return q.execute();
}
