import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull().references('entities.code'))
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('username', 'varchar(40)')
    .addColumn('email', 'varchar(254)')
    .addColumn('email_normalized', 'varchar(254)')
    .addColumn('fiscal_code', 'varchar(16)')
    .addColumn('subject_kind', 'varchar(10)')
    .addColumn('first_name', 'varchar(80)')
    .addColumn('last_name', 'varchar(80)')
    .addColumn('company_name', 'varchar(200)')
    .addColumn('address', 'varchar(200)')
    .addColumn('country', 'varchar(2)')
    .addColumn('city', 'varchar(100)')
    .addColumn('province', 'varchar(60)')
    .addColumn('postal_code', 'varchar(20)')
    .addColumn('phone', 'varchar(30)')
    .addColumn('lang', 'varchar(2)', (c) => c.notNull().defaultTo('it'))
    .addColumn('password_hash', 'text')
    .addColumn('privacy_version', 'varchar(40)')
    .addColumn('privacy_accepted_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('activated_at', 'varchar(30)')
    .addColumn('closed_at', 'varchar(30)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  // NULLs are distinct in unique indexes (SQLite and PostgreSQL): closed accounts free their names.
  await sql`create unique index accounts_username on accounts (entity_code, username)`.execute(db);
  await sql`create unique index accounts_email on accounts (entity_code, email_normalized)`.execute(db);
  await sql`create index accounts_fiscal_code on accounts (entity_code, fiscal_code)`.execute(db);

  await db.schema
    .createTable('account_tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .execute();
  await sql`create index account_tokens_account on account_tokens (account_id, kind)`.execute(db);

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(300)')
    .execute();
  await sql`create index sessions_account on sessions (account_id)`.execute(db);

  await db.schema
    .createTable('account_fiscal_codes')
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('fiscal_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('method', 'varchar(10)', (c) => c.notNull())
    .addColumn('evidence', 'varchar(100)')
    .addColumn('proven_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_fiscal_codes_pk', ['account_id', 'fiscal_code'])
    .execute();
  await sql`create index account_fiscal_codes_code on account_fiscal_codes (fiscal_code)`.execute(db);

  await db.schema
    .createTable('account_audit')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)')
    .addColumn('event', 'varchar(40)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await sql`create index account_audit_account on account_audit (account_id, created_at)`.execute(db);
  await sql`create index account_audit_time on account_audit (entity_code, created_at)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['account_audit', 'account_fiscal_codes', 'sessions', 'account_tokens', 'accounts'])
    await db.schema.dropTable(t).execute();
}
