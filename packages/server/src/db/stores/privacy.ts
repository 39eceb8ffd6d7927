/**
 * Storage of the privacy area: published consent texts, the consent ledger (insert and read only:
 * the database refuses anything else), and the installation's address salt.
 */
import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db, Tx } from '../database.js';
import type {
  ConsentLedgerRow,
  ConsentLedgerTable,
  ConsentTextRow,
  ConsentTextsTable,
} from '../schema/index.js';

export async function selectConsentText(
  db: Db | Tx,
  entity: string,
  kind: string,
  version: string,
): Promise<ConsentTextRow | undefined> {
  return db
    .selectFrom('consent_texts')
    .selectAll()
    .where('entity_code', '=', entity)
    .where('kind', '=', kind)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Every version of a kind, newest first. */
export async function selectConsentTexts(
  db: Db | Tx,
  entity: string,
  kind?: string,
): Promise<ConsentTextRow[]> {
  let q = db.selectFrom('consent_texts').selectAll().where('entity_code', '=', entity);
  if (kind !== undefined) q = q.where('kind', '=', kind);
  return q.orderBy('published_at', 'desc').orderBy('version', 'desc').execute();
}

/** Inserts a text unless that version exists (two processes publishing the same one: one row). */
export async function insertConsentText(db: Db | Tx, row: Insertable<ConsentTextsTable>): Promise<void> {
  await db
    .insertInto('consent_texts')
    .values(row)
    .onConflict((oc) => oc.columns(['entity_code', 'kind', 'version']).doNothing())
    .execute();
}

export async function insertConsentRecord(
  db: Db | Tx,
  row: Insertable<ConsentLedgerTable>,
): Promise<ConsentLedgerRow> {
  return db.insertInto('consent_ledger').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The ledger of an entity, oldest first, filtered by account and by time (`from` ≤ at < `to`). */
export async function selectConsentRecords(
  db: Db | Tx,
  entity: string,
  filter: { accountId?: string; from?: string; to?: string; afterId?: number; limit?: number },
): Promise<ConsentLedgerRow[]> {
  let q = db.selectFrom('consent_ledger').selectAll().where('entity_code', '=', entity);
  if (filter.accountId !== undefined) q = q.where('account_id', '=', filter.accountId);
  if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('at', '<', filter.to);
  if (filter.afterId !== undefined) q = q.where('id', '>', filter.afterId);
  q = q.orderBy('id', 'asc');
  if (filter.limit !== undefined) q = q.limit(filter.limit);
  return q.execute();
}

/** The installation's salt of address hashes, made by whichever process needs it first. */
export async function installationSalt(db: Db | Tx): Promise<string> {
  const read = () =>
    db.selectFrom('privacy_secrets').select('value').where('name', '=', 'address_salt').executeTakeFirst();
  const found = await read();
  if (found) return found.value;
  await db
    .insertInto('privacy_secrets')
    .values({ name: 'address_salt', value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await read())!.value;
}
