import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

// The staff console: staff members (e-mail, Argon2id password, TOTP key), their roles per entity,
// their recovery codes, their console sessions (a login waiting for its TOTP code is a session at
// the `totp` stage), and the append-only audit log of every change made through the admin API.

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();

  await db.schema
    .createTable('staff_users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('totp_key', 'varchar(64)')
    .addColumn('totp_enrolled_at', 'varchar(30)')
    .addColumn('totp_last_counter', 'bigint')
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_grants')
    .addColumn('staff_id', 'varchar(36)', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull().references('entities.code'))
    .addColumn('role', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_grants_pk', ['staff_id', 'entity_code'])
    .execute();
  await sql`create index staff_grants_entity on staff_grants (entity_code)`.execute(db);

  await db.schema
    .createTable('staff_recovery_codes')
    .addColumn('staff_id', 'varchar(36)', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .addPrimaryKeyConstraint('staff_recovery_codes_pk', ['staff_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('staff_sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('staff_id', 'varchar(36)', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('stage', 'varchar(10)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(300)')
    .execute();
  await sql`create index staff_sessions_staff on staff_sessions (staff_id)`.execute(db);
  await sql`create index staff_sessions_expiry on staff_sessions (expires_at)`.execute(db);

  await db.schema
    .createTable('staff_audit')
    .addColumn('id', 'integer', serial)
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor', 'varchar(300)', (c) => c.notNull())
    .addColumn('staff_id', 'varchar(36)')
    .addColumn('entity_code', 'varchar(11)')
    .addColumn('action', 'varchar(60)', (c) => c.notNull())
    .addColumn('target', 'varchar(300)')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('ip', 'varchar(64)')
    .addColumn('request_id', 'varchar(64)')
    .execute();
  await sql`create index staff_audit_entity on staff_audit (entity_code, id)`.execute(db);

  // Append-only: the database itself refuses to change or remove an entry.
  if (sqlite) {
    await sql`create trigger staff_audit_no_update before update on staff_audit
      begin select raise(abort, 'staff_audit is append-only'); end`.execute(db);
    await sql`create trigger staff_audit_no_delete before delete on staff_audit
      begin select raise(abort, 'staff_audit is append-only'); end`.execute(db);
  } else {
    await sql`create function staff_audit_append_only() returns trigger language plpgsql as $$
      begin raise exception 'staff_audit is append-only'; end $$`.execute(db);
    await sql`create trigger staff_audit_append_only before update or delete on staff_audit
      for each row execute function staff_audit_append_only()`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_audit').execute();
  if (!(db.getExecutor().adapter instanceof SqliteAdapter))
    await sql`drop function if exists staff_audit_append_only()`.execute(db);
  for (const t of ['staff_sessions', 'staff_recovery_codes', 'staff_grants', 'staff_users'])
    await db.schema.dropTable(t).execute();
}
