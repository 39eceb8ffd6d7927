import { type Kysely, sql } from 'kysely';

// "Paga ora" links: an opaque random token per link, of which only its SHA-256 is kept; the row
// says which position (and installment) it opens, until when, whether it was revoked and how often
// it was opened.

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pay_links')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull().references('entities.code'))
    .addColumn('position_id', 'integer', (c) => c.notNull())
    .addColumn('installment', 'integer')
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(30)')
    .addColumn('opened_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_opened_at', 'varchar(30)')
    .execute();
  await sql`create index pay_links_position on pay_links (entity_code, position_id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pay_links').execute();
}
