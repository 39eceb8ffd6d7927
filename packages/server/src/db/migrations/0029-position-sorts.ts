import { type Kysely, sql } from 'kysely';

// The position list's orders, each ending with the id so that keyset paging (`(col, id) > (?, ?)`)
// walks one index and stops after a page, on a million positions as on ten: by first due date,
// total amount, debtor's name, creation; and the clerk's usual view, one status by due date.

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
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'positions_entity_due',
    'positions_entity_amount',
    'positions_entity_name',
    'positions_entity_created',
    'positions_entity_status_due',
  ])
    await db.schema.dropIndex(name).execute();
}
