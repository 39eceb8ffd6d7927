/**
 * "Paga ora" links: a link to the entity's portal page that opens one practice (or one of its
 * installments) ready to pay, without typing the fiscal code and the Codice Avviso.
 *
 * A link carries an opaque random token (160 bits); the database keeps only its SHA-256, with the
 * position, the installment, the expiry, the revocation and how often it was opened. An opaque
 * token rather than a signed one: a link can be revoked one by one (a position corrected, a letter
 * sent to the wrong address), its openings are counted, there is no key to rotate or leak, and a
 * leaked database gives no working link. An altered token is simply unknown. The token sits in the
 * URL fragment (`#paga=…`), which browsers never send to the entity's site nor put in `Referer`.
 */
import type { PayLinkBulkResult, PayLinkCreated, Practice } from '@pagatore/sdk';
import { type Db, transaction } from '../db/database.js';
import type { EntityRow, PayLinkRow, PositionRow } from '../db/schema/index.js';
import { ApiError } from '../core/errors.js';
import { hashToken, newToken } from '../core/tokens.js';
import { appendEvent } from '../events/outbox.js';
import { findPosition } from '../positions/positions.js';
import type { Holder } from '../practices/access.js';
import { linkFoundPractice, toPractices } from '../practices/practices.js';

/** Days a link stays valid when the entity does not say. */
export const DEFAULT_VALID_DAYS = 90;

/** The URL of a link: the entity's portal page with the token in the fragment. */
export function payLinkUrl(portalUrl: string, token: string): string {
  const u = new URL(portalUrl);
  u.hash = `paga=${token}`;
  return u.toString();
}

function portalUrlOf(entity: Pick<EntityRow, 'portal_url'>): string {
  if (!entity.portal_url) throw new ApiError('portal_url_missing');
  return entity.portal_url;
}

/** Why a position cannot get a link (or a link cannot open it), else null. */
async function refusal(db: Db, row: PositionRow, installment: number | null): Promise<ApiError | null> {
  if (row.status === 'paid') return new ApiError('already_paid');
  if (row.status === 'cancelled' || row.status === 'expired') return new ApiError('not_payable');
  if (installment === null) return null;
  const option = await db
    .selectFrom('payment_options')
    .select(['status'])
    .where('position_id', '=', row.id)
    .where('installment', '=', installment)
    .executeTakeFirst();
  if (!option) return new ApiError('not_found');
  if (option.status === 'paid') return new ApiError('already_paid');
  return null;
}

async function insertLink(
  db: Db,
  entity: EntityRow,
  row: PositionRow,
  installment: number | null,
  validDays: number,
  now: Date,
): Promise<PayLinkCreated> {
  const token = newToken();
  const id = `pl_${newToken(10)}`;
  const expiresAt = new Date(now.getTime() + validDays * 86_400_000).toISOString();
  await db
    .insertInto('pay_links')
    .values({
      id,
      entity_code: entity.code,
      position_id: row.id,
      installment,
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
      last_opened_at: null,
    })
    .execute();
  return { id, iupd: row.iupd, installment, url: payLinkUrl(portalUrlOf(entity), token), token, expiresAt };
}

/**
 * A new link for a position of the entity (or one installment: 0 the single payment, 1..n).
 * @example const link = await createPayLink(db, entity, 'TARI-2026-001', { installment: 1 }, now)
 */
export async function createPayLink(
  db: Db,
  entity: EntityRow,
  iupd: string,
  opts: { installment?: number | undefined; validDays?: number | undefined },
  now: Date,
): Promise<PayLinkCreated> {
  portalUrlOf(entity);
  const row = await findPosition(db, entity.code, iupd);
  if (!row) throw new ApiError('not_found');
  const installment = opts.installment ?? null;
  const refused = await refusal(db, row, installment);
  if (refused) throw refused;
  return insertLink(db, entity, row, installment, opts.validDays ?? DEFAULT_VALID_DAYS, now);
}

/**
 * A new link for a whole position about to be printed on its notice, or null when the position
 * cannot have one (paid, cancelled, expired): that notice is printed without the second code.
 */
export async function payLinkForNotice(
  db: Db,
  entity: EntityRow,
  row: PositionRow,
  validDays: number,
  now: Date,
): Promise<string | null> {
  if (await refusal(db, row, null)) return null;
  return (await insertLink(db, entity, row, null, validDays, now)).url;
}

/** Refuses, before anything is printed, links for an entity with no portal page to open them. */
export function requirePortalUrl(entity: Pick<EntityRow, 'portal_url'>): void {
  portalUrlOf(entity);
}

/** Links for many positions (whole practices); those that cannot have one are listed as skipped. */
export async function createPayLinks(
  db: Db,
  entity: EntityRow,
  iupds: readonly string[],
  validDays: number | undefined,
  now: Date,
): Promise<PayLinkBulkResult> {
  portalUrlOf(entity);
  const out: PayLinkBulkResult = { items: [], skipped: [] };
  await transaction(db, async (tx) => {
    for (const iupd of new Set(iupds)) {
      const row = await findPosition(tx, entity.code, iupd);
      const refused = row ? await refusal(tx, row, null) : new ApiError('not_found');
      if (!row || refused) out.skipped.push({ iupd, code: refused?.code ?? 'not_found' });
      else out.items.push(await insertLink(tx, entity, row, null, validDays ?? DEFAULT_VALID_DAYS, now));
    }
  });
  return out;
}

/** Revokes a link of the entity; opening it answers `paylink_revoked` afterwards. */
export async function revokePayLink(db: Db, entity: EntityRow, id: string, now: Date): Promise<void> {
  const res = await db
    .updateTable('pay_links')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('entity_code', '=', entity.code)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) {
    const exists = await db
      .selectFrom('pay_links')
      .select('id')
      .where('id', '=', id)
      .where('entity_code', '=', entity.code)
      .executeTakeFirst();
    if (!exists) throw new ApiError('not_found');
  }
}

/**
 * A name as a stranger may see it: the first letter of each word, the rest starred.
 * @example maskName('Mario Rossi') // 'M**** R****'
 */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${[...w][0] ?? ''}${'*'.repeat(Math.max(1, [...w].length - 1))}`)
    .join(' ');
}

/**
 * A fiscal code or VAT number with only its first three and last two characters.
 * @example maskFiscalCode('RSSMRA85T10A562S') // 'RSS***********2S'
 */
export function maskFiscalCode(code: string): string {
  if (code.length <= 5) return '*'.repeat(code.length);
  return `${code.slice(0, 3)}${'*'.repeat(code.length - 5)}${code.slice(-2)}`;
}

/** The link of a token, or the error that says why it opens nothing. */
async function usableLink(db: Db, entityCode: string, token: string, now: Date): Promise<PayLinkRow> {
  const link = await db
    .selectFrom('pay_links')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('entity_code', '=', entityCode)
    .executeTakeFirst();
  if (!link) throw new ApiError('paylink_not_found');
  if (link.revoked_at !== null) throw new ApiError('paylink_revoked');
  if (link.expires_at <= now.toISOString()) throw new ApiError('paylink_expired');
  return link;
}

/** The position a usable link opens, refused when paid, cancelled or expired meanwhile. */
export async function payLinkPosition(
  db: Db,
  entityCode: string,
  token: string,
  now: Date,
): Promise<{ link: PayLinkRow; row: PositionRow }> {
  const link = await usableLink(db, entityCode, token, now);
  const row = await db
    .selectFrom('positions')
    .selectAll()
    .where('id', '=', link.position_id)
    .where('entity_code', '=', entityCode)
    .executeTakeFirst();
  if (!row) throw new ApiError('paylink_not_found');
  const refused = await refusal(db, row, link.installment);
  if (refused) throw refused;
  return { link, row };
}

/**
 * Opens a link: counts the opening and, on the first one, appends a `paylink.opened` event for the
 * entity's webhooks. The practice comes with the debtor masked: whoever holds the link sees what
 * to pay, not whose data it is.
 */
export async function openPayLink(
  db: Db,
  entity: EntityRow,
  token: string,
  now: Date,
): Promise<{ practice: Practice; installment: number | null; expiresAt: string; linkId: string }> {
  const { link, row } = await payLinkPosition(db, entity.code, token, now);
  await transaction(db, async (tx) => {
    const updated = await tx
      .updateTable('pay_links')
      .set((eb) => ({ opened_count: eb('opened_count', '+', 1), last_opened_at: now.toISOString() }))
      .where('id', '=', link.id)
      .returning('opened_count')
      .executeTakeFirstOrThrow();
    if (Number(updated.opened_count) !== 1) return;
    const option = await tx
      .selectFrom('payment_options')
      .select(['nav', 'iuv', 'amount'])
      .where('position_id', '=', row.id)
      .orderBy('installment')
      .$if(link.installment !== null, (q) => q.where('installment', '=', link.installment ?? 0))
      .executeTakeFirstOrThrow();
    await appendEvent(tx, {
      entityCode: entity.code,
      type: 'paylink.opened',
      payload: {
        practice: {
          iupd: row.iupd,
          nav: option.nav,
          iuv: option.iuv,
          amount: link.installment === null ? Number(row.amount) : Number(option.amount),
        },
        payLink: { id: link.id, installment: link.installment, openedAt: now.toISOString() },
      },
      now,
    });
  });
  const [practice] = await toPractices(db, entity, [row], now);
  if (!practice) throw new ApiError('paylink_not_found');
  const masked: Practice = {
    ...practice,
    debtor: { fiscalCode: maskFiscalCode(practice.debtor.fiscalCode), name: maskName(practice.debtor.name) },
    ...(link.installment !== null ? { found: link.installment } : {}),
  };
  return { practice: masked, installment: link.installment, expiresAt: link.expires_at, linkId: link.id };
}

/**
 * Keeps a link's practice in the account's list (to pay it or add it to the cart), with its IUV
 * as evidence: holding a link does not prove the account holds the debtor's fiscal code.
 */
export async function keepPayLinkPractice(
  db: Db,
  account: Holder & { fiscal_code: string | null },
  entityCode: string,
  token: string,
  now: Date,
): Promise<PositionRow> {
  const { link, row } = await payLinkPosition(db, entityCode, token, now);
  const option = await db
    .selectFrom('payment_options')
    .select('iuv')
    .where('position_id', '=', row.id)
    .orderBy('installment')
    .$if(link.installment !== null, (q) => q.where('installment', '=', link.installment ?? 0))
    .executeTakeFirstOrThrow();
  await linkFoundPractice(db, account, row, { fiscalCode: row.debtor_fiscal_code, iuv: option.iuv }, now);
  return row;
}
