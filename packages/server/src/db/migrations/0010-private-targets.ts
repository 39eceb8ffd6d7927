import type { Kysely } from 'kysely';

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // 1: the entity's outbound calls (webhooks, logo) may reach loopback, private and link-local
  // addresses (its own network); 0, the default: public addresses only.
  await db.schema
    .alterTable('entities')
    .addColumn('allow_private_targets', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('entities').dropColumn('allow_private_targets').execute();
}
