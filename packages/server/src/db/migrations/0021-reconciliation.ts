import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const serial = (c: ColumnDefinitionBuilder) =>
    sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();

  // How the entity's reporting flows are fetched (JSON, merged key by key like pagopa_settings).
  await db.schema
    .alterTable('entities')
    .addColumn('reconciliation_settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  // Every reporting flow revision as received (raw kept whole, hash), and what parsing found.
  // `current` = 1 on the newest valid revision of a flow id: only its rows settle receipts.
  await db.schema
    .createTable('flows')
    .addColumn('id', 'integer', serial)
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('flow_id', 'varchar(35)')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('origin', 'varchar(8)', (c) => c.notNull())
    .addColumn('source_key', 'varchar(120)')
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('invalid_reason', 'text')
    .addColumn('current', 'integer', (c) => c.notNull())
    .addColumn('flow_date', 'varchar(35)')
    .addColumn('psp_id', 'varchar(35)')
    .addColumn('psp_name', 'varchar(140)')
    .addColumn('settlement_id', 'varchar(35)')
    .addColumn('settlement_date', 'varchar(10)')
    .addColumn('bic', 'varchar(35)')
    .addColumn('receiver_id', 'varchar(35)')
    .addColumn('declared_count', 'bigint')
    .addColumn('declared_amount', 'bigint')
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('row_amount', 'bigint', (c) => c.notNull())
    .addColumn('totals_mismatch', 'integer', (c) => c.notNull())
    .addColumn('anomalies', 'integer', (c) => c.notNull())
    .addColumn('format', 'varchar(4)', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('received_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await sql`create unique index flows_hash on flows (entity_code, sha256)`.execute(db);
  await sql`create unique index flows_revision on flows (entity_code, flow_id, revision)`.execute(db);
  await sql`create unique index flows_source on flows (entity_code, source_key)`.execute(db);
  await sql`create index flows_list on flows (entity_code, current, settlement_date)`.execute(db);

  // The rows of each valid revision, with their match against the receipts.
  await db.schema
    .createTable('flow_rows')
    .addColumn('id', 'integer', serial)
    .addColumn('flow_ref', 'bigint', (c) => c.notNull())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('iuv', 'varchar(35)', (c) => c.notNull())
    .addColumn('iur', 'varchar(35)', (c) => c.notNull())
    .addColumn('idx', 'integer')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'integer', (c) => c.notNull())
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('current', 'integer', (c) => c.notNull())
    .addColumn('result', 'varchar(20)', (c) => c.notNull())
    .addColumn('receipt_ref', 'bigint')
    .addColumn('expected_amount', 'bigint')
    .addColumn('iban', 'varchar(34)')
    .execute();
  await sql`create index flow_rows_flow on flow_rows (flow_ref, position)`.execute(db);
  await sql`create index flow_rows_key on flow_rows (entity_code, iuv, iur)`.execute(db);
  await sql`create index flow_rows_receipt on flow_rows (receipt_ref)`.execute(db);
  await sql`create index flow_rows_result on flow_rows (entity_code, current, result)`.execute(db);

  // The scheduled fetch of each entity: `next_run_at` doubles as the lease of a run in flight, so one
  // process runs it at a time (the claim is a conditional update, as for the work queues).
  await db.schema
    .createTable('flow_fetch_jobs')
    .addColumn('entity_code', 'varchar(11)', (c) => c.primaryKey())
    .addColumn('next_run_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('lease_token', 'varchar(40)')
    .addColumn('last_run_at', 'varchar(30)')
    .addColumn('last_error', 'text')
    .execute();

  // Anomalies announced once (a receipt past its days without a flow): one row per transfer and kind.
  await db.schema
    .createTable('reconciliation_alerts')
    .addColumn('receipt_ref', 'bigint', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('entity_code', 'varchar(11)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('reconciliation_alerts_pk', ['receipt_ref', 'idx', 'kind'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reconciliation_alerts').execute();
  await db.schema.dropTable('flow_fetch_jobs').execute();
  await db.schema.dropTable('flow_rows').execute();
  await db.schema.dropTable('flows').execute();
  await db.schema.alterTable('entities').dropColumn('reconciliation_settings').execute();
}
