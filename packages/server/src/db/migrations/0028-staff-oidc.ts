import type { Kysely } from 'kysely';

// Staff login through the entity's OpenID Connect provider: the entity names which of its identity
// providers its staff log in with (null: none), and each login under way is a single-use row keyed
// by the SHA-256 of its state, holding the nonce and the PKCE verifier for the callback.

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('entities').addColumn('staff_login_provider', 'varchar(40)').execute();
  await db.schema
    .createTable('staff_oidc_flows')
    .addColumn('state_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('provider_code', 'varchar(40)', (c) => c.notNull())
    .addColumn('nonce', 'varchar(100)', (c) => c.notNull())
    .addColumn('code_verifier', 'varchar(200)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_oidc_flows').execute();
  await db.schema.alterTable('entities').dropColumn('staff_login_provider').execute();
}
