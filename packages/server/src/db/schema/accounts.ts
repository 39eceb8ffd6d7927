import type { ColumnType, Selectable } from 'kysely';

/**
 * A citizen's account with one entity (the entity is the data controller). Closed accounts keep
 * their id and dates only: profile columns are emptied, so the same fiscal code, username and
 * e-mail can register again. Times are ISO-8601 UTC strings; booleans are 0/1.
 */
export interface AccountsTable {
  id: string;
  entity_code: string;
  /** pending (waiting for activation), active, closed (consent revoked). */
  status: 'pending' | 'active' | 'closed';
  /** Lower case; unique per entity among open accounts (null once closed). */
  username: string | null;
  email: string | null;
  /** Lower-cased e-mail, for lookups and uniqueness. */
  email_normalized: string | null;
  /** Declared at registration; holding it is proven separately (account_fiscal_codes). */
  fiscal_code: string | null;
  subject_kind: 'person' | 'legal' | null;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  address: string | null;
  country: string | null;
  city: string | null;
  province: string | null;
  postal_code: string | null;
  phone: string | null;
  lang: string;
  password_hash: string | null;
  privacy_version: string | null;
  privacy_accepted_at: string | null;
  /** 1: the citizen asked for e-mail reminders of due dates (off by default). */
  email_reminders: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<string, string, never>;
  activated_at: string | null;
  closed_at: string | null;
  updated_at: string;
}

/** Single-use tokens sent by e-mail; only the SHA-256 of the token is stored. */
export interface AccountTokensTable {
  token_hash: string;
  account_id: string;
  /** reminders_off: the unsubscribe link of reminder mails (not single-use: it answers the same each time). */
  kind: 'activation' | 'password_reset' | 'email_change' | 'reminders_off';
  /** For email_change: the new address. */
  data: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Citizen sessions: the token is `<id>.<secret>`; only the SHA-256 of the secret is stored. */
export interface SessionsTable {
  id: string;
  account_id: string;
  secret_hash: string;
  created_at: string;
  last_used_at: string;
  /** Absolute expiry, whatever the activity. */
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  /** The identity provider of a SPID/CIE session (null: a password session). */
  identity_provider: ColumnType<string | null, string | null | undefined, string | null>;
  /** Its ID token, the `id_token_hint` of the provider's logout; never leaves the server otherwise. */
  id_token: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Fiscal codes an account proved it holds (a Codice Avviso of that code; later SPID/CIE). */
export interface AccountFiscalCodesTable {
  account_id: string;
  fiscal_code: string;
  method: 'notice' | 'spid' | 'cie';
  /** What proved it (e.g. the NAV), for the audit. */
  evidence: string | null;
  proven_at: string;
}

/** Who did what to an account, when, from where: sign-ins, failures, resets, consent changes. */
export interface AccountAuditTable {
  id: string;
  entity_code: string;
  account_id: string | null;
  event: string;
  ip: string | null;
  /** JSON object with event details (never passwords or tokens). */
  detail: string;
  created_at: string;
}

/** Tables of citizen accounts: accounts, tokens, sessions, proven fiscal codes, audit. */
export interface AccountTables {
  accounts: AccountsTable;
  account_tokens: AccountTokensTable;
  sessions: SessionsTable;
  account_fiscal_codes: AccountFiscalCodesTable;
  account_audit: AccountAuditTable;
}

/** An account row as read. */
export type AccountRow = Selectable<AccountsTable>;
