/**
 * The citizen's data export (GDPR art. 15 and 20): everything the portal holds about an account,
 * section by section, each row with its stored fields by name. The columns of each table are named
 * here once, and `EXPORTED_COLUMNS` is what the schema-completeness test checks every column of the
 * database against: a column holding personal data is either exported or listed there as not
 * personal (or secret), so a new table of personal data fails that test until it is covered.
 */
import type { DataExport } from '@pagatore/sdk';
import type { Db } from '../db/database.js';
import type { AccountRow, EntityRow } from '../db/schema/index.js';
import { provenSpellings, reachable } from '../practices/access.js';

/** The columns each section exports, by table. */
export const EXPORTED_COLUMNS = {
  accounts: [
    'id',
    'entity_code',
    'status',
    'username',
    'email',
    'email_normalized',
    'fiscal_code',
    'subject_kind',
    'first_name',
    'last_name',
    'company_name',
    'address',
    'country',
    'city',
    'province',
    'postal_code',
    'phone',
    'lang',
    'privacy_version',
    'privacy_accepted_at',
    'email_reminders',
    'created_at',
    'activated_at',
    'closed_at',
    'updated_at',
  ],
  account_fiscal_codes: ['account_id', 'fiscal_code', 'method', 'evidence', 'proven_at'],
  account_identities: ['entity_code', 'fiscal_code', 'account_id', 'linked_at'],
  identity_link_mails: [
    'id',
    'entity_code',
    'account_id',
    'fiscal_code',
    'provider_code',
    'kind',
    'return_url',
    'lang',
    'created_at',
    'expires_at',
    'used_at',
  ],
  consent_ledger: [
    'id',
    'entity_code',
    'account_id',
    'kind',
    'action',
    'version',
    'lang',
    'text_sha256',
    'channel',
    'actor',
    'ip_hash',
    'at',
  ],
  practice_links: ['account_id', 'position_id', 'entity_code', 'origin', 'evidence', 'created_at'],
  positions: [
    'id',
    'entity_code',
    'iupd',
    'status',
    'debtor_fiscal_code',
    'debtor_type',
    'debtor_name',
    'debtor_address',
    'debtor_city',
    'debtor_postal_code',
    'debtor_province',
    'debtor_country',
    'debtor_email',
    'description',
    'service_code',
    'validity_date',
    'due_date',
    'amount',
    'created_at',
    'updated_at',
    'overpaid_at',
  ],
  cart_items: ['account_id', 'option_id', 'position_id', 'nav', 'amount_at_add', 'added_at'],
  payments: [
    'id',
    'entity_code',
    'account_id',
    'state',
    'amount',
    'provider',
    'provider_ref',
    'return_url',
    'payer_email',
    'lang',
    'created_at',
    'updated_at',
    'expires_at',
    'ended_at',
    'redirect_url',
    'activated_at',
    'personal_data_erased_at',
  ],
  payment_items: ['payment_id', 'option_id', 'position_id', 'nav', 'amount', 'description', 'transfers'],
  receipts: [
    'id',
    'entity_code',
    'option_id',
    'position_id',
    'payment_id',
    'receipt_id',
    'nav',
    'iuv',
    'amount',
    'fee',
    'description',
    'psp_id',
    'psp_name',
    'psp_fiscal_code',
    'channel',
    'method',
    'paid_at',
    'debtor_fiscal_code',
    'debtor_name',
    'payer_fiscal_code',
    'payer_name',
    'payer_email',
    'transfers',
    'flag',
    'received_at',
    'creditor_fiscal_code',
    'company_name',
    'office_name',
    'outcome',
    'channel_description',
    'psp_partita_iva',
    'payment_note',
    'primary_ci_incurred_fee',
    'id_bundle',
    'id_ci_bundle',
    'application_date',
    'transfer_date',
    'metadata',
    'stand_in',
    'personal_data_erased_at',
  ],
  sessions: [
    'id',
    'account_id',
    'created_at',
    'last_used_at',
    'expires_at',
    'ip',
    'user_agent',
    'identity_provider',
  ],
  account_tokens: ['account_id', 'kind', 'data', 'created_at', 'expires_at', 'used_at'],
  account_audit: ['id', 'entity_code', 'account_id', 'event', 'ip', 'detail', 'created_at'],
  reminders: [
    'id',
    'entity_code',
    'position_id',
    'installment',
    'due_date',
    'kind',
    'channel',
    'account_id',
    'state',
    'last_error',
    'created_at',
    'updated_at',
    'sent_at',
  ],
  calendar_feeds: ['account_id', 'entity_code', 'created_at', 'revoked_at'],
} as const satisfies Record<string, readonly string[]>;

type Row = Record<string, unknown>;

/** Picks the exported columns of a row (a `selectAll` of a table whose columns may grow). */
function pick(table: keyof typeof EXPORTED_COLUMNS, row: object): Row {
  const out: Row = {};
  for (const c of EXPORTED_COLUMNS[table]) out[c] = (row as Row)[c] ?? null;
  return out;
}

/**
 * Everything the portal holds about the account, as of `now`.
 * @example const data = await exportAccountData(db, entity, account, new Date());
 */
export async function exportAccountData(
  db: Db,
  entity: EntityRow,
  account: AccountRow,
  now: Date,
): Promise<DataExport> {
  const id = account.id;
  const holder = { id, entity_code: account.entity_code };
  const spellings = await provenSpellings(db, id);
  const byAccount = async (
    table:
      | 'account_fiscal_codes'
      | 'account_identities'
      | 'identity_link_mails'
      | 'practice_links'
      | 'cart_items'
      | 'sessions'
      | 'account_tokens'
      | 'reminders'
      | 'calendar_feeds',
  ): Promise<Row[]> =>
    (await db
      .selectFrom(table)
      .selectAll()
      .where('account_id' as never, '=', id as never)
      .execute()) as Row[];

  const positions = await db
    .selectFrom('positions')
    .selectAll()
    .where(reachable(holder, spellings))
    .orderBy('id')
    .execute();
  const payments = await db
    .selectFrom('payments')
    .selectAll()
    .where('account_id', '=', id)
    .orderBy('created_at')
    .execute();
  const paymentIds = payments.map((p) => p.id);
  const items = paymentIds.length
    ? await db.selectFrom('payment_items').selectAll().where('payment_id', 'in', paymentIds).execute()
    : [];
  const positionIds = positions.map((p) => p.id);
  const receipts =
    paymentIds.length || positionIds.length
      ? await db
          .selectFrom('receipts')
          .selectAll()
          .where('entity_code', '=', account.entity_code)
          .where((eb) =>
            eb.or([
              ...(paymentIds.length ? [eb('payment_id', 'in', paymentIds)] : []),
              ...(positionIds.length ? [eb('position_id', 'in', positionIds)] : []),
            ]),
          )
          .orderBy('paid_at')
          .execute()
      : [];
  const consents = await db
    .selectFrom('consent_ledger')
    .selectAll()
    .where('account_id', '=', id)
    .orderBy('id')
    .execute();
  const activity = await db
    .selectFrom('account_audit')
    .selectAll()
    .where('account_id', '=', id)
    .orderBy('created_at')
    .execute();
  const reminders = [
    ...(await byAccount('reminders')).map((r) => ({ table: 'reminders', ...pick('reminders', r) })),
    ...(await byAccount('calendar_feeds')).map((r) => ({
      table: 'calendar_feeds',
      ...pick('calendar_feeds', r),
    })),
  ];
  return {
    format: 'pagatore-data-export/1',
    generatedAt: now.toISOString(),
    entity: { code: entity.code, name: entity.name },
    account: pick('accounts', account),
    sections: {
      fiscalCodes: (await byAccount('account_fiscal_codes')).map((r) => pick('account_fiscal_codes', r)),
      identities: [
        ...(await byAccount('account_identities')).map((r) => pick('account_identities', r)),
        ...(await byAccount('identity_link_mails')).map((r) => pick('identity_link_mails', r)),
      ],
      consents: consents.map((r) => pick('consent_ledger', r)),
      practices: [
        ...positions.map((r) => pick('positions', r)),
        ...(await byAccount('practice_links')).map((r) => ({ link: pick('practice_links', r) })),
      ],
      cart: (await byAccount('cart_items')).map((r) => pick('cart_items', r)),
      payments: payments.map((r) => pick('payments', r)),
      paymentItems: items.map((r) => pick('payment_items', r)),
      receipts: receipts.map((r) => pick('receipts', r)),
      reminders,
      sessions: (await byAccount('sessions')).map((r) => pick('sessions', r)),
      mailedLinks: (await byAccount('account_tokens')).map((r) => pick('account_tokens', r)),
      activity: activity.map((r) => pick('account_audit', r)),
    },
  };
}
