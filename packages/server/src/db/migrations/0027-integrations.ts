import type { Kysely } from 'kysely';

// A webhook endpoint's previous signing secret, kept signing beside the new one until a time after
// a rotation; and the last call of each pagoPA node operation per entity, for the console's health
// of the pagoPA connection (one row per entity and operation, overwritten at each call).

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').addColumn('previous_secret', 'varchar(100)').execute();
  await db.schema.alterTable('webhook_endpoints').addColumn('previous_secret_until', 'varchar(30)').execute();
  await db.schema
    .createTable('pagopa_node_calls')
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('operation', 'varchar(40)', (c) => c.notNull())
    .addColumn('last_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('fault', 'varchar(60)')
    .addPrimaryKeyConstraint('pagopa_node_calls_pk', ['entity_code', 'operation'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pagopa_node_calls').execute();
  await db.schema.alterTable('webhook_endpoints').dropColumn('previous_secret_until').execute();
  await db.schema.alterTable('webhook_endpoints').dropColumn('previous_secret').execute();
}
