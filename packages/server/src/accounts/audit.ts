/**
 * The accounts audit log: sign-ins, failures, resets, consent changes, proofs of fiscal codes.
 * Never passwords or tokens; the client address for forensics.
 */
import type { Db, Tx } from '../db/database.js';

export type AuditEvent =
  | 'registered'
  | 'registration_duplicate'
  | 'activated'
  | 'login'
  | 'login_failed'
  | 'login_throttled'
  | 'logout'
  | 'password_reset_requested'
  | 'password_reset'
  | 'password_changed'
  | 'password_change_failed'
  | 'username_reminder'
  | 'activation_resent'
  | 'profile_updated'
  | 'email_change_requested'
  | 'email_changed'
  | 'consent_revoked'
  | 'consent_renewed'
  | 'fiscal_code_proven'
  | 'identity_login'
  | 'identity_linked'
  | 'identity_link_requested'
  | 'identity_refused'
  | 'reminders_on'
  | 'reminders_off';

/** Appends one event to the audit log. */
export async function audit(
  db: Db | Tx,
  e: {
    entity: string;
    accountId?: string | null;
    event: AuditEvent;
    ip?: string | null;
    detail?: Record<string, unknown>;
    now?: Date;
  },
): Promise<void> {
  await db
    .insertInto('account_audit')
    .values({
      id: crypto.randomUUID(),
      entity_code: e.entity,
      account_id: e.accountId ?? null,
      event: e.event,
      ip: e.ip ?? null,
      detail: JSON.stringify(e.detail ?? {}),
      created_at: (e.now ?? new Date()).toISOString(),
    })
    .execute();
}
