import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite's AUTOINCREMENT never reuses an id; PostgreSQL's identity column does the same.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();

  // Changes of positions to send to pagoPA's copy (GPD), written in the same transaction as the
  // change. The id orders the changes of one position; `next_attempt_at` doubles as the lease of
  // an attempt in flight, as for webhook deliveries.
  await db.schema
    .createTable('gpd_outbox')
    .addColumn('id', 'integer', serial)
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('iupd', 'varchar(64)', (c) => c.notNull())
    .addColumn('op', 'varchar(16)', (c) => c.notNull())
    /** The GPD PaymentPositionModel as of the change (JSON), null for a cancellation. */
    .addColumn('body', 'text')
    /** YYYY-MM-DD: the validity date of the position as of the change, or null. */
    .addColumn('validity_date', 'varchar(10)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('lease_token', 'varchar(40)')
    .addColumn('retry_since', 'varchar(30)')
    .addColumn('last_attempt_at', 'varchar(30)')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    /** The calls the change took, in order (`POST create 201`, `PUT 200`…). */
    .addColumn('calls', 'text')
    /** The position's status on GPD as its last answer gave it. */
    .addColumn('gpd_status', 'varchar(20)')
    .addColumn('done_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await sql`create index gpd_outbox_due on gpd_outbox (status, next_attempt_at)`.execute(db);
  await sql`create index gpd_outbox_position on gpd_outbox (entity_code, iupd, id)`.execute(db);

  // The receipts read back from GPD: one row per entity, whose lease lets one process at a time poll.
  await db.schema
    .createTable('gpd_receipt_polls')
    .addColumn('entity_code', 'varchar(11)', (c) => c.primaryKey())
    .addColumn('lease_until', 'varchar(30)', (c) => c.notNull())
    .addColumn('lease_token', 'varchar(40)')
    /** YYYY-MM-DD: the next poll asks for receipts from this day on. */
    .addColumn('from_date', 'varchar(10)')
    .addColumn('last_run_at', 'varchar(30)')
    .addColumn('last_error', 'text')
    .addColumn('recorded', 'integer', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('gpd_receipt_polls').execute();
  await db.schema.dropTable('gpd_outbox').execute();
}
