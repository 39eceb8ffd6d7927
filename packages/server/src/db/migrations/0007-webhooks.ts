import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite's AUTOINCREMENT never reuses an id; PostgreSQL's identity column does the same.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();

  // An entity's webhook endpoints. The secret is kept in clear: signing needs it (a hash would not do).
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'varchar(80)', (c) => c.notNull())
    .addColumn('description', 'text')
    /** JSON array of event types; every type when empty. */
    .addColumn('types', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    /** The last event id already turned into deliveries for this endpoint (the fan-out cursor). */
    .addColumn('cursor', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await sql`create index webhook_endpoints_entity on webhook_endpoints (entity_code, created_at)`.execute(db);

  // One row per event × endpoint. `next_attempt_at` doubles as the lease of an attempt in flight.
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'integer', serial)
    .addColumn('endpoint_id', 'varchar(24)', (c) =>
      c.notNull().references('webhook_endpoints.id').onDelete('cascade'),
    )
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id'))
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('event_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('practice_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('lease_token', 'varchar(40)')
    .addColumn('retry_since', 'varchar(30)')
    .addColumn('last_attempt_at', 'varchar(30)')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await sql`create unique index webhook_deliveries_event on webhook_deliveries (endpoint_id, event_id)`.execute(
    db,
  );
  await sql`create index webhook_deliveries_due on webhook_deliveries (status, next_attempt_at)`.execute(db);
  await sql`create index webhook_deliveries_practice on webhook_deliveries (endpoint_id, practice_key, event_id)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_endpoints').execute();
}
