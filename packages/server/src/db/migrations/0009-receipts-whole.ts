import type { Kysely } from 'kysely';

// Frozen in time: migrations import nothing from the app and use Kysely<any>.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Everything a pagoPA receipt (ctReceiptV2) carries, kept as it came: the fields shown, filtered
  // or exported get a column; the whole SOAP message stays in `raw`.
  const columns = [
    ['creditor_fiscal_code', 'varchar(11)'],
    ['company_name', 'varchar(140)'],
    ['office_name', 'varchar(140)'],
    ['outcome', 'varchar(2)'],
    ['channel_description', 'varchar(35)'],
    ['psp_partita_iva', 'varchar(20)'],
    ['payment_note', 'varchar(210)'],
    ['primary_ci_incurred_fee', 'bigint'],
    ['id_bundle', 'varchar(70)'],
    ['id_ci_bundle', 'varchar(70)'],
    ['application_date', 'varchar(10)'],
    ['transfer_date', 'varchar(10)'],
    ['metadata', 'text'],
    ['stand_in', 'integer'],
    ['raw', 'text'],
  ] as const;
  for (const [name, type] of columns) await db.schema.alterTable('receipts').addColumn(name, type).execute();
  // What an activation told the node each transfer credits (JSON): the receipt must match it.
  await db.schema.alterTable('payment_items').addColumn('transfers', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payment_items').dropColumn('transfers').execute();
  for (const name of [
    'raw',
    'stand_in',
    'metadata',
    'transfer_date',
    'application_date',
    'id_ci_bundle',
    'id_bundle',
    'primary_ci_incurred_fee',
    'payment_note',
    'psp_partita_iva',
    'channel_description',
    'outcome',
    'office_name',
    'company_name',
    'creditor_fiscal_code',
  ])
    await db.schema.alterTable('receipts').dropColumn(name).execute();
}
