import { type Kysely, sql } from 'kysely';

// The options of one practice exclude each other: a running payment holds one lock row per practice
// (its primary key is what makes a concurrent second start on any option of the practice fail, on
// one process or several). A notice may be paid more than once (two channels at once, a printed
// notice at a PSP counter after the practice was paid): every receipt is kept, so (entity, NAV) is no
// longer unique; (entity, receiptId) stays the one duplicate key. A practice collected more than
// once is marked overpaid.

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('position_locks')
    .addColumn('position_id', 'integer', (c) => c.primaryKey())
    .addColumn('payment_id', 'varchar(64)', (c) => c.notNull().references('payments.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await sql`create index position_locks_payment on position_locks (payment_id)`.execute(db);
  // Payments running while the database is upgraded keep their practices.
  await sql`insert into position_locks (position_id, payment_id, created_at)
    select o.position_id, min(l.payment_id), min(l.created_at)
    from option_locks l inner join payment_options o on o.id = l.option_id
    group by o.position_id`.execute(db);

  await sql`drop index receipts_entity_nav`.execute(db);
  await sql`create index receipts_entity_nav on receipts (entity_code, nav)`.execute(db);
  await sql`create index receipts_position on receipts (position_id)`.execute(db);

  await db.schema.alterTable('positions').addColumn('overpaid_at', 'varchar(30)').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('positions').dropColumn('overpaid_at').execute();
  await sql`drop index receipts_position`.execute(db);
  await sql`drop index receipts_entity_nav`.execute(db);
  await sql`create unique index receipts_entity_nav on receipts (entity_code, nav)`.execute(db);
  await db.schema.dropTable('position_locks').execute();
}
