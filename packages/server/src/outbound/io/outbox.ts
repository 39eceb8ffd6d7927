/**
 * Messages on the IO app, sent through an outbox so none is lost and none goes twice:
 *
 * - queue: a message is first claimed in the reminder ledger (`reminders`, channel `io`, unique per
 *   position, option, due date and kind), then queued in `io_outbox` next to it, in the same
 *   transaction: whatever process or job asks again, the ledger already has the row and nothing more
 *   is queued.
 * - claim: a due row is taken by moving `next_attempt_at` to the end of a lease (PostgreSQL: `for
 *   update skip locked`; SQLite: a conditional update on the values read); only the holder of
 *   `lease_token` records the outcome. A process that dies mid-attempt leaves the lease to run out.
 * - send: the practice must still ask for the option; the entity's own rate (messages a minute,
 *   counted in the database over all processes) must allow one more; IO's profile must exist with
 *   `sender_allowed` (else the message is recorded `not_sent`, never retried); then the message.
 * - retries: no answer, 5xx, 401/403 (the key, fixable by the entity) with the webhooks' backoff for
 *   a day; IO's 429 holds back all the entity's messages until its `Retry-After`; IO refusing the
 *   payload (400) fails the message at once.
 *
 * A message IO accepted is marked sent at once: only a crash between the two sends it twice.
 */
import { ApiError } from '../../core/errors.js';
import { appendEvent } from '../../events/outbox.js';
import { hit } from '../../core/rate-limit.js';
import { addDays, romeDate } from '../../core/rome-calendar.js';
import { newToken } from '../../core/tokens.js';
import type { Config } from '../../config/index.js';
import { type Db, engineOf, transaction, type Tx } from '../../db/database.js';
import type { EntityRow } from '../../db/schema/index.js';
import {
  deferEntityIoMessages,
  finishIoMessage,
  type IoMessageOutcome,
  insertIoMessage,
  selectDueIoMessages,
} from '../../db/stores/io.js';
import { claimIoMessagesPostgres, claimRowSqlite } from '../../db/stores/queues.js';
import { claimReminder, finishReminder, findReminder } from '../../db/stores/reminders.js';
import { findEntity } from '../../entities/entities.js';
import { pagopaSettingsOf } from '../../entities/pagopa-settings.js';
import type { Logger } from '../../log/logger.js';
import { createPayLink } from '../../paylinks/paylinks.js';
import { backoffMs } from '../../webhooks/deliveries.js';
import type { OutboundOptions } from '../request.js';
import { getIoProfile, type IoResult, type IoTarget, submitIoMessage } from './client.js';
import { buildIoMessage, type IoMessageKind } from './messages.js';
import { ioConfigOf, ioSends } from './settings.js';
import { IO_FISCAL_CODE, messageProblems } from './types.js';

/** What the sender needs of the app. */
export interface IoOutboxDeps {
  db: Db;
  config: Pick<Config, 'webhookTimeoutMs'>;
  logger: Logger;
  now: () => Date;
  version: string;
  /** Name resolution (tests); the system's by default. */
  resolve?: OutboundOptions['resolve'];
}

/** Retries stop this long after the first attempt. */
export const IO_RETRY_SECONDS = 86_400;
/** A message of an entity that turned IO off meanwhile waits this long before it is looked at again. */
const IO_OFF_DELAY_MS = 3_600_000;
/** How often each process looks for today's reminders (the ledger makes repeats harmless). */
export const IO_REMINDERS_INTERVAL_MS = 10 * 60_000;
/** Rows of a statement listing positions (well under SQLite's parameter limit). */
const CHUNK = 500;

/** The ledger's key of a message, without the channel (always `io`). */
export interface IoMessageKey {
  entityCode: string;
  positionId: number;
  installment: number;
  dueDate: string;
  kind: IoMessageKind;
}

/**
 * Queues one message; call it inside the transaction that makes the change. Answers the ledger id,
 * or null when the ledger already had this message (queued, sent or given up before).
 */
export async function queueIoMessage(tx: Db | Tx, key: IoMessageKey, now: Date): Promise<number | null> {
  const id = await claimReminder(tx, { ...key, channel: 'io' }, { now });
  if (id === null) return null;
  await insertIoMessage(tx, { reminderId: id, entityCode: key.entityCode, at: now.toISOString() });
  return id;
}

/** Options still to pay of some positions whose debtor is a natural person IO can reach. */
async function reachableOptions(tx: Db | Tx, positionIds: readonly number[], dueDates?: readonly string[]) {
  const out: { position_id: number; installment: number; due_date: string }[] = [];
  for (let i = 0; i < positionIds.length; i += CHUNK) {
    let q = tx
      .selectFrom('payment_options')
      .innerJoin('positions', 'positions.id', 'payment_options.position_id')
      .select([
        'payment_options.position_id',
        'payment_options.installment',
        'payment_options.due_date',
        'positions.debtor_fiscal_code',
      ])
      .where('payment_options.position_id', 'in', positionIds.slice(i, i + CHUNK))
      .where('payment_options.status', '=', 'unpaid')
      .where('positions.status', 'in', ['unpaid', 'partially_paid']);
    if (dueDates) q = q.where('payment_options.due_date', 'in', dueDates);
    for (const r of await q.orderBy('payment_options.id').execute())
      if (IO_FISCAL_CODE.test(r.debtor_fiscal_code)) out.push(r);
  }
  return out;
}

/**
 * Queues a message for each option still to pay of positions just created, when the entity sends
 * them; call it inside the transaction that creates them. A debtor that is not a natural person
 * (no IO profile) gets none.
 */
export async function queueIoNewPositions(
  tx: Tx,
  entity: Pick<EntityRow, 'code' | 'io_settings'>,
  positionIds: readonly number[],
  now: Date,
): Promise<number> {
  if (positionIds.length === 0 || !ioSends(entity, 'newPositions')) return 0;
  let queued = 0;
  for (const o of await reachableOptions(tx, positionIds)) {
    const id = await queueIoMessage(
      tx,
      {
        entityCode: entity.code,
        positionId: o.position_id,
        installment: o.installment,
        dueDate: o.due_date,
        kind: 'new_position',
      },
      now,
    );
    if (id !== null) queued++;
  }
  return queued;
}

/**
 * Queues today's reminders on IO of every entity that sends them: `before_due` for the options due
 * in the entity's `daysBefore` days, `due_date` for those due today (Europe/Rome), still to pay. Any
 * process may run it any number of times a day: the ledger queues each reminder once.
 */
export async function queueIoReminders(deps: Pick<IoOutboxDeps, 'db' | 'now' | 'logger'>): Promise<number> {
  const now = deps.now();
  const today = romeDate(now);
  const entities = await deps.db
    .selectFrom('entities')
    .selectAll()
    .where('io_settings', '<>', '{}')
    .execute();
  let queued = 0;
  for (const entity of entities) {
    if (!ioSends(entity, 'reminders')) continue;
    const ahead = addDays(today, ioConfigOf(entity).daysBefore);
    const due = await deps.db
      .selectFrom('payment_options')
      .select(['position_id'])
      .distinct()
      .where('entity_code', '=', entity.code)
      .where('status', '=', 'unpaid')
      .where('due_date', 'in', [today, ahead])
      .execute();
    const ids = due.map((d) => d.position_id);
    if (ids.length === 0) continue;
    const options = await reachableOptions(deps.db, ids, [today, ahead]);
    await transaction(deps.db, async (tx) => {
      for (const o of options) {
        const kind = o.due_date === today ? 'due_date' : 'before_due';
        const key = {
          entityCode: entity.code,
          positionId: o.position_id,
          installment: o.installment,
          dueDate: o.due_date,
          kind,
        } as const;
        if ((await queueIoMessage(tx, key, now)) !== null) queued++;
      }
    });
  }
  if (queued > 0) deps.logger.info('io reminders queued', { count: queued });
  return queued;
}

interface Claimed {
  id: number;
  reminderId: number;
  entityCode: string;
  token: string;
  attempts: number;
  retrySince: string;
}

async function claimDue(deps: IoOutboxDeps, limit: number): Promise<Claimed[]> {
  const now = deps.now();
  const at = now.toISOString();
  const lease = new Date(now.getTime() + 2 * deps.config.webhookTimeoutMs + 30_000).toISOString();
  if (engineOf(deps.db) === 'postgres') {
    const token = newToken(15);
    const rows = await claimIoMessagesPostgres(deps.db, { at, until: lease, token, limit });
    return rows
      .map((r) => ({
        id: r.id,
        reminderId: r.reminder_id,
        entityCode: r.entity_code,
        token,
        attempts: r.attempts,
        retrySince: r.retry_since,
      }))
      .sort((a, b) => a.id - b.id);
  }
  const claimed: Claimed[] = [];
  for (const r of await selectDueIoMessages(deps.db, at, limit)) {
    const token = newToken(15);
    if (!(await claimRowSqlite(deps.db, 'io_outbox', r, { at, until: lease, token }))) continue;
    claimed.push({
      id: r.id,
      reminderId: r.reminder_id,
      entityCode: r.entity_code,
      token,
      attempts: r.attempts + 1,
      retrySince: r.retry_since ?? at,
    });
  }
  return claimed;
}

/** What a sent message was about, for its `reminder.sent` event. */
interface SentMessage {
  practice: { iupd: string; nav: string; iuv: string; amount: number };
  kind: IoMessageKind;
  installment: number;
  dueDate: string;
}

/** How one attempt ended. */
type Outcome =
  | { kind: 'sent'; ioMessageId: string | null; status: number; sent: SentMessage }
  | { kind: 'not_sent'; reason: string; status: number | null }
  | { kind: 'failed'; reason: string; status: number | null }
  | { kind: 'retry'; reason: string; status: number | null; at?: Date }
  /** Given back unattempted until `at` (rate, IO turned off, the process stopping). */
  | { kind: 'later'; at: Date };

async function finish(deps: IoOutboxDeps, c: Claimed, o: Outcome): Promise<void> {
  const now = deps.now();
  const at = now.toISOString();
  let row: IoMessageOutcome;
  if (o.kind === 'later')
    row = {
      status: 'pending',
      nextAttemptAt: o.at.toISOString(),
      lastStatus: null,
      lastError: null,
      uncount: true,
    };
  else if (o.kind === 'sent')
    row = {
      status: 'sent',
      nextAttemptAt: at,
      lastStatus: o.status,
      lastError: null,
      ioMessageId: o.ioMessageId,
      doneAt: at,
    };
  else if (o.kind === 'not_sent' || o.kind === 'failed')
    row = { status: o.kind, nextAttemptAt: at, lastStatus: o.status, lastError: o.reason, doneAt: at };
  else {
    const giveUp = now.getTime() - Date.parse(c.retrySince) >= IO_RETRY_SECONDS * 1000;
    row = giveUp
      ? { status: 'failed', nextAttemptAt: at, lastStatus: o.status, lastError: o.reason, doneAt: at }
      : {
          status: 'pending',
          nextAttemptAt: (o.at ?? new Date(now.getTime() + backoffMs(c.attempts))).toISOString(),
          lastStatus: o.status,
          lastError: o.reason,
        };
  }
  // The row, its ledger entry and (for a reminder sent) the event commit together, by the lease's holder.
  await transaction(deps.db, async (tx) => {
    if (!(await finishIoMessage(tx, c.id, c.token, row))) return;
    if (row.status === 'sent') await finishReminder(tx, c.reminderId, { state: 'sent' }, now);
    else if (row.status === 'not_sent' || row.status === 'failed')
      await finishReminder(
        tx,
        c.reminderId,
        { state: 'failed', error: `${row.status}: ${row.lastError ?? ''}` },
        now,
      );
    // A reminder on IO is announced like an e-mail one (a new position's message is not a reminder).
    if (o.kind === 'sent' && o.sent.kind !== 'new_position')
      await appendEvent(tx, {
        entityCode: c.entityCode,
        type: 'reminder.sent',
        payload: {
          practice: o.sent.practice,
          reminder: {
            id: c.reminderId,
            kind: o.sent.kind,
            channel: 'io',
            installment: o.sent.installment,
            dueDate: o.sent.dueDate,
            sentAt: at,
          },
        },
        now,
      });
  });
}

/** What IO's failure means for the message: retried, given up, or held back with the entity's. */
function onFailure(r: Extract<IoResult<unknown>, { ok: false }>, now: Date): Outcome {
  const reason = `io ${r.status}${r.detail ? `: ${r.detail}` : ''}`;
  if (r.kind === 'bad_request') return { kind: 'failed', reason, status: r.status };
  if (r.kind === 'rate_limited' && r.retryAfterSeconds !== null)
    return {
      kind: 'retry',
      reason,
      status: r.status,
      at: new Date(now.getTime() + r.retryAfterSeconds * 1000),
    };
  return { kind: 'retry', reason, status: r.status };
}

/** Days of validity of the "Paga ora" link a message carries: past the due date, within the bounds. */
function linkDays(dueDate: string, today: string): number {
  const days = Math.round((Date.parse(dueDate) - Date.parse(today)) / 86_400_000);
  return Math.min(366, Math.max(30, days + 60));
}

/** One attempt: the practice, the profile, the message. */
async function attempt(deps: IoOutboxDeps, entity: EntityRow, c: Claimed): Promise<Outcome> {
  const now = deps.now();
  const ledger = await findReminder(deps.db, c.reminderId);
  const position = ledger
    ? await deps.db
        .selectFrom('positions')
        .selectAll()
        .where('id', '=', ledger.position_id)
        .executeTakeFirst()
    : undefined;
  const options = position
    ? await deps.db.selectFrom('payment_options').selectAll().where('position_id', '=', position.id).execute()
    : [];
  const option = options.find((o) => o.installment === ledger?.installment);
  if (!ledger || !position || !option) return { kind: 'not_sent', reason: 'practice_gone', status: null };
  // Paid, cancelled, expired or being paid meanwhile, or its due date changed: nothing to say.
  if (
    option.status !== 'unpaid' ||
    !['unpaid', 'partially_paid'].includes(position.status) ||
    option.due_date !== ledger.due_date
  )
    return { kind: 'not_sent', reason: 'practice_not_payable', status: null };
  const config = ioConfigOf(entity);
  const target: IoTarget = {
    baseUrl: config.baseUrl,
    apiKey: config.apiKey ?? '',
    allowPrivate: entity.allow_private_targets === 1,
    userAgent: `Pagatore/${deps.version}`,
    timeoutMs: deps.config.webhookTimeoutMs,
    ...(deps.resolve ? { resolve: deps.resolve } : {}),
  };
  const profile = await getIoProfile(target, position.debtor_fiscal_code, deps.now);
  if (!profile.ok)
    return profile.kind === 'not_found'
      ? { kind: 'not_sent', reason: 'profile_not_found', status: 404 }
      : onFailure(profile, now);
  if (!profile.value.sender_allowed) return { kind: 'not_sent', reason: 'sender_not_allowed', status: 200 };
  const today = romeDate(now);
  let link: string | null = null;
  if (entity.portal_url) {
    try {
      link = (
        await createPayLink(
          deps.db,
          entity,
          position.iupd,
          { installment: option.installment, validDays: linkDays(option.due_date, today) },
          now,
        )
      ).url;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.code === 'already_paid' || e.code === 'not_payable')
        return { kind: 'not_sent', reason: 'practice_not_payable', status: null };
    }
  }
  const message = buildIoMessage({
    kind: ledger.kind as IoMessageKind,
    fiscalCode: position.debtor_fiscal_code,
    entityName: entity.article ? `${entity.article} ${entity.name}` : entity.name,
    payeeFiscalCode: pagopaSettingsOf(entity).idPA,
    description: option.description ?? position.description,
    installment: option.installment,
    installments: options.filter((o) => o.installment > 0).length,
    amount: option.amount,
    nav: option.nav,
    dueDate: option.due_date,
    daysLeft: Math.round((Date.parse(option.due_date) - Date.parse(today)) / 86_400_000),
    link,
  });
  const problems = messageProblems(message);
  if (problems.length)
    return { kind: 'failed', reason: `message_invalid: ${problems.join(', ')}`, status: null };
  const sent = await submitIoMessage(target, message, deps.now);
  if (!sent.ok) return onFailure(sent, now);
  return {
    kind: 'sent',
    ioMessageId: sent.value.id ?? null,
    status: sent.status,
    sent: {
      practice: { iupd: position.iupd, nav: option.nav, iuv: option.iuv, amount: option.amount },
      kind: ledger.kind as IoMessageKind,
      installment: option.installment,
      dueDate: option.due_date,
    },
  };
}

/**
 * One round: claims the due messages and sends them one after the other. Returns how many were
 * attempted and sent. Once `signal` aborts (the process is stopping), the message in flight
 * finishes and the others claimed are given back, due at once for any process.
 */
export async function sendDueIoMessages(
  deps: IoOutboxDeps,
  limit = 50,
  signal?: AbortSignal,
): Promise<{ attempted: number; sent: number }> {
  const claimed = await claimDue(deps, limit);
  const entities = new Map<string, EntityRow | undefined>();
  /** Entities held back in this round, until when. */
  const held = new Map<string, Date>();
  let attempted = 0;
  let sent = 0;
  for (const c of claimed) {
    const now = deps.now();
    if (signal?.aborted) {
      await finish(deps, c, { kind: 'later', at: now });
      continue;
    }
    if (!entities.has(c.entityCode)) entities.set(c.entityCode, await findEntity(deps.db, c.entityCode));
    const entity = entities.get(c.entityCode);
    const config = entity ? ioConfigOf(entity) : null;
    // The entity removed its IO key after the message was queued: it waits, unsent.
    if (!entity || !config?.apiKey) {
      await finish(deps, c, { kind: 'later', at: new Date(now.getTime() + IO_OFF_DELAY_MS) });
      continue;
    }
    const until = held.get(c.entityCode);
    if (until && until > now) {
      await finish(deps, c, { kind: 'later', at: until });
      continue;
    }
    // The entity's own rate, over every process: beyond it, all its messages wait for the next window.
    const rate = await hit(
      deps.db,
      `io:send:${entity.code}`,
      { limit: config.ratePerMinute, windowSeconds: 60 },
      now,
    );
    if (!rate.allowed) {
      const next = new Date(now.getTime() + rate.retryAfter * 1000);
      held.set(c.entityCode, next);
      await deferEntityIoMessages(deps.db, c.entityCode, next.toISOString());
      await finish(deps, c, { kind: 'later', at: next });
      continue;
    }
    attempted++;
    let outcome: Outcome;
    try {
      outcome = await attempt(deps, entity, c);
    } catch (e) {
      const err = e as Error & { code?: string; cause?: { code?: string } };
      const reason = err.name === 'TimeoutError' ? 'timeout' : (err.code ?? err.cause?.code ?? err.message);
      outcome = { kind: 'retry', reason: String(reason).slice(0, 300), status: null };
    }
    // IO's own rate limit: every message of the entity waits as long as IO asked.
    if (outcome.kind === 'retry' && outcome.status === 429) {
      const next = outcome.at ?? new Date(now.getTime() + backoffMs(c.attempts));
      outcome = { ...outcome, at: next };
      held.set(c.entityCode, next);
      await deferEntityIoMessages(deps.db, c.entityCode, next.toISOString());
    }
    if (outcome.kind === 'sent') sent++;
    else
      deps.logger.warn('io message not sent', {
        message: c.id,
        entity: c.entityCode,
        attempt: c.attempts,
        outcome: outcome.kind,
        ...('reason' in outcome ? { reason: outcome.reason } : {}),
      });
    await finish(deps, c, outcome);
  }
  return { attempted, sent };
}

/** Rounds until nothing is due now (tests, and the CLI). */
export async function sendAllDueIoMessages(deps: IoOutboxDeps, maxRounds = 100): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxRounds; i++) {
    const r = await sendDueIoMessages(deps);
    total += r.attempted;
    if (r.attempted === 0) break;
  }
  return total;
}
