import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite's INTEGER PRIMARY KEY is the rowid (assigned on insert); PostgreSQL needs an identity.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const id = (c: ColumnDefinitionBuilder) =>
    sqlite ? c.primaryKey() : c.primaryKey().generatedByDefaultAsIdentity();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('entity_code', 'varchar(11)', (c) =>
      c.notNull().references('entities.code').onDelete('cascade'),
    )
    .addColumn('label', 'varchar(100)', (c) => c.notNull())
    .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(30)')
    .addColumn('last_used_at', 'varchar(30)')
    .execute();
  await sql`create index api_keys_entity on api_keys (entity_code)`.execute(db);

  await db.schema
    .createTable('iuv_counters')
    .addColumn('entity_code', 'varchar(11)', (c) =>
      c.primaryKey().references('entities.code').onDelete('cascade'),
    )
    .addColumn('next_value', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('positions')
    .addColumn('id', 'integer', id)
    .addColumn('entity_code', 'varchar(11)', (c) =>
      c.notNull().references('entities.code').onDelete('cascade'),
    )
    .addColumn('iupd', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('debtor_fiscal_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('debtor_type', 'varchar(1)', (c) => c.notNull())
    .addColumn('debtor_name', 'varchar(70)', (c) => c.notNull())
    .addColumn('debtor_address', 'varchar(140)')
    .addColumn('debtor_city', 'varchar(60)')
    .addColumn('debtor_postal_code', 'varchar(10)')
    .addColumn('debtor_province', 'varchar(2)')
    .addColumn('debtor_country', 'varchar(2)')
    .addColumn('debtor_email', 'varchar(254)')
    .addColumn('description', 'varchar(140)', (c) => c.notNull())
    .addColumn('service_code', 'varchar(40)')
    .addColumn('validity_date', 'varchar(10)')
    .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await sql`create unique index positions_entity_iupd on positions (entity_code, iupd)`.execute(db);
  await sql`create index positions_entity_debtor on positions (entity_code, debtor_fiscal_code)`.execute(db);

  await db.schema
    .createTable('payment_options')
    .addColumn('id', 'integer', id)
    .addColumn('position_id', 'integer', (c) => c.notNull().references('positions.id').onDelete('cascade'))
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('installment', 'integer', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('description', 'varchar(140)')
    .addColumn('iuv', 'varchar(35)', (c) => c.notNull())
    .addColumn('nav', 'varchar(18)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('paid_at', 'varchar(30)')
    .execute();
  await sql`create unique index payment_options_entity_nav on payment_options (entity_code, nav)`.execute(db);
  await sql`create unique index payment_options_entity_iuv on payment_options (entity_code, iuv)`.execute(db);
  await sql`create index payment_options_position on payment_options (position_id)`.execute(db);

  await db.schema
    .createTable('transfers')
    .addColumn('option_id', 'integer', (c) =>
      c.notNull().references('payment_options.id').onDelete('cascade'),
    )
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('iban', 'varchar(34)', (c) => c.notNull())
    .addColumn('postal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('remittance', 'varchar(140)', (c) => c.notNull())
    .addColumn('taxonomy', 'varchar(20)', (c) => c.notNull())
    .addPrimaryKeyConstraint('transfers_pk', ['option_id', 'idx'])
    .execute();

  await db.schema
    .createTable('services')
    .addColumn('entity_code', 'varchar(11)', (c) =>
      c.notNull().references('entities.code').onDelete('cascade'),
    )
    .addColumn('code', 'varchar(40)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('services_pk', ['entity_code', 'code'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['services', 'transfers', 'payment_options', 'positions', 'iuv_counters', 'api_keys'])
    await db.schema.dropTable(t).execute();
}
