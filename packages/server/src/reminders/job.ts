/**
 * The scheduled e-mail reminders. Each round, for every entity that sends them, finds the options
 * still to pay whose due date is today (`due_date`) or within the entity's `daysBefore` days
 * (`before_due`: a round missed while no server ran catches up), of practices neither paid,
 * cancelled, expired nor being paid, held by an open account that asked for reminders and has an
 * e-mail address. Each such reminder is claimed in the reminder ledger and queued in the mail outbox
 * in one transaction: every server process runs the rounds, and the ledger's unique key lets one
 * claim win, so a due date is reminded once whatever runs how often.
 */
import { addDays, romeDate } from '../core/rome-calendar.js';
import type { AppDeps } from '../core/deps.js';
import { type Db, transaction } from '../db/database.js';
import type { ReminderKind } from '../db/schema/index.js';
import { claimReminder } from '../db/stores/reminders.js';
import { queueMail } from '../events/mail-outbox.js';
import { fiscalCodeSpellings } from '../practices/access.js';
import { reminderConfigOf } from './settings.js';

/** How often a process looks for reminders to send. */
export const REMINDER_POLL_MS = 15 * 60_000;

/** Position statuses a reminder may be about (`in_payment`, `paid`, `cancelled`, `expired` never). */
export const REMINDABLE_POSITIONS = ['unpaid', 'partially_paid'] as const;

/** A due date of a practice to remind: the position, its options due that day, the recipient. */
interface Due {
  positionId: number;
  dueDate: string;
  kind: ReminderKind;
  /** The lowest option due that day: the ledger's key. */
  installment: number;
  accountId: string;
}

/** The options still to pay with a due date in [from, to], of the entity's remindable practices. */
async function dueOptions(db: Db, entity: string, from: string, to: string) {
  return db
    .selectFrom('payment_options as o')
    .innerJoin('positions as p', 'p.id', 'o.position_id')
    .select(['p.id as position_id', 'p.status', 'p.debtor_fiscal_code', 'o.installment', 'o.due_date'])
    .where('p.entity_code', '=', entity)
    .where('p.status', 'in', [...REMINDABLE_POSITIONS])
    .where('o.status', '=', 'unpaid')
    .where('o.due_date', '>=', from)
    .where('o.due_date', '<=', to)
    .orderBy('p.id')
    .orderBy('o.installment')
    .execute();
}

/**
 * The account a practice's reminder goes to: an open account of the entity that asked for
 * reminders, has an address and reaches the practice (a proven fiscal code of the debtor first,
 * then a kept link), the oldest first; undefined when none.
 */
export async function reminderRecipient(
  db: Db,
  entity: string,
  positionId: number,
  debtorFiscalCode: string,
): Promise<string | undefined> {
  const base = db
    .selectFrom('accounts as a')
    .select('a.id')
    .where('a.entity_code', '=', entity)
    .where('a.status', '=', 'active')
    .where('a.email_reminders', '=', 1)
    .where('a.email', 'is not', null)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(1);
  const codes = [...new Set([debtorFiscalCode, ...fiscalCodeSpellings(debtorFiscalCode)])];
  const owner = await base
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('account_fiscal_codes as f')
          .select('f.account_id')
          .whereRef('f.account_id', '=', 'a.id')
          .where('f.fiscal_code', 'in', codes),
      ),
    )
    .executeTakeFirst();
  if (owner) return owner.id;
  const linked = await base
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('practice_links as l')
          .select('l.account_id')
          .whereRef('l.account_id', '=', 'a.id')
          .where('l.position_id', '=', positionId),
      ),
    )
    .executeTakeFirst();
  return linked?.id;
}

/** The reminders an entity owes today (Europe/Rome), before the ledger says which were sent. */
export async function dueReminders(db: Db, entity: string, daysBefore: number, now: Date): Promise<Due[]> {
  const today = romeDate(now);
  const rows = await dueOptions(db, entity, today, addDays(today, daysBefore));
  const out: Due[] = [];
  const seen = new Set<string>();
  const recipients = new Map<number, string | undefined>();
  for (const r of rows) {
    // Once an installment is paid the single payment is no longer offered.
    if (r.status === 'partially_paid' && r.installment === 0) continue;
    const key = `${r.position_id}:${r.due_date}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!recipients.has(r.position_id))
      recipients.set(r.position_id, await reminderRecipient(db, entity, r.position_id, r.debtor_fiscal_code));
    const accountId = recipients.get(r.position_id);
    if (!accountId) continue;
    out.push({
      positionId: r.position_id,
      dueDate: r.due_date,
      kind: r.due_date === today ? 'due_date' : 'before_due',
      installment: r.installment,
      accountId,
    });
  }
  return out;
}

/**
 * One round: claims and queues every reminder owed now; answers how many this process queued.
 * @example await runDueReminders(deps) // the server's loop, or a test after moving the clock
 */
export async function runDueReminders(
  deps: Pick<AppDeps, 'db' | 'now' | 'logger'>,
  signal?: AbortSignal,
): Promise<number> {
  const now = deps.now();
  const entities = await deps.db.selectFrom('entities').select(['code', 'reminder_settings']).execute();
  let queued = 0;
  for (const e of entities) {
    const config = reminderConfigOf(e);
    if (!config.email) continue;
    for (const due of await dueReminders(deps.db, e.code, config.daysBefore, now)) {
      if (signal?.aborted) return queued;
      const claimed = await transaction(deps.db, async (tx) => {
        const id = await claimReminder(
          tx,
          {
            entityCode: e.code,
            positionId: due.positionId,
            installment: due.installment,
            dueDate: due.dueDate,
            kind: due.kind,
            channel: 'email',
          },
          { now, accountId: due.accountId },
        );
        if (id !== null) await queueMail(tx, { kind: 'reminder', ref: id, entityCode: e.code, now });
        return id !== null;
      });
      if (claimed) queued++;
    }
  }
  return queued;
}
