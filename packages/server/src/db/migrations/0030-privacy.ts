import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

// Privacy: the versioned texts citizens consent to (privacy notice, reminders, …), the append-only
// ledger of every grant and revocation, the secret salt of the client addresses the ledger keeps
// only as hashes, and the marks of payment records whose personal data the retention job erased.

const APPEND_ONLY = ['consent_texts', 'consent_ledger'] as const;

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();

  await db.schema
    .createTable('consent_texts')
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull().references('entities.code'))
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'varchar(40)', (c) => c.notNull())
    .addColumn('text_it', 'text', (c) => c.notNull())
    .addColumn('texts', 'text')
    .addColumn('requires_reconsent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('published_by', 'varchar(300)')
    .addPrimaryKeyConstraint('consent_texts_pk', ['entity_code', 'kind', 'version'])
    .execute();
  await sql`create index consent_texts_current on consent_texts (entity_code, kind, published_at)`.execute(
    db,
  );

  await db.schema
    .createTable('consent_ledger')
    .addColumn('id', 'integer', serial)
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('action', 'varchar(10)', (c) => c.notNull())
    .addColumn('version', 'varchar(40)')
    .addColumn('lang', 'varchar(2)')
    .addColumn('text_sha256', 'varchar(64)')
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    .addColumn('actor', 'varchar(300)')
    .addColumn('ip_hash', 'varchar(64)')
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await sql`create index consent_ledger_account on consent_ledger (account_id, id)`.execute(db);
  await sql`create index consent_ledger_entity_at on consent_ledger (entity_code, at)`.execute(db);

  // Append-only: the database itself refuses to change or remove a published text or a record.
  for (const table of APPEND_ONLY) {
    if (sqlite) {
      await sql`create trigger ${sql.raw(`${table}_no_update`)} before update on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
      await sql`create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(`${table} is append-only`)}); end`.execute(db);
    } else {
      await sql`create function ${sql.raw(`${table}_append_only`)}() returns trigger language plpgsql as ${sql.raw(
        `$$ begin raise exception '${table} is append-only'; end $$`,
      )}`.execute(db);
      await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
        for each row execute function ${sql.raw(`${table}_append_only`)}()`.execute(db);
    }
  }

  // The salt of the client-address hashes: one per installation, made at its first use and shared
  // by every process; PRIVACY_SALT overrides it.
  await db.schema
    .createTable('privacy_secrets')
    .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('value', 'varchar(128)', (c) => c.notNull())
    .execute();

  // When the retention job erased the personal data a payment record kept past its account.
  await db.schema.alterTable('payments').addColumn('personal_data_erased_at', 'varchar(30)').execute();
  await db.schema.alterTable('receipts').addColumn('personal_data_erased_at', 'varchar(30)').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('receipts').dropColumn('personal_data_erased_at').execute();
  await db.schema.alterTable('payments').dropColumn('personal_data_erased_at').execute();
  await db.schema.dropTable('privacy_secrets').execute();
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  for (const table of APPEND_ONLY) {
    await db.schema.dropTable(table).execute();
    if (!sqlite) await sql`drop function if exists ${sql.raw(`${table}_append_only`)}()`.execute(db);
  }
}
