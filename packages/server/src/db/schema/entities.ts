import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * An Ente Creditore hosted by this server. JSON columns are TEXT holding JSON (portable to
 * PostgreSQL); booleans are integers 0/1; times are ISO-8601 UTC strings.
 */
export interface EntitiesTable {
  /** The entity's 11-digit fiscal code: the `{ente}` of every route. */
  code: string;
  name: string;
  /** The Italian article the name takes (il, lo, la, l', i, gli, le); null for none. */
  article: string | null;
  sector: string | null;
  info: string | null;
  logo_url: string | null;
  /** 0, 1, 2 or 3 (pagoPA aux digit); 3 is the default. */
  aux_digit: number;
  /** Segregation code (aux 3) or application code (aux 0), two digits. */
  segregation_code: string | null;
  /** JSON array of IBANs the entity collects on. */
  ibans: string;
  postal_account_number: string | null;
  postal_account_holder: string | null;
  postal_authorization: string | null;
  cbill_code: string | null;
  /** JSON array of origins (`https://www.comune.example.it`) allowed to embed the widgets. */
  allowed_origins: string;
  /** Page of the entity's site hosting the portal; e-mail links point there. */
  portal_url: string | null;
  spontaneous_enabled: number;
  /** The privacy notice in Italian. */
  privacy_text: string;
  /** JSON `{ "en"?: …, "de"?: … }`: the privacy notice in other languages; null for none. */
  privacy_texts: string | null;
  privacy_version: string;
  /** "sul sito di …" text of the notice's online channel. */
  online_channel: string | null;
  /** JSON object of pagoPA station settings (idPA, idBrokerPA, idStation, keys, environment). */
  pagopa_settings: string;
  /** JSON: how the entity's reporting flows are fetched (reconciliation/settings.ts). */
  reconciliation_settings: ColumnType<string, string | undefined, string>;
  /** 1: outbound calls (webhooks, logo) may reach the entity's own network (private addresses). */
  allow_private_targets: ColumnType<number, number | undefined, number>;
  /** 1: the portal's own registration form is open; 0: accounts come only from SPID and CIE. */
  own_registration: ColumnType<number, number | undefined, number>;
  /** JSON: e-mail reminders on/off and how many days before a due date (reminders/settings.ts). */
  reminder_settings: ColumnType<string, string | undefined, string>;
  /** JSON: messages on the IO app, the service's key and where to call (outbound/io/settings.ts). */
  io_settings: ColumnType<string, string | undefined, string>;
  /** The identity provider (its code) the entity's staff log in to the console with; null: none. */
  staff_login_provider: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<string, string, never>;
  updated_at: string;
}

export type EntityRow = Selectable<EntitiesTable>;
export type NewEntityRow = Insertable<EntitiesTable>;
export type EntityUpdate = Updateable<EntitiesTable>;

/** Fixed-window counters for rate limits, shared by every server process through the database. */
export interface RateLimitsTable {
  bucket: string;
  window_start: number;
  count: number;
}

/** Kept for type completeness of generated ids. */
export type Id = Generated<number>;
