/**
 * A citizen's private calendar feed: a URL a calendar app subscribes to, listing every due date
 * still to pay of the practices the account reaches, as all-day events with an alarm some days
 * before (RFC 5545, made with ical-generator). The URL carries an opaque token of which the server
 * keeps only the SHA-256; one live feed per account: making a new one revokes the previous.
 */
import type { CalendarFeed, Lang } from '@pagatore/sdk';
import { langOf } from '../accounts/context.js';
import { hashToken, newToken } from '../core/tokens.js';
import { type Db, transaction } from '../db/database.js';
import type { AccountRow, EntityRow } from '../db/schema/index.js';
import { provenSpellings, reachable } from '../practices/access.js';
import { addDueDateEvent, dueDateCalendar } from '../practices/calendar.js';

/** The URL of a feed token. */
export function calendarFeedUrl(publicUrl: string, entity: string, token: string): string {
  return `${publicUrl}/api/v1/entities/${encodeURIComponent(entity)}/calendar/${token}.ics`;
}

/** Whether the account has a live feed, and since when. */
export async function calendarFeedOf(db: Db, accountId: string): Promise<CalendarFeed> {
  const row = await db
    .selectFrom('calendar_feeds')
    .select('created_at')
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return { active: row !== undefined, createdAt: row?.created_at ?? null };
}

/** Revokes the account's live feeds (their URLs answer 404 afterwards). */
export async function revokeCalendarFeed(db: Db, accountId: string, now: Date): Promise<void> {
  await db
    .updateTable('calendar_feeds')
    .set({ revoked_at: now.toISOString() })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * A new feed for the account, revoking the previous: its URL, shown this once.
 * @example const { url } = await createCalendarFeed(db, account, publicUrl, now)
 */
export async function createCalendarFeed(
  db: Db,
  account: Pick<AccountRow, 'id' | 'entity_code'>,
  publicUrl: string,
  now: Date,
): Promise<CalendarFeed> {
  const token = newToken();
  await transaction(db, async (tx) => {
    await tx
      .updateTable('calendar_feeds')
      .set({ revoked_at: now.toISOString() })
      .where('account_id', '=', account.id)
      .where('revoked_at', 'is', null)
      .execute();
    await tx
      .insertInto('calendar_feeds')
      .values({
        token_hash: hashToken(token),
        account_id: account.id,
        entity_code: account.entity_code,
        created_at: now.toISOString(),
        revoked_at: null,
      })
      .execute();
  });
  return {
    active: true,
    createdAt: now.toISOString(),
    url: calendarFeedUrl(publicUrl, account.entity_code, token),
  };
}

/** The open account of the entity a live feed token belongs to, or undefined. */
export async function feedAccount(
  db: Db,
  entityCode: string,
  token: string,
): Promise<AccountRow | undefined> {
  return db
    .selectFrom('calendar_feeds')
    .innerJoin('accounts', 'accounts.id', 'calendar_feeds.account_id')
    .selectAll('accounts')
    .where('calendar_feeds.token_hash', '=', hashToken(token))
    .where('calendar_feeds.revoked_at', 'is', null)
    .where('calendar_feeds.entity_code', '=', entityCode)
    .where('accounts.status', '=', 'active')
    .executeTakeFirst();
}

/**
 * The feed's `.ics` text: one all-day event per option still to pay (unpaid or being paid) of the
 * practices the account reaches that are neither paid, cancelled nor expired. UIDs are stable per
 * Codice Avviso (the same as the "Aggiungi al calendario" file's), so an app updates, not duplicates.
 */
export async function calendarFeedIcs(db: Db, entity: EntityRow, account: AccountRow): Promise<string> {
  const lang: Lang = langOf(account);
  const spellings = await provenSpellings(db, account.id);
  const rows = await db
    .selectFrom('positions')
    .innerJoin('payment_options as o', 'o.position_id', 'positions.id')
    .select([
      'positions.status as position_status',
      'positions.description',
      'o.installment',
      'o.amount',
      'o.due_date',
      'o.nav',
    ])
    .where(reachable(account, spellings))
    .where('positions.status', 'in', ['unpaid', 'partially_paid', 'in_payment'])
    .where('o.status', 'in', ['unpaid', 'in_payment'])
    .orderBy('o.due_date')
    .orderBy('o.nav')
    .limit(2000)
    .execute();
  const cal = dueDateCalendar(lang, entity.name, 'feed');
  for (const r of rows) {
    // Once an installment is paid the single payment is no longer offered.
    if (r.position_status === 'partially_paid' && r.installment === 0) continue;
    addDueDateEvent(cal, lang, {
      entityCode: entity.code,
      nav: r.nav,
      dueDate: r.due_date,
      practice: r.description,
      installment: r.installment,
      amount: Number(r.amount),
      payUrl: entity.portal_url,
    });
  }
  return cal.toString();
}
