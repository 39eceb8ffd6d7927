import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite's AUTOINCREMENT never reuses an id; PostgreSQL's identity column does the same.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();

  // The outbox: one row per thing that happened to money, written in the same transaction as the
  // state change it reports. Webhook deliveries read from here.
  await db.schema
    .createTable('events')
    .addColumn('id', 'integer', serial)
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    /** Events of one practice are delivered in order: its iupd. */
    .addColumn('practice_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await sql`create index events_entity on events (entity_code, id)`.execute(db);
  await sql`create index events_practice on events (entity_code, practice_key, id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('events').execute();
}
