import type { Kysely } from 'kysely';

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A payment started by "Paga carrello": which of the cart's successive pagoPA payments it is.
  await db.schema
    .createTable('cart_payments')
    .addColumn('payment_id', 'varchar(64)', (c) => c.primaryKey().references('payments.id'))
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('parts', 'integer', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cart_payments').execute();
}
