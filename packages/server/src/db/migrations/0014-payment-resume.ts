import type { Kysely } from 'kysely';

// A payment left half-way can be resumed or abandoned: it keeps the provider page it sent the
// browser to, and when pagoPA activated it (after which it can no longer be abandoned).

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payments').addColumn('redirect_url', 'text').execute();
  await db.schema.alterTable('payments').addColumn('activated_at', 'varchar(30)').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payments').dropColumn('activated_at').execute();
  await db.schema.alterTable('payments').dropColumn('redirect_url').execute();
}
