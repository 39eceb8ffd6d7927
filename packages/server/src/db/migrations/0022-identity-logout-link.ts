import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

// The rest of digital-identity login: ending the provider's session at logout (the ID token kept
// with the portal session, server side, and the logouts under way at a provider), linking a portal
// account by a link mailed to its address, and an entity setting that turns the portal's own
// registration off (SPID and CIE still create accounts).

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();

  // A session from a digital identity: its provider and the ID token (the `id_token_hint` of the
  // provider's logout). Both null for a password session.
  await db.schema.alterTable('sessions').addColumn('identity_provider', 'varchar(40)').execute();
  await db.schema.alterTable('sessions').addColumn('id_token', 'text').execute();
  // The hand-back code carries them to the session it issues, and the page the login came back to.
  await db.schema.alterTable('identity_handoffs').addColumn('id_token', 'text').execute();
  await db.schema.alterTable('identity_handoffs').addColumn('return_url', 'text').execute();

  // A logout under way at a provider: single use, minutes long; keys are SHA-256 of the state.
  await db.schema
    .createTable('identity_logouts')
    .addColumn('state_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('provider_code', 'varchar(40)', (c) => c.notNull())
    .addColumn('id_token', 'text', (c) => c.notNull())
    .addColumn('return_url', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .execute();
  await sql`create index identity_logouts_expiry on identity_logouts (expires_at)`.execute(db);

  // A digital identity waiting to be linked to the portal account of the same fiscal code by a
  // link mailed to that account (the mail goes through the outbox, which issues the token).
  await db.schema
    .createTable('identity_link_mails')
    .addColumn('id', 'integer', serial)
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('fiscal_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('provider_code', 'varchar(40)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('return_url', 'text', (c) => c.notNull())
    .addColumn('lang', 'varchar(2)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .execute();
  await sql`create unique index identity_link_mails_token on identity_link_mails (token_hash)`.execute(db);
  await sql`create index identity_link_mails_account on identity_link_mails (account_id)`.execute(db);

  // 1 (the default): citizens may register with the portal's own form; 0: only SPID and CIE.
  await db.schema
    .alterTable('entities')
    .addColumn('own_registration', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('entities').dropColumn('own_registration').execute();
  await db.schema.dropTable('identity_link_mails').execute();
  await db.schema.dropTable('identity_logouts').execute();
  await db.schema.alterTable('identity_handoffs').dropColumn('return_url').execute();
  await db.schema.alterTable('identity_handoffs').dropColumn('id_token').execute();
  await db.schema.alterTable('sessions').dropColumn('id_token').execute();
  await db.schema.alterTable('sessions').dropColumn('identity_provider').execute();
}
