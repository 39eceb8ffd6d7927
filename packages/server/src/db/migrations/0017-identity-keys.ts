import type { Kysely } from 'kysely';

// The entity's own keys as an OpenID Connect Federation Relying Party (SPID/CIE): a federation key
// signing its entity configuration, an OIDC key signing request objects and client assertions, an
// OIDC key decrypting the userinfo; each with a state so a rotation publishes the next key before
// it signs and keeps the old one published until what it signed has expired. The settings of the
// entity configuration (superiors, trust marks, organization) are one row per entity. A plain
// OpenID Connect provider may authenticate with the entity's key (`private_key_jwt`).

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identity_keys')
    .addColumn('kid', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull().references('entities.code'))
    .addColumn('use', 'varchar(12)', (c) => c.notNull())
    .addColumn('alg', 'varchar(20)', (c) => c.notNull())
    .addColumn('state', 'varchar(10)', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('activated_at', 'varchar(30)')
    .addColumn('retired_at', 'varchar(30)')
    .addColumn('published_until', 'varchar(30)')
    .execute();
  await db.schema
    .createIndex('identity_keys_entity')
    .on('identity_keys')
    .columns(['entity_code', 'use'])
    .execute();

  await db.schema
    .createTable('identity_federation')
    .addColumn('entity_code', 'varchar(11)', (c) => c.primaryKey().references('entities.code'))
    .addColumn('authority_hints', 'text', (c) => c.notNull())
    .addColumn('trust_marks', 'text', (c) => c.notNull())
    .addColumn('organization_name', 'varchar(200)')
    .addColumn('contacts', 'text', (c) => c.notNull())
    .addColumn('homepage_uri', 'text')
    .addColumn('policy_uri', 'text')
    .addColumn('logo_uri', 'text')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('identity_providers').addColumn('token_auth_method', 'varchar(30)').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('identity_providers').dropColumn('token_auth_method').execute();
  await db.schema.dropTable('identity_federation').execute();
  await db.schema.dropTable('identity_keys').execute();
}
