import type { Generated, Selectable } from 'kysely';

/**
 * A published text citizens consent to: the privacy notice, the reminders notice, any other kind.
 * Once published a version never changes (a trigger refuses updates and deletes): the ledger's
 * hashes prove which words a person accepted.
 */
export interface ConsentTextsTable {
  entity_code: string;
  /** `privacy`, `reminders`, … */
  kind: string;
  version: string;
  /** The text in Italian. */
  text_it: string;
  /** JSON `{ "en"?: …, "de"?: … }`: the same text in other languages; null for none. */
  texts: string | null;
  /** 1: accounts that accepted an older version must accept this one at their next login. */
  requires_reconsent: number;
  published_at: string;
  /** Who published it (API key label or staff e-mail); null when it came from the entity's settings. */
  published_by: string | null;
}

/**
 * The consent ledger: one row per grant or revocation, never updated or deleted (triggers refuse).
 * The client address is kept only as a salted SHA-256.
 */
export interface ConsentLedgerTable {
  id: Generated<number>;
  entity_code: string;
  account_id: string;
  kind: string;
  action: 'grant' | 'revoke';
  /** The text version granted (or the one in force when revoked). */
  version: string | null;
  /** The language of the text shown. */
  lang: string | null;
  /** SHA-256 (hex) of the exact text shown, in that language. */
  text_sha256: string | null;
  /** widget, spid, cie, console (staff on the citizen's request), cli. */
  channel: string;
  /** The staff member or key acting on the citizen's request; null when the citizen acted. */
  actor: string | null;
  /** Salted SHA-256 of the client address; null when there was no request. */
  ip_hash: string | null;
  at: string;
}

/** Installation secrets of the privacy area (the salt of the address hashes). */
export interface PrivacySecretsTable {
  name: string;
  value: string;
}

export interface PrivacyTables {
  consent_texts: ConsentTextsTable;
  consent_ledger: ConsentLedgerTable;
  privacy_secrets: PrivacySecretsTable;
}

export type ConsentTextRow = Selectable<ConsentTextsTable>;
export type ConsentLedgerRow = Selectable<ConsentLedgerTable>;
