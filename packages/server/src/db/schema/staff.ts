/** The staff console: staff members, their roles per entity, recovery codes, sessions, audit log. */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface StaffUsersTable {
  id: string;
  /** Lower case. */
  email: string;
  name: string;
  /** Argon2id PHC string. */
  password_hash: string;
  /** The TOTP key (hex); set at the first login, used once `totp_enrolled_at` is set. */
  totp_key: string | null;
  totp_enrolled_at: string | null;
  /** The time step of the last code accepted: a code is good once. */
  totp_last_counter: number | string | null;
  status: 'active' | 'disabled';
  created_at: string;
  updated_at: string;
}

export interface StaffGrantsTable {
  staff_id: string;
  entity_code: string;
  role: 'viewer' | 'operator' | 'admin';
  created_at: string;
}

export interface StaffRecoveryCodesTable {
  staff_id: string;
  /** SHA-256 of the normalised code. */
  code_hash: string;
  used_at: string | null;
}

/** A console session; at the `totp` stage it is a login waiting for its second factor. */
export interface StaffSessionsTable {
  id: string;
  staff_id: string;
  secret_hash: string;
  stage: 'totp' | 'active';
  /** Wrong codes given at the `totp` stage. */
  attempts: number;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** One change; the database refuses updates and deletes of these rows. */
export interface StaffAuditTable {
  id: Generated<number>;
  at: string;
  /** The staff member's e-mail, or `api-key:<id>`. */
  actor: string;
  staff_id: string | null;
  entity_code: string | null;
  action: string;
  target: string | null;
  /** JSON. */
  before: string | null;
  /** JSON. */
  after: string | null;
  ip: string | null;
  request_id: string | null;
}

export type StaffUserRow = Selectable<StaffUsersTable>;
export type StaffGrantRow = Selectable<StaffGrantsTable>;
export type StaffSessionRow = Selectable<StaffSessionsTable>;
export type StaffAuditRow = Selectable<StaffAuditTable>;
export type NewStaffAuditRow = Insertable<StaffAuditTable>;

export interface StaffTables {
  staff_users: StaffUsersTable;
  staff_grants: StaffGrantsTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  staff_sessions: StaffSessionsTable;
  staff_audit: StaffAuditTable;
}
