/**
 * The mail outbox: a mail a change promises (the receipt to its payer) is queued in the same
 * transaction as the change, so it exists if and only if the change committed, and no answer waits
 * on SMTP. The outbox worker sends it later, retried with the webhooks' backoff for a day; each
 * step is a conditional update, as for webhook deliveries (webhooks/deliveries.ts):
 *
 * - queue: one row per thing mailed (unique `kind` × `ref_id`): queuing twice mails once.
 * - claim: a due row is taken by moving `next_attempt_at` to the end of a lease, guarded by the
 *   values read; only the holder of `lease_token` records the outcome. A process that dies mid
 *   attempt leaves the lease to run out, and the mail becomes due again.
 * - finish: sent, or due again after a backoff, or `failed` once a day of retries has passed.
 *
 * A mail the SMTP server accepted is marked sent at once: only a crash between the two sends it
 * twice.
 */
import { type Db, engineOf, type Tx } from '../db/database.js';
import { newToken } from '../core/tokens.js';
import { claimMailsPostgres, claimRowSqlite } from '../db/stores/queues.js';
import type { Logger } from '../log/logger.js';
import { backoffMs } from '../webhooks/deliveries.js';

/**
 * What is mailed; `ref` is the id of the row it is about: receipts.id, or identity_link_mails.id
 * (the link that links a digital identity to a portal account), or reminders.id (a due-date reminder,
 * reminders/mail.ts).
 */
export type MailKind = 'receipt' | 'identity_link' | 'reminder';

/** Sends one mail of a kind; throws to have it retried. */
export type MailSender = (ref: number) => Promise<void>;

export interface MailOutboxDeps {
  db: Db;
  now: () => Date;
  logger: Logger;
}

/** Retries stop this long after the first attempt. */
export const MAIL_RETRY_SECONDS = 86_400;
/** An attempt in flight holds its row this long (above nodemailer's timeouts, mail/mailer.ts). */
export const MAIL_LEASE_MS = 5 * 60_000;

/** Queues a mail; call it inside the transaction that makes the change. Queuing twice mails once. */
export async function queueMail(
  tx: Tx,
  m: { kind: MailKind; ref: number; entityCode: string; now: Date },
): Promise<void> {
  const at = m.now.toISOString();
  await tx
    .insertInto('mail_outbox')
    .values({
      kind: m.kind,
      ref_id: m.ref,
      entity_code: m.entityCode,
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      lease_token: null,
      retry_since: null,
      last_attempt_at: null,
      last_error: null,
      sent_at: null,
      created_at: at,
    })
    .onConflict((oc) => oc.columns(['kind', 'ref_id']).doNothing())
    .execute();
}

interface ClaimedMail {
  id: number;
  kind: MailKind;
  ref: number;
  token: string;
  attempts: number;
  retrySince: string;
}

/**
 * Takes up to `limit` due mails for this process. PostgreSQL: one statement locks due rows with
 * `for update skip locked` and moves them to the end of the lease, so concurrent workers take
 * disjoint rows without waiting; SQLite (one writer): each read row is taken by a conditional update.
 */
async function claimDueMails(
  db: Db,
  now: Date,
  limit: number,
  kinds: readonly MailKind[],
): Promise<ClaimedMail[]> {
  const at = now.toISOString();
  if (kinds.length === 0) return [];
  if (engineOf(db) === 'postgres') {
    const token = newToken(15);
    const lease = new Date(now.getTime() + MAIL_LEASE_MS).toISOString();
    const rows = await claimMailsPostgres(db, { at, until: lease, token, limit }, kinds);
    return rows
      .map((m) => ({
        id: m.id,
        kind: m.kind as MailKind,
        ref: Number(m.ref_id),
        token,
        attempts: m.attempts,
        retrySince: m.retry_since,
      }))
      .sort((a, b) => a.id - b.id);
  }
  const due = await db
    .selectFrom('mail_outbox')
    .select(['id', 'kind', 'ref_id', 'attempts', 'next_attempt_at', 'retry_since'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where('kind', 'in', kinds)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  const lease = new Date(now.getTime() + MAIL_LEASE_MS).toISOString();
  const claimed: ClaimedMail[] = [];
  for (const m of due) {
    const token = newToken(15);
    const retrySince = m.retry_since ?? at;
    if (!(await claimRowSqlite(db, 'mail_outbox', m, { at, until: lease, token }))) continue;
    claimed.push({
      id: m.id,
      kind: m.kind as MailKind,
      ref: Number(m.ref_id),
      token,
      attempts: m.attempts + 1,
      retrySince,
    });
  }
  return claimed;
}

/** Records an attempt's outcome, if this process still holds the row. */
async function finishMail(db: Db, m: ClaimedMail, error: string | null, now: Date): Promise<void> {
  const giveUp = now.getTime() - Date.parse(m.retrySince) >= MAIL_RETRY_SECONDS * 1000;
  const next =
    error === null
      ? { status: 'sent' as const, sent_at: now.toISOString(), next_attempt_at: now.toISOString() }
      : giveUp
        ? { status: 'failed' as const, next_attempt_at: now.toISOString() }
        : { next_attempt_at: new Date(now.getTime() + backoffMs(m.attempts)).toISOString() };
  await db
    .updateTable('mail_outbox')
    .set({ ...next, lease_token: null, last_error: error })
    .where('id', '=', m.id)
    .where('lease_token', '=', m.token)
    .execute();
}

/** Gives a claimed mail back unattempted, due at once (this process is stopping). */
async function releaseMail(db: Db, m: ClaimedMail, now: Date): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ next_attempt_at: now.toISOString(), lease_token: null, attempts: m.attempts - 1 })
    .where('id', '=', m.id)
    .where('lease_token', '=', m.token)
    .execute();
}

/**
 * One round: claims the due mails of the kinds it has a sender for and sends them one after the
 * other with the kind's sender.
 * Returns how many were attempted and sent. Once `signal` aborts (the process is stopping), the mail
 * being sent finishes and the others claimed are given back, due at once for any process.
 */
export async function sendDueMails(
  deps: MailOutboxDeps,
  senders: Partial<Record<MailKind, MailSender>>,
  limit = 50,
  signal?: AbortSignal,
): Promise<{ attempted: number; sent: number }> {
  const kinds = (Object.keys(senders) as MailKind[]).filter((k) => senders[k]);
  const claimed = await claimDueMails(deps.db, deps.now(), limit, kinds);
  let sent = 0;
  let attempted = 0;
  for (const m of claimed) {
    if (signal?.aborted) {
      await releaseMail(deps.db, m, deps.now());
      continue;
    }
    attempted++;
    let error: string | null = null;
    try {
      await senders[m.kind]?.(m.ref);
      sent++;
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 300);
      deps.logger.warn('mail attempt failed', { mail: m.id, kind: m.kind, attempt: m.attempts, error });
    }
    await finishMail(deps.db, m, error, deps.now());
  }
  return { attempted, sent };
}
