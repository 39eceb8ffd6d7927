import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

// Options may be replaced when the entity updates an unpaid position, so these tables keep option
// ids without foreign keys; the domain re-reads options and flags what changed.

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite's AUTOINCREMENT never reuses an id; PostgreSQL's identity column does the same.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull().references('entities.code'))
    .addColumn('account_id', 'varchar(64)')
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('provider', 'varchar(20)', (c) => c.notNull())
    .addColumn('provider_ref', 'varchar(200)')
    .addColumn('return_url', 'text')
    .addColumn('payer_email', 'varchar(254)')
    .addColumn('lang', 'varchar(2)', (c) => c.notNull().defaultTo('it'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ended_at', 'varchar(30)')
    .execute();
  await sql`create index payments_open on payments (state, expires_at)`.execute(db);
  await sql`create index payments_account on payments (account_id, created_at)`.execute(db);

  await db.schema
    .createTable('payment_items')
    .addColumn('payment_id', 'varchar(64)', (c) => c.notNull().references('payments.id'))
    .addColumn('option_id', 'integer', (c) => c.notNull())
    .addColumn('position_id', 'integer', (c) => c.notNull())
    .addColumn('nav', 'varchar(18)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('description', 'varchar(140)', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_items_pk', ['payment_id', 'option_id'])
    .execute();
  await sql`create index payment_items_option on payment_items (option_id)`.execute(db);

  await db.schema
    .createTable('option_locks')
    .addColumn('option_id', 'integer', (c) => c.primaryKey())
    .addColumn('payment_id', 'varchar(64)', (c) => c.notNull().references('payments.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('receipts')
    .addColumn('id', 'integer', serial)
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('option_id', 'integer', (c) => c.notNull())
    .addColumn('position_id', 'integer', (c) => c.notNull())
    .addColumn('payment_id', 'varchar(64)')
    .addColumn('receipt_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('nav', 'varchar(18)', (c) => c.notNull())
    .addColumn('iuv', 'varchar(35)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('fee', 'bigint', (c) => c.notNull())
    .addColumn('description', 'varchar(140)', (c) => c.notNull())
    .addColumn('psp_id', 'varchar(35)', (c) => c.notNull())
    .addColumn('psp_name', 'varchar(140)', (c) => c.notNull())
    .addColumn('psp_fiscal_code', 'varchar(16)')
    .addColumn('channel', 'varchar(140)', (c) => c.notNull())
    .addColumn('method', 'varchar(35)', (c) => c.notNull())
    .addColumn('paid_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('debtor_fiscal_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('debtor_name', 'varchar(140)', (c) => c.notNull())
    .addColumn('payer_fiscal_code', 'varchar(16)')
    .addColumn('payer_name', 'varchar(140)')
    .addColumn('payer_email', 'varchar(254)')
    .addColumn('transfers', 'text', (c) => c.notNull())
    .addColumn('flag', 'varchar(200)')
    .addColumn('received_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  // A notice is paid once: one receipt per (entity, NAV), whichever path delivers it.
  await sql`create unique index receipts_entity_nav on receipts (entity_code, nav)`.execute(db);
  await sql`create unique index receipts_entity_receipt on receipts (entity_code, receipt_id)`.execute(db);
  await sql`create index receipts_entity_paid on receipts (entity_code, paid_at)`.execute(db);
  await sql`create index receipts_payment on receipts (payment_id)`.execute(db);

  // Demo sandbox only: outcomes chosen on the sandbox page, delivered like pagoPA's receipts a moment
  // after the redirect — from the database, so a restart in between loses nothing.
  await db.schema
    .createTable('sandbox_outcomes')
    .addColumn('payment_id', 'varchar(64)', (c) => c.primaryKey().references('payments.id'))
    .addColumn('due_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('delivered_at', 'varchar(30)')
    .execute();

  await db.schema
    .createTable('cart_items')
    .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('option_id', 'integer', (c) => c.notNull())
    .addColumn('position_id', 'integer', (c) => c.notNull())
    .addColumn('nav', 'varchar(18)', (c) => c.notNull())
    .addColumn('amount_at_add', 'bigint', (c) => c.notNull())
    .addColumn('added_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('cart_items_pk', ['account_id', 'nav'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['cart_items', 'sandbox_outcomes', 'receipts', 'option_locks', 'payment_items', 'payments'])
    await db.schema.dropTable(t).execute();
}
