import { type Kysely, sql } from 'kysely';

// Logging in with a digital identity (SPID, CIE) through OpenID Connect: the providers an entity
// configured, the flows under way (state, nonce, PKCE verifier, single use, minutes long), the
// one-time codes that hand a finished flow back to the widget, and which account a fiscal code
// logs in to.

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identity_providers')
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull().references('entities.code'))
    .addColumn('code', 'varchar(40)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('logo_url', 'text')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('client_secret', 'text')
    .addColumn('scopes', 'varchar(200)', (c) => c.notNull())
    .addColumn('fiscal_code_claim', 'varchar(100)', (c) => c.notNull())
    .addColumn('acr_values', 'varchar(200)')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_providers_pk', ['entity_code', 'code'])
    .execute();

  await db.schema
    .createTable('identity_flows')
    .addColumn('state_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('provider_code', 'varchar(40)', (c) => c.notNull())
    .addColumn('nonce', 'varchar(64)', (c) => c.notNull())
    .addColumn('code_verifier', 'varchar(128)', (c) => c.notNull())
    .addColumn('return_url', 'text', (c) => c.notNull())
    .addColumn('challenge', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .execute();
  await sql`create index identity_flows_expiry on identity_flows (expires_at)`.execute(db);

  await db.schema
    .createTable('identity_handoffs')
    .addColumn('code_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('provider_code', 'varchar(40)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('challenge', 'varchar(64)', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .execute();
  await sql`create index identity_handoffs_expiry on identity_handoffs (expires_at)`.execute(db);

  await db.schema
    .createTable('account_identities')
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('fiscal_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('linked_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_identities_pk', ['entity_code', 'fiscal_code'])
    .execute();
  await sql`create index account_identities_account on account_identities (account_id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['account_identities', 'identity_handoffs', 'identity_flows', 'identity_providers'])
    await db.schema.dropTable(t).execute();
}
