import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

// The reminder ledger: one row per message about a due date (an e-mail reminder, an IO message),
// unique per position, option, due date, kind and channel, so that whatever process or job wants to
// send one, only the first to insert the row sends it. Also: the entity's reminder settings, the
// citizen's consent to e-mail reminders, and the citizen's private calendar feeds (hashed tokens).

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();

  await db.schema
    .createTable('reminders')
    .addColumn('id', 'integer', serial)
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('position_id', 'integer', (c) => c.notNull())
    .addColumn('installment', 'integer', (c) => c.notNull())
    .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('channel', 'varchar(10)', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)')
    .addColumn('state', 'varchar(10)', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(30)')
    .execute();
  await sql`create unique index reminders_once
    on reminders (entity_code, position_id, installment, due_date, kind, channel)`.execute(db);
  await sql`create index reminders_state on reminders (state, created_at)`.execute(db);

  await db.schema
    .alterTable('entities')
    .addColumn('reminder_settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .alterTable('accounts')
    .addColumn('email_reminders', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('calendar_feeds')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(30)')
    .execute();
  await sql`create index calendar_feeds_account on calendar_feeds (account_id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_feeds').execute();
  await db.schema.alterTable('accounts').dropColumn('email_reminders').execute();
  await db.schema.alterTable('entities').dropColumn('reminder_settings').execute();
  await db.schema.dropTable('reminders').execute();
}
