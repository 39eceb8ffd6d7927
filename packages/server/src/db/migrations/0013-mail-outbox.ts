import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite's AUTOINCREMENT never reuses an id; PostgreSQL's identity column does the same.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();

  // Mails a change promises (the receipt to its payer), written in the same transaction as the
  // change, sent by the outbox worker with retries: one row per thing mailed (kind × ref_id).
  // `next_attempt_at` doubles as the lease of an attempt in flight, as for webhook deliveries.
  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'integer', serial)
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('ref_id', 'bigint', (c) => c.notNull())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('lease_token', 'varchar(40)')
    .addColumn('retry_since', 'varchar(30)')
    .addColumn('last_attempt_at', 'varchar(30)')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await sql`create unique index mail_outbox_ref on mail_outbox (kind, ref_id)`.execute(db);
  await sql`create index mail_outbox_due on mail_outbox (status, next_attempt_at)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_outbox').execute();
}
