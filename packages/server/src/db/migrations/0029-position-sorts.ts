import { type Kysely, sql } from 'kysely';

// The position list's orders, each ending with the id so that keyset paging (`(col, id) > (?, ?)`)
// walks one index and stops after a page, on a million positions as on ten: by first due date,
// total amount, debtor's name, creation; and the clerk's usual view, one status by due date.
// And the import jobs the console starts: progress while a file imports, its report after.

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index positions_entity_due on positions (entity_code, due_date, id)`.execute(db);
  await sql`create index positions_entity_amount on positions (entity_code, amount, id)`.execute(db);
  await sql`create index positions_entity_name on positions (entity_code, debtor_name, id)`.execute(db);
  await sql`create index positions_entity_created on positions (entity_code, id)`.execute(db);
  await sql`create index positions_entity_status_due on positions (entity_code, status, due_date, id)`.execute(
    db,
  );
  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('entity_code', 'varchar(11)', (c) =>
      c.notNull().references('entities.code').onDelete('cascade'),
    )
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('format', 'varchar(10)', (c) => c.notNull())
    .addColumn('total_bytes', 'bigint', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('received', 'integer', (c) => c.notNull())
    .addColumn('created', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(30)')
    .execute();
  await sql`create index import_jobs_entity on import_jobs (entity_code, created_at)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_jobs').execute();
  for (const name of [
    'positions_entity_due',
    'positions_entity_amount',
    'positions_entity_name',
    'positions_entity_created',
    'positions_entity_status_due',
  ])
    await db.schema.dropIndex(name).execute();
}
