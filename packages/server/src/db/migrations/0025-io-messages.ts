import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

// Messages on the IO app: the entity's IO settings (its service's key, the API's URL, a send rate)
// and the outbox of messages to send, one row per reminder-ledger row of the `io` channel (unique
// `reminder_id`), sent by the outbox worker with retries; `next_attempt_at` doubles as the lease of
// an attempt in flight, as for the mail outbox.

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();

  await db.schema
    .alterTable('entities')
    .addColumn('io_settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await db.schema
    .createTable('io_outbox')
    .addColumn('id', 'integer', serial)
    .addColumn('reminder_id', 'integer', (c) => c.notNull().unique())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('lease_token', 'varchar(40)')
    .addColumn('retry_since', 'varchar(30)')
    .addColumn('last_attempt_at', 'varchar(30)')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('io_message_id', 'varchar(100)')
    .addColumn('done_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await sql`create index io_outbox_due on io_outbox (status, next_attempt_at)`.execute(db);
  await sql`create index io_outbox_entity on io_outbox (entity_code, status)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('io_outbox').execute();
  await db.schema.alterTable('entities').dropColumn('io_settings').execute();
}
