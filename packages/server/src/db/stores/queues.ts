/**
 * The work queues several server processes share (webhook deliveries, the mail outbox, the changes
 * for pagoPA's copy of the positions, the messages for the IO app) and the
 * order of an entity's events. On PostgreSQL a worker claims due rows with `for update skip locked`
 * (it takes rows no other worker holds, without waiting) and a transaction-scoped advisory lock
 * orders the events of an entity. SQLite has one writer: a worker claims each row it read with a
 * conditional update that holds only if nobody changed the row since.
 */
import { type Kysely, sql } from 'kysely';
import type { Db, Tx } from '../database.js';

/** What a claim sets on the rows it takes: the end of the lease and the claim's own token. */
export interface Lease {
  /** The claim's time (ISO): rows due at or before it are taken. */
  at: string;
  /** Until when the rows are this worker's (ISO); a crashed worker's rows come back after it. */
  until: string;
  token: string;
  limit: number;
}

/** A claimed webhook delivery, with the state it had before the claim (to give it back unchanged). */
export interface ClaimedDeliveryRow {
  id: number;
  attempts: number;
  retry_since: string;
  before_retry_since: string | null;
  before_last_attempt_at: string | null;
}

/**
 * Claims due webhook deliveries of enabled endpoints, each the oldest pending one of its practice
 * at its endpoint (deliveries of one practice go out in event order).
 */
export async function claimDeliveriesPostgres(db: Db, lease: Lease): Promise<ClaimedDeliveryRow[]> {
  const { rows } = await sql<ClaimedDeliveryRow>`with picked as (
      select d.id, d.retry_since as before_retry_since, d.last_attempt_at as before_last_attempt_at
        from webhook_deliveries d
        join webhook_endpoints w on w.id = d.endpoint_id
       where d.status = 'pending' and d.next_attempt_at <= ${lease.at} and w.enabled = 1
         and not exists (
           select 1 from webhook_deliveries p
            where p.endpoint_id = d.endpoint_id and p.practice_key = d.practice_key
              and p.event_id < d.event_id and p.status = 'pending')
       order by d.next_attempt_at, d.id
       limit ${lease.limit}
       for update of d skip locked)
    update webhook_deliveries u
       set next_attempt_at = ${lease.until}, lease_token = ${lease.token}, attempts = u.attempts + 1,
           last_attempt_at = ${lease.at}, retry_since = coalesce(u.retry_since, ${lease.at})
      from picked
     where u.id = picked.id
    returning u.id, u.attempts, u.retry_since, picked.before_retry_since, picked.before_last_attempt_at`.execute(
    db,
  );
  return rows;
}

/** A claimed mail of the outbox. */
export interface ClaimedMailRow {
  id: number;
  kind: string;
  ref_id: number;
  attempts: number;
  retry_since: string;
}

/** Claims due mails of the outbox, of the kinds given. */
export async function claimMailsPostgres(
  db: Db,
  lease: Lease,
  kinds: readonly string[],
): Promise<ClaimedMailRow[]> {
  const { rows } = await sql<ClaimedMailRow>`
    with picked as (
      select id from mail_outbox
       where status = 'pending' and next_attempt_at <= ${lease.at}
         and kind in (${sql.join(kinds)})
       order by next_attempt_at, id
       limit ${lease.limit}
       for update skip locked)
    update mail_outbox m
       set next_attempt_at = ${lease.until}, lease_token = ${lease.token}, attempts = m.attempts + 1,
           last_attempt_at = ${lease.at}, retry_since = coalesce(m.retry_since, ${lease.at})
      from picked
     where m.id = picked.id
    returning m.id, m.kind, m.ref_id, m.attempts, m.retry_since`.execute(db);
  return rows;
}

/** A claimed IO message. */
export interface ClaimedIoMessageRow {
  id: number;
  reminder_id: number;
  entity_code: string;
  attempts: number;
  retry_since: string;
}

/** Claims due messages for the IO app. */
export async function claimIoMessagesPostgres(db: Db, lease: Lease): Promise<ClaimedIoMessageRow[]> {
  const { rows } = await sql<ClaimedIoMessageRow>`
    with picked as (
      select id from io_outbox
       where status = 'pending' and next_attempt_at <= ${lease.at}
       order by next_attempt_at, id
       limit ${lease.limit}
       for update skip locked)
    update io_outbox m
       set next_attempt_at = ${lease.until}, lease_token = ${lease.token}, attempts = m.attempts + 1,
           last_attempt_at = ${lease.at}, retry_since = coalesce(m.retry_since, ${lease.at})
      from picked
     where m.id = picked.id
    returning m.id, m.reminder_id, m.entity_code, m.attempts, m.retry_since`.execute(db);
  return rows;
}

/** A claimed change for GPD, with the state it had before the claim (to give it back unchanged). */
export interface ClaimedGpdChangeRow {
  id: number;
  attempts: number;
  retry_since: string;
  before_retry_since: string | null;
  before_last_attempt_at: string | null;
}

/**
 * Claims due changes for GPD, each the oldest pending one of its position (one in flight per
 * position, in the order they were made).
 */
export async function claimGpdChangesPostgres(db: Db, lease: Lease): Promise<ClaimedGpdChangeRow[]> {
  const { rows } = await sql<ClaimedGpdChangeRow>`with picked as (
      select o.id, o.retry_since as before_retry_since, o.last_attempt_at as before_last_attempt_at
        from gpd_outbox o
       where o.status = 'pending' and o.next_attempt_at <= ${lease.at}
         and not exists (
           select 1 from gpd_outbox p
            where p.entity_code = o.entity_code and p.iupd = o.iupd and p.id < o.id and p.status = 'pending')
       order by o.next_attempt_at, o.id
       limit ${lease.limit}
       for update of o skip locked)
    update gpd_outbox u
       set next_attempt_at = ${lease.until}, lease_token = ${lease.token}, attempts = u.attempts + 1,
           last_attempt_at = ${lease.at}, retry_since = coalesce(u.retry_since, ${lease.at})
      from picked
     where u.id = picked.id
    returning u.id, u.attempts, u.retry_since, picked.before_retry_since, picked.before_last_attempt_at`.execute(
    db,
  );
  return rows;
}

/** The first key of the advisory lock that orders an entity's events on PostgreSQL ("PgEv"). */
const EVENTS_LOCK_CLASS = 0x50674576;

/**
 * Waits for, then holds until the transaction ends, the lock on an entity's events: transactions
 * writing an entity's events take their ids and commit one after the other.
 */
export async function lockEntityEventsPostgres(tx: Tx, entityCode: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(EVENTS_LOCK_CLASS)}, hashtext(${entityCode}))`.execute(tx);
}

/** A due row of a work queue as a worker read it: the claim holds only if nobody changed it since. */
export interface DueRow {
  id: number;
  next_attempt_at: string;
  attempts: number;
  retry_since: string | null;
}

/**
 * Claims one due row of a queue on SQLite (one writer): a conditional update that holds only if the
 * row is still as the worker read it. True when this worker has it.
 */
export async function claimRowSqlite(
  db: Db,
  queue: 'webhook_deliveries' | 'mail_outbox' | 'gpd_outbox' | 'io_outbox',
  row: DueRow,
  lease: Omit<Lease, 'limit'>,
): Promise<boolean> {
  // Both queues have the same lease columns; the union of their tables does not type-check as one.
  const q = db as unknown as Kysely<{ [K in typeof queue]: QueueColumns }>;
  const r = await q
    .updateTable(queue)
    .set({
      next_attempt_at: lease.until,
      lease_token: lease.token,
      attempts: row.attempts + 1,
      last_attempt_at: lease.at,
      retry_since: row.retry_since ?? lease.at,
    })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', row.next_attempt_at)
    .where('attempts', '=', row.attempts)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The lease columns every work queue has. */
interface QueueColumns {
  id: number;
  status: string;
  next_attempt_at: string;
  lease_token: string | null;
  attempts: number;
  last_attempt_at: string | null;
  retry_since: string | null;
}
