/**
 * Webhook delivery against a real HTTP receiver on 127.0.0.1: signature, a receiver down at first,
 * a restart mid-retry, giving up after a day and redelivery, a burst of 1,000 events, order per
 * practice, and two workers on one database delivering each event once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyWebhookSignature, type WebhookEvent } from '@pagatore/sdk';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { migrate, openDatabase, transaction } from '../db/database.js';
import { seedTestEntity, TEST_ENTITY } from '../../test/support/entity.js';
import { updateEntitySettings } from '../entities/entity-settings.js';
import { appendEvent, type EventType } from '../events/outbox.js';
import { memoryLogger } from '../log/logger.js';
import { startServer } from '../server.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { testDatabaseUrl, testEngine } from '../../test/support/test-database.js';
import { claimDue, deliverAllDue, deliverOnce, type WebhookDeps } from './deliveries.js';
import { createEndpoint } from './endpoints.js';
import { startReceiver, type TestReceiver } from './test-receiver.js';

const ENTE = TEST_ENTITY.code;

/** Appends events as the payments code does: one transaction, in order. */
async function emit(
  h: { deps: { db: Harness['deps']['db'] } },
  events: { iupd: string; type?: EventType }[],
  now = new Date(),
) {
  await transaction(h.deps.db, async (tx) => {
    for (const e of events) {
      await appendEvent(tx, {
        entityCode: ENTE,
        type: e.type ?? 'payment.paid',
        payload: {
          practice: { iupd: e.iupd, nav: '301000000000000144', iuv: '01000000000000144', amount: 12_345 },
          payment: { id: 'pay-1', state: 'paid', amount: 12_345, navs: ['301000000000000144'] },
        },
        now,
      });
    }
  });
}

function eventOf(iupd: string, now = new Date()) {
  return {
    entityCode: ENTE,
    type: 'payment.paid' as const,
    payload: {
      practice: { iupd, nav: '301000000000000144', iuv: '01000000000000144', amount: 12_345 },
      payment: { id: 'pay-1', state: 'paid' as const, amount: 12_345, navs: ['301000000000000144'] },
    },
    now,
  };
}

/** PostgreSQL: a session of this database waits on a lock. */
async function waitingOnLock(h: Harness): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock'`.execute(h.deps.db);
  return Number(rows[0]?.n ?? 0) > 0;
}

/** The receivers of these tests listen on 127.0.0.1: the entity allows its own network. */
async function ownNetwork(db: Harness['deps']['db']) {
  await updateEntitySettings(db, ENTE, { allowPrivateTargets: true }, new Date());
}

function parsed(r: TestReceiver): WebhookEvent[] {
  return r.received.map((x) => JSON.parse(x.body) as WebhookEvent);
}

async function statuses(h: Harness) {
  return h.deps.db
    .selectFrom('webhook_deliveries')
    .select(['status', 'attempts'])
    .orderBy('event_id')
    .execute();
}

describe('webhook delivery', () => {
  let h: Harness;
  let receiver: TestReceiver;
  let clock: Date;
  beforeEach(async () => {
    h = await createHarness();
    await ownNetwork(h.deps.db);
    receiver = await startReceiver();
    clock = new Date('2026-11-26T10:00:00Z');
    h.setNow(clock);
  });
  afterEach(async () => {
    await receiver.close();
    await h.close();
  });
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
    h.setNow(clock);
  };

  it('POSTs each event as JSON with its id, type and a signature the SDK helper accepts', async () => {
    const { secret } = (await createEndpoint(h.deps.db, ENTE, { url: receiver.url }, clock))!;
    await emit(h, [{ iupd: 'A', type: 'receipt.received' }, { iupd: 'A' }]);
    expect(await deliverAllDue(h.deps)).toBe(2);
    expect(receiver.received).toHaveLength(2);
    const [first] = receiver.received;
    expect(first!.headers['content-type']).toBe('application/json');
    const event = JSON.parse(first!.body) as WebhookEvent;
    expect(event).toMatchObject({
      type: 'receipt.received',
      entity: ENTE,
      data: { practice: { iupd: 'A' } },
    });
    expect(first!.headers['pagatore-event-id']).toBe(event.id);
    expect(first!.headers['pagatore-event-type']).toBe('receipt.received');
    const header = first!.headers['pagatore-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(await verifyWebhookSignature({ payload: first!.body, header, secret, now: clock })).toEqual({
      ok: true,
      timestamp: Math.floor(clock.getTime() / 1000),
    });
    // Bytes as received work too.
    expect(
      (
        await verifyWebhookSignature({
          payload: new TextEncoder().encode(first!.body),
          header,
          secret,
          now: clock,
        })
      ).ok,
    ).toBe(true);
    // Tampered body, other secret, stale or future timestamp, garbage header: refused.
    const tampered = first!.body.replace('12345', '12346');
    expect(await verifyWebhookSignature({ payload: tampered, header, secret, now: clock })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(
      (await verifyWebhookSignature({ payload: first!.body, header, secret: `${secret}x`, now: clock })).ok,
    ).toBe(false);
    const late = new Date(clock.getTime() + 301_000);
    expect(await verifyWebhookSignature({ payload: first!.body, header, secret, now: late })).toEqual({
      ok: false,
      reason: 'stale',
    });
    const early = new Date(clock.getTime() - 301_000);
    expect((await verifyWebhookSignature({ payload: first!.body, header, secret, now: early })).ok).toBe(
      false,
    );
    expect(
      (
        await verifyWebhookSignature({
          payload: first!.body,
          header,
          secret,
          now: late,
          toleranceSeconds: 600,
        })
      ).ok,
    ).toBe(true);
    const forged = header.replace(/v1=[0-9a-f]{64}/, `v1=${'0'.repeat(64)}`);
    expect(
      (await verifyWebhookSignature({ payload: first!.body, header: forged, secret, now: clock })).ok,
    ).toBe(false);
    for (const bad of [undefined, '', 't=1', 'v1=abc', 'garbage', `t=x,v1=${'a'.repeat(64)}`]) {
      expect(await verifyWebhookSignature({ payload: first!.body, header: bad, secret, now: clock })).toEqual(
        {
          ok: false,
          reason: 'malformed',
        },
      );
    }
    expect((await statuses(h)).map((s) => s.status)).toEqual(['delivered', 'delivered']);
  });

  it('a receiver down at first gets every event, once, in order, when it comes up', async () => {
    await createEndpoint(h.deps.db, ENTE, { url: receiver.url }, clock);
    await receiver.down();
    await emit(h, [{ iupd: 'A' }, { iupd: 'A' }, { iupd: 'B' }, { iupd: 'A' }]);
    // Only the head of each practice is tried: A's second event waits for A's first.
    expect(await deliverAllDue(h.deps)).toBe(2);
    const rows = await h.deps.db
      .selectFrom('webhook_deliveries')
      .select(['status', 'attempts', 'last_error', 'next_attempt_at'])
      .orderBy('event_id')
      .execute();
    expect(rows.map((r) => r.attempts)).toEqual([1, 0, 1, 0]);
    expect(rows[0]!.last_error).toMatch(/ECONNREFUSED|fetch failed/);
    // Backoff: the retry is 5-10 s away (first delay 10 s with jitter), nothing is due before.
    const wait = Date.parse(rows[0]!.next_attempt_at) - clock.getTime();
    expect(wait).toBeGreaterThanOrEqual(5000);
    expect(wait).toBeLessThanOrEqual(10_000);
    expect(await deliverAllDue(h.deps)).toBe(0);
    advance(10_000);
    expect(await deliverAllDue(h.deps)).toBe(2); // still down: second attempts
    await receiver.up();
    advance(30_000);
    expect(await deliverAllDue(h.deps)).toBe(4);
    expect(parsed(receiver).map((e) => `${e.data.practice?.iupd}${e.id}`)).toHaveLength(4);
    const ofA = parsed(receiver)
      .filter((e) => e.data.practice?.iupd === 'A')
      .map((e) => Number(e.id));
    expect(ofA).toEqual([...ofA].sort((a, b) => a - b));
    expect(new Set(parsed(receiver).map((e) => e.id)).size).toBe(4);
    expect((await statuses(h)).every((s) => s.status === 'delivered')).toBe(true);
  });

  it('non-2xx answers and timeouts are retried; a day after the first attempt the delivery fails, and can be redelivered', async () => {
    h.deps.config.webhookTimeoutMs = 300;
    await createEndpoint(h.deps.db, ENTE, { url: receiver.url }, clock);
    receiver.status = 500;
    await emit(h, [{ iupd: 'A' }, { iupd: 'A' }]);
    let attempts = 0;
    for (let i = 0; i < 200 && attempts < 100; i++) {
      const n = await deliverAllDue(h.deps);
      attempts += n;
      const [first] = await statuses(h);
      if (first!.status === 'failed') break;
      advance(3_600_000);
    }
    const rows = await statuses(h);
    expect(rows[0]).toMatchObject({ status: 'failed' });
    // About a day of hourly retries after the quick ones.
    expect(rows[0]!.attempts).toBeGreaterThan(20);
    expect(rows[0]!.attempts).toBeLessThan(40);
    // A failed one no longer holds its practice back: the next event is tried.
    expect(rows[1]!.attempts).toBeGreaterThan(0);
    receiver.status = 200;
    advance(3_600_000);
    await deliverAllDue(h.deps);
    expect((await statuses(h))[1]!.status).toBe('delivered');
    const failed = await h.deps.db
      .selectFrom('webhook_deliveries')
      .select(['id', 'endpoint_id'])
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    const { redeliver } = await import('./deliveries.js');
    await redeliver(h.deps.db, failed.endpoint_id, failed.id, clock);
    await deliverAllDue(h.deps);
    expect((await statuses(h)).map((s) => s.status)).toEqual(['delivered', 'delivered']);
    expect(receiver.received).toHaveLength(2);
  });

  it('a timeout counts as a failed attempt', async () => {
    h.deps.config.webhookTimeoutMs = 200;
    const { createServer } = await import('node:http');
    const slow = createServer(() => undefined);
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const port = (slow.address() as { port: number }).port;
    await createEndpoint(h.deps.db, ENTE, { url: `http://127.0.0.1:${port}/` }, clock);
    await emit(h, [{ iupd: 'A' }]);
    const started = Date.now();
    expect(await deliverAllDue(h.deps)).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    const row = await h.deps.db.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'timeout', lease_token: null });
    slow.closeAllConnections();
    await new Promise<void>((r) => slow.close(() => r()));
  });

  it('a dead endpoint costs one round of timeouts, not one per practice, and does not hold back a live one', async () => {
    h.deps.config.webhookTimeoutMs = 200;
    h.deps.config.webhookConcurrency = 4;
    const { createServer } = await import('node:http');
    const hanging = createServer(() => undefined);
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    const port = (hanging.address() as { port: number }).port;
    const dead = (await createEndpoint(h.deps.db, ENTE, { url: `http://127.0.0.1:${port}/` }, clock))!;
    await createEndpoint(h.deps.db, ENTE, { url: receiver.url }, clock);
    await emit(
      h,
      Array.from({ length: 20 }, (_, i) => ({ iupd: `P-${i}` })),
    );
    const started = Date.now();
    await deliverAllDue(h.deps);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(receiver.received).toHaveLength(20);
    const rows = await h.deps.db
      .selectFrom('webhook_deliveries')
      .select(['attempts', 'status', 'last_error'])
      .where('endpoint_id', '=', dead.row.id)
      .execute();
    const tried = rows.filter((r) => r.attempts > 0);
    // At most one attempt per lane before the endpoint is known dead; the rest are untouched.
    expect(tried.length).toBeGreaterThan(0);
    expect(tried.length).toBeLessThanOrEqual(4);
    expect(tried.every((r) => r.last_error === 'timeout')).toBe(true);
    expect(rows.filter((r) => r.attempts === 0)).toHaveLength(20 - tried.length);
    expect(rows.every((r) => r.status === 'pending')).toBe(true);
    hanging.closeAllConnections();
    await new Promise<void>((r) => hanging.close(() => r()));
  });

  it('a worker told to stop finishes the POST in flight and gives back, due at once, what it had not started', async () => {
    const stopping = new AbortController();
    // A receiver that sees the stop arrive while it answers the first POST.
    const hits: string[] = [];
    const slow = createServer((req, res) => {
      hits.push(String(req.headers['pagatore-event-id']));
      stopping.abort();
      req.resume();
      req.on('end', () => res.writeHead(200).end('ok'));
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (slow.address() as AddressInfo).port;
      await createEndpoint(h.deps.db, ENTE, { url: `http://127.0.0.1:${port}/hooks` }, clock);
      await emit(h, [{ iupd: 'A' }, { iupd: 'B' }, { iupd: 'C' }]);
      h.deps.config.webhookConcurrency = 1;
      expect(await deliverOnce(h.deps, 200, stopping.signal)).toEqual({ attempted: 1, delivered: 1 });
      expect(hits).toHaveLength(1);
      const rows = await h.deps.db
        .selectFrom('webhook_deliveries')
        .select(['status', 'attempts', 'lease_token', 'next_attempt_at'])
        .orderBy('event_id')
        .execute();
      expect(rows.filter((r) => r.status === 'delivered')).toHaveLength(1);
      expect(rows.filter((r) => r.status === 'pending')).toEqual([
        { status: 'pending', attempts: 0, lease_token: null, next_attempt_at: clock.toISOString() },
        { status: 'pending', attempts: 0, lease_token: null, next_attempt_at: clock.toISOString() },
      ]);
    } finally {
      await new Promise((r) => slow.close(r));
    }
  });

  it('1,000 events in a burst are all delivered, in order per practice', async () => {
    await createEndpoint(h.deps.db, ENTE, { url: receiver.url }, clock);
    const events = Array.from({ length: 1000 }, (_, i) => ({ iupd: `P-${i % 50}` }));
    await emit(h, events);
    const started = performance.now();
    expect(await deliverAllDue(h.deps)).toBe(1000);
    const ms = performance.now() - started;
    console.log(`webhooks: 1,000 events (50 practices × 20) delivered in ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(30_000);
    const got = parsed(receiver);
    expect(got).toHaveLength(1000);
    expect(new Set(got.map((e) => e.id)).size).toBe(1000);
    const byPractice = new Map<string, number[]>();
    for (const e of got) {
      const list = byPractice.get(e.data.practice!.iupd) ?? [];
      list.push(Number(e.id));
      byPractice.set(e.data.practice!.iupd, list);
    }
    expect(byPractice.size).toBe(50);
    for (const ids of byPractice.values()) expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('type filters, paused endpoints and new endpoints (no history) behave', async () => {
    await emit(h, [{ iupd: 'OLD' }]);
    const only = (await createEndpoint(
      h.deps.db,
      ENTE,
      { url: receiver.url, types: ['receipt.received'] },
      clock,
    ))!;
    const paused = (await createEndpoint(
      h.deps.db,
      ENTE,
      { url: `${receiver.url}?p`, enabled: false },
      clock,
    ))!;
    await emit(h, [
      { iupd: 'A', type: 'receipt.received' },
      { iupd: 'A', type: 'payment.paid' },
    ]);
    await deliverAllDue(h.deps);
    expect(parsed(receiver).map((e) => e.type)).toEqual(['receipt.received']);
    const rows = await h.deps.db.selectFrom('webhook_deliveries').selectAll().orderBy('id').execute();
    expect(rows.filter((r) => r.endpoint_id === only.row.id)).toHaveLength(1);
    expect(rows.filter((r) => r.endpoint_id === paused.row.id).map((r) => r.status)).toEqual([
      'pending',
      'pending',
    ]);
    await h.deps.db
      .updateTable('webhook_endpoints')
      .set({ enabled: 1 })
      .where('id', '=', paused.row.id)
      .execute();
    await deliverAllDue(h.deps);
    expect(receiver.received).toHaveLength(3);
    expect(parsed(receiver).some((e) => e.data.practice?.iupd === 'OLD')).toBe(false);
  });
});

describe('the worker in a running server', () => {
  it('startServer runs the delivery loop: an event reaches the receiver without anyone asking', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pagatore-webhooks-'));
    const receiver = await startReceiver();
    const store = await testDatabaseUrl(dir);
    const config = loadConfig(
      {},
      {
        mode: 'demo',
        host: '127.0.0.1',
        port: 0,
        databaseUrl: store.url,
        logLevel: 'silent',
        webhookPollMs: 50,
      },
    );
    const server = await startServer(config);
    try {
      await seedTestEntity(server.deps.db, config);
      await ownNetwork(server.deps.db);
      await createEndpoint(server.deps.db, ENTE, { url: receiver.url }, new Date());
      await emit(server, [{ iupd: 'LIVE' }]);
      for (let i = 0; i < 100 && receiver.received.length === 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(parsed(receiver).map((e) => e.data.practice?.iupd)).toEqual(['LIVE']);
    } finally {
      await server.close();
      await receiver.close();
      await store.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in production an http endpoint (made around the API) is not sent to', async () => {
    const h = await createHarness();
    await ownNetwork(h.deps.db);
    const receiver = await startReceiver();
    try {
      await createEndpoint(h.deps.db, ENTE, { url: receiver.url }, new Date());
      await emit(h, [{ iupd: 'A' }]);
      h.deps.config.mode = 'production';
      expect(await deliverAllDue(h.deps)).toBe(1);
      expect(receiver.received).toEqual([]);
      const row = await h.deps.db.selectFrom('webhook_deliveries').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'pending', last_error: 'https required in production' });
    } finally {
      await receiver.close();
      await h.close();
    }
  });
});

describe('webhook delivery across restarts and processes', () => {
  const receivers: TestReceiver[] = [];
  afterAll(async () => {
    for (const r of receivers) await r.close();
  });

  /** A second "process": its own connection (pool) to the same database. */
  async function reopen(h: Harness, now: () => Date): Promise<WebhookDeps & { close(): Promise<void> }> {
    const handle = await openDatabase(h.deps.config.databaseUrl);
    await migrate(handle.db);
    return {
      db: handle.db,
      config: { ...h.deps.config },
      logger: memoryLogger(),
      now,
      version: 'test',
      close: () => handle.close(),
    };
  }

  it('a restart mid-retry loses nothing: the new process delivers what the old one could not', async () => {
    const h = await createHarness();
    await ownNetwork(h.deps.db);
    const receiver = await startReceiver();
    receivers.push(receiver);
    let clock = new Date('2026-11-26T10:00:00Z');
    h.setNow(clock);
    await createEndpoint(h.deps.db, ENTE, { url: receiver.url }, clock);
    receiver.status = 503;
    await emit(h, [{ iupd: 'A' }, { iupd: 'B' }, { iupd: 'A' }]);
    expect(await deliverAllDue(h.deps)).toBe(2);
    // One attempt in flight when the process dies: claimed, never finished.
    await emit(h, [{ iupd: 'C' }]);
    clock = new Date(clock.getTime() + 60_000);
    h.setNow(clock);
    const inFlight = await claimDue(h.deps, 10);
    expect(inFlight.length).toBeGreaterThan(0);
    await h.database.close();

    receiver.status = 200;
    const later = new Date(clock.getTime() + 120_000);
    const next = await reopen(h, () => later);
    try {
      expect(await deliverAllDue(next)).toBeGreaterThanOrEqual(4);
      const got = parsed(receiver);
      expect(got.map((e) => e.data.practice?.iupd).sort()).toEqual(['A', 'A', 'B', 'C']);
      const rows = await next.db.selectFrom('webhook_deliveries').select('status').execute();
      expect(rows.every((r) => r.status === 'delivered')).toBe(true);
    } finally {
      await next.close();
      rmSync(h.dir, { recursive: true, force: true });
    }
  });

  // PostgreSQL takes an id before commit; the fan-out cursor must not pass an event still to commit.
  it.runIf(testEngine() === 'postgres')(
    'an event whose transaction commits after a later one is still delivered, first',
    async () => {
      const h = await createHarness();
      await ownNetwork(h.deps.db);
      const receiver = await startReceiver();
      receivers.push(receiver);
      await createEndpoint(h.deps.db, ENTE, { url: receiver.url }, new Date());
      let commit!: () => void;
      let written!: () => void;
      const wrote = new Promise<void>((r) => (written = r));
      const slow = transaction(h.deps.db, async (tx) => {
        await appendEvent(tx, eventOf('SLOW'));
        written();
        await new Promise<void>((r) => (commit = r));
      });
      await wrote;
      const fast = emit(h, [{ iupd: 'FAST' }]);
      // The second writer has either committed or waits on a lock: only then does the worker run.
      let fastDone = false;
      void fast.then(() => (fastDone = true));
      while (!fastDone && !(await waitingOnLock(h))) await new Promise((r) => setTimeout(r, 20));
      await deliverAllDue(h.deps);
      commit();
      await slow;
      await fast;
      await deliverAllDue(h.deps);
      expect(parsed(receiver).map((e) => e.data.practice?.iupd)).toEqual(['SLOW', 'FAST']);
      await h.close();
    },
  );

  it('two workers on one database deliver each event once', async () => {
    const h = await createHarness();
    await ownNetwork(h.deps.db);
    const receiver = await startReceiver();
    receivers.push(receiver);
    await createEndpoint(h.deps.db, ENTE, { url: receiver.url }, new Date());
    await emit(
      h,
      Array.from({ length: 300 }, (_, i) => ({ iupd: `P-${i % 30}` })),
    );
    const other = await reopen(h, () => new Date());
    try {
      await Promise.all([deliverAllDue(h.deps), deliverAllDue(other)]);
      const got = parsed(receiver);
      expect(got).toHaveLength(300);
      expect(new Set(got.map((e) => e.id)).size).toBe(300);
    } finally {
      await other.close();
      await h.close();
    }
  });
});
