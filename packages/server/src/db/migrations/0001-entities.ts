import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('entities')
    .addColumn('code', 'varchar(11)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('sector', 'varchar(50)')
    .addColumn('info', 'varchar(100)')
    .addColumn('logo_url', 'text')
    .addColumn('aux_digit', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('segregation_code', 'varchar(2)')
    .addColumn('ibans', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('postal_account_number', 'varchar(20)')
    .addColumn('postal_account_holder', 'varchar(50)')
    .addColumn('postal_authorization', 'varchar(60)')
    .addColumn('cbill_code', 'varchar(10)')
    .addColumn('allowed_origins', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('portal_url', 'text')
    .addColumn('spontaneous_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('privacy_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('privacy_version', 'varchar(40)', (c) => c.notNull().defaultTo('1'))
    .addColumn('online_channel', 'varchar(100)')
    .addColumn('pagopa_settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('bucket', 'varchar(200)', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'window_start'])
    .execute();
  await sql`create index rate_limits_window on rate_limits (window_start)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
  await db.schema.dropTable('entities').execute();
}
