/**
 * What the privacy routes and the CLI ask of the area: texts as the API shows them, the ledger per
 * account and period (JSON or CSV), a person's accounts for a request received by post, the export
 * of an account, and closing an account on the citizen's request.
 */
import {
  canonicalFiscalCode,
  type ConsentRecord as ConsentRecordView,
  type ConsentText,
} from '@pagatore/sdk';
import { closeAccount } from '../accounts/closing.js';
import type { AppDeps } from '../core/deps.js';
import { ApiError } from '../core/errors.js';
import { romeDayEnd, romeDayStart } from '../core/rome-calendar.js';
import { transaction, type Db } from '../db/database.js';
import type { AccountRow, ConsentLedgerRow, ConsentTextRow, EntityRow } from '../db/schema/index.js';
import { selectConsentRecords } from '../db/stores/privacy.js';
import { currentConsentText, sha256, textsOf } from './consents.js';

/** A published version as the API shows it. */
export function consentTextView(row: ConsentTextRow, current: boolean, publicUrl: string): ConsentText {
  const text = textsOf(row);
  const hashes: ConsentText['sha256'] = { it: sha256(text.it) };
  if (text.en !== undefined) hashes.en = sha256(text.en);
  if (text.de !== undefined) hashes.de = sha256(text.de);
  const path = `/api/v1/entities/${row.entity_code}/consents/${encodeURIComponent(row.kind)}/versions/${encodeURIComponent(row.version)}/page`;
  return {
    kind: row.kind,
    version: row.version,
    text,
    sha256: hashes,
    requiresReconsent: row.requires_reconsent === 1,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    current,
    url: `${publicUrl}${path}`,
  };
}

/** Whether a version is the one in force of its kind. */
export async function isCurrent(db: Db, entity: EntityRow, row: ConsentTextRow): Promise<boolean> {
  return (await currentConsentText(db, entity, row.kind))?.version === row.version;
}

/** A ledger row as the API shows it. */
export function consentRecordView(r: ConsentLedgerRow): ConsentRecordView {
  return {
    id: r.id,
    accountId: r.account_id,
    kind: r.kind,
    action: r.action,
    version: r.version,
    lang: r.lang,
    textSha256: r.text_sha256,
    channel: r.channel,
    actor: r.actor,
    ipHash: r.ip_hash,
    at: r.at,
  };
}

/** The ledger of an entity for an account and/or a period of Europe/Rome days (both included). */
export async function consentLedgerOf(
  db: Db,
  entity: string,
  q: { account?: string; from?: string; to?: string },
): Promise<ConsentRecordView[]> {
  const rows = await selectConsentRecords(db, entity, {
    accountId: q.account,
    from: q.from ? romeDayStart(q.from) : undefined,
    to: q.to ? romeDayEnd(q.to) : undefined,
  });
  return rows.map(consentRecordView);
}

const CSV_COLUMNS = [
  'id',
  'accountId',
  'kind',
  'action',
  'version',
  'lang',
  'textSha256',
  'channel',
  'actor',
  'ipHash',
  'at',
] as const;

/** The ledger as CSV (RFC 4180, a header line). */
export function consentLedgerCsv(items: readonly ConsentRecordView[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    // A cell starting with = + - @ would be a formula in a spreadsheet.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return (
    [CSV_COLUMNS.join(','), ...items.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') +
    '\r\n'
  );
}

/** A person's accounts with the entity, by fiscal code (any spelling) or e-mail. */
export async function findAccounts(
  db: Db,
  entity: string,
  q: { fiscalCode?: string; email?: string },
): Promise<AccountRow[]> {
  if (!q.fiscalCode && !q.email) return [];
  let sel = db.selectFrom('accounts').selectAll().where('entity_code', '=', entity);
  if (q.fiscalCode) sel = sel.where('fiscal_code', '=', canonicalFiscalCode(q.fiscalCode));
  if (q.email) sel = sel.where('email_normalized', '=', q.email.trim().toLowerCase());
  return sel.orderBy('created_at').execute();
}

/** An account of the entity, or 404. */
export async function requireAccount(db: Db, entity: string, id: string): Promise<AccountRow> {
  const row = await db
    .selectFrom('accounts')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new ApiError('not_found');
  return row;
}

/**
 * Closes an account on the citizen's request (by post, at the desk): the same closing as
 * "Revoca consenso privacy", recorded in the ledger with the channel and who acted.
 */
export async function closeAccountOnRequest(
  deps: AppDeps,
  entity: string,
  id: string,
  by: { actor: string; channel: 'console' | 'cli'; ip?: string | null },
): Promise<void> {
  const account = await requireAccount(deps.db, entity, id);
  if (account.status === 'closed')
    throw new ApiError('invalid_state', { detail: 'The account is already closed.' });
  const now = deps.now();
  await transaction(deps.db, (tx) =>
    closeAccount(tx, {
      account,
      now,
      ip: by.ip ?? null,
      channel: by.channel,
      actor: by.actor,
      config: deps.config,
    }),
  );
}
