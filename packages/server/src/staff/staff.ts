/**
 * Staff members of the console and their roles: a staff member is one person (one e-mail) who may
 * hold a role on several entities (an intermediary's staff), and sees nothing of an entity they
 * hold no role on. Created by the CLI (`pagatore staff create`) or by an entity's admin.
 */
import type { StaffRole } from '@pagatore/sdk';
import { hashPassword } from '../accounts/crypto.js';
import { newToken } from '../core/tokens.js';
import { type Db, transaction } from '../db/database.js';
import type { StaffGrantRow, StaffUserRow } from '../db/schema/index.js';
import {
  deleteGrant,
  deleteStaffSessionsOf,
  insertStaff,
  replaceRecoveryCodes,
  selectAllStaff,
  selectGrants,
  selectStaffByEmail,
  updateStaff,
  upsertGrant,
} from '../db/stores/staff.js';
import { recordAudit } from './audit.js';

export type { StaffUserRow } from '../db/schema/index.js';

/** E-mails compare in lower case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A password to hand over once, for a staff member created without one: 20 random characters. */
export function temporaryPassword(): string {
  return newToken(15).slice(0, 24);
}

export interface StaffCreated {
  staff: StaffUserRow;
  /** True when the e-mail was new (otherwise only the grant changed). */
  created: boolean;
}

/**
 * Creates a staff member (or finds the one with this e-mail) and sets their role on an entity, with
 * the audit entry; `actor` is who did it (`cli`, or an admin's e-mail).
 * @example await createStaff(db, { email, name: 'Anna Bianchi', password, entity: '80012345678', role: 'admin' }, 'cli', new Date());
 */
export async function createStaff(
  db: Db,
  input: { email: string; name: string; password: string; entity: string; role: StaffRole },
  actor: string,
  now: Date,
): Promise<StaffCreated> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return transaction(db, async (tx) => {
    let staff = await selectStaffByEmail(tx, email);
    const created = !staff;
    if (!staff) {
      staff = {
        id: crypto.randomUUID(),
        email,
        name: input.name,
        password_hash: passwordHash,
        totp_key: null,
        totp_enrolled_at: null,
        totp_last_counter: null,
        status: 'active',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      };
      await insertStaff(tx, staff);
    }
    const grant: StaffGrantRow = {
      staff_id: staff.id,
      entity_code: input.entity,
      role: input.role,
      created_at: now.toISOString(),
    };
    await upsertGrant(tx, grant);
    await recordAudit(tx, {
      actor,
      entity: input.entity,
      action: created ? 'staffCreated' : 'staffGranted',
      target: email,
      before: null,
      after: { email, name: staff.name, role: input.role },
      now,
    });
    return { staff, created };
  });
}

/** Takes a staff member's role on an entity away; false when they held none. */
export async function revokeStaff(
  db: Db,
  email: string,
  entity: string,
  actor: string,
  now: Date,
): Promise<boolean> {
  return transaction(db, async (tx) => {
    const staff = await selectStaffByEmail(tx, normalizeEmail(email));
    if (!staff) return false;
    const before = (await selectGrants(tx, staff.id)).find((g) => g.entity_code === entity);
    if (!before || !(await deleteGrant(tx, staff.id, entity))) return false;
    await recordAudit(tx, {
      actor,
      entity,
      action: 'staffRevoked',
      target: staff.email,
      before: { email: staff.email, role: before.role },
      after: null,
      now,
    });
    return true;
  });
}

/**
 * Forgets a staff member's second factor and recovery codes and ends their sessions: the next login
 * enrols a new one (a lost phone). Audited on each of their entities.
 */
export async function resetStaffTotp(db: Db, email: string, actor: string, now: Date): Promise<boolean> {
  return transaction(db, async (tx) => {
    const staff = await selectStaffByEmail(tx, normalizeEmail(email));
    if (!staff) return false;
    await updateStaff(tx, staff.id, {
      totp_key: null,
      totp_enrolled_at: null,
      totp_last_counter: null,
      updated_at: now.toISOString(),
    });
    await replaceRecoveryCodes(tx, staff.id, []);
    await deleteStaffSessionsOf(tx, staff.id);
    for (const g of await selectGrants(tx, staff.id))
      await recordAudit(tx, {
        actor,
        entity: g.entity_code,
        action: 'staffTotpReset',
        target: staff.email,
        before: null,
        after: null,
        now,
      });
    return true;
  });
}

/** Sets a new password and ends the staff member's sessions. */
export async function setStaffPassword(db: Db, email: string, password: string, now: Date): Promise<boolean> {
  const staff = await selectStaffByEmail(db, normalizeEmail(email));
  if (!staff) return false;
  const hash = await hashPassword(password);
  await transaction(db, async (tx) => {
    await updateStaff(tx, staff.id, { password_hash: hash, updated_at: now.toISOString() });
    await deleteStaffSessionsOf(tx, staff.id);
  });
  return true;
}

/** Staff members with their grants (the CLI's list). */
export async function listStaff(
  db: Db,
  entity?: string,
): Promise<
  { email: string; name: string; enrolled: boolean; grants: { entity: string; role: StaffRole }[] }[]
> {
  const users = await selectAllStaff(db);
  const out = [];
  for (const u of users) {
    const grants = (await selectGrants(db, u.id)).map((g) => ({ entity: g.entity_code, role: g.role }));
    if (entity && !grants.some((g) => g.entity === entity)) continue;
    out.push({ email: u.email, name: u.name, enrolled: u.totp_enrolled_at !== null, grants });
  }
  return out;
}
