// The invariants of a soak run, read from the database once the server has stopped (and from
// what the soak itself saw: answers, bursts, the receiver's log). Each is a row of the report.
import { OPEN_PAYMENT_STATES } from '@pagatore/sdk';
import { openReader } from './reader.mjs';
/** Positions per import chunk (packages/server/src/import/import.ts, docs/import-csv.md). */
export const IMPORT_CHUNK = 1000;
/** The server expires payments past their TTL every 30 s: an open payment is stuck after that. */
export const EXPIRY_SWEEP_MS = 30_000;
/** How long a request may wait for the write lock after reading the clock (see check 6). */
const WAIT_SLACK_MS = 3_000;

const hasToken = (flag, token) =>
  (flag ?? '')
    .split(',')
    .map((s) => s.trim())
    .includes(token);

function sample(list, n = 3) {
  return list.slice(0, n).join('; ') + (list.length > n ? `; … (${list.length})` : '');
}

/**
 * @param {string} database the SQLite file or the PostgreSQL URL (see reader.mjs)
 * @param {any} seen what the run recorded (see soak.mjs)
 */
export async function checkInvariants(database, seen) {
  const db = await openReader(database);
  const rows = [];
  const add = (name, bad, detail) =>
    rows.push({ name, ok: bad.length === 0, detail: bad.length ? sample(bad) : detail });
  try {
    const options = await db.all(`select o.id, o.position_id, o.installment, o.nav, o.status, p.iupd
           from payment_options o join positions p on p.id = o.position_id`);
    const receipts = await db.all(
      'select id, option_id, position_id, receipt_id, nav, amount, flag from receipts',
    );
    const byOption = new Map();
    for (const r of receipts) {
      const list = byOption.get(r.option_id) ?? [];
      list.push(r);
      byOption.set(r.option_id, list);
    }
    const counted = (list) => (list ?? []).filter((r) => !hasToken(r.flag, 'overpaid'));

    // 1. Every paid notice has exactly one receipt that is not flagged as an overpayment.
    const paid = options.filter((o) => o.status === 'paid');
    const badPaid = [];
    for (const o of paid) {
      const n = counted(byOption.get(o.id)).length;
      if (n !== 1)
        badPaid.push(`${o.iupd} option ${o.installment} (${o.nav}): ${n} receipts not flagged overpaid`);
    }
    for (const o of options) {
      if (o.status === 'paid') continue;
      const unflagged = (byOption.get(o.id) ?? []).filter((r) => !r.flag);
      if (unflagged.length)
        badPaid.push(
          `${o.iupd} option ${o.installment} is ${o.status} but has ${unflagged.length} unflagged receipt(s)`,
        );
    }
    add(
      'every paid notice has exactly one receipt (extra ones flagged overpaid)',
      badPaid,
      `${paid.length} paid notices, ${receipts.length} receipts, ${receipts.filter((r) => hasToken(r.flag, 'overpaid')).length} flagged overpaid`,
    );

    // 2. A practice is collected once: its counted receipts are one single payment, or installments.
    const byPosition = new Map();
    for (const o of options) {
      const list = byPosition.get(o.position_id) ?? [];
      list.push(o);
      byPosition.set(o.position_id, list);
    }
    const twice = [];
    let collected = 0;
    for (const [, opts] of byPosition) {
      const single = opts.find((o) => o.installment === 0);
      const singleN = single ? counted(byOption.get(single.id)).length : 0;
      const instN = opts.filter((o) => o.installment > 0).map((o) => counted(byOption.get(o.id)).length);
      const instPaid = instN.filter((n) => n > 0).length;
      if (singleN + instPaid > 0) collected++;
      if ((singleN > 0 && instPaid > 0) || singleN > 1 || instN.some((n) => n > 1))
        twice.push(
          `${opts[0].iupd}: single ×${singleN}, installments [${instN.join(',')}] not flagged overpaid`,
        );
    }
    add('no practice collected twice unless flagged overpaid', twice, `${collected} practices collected`);

    // 3. A receiptId is recorded once; N concurrent copies of one receipt: one recorded, ≤ 1 OK.
    const dupIds = (
      await db.all(
        'select receipt_id, count(*) n from receipts group by entity_code, receipt_id having count(*) > 1',
      )
    ).map((r) => `${r.receipt_id} ×${r.n}`);
    for (const b of seen.duplicateBursts) {
      if (b.errors > 0) continue;
      if (b.ok > 1) dupIds.push(`${b.receiptId}: ${b.ok} of ${b.copies} copies answered OK`);
    }
    add(
      'one receipt per receiptId; concurrent copies answered OK once',
      dupIds,
      `${seen.duplicateBursts.length} bursts of ${seen.duplicateBursts[0]?.copies ?? 0} copies`,
    );

    // 4. Every receipt the node sent is kept: answered OK, or a duplicate of one already kept.
    const stored = new Set(receipts.map((r) => r.receipt_id));
    const lost = [];
    let sent = 0;
    for (const [receiptId, s] of seen.receiptsSent) {
      if (s.outcome !== 'OK') continue;
      sent++;
      const acknowledged =
        s.answers.includes('OK') || (s.answers.includes('PAA_RECEIPT_DUPLICATA') && s.errors > 0);
      if (acknowledged && !stored.has(receiptId))
        lost.push(`${receiptId} (${s.why}) answered OK but not stored`);
      else if (!acknowledged && s.answers.length > 0)
        lost.push(`${receiptId} (${s.why}) refused: ${[...new Set(s.answers)].join('/')}`);
    }
    add(
      'every receipt sent by the node is kept (never refused or lost)',
      lost,
      `${sent} receipts sent (OK outcome)`,
    );

    // 5. Every sandbox payment whose payer chose "paid" has a receipt for each of its notices.
    const missing = [];
    const receiptNavs = new Set(receipts.map((r) => r.nav));
    const itemsOf = (id) => db.all('select nav from payment_items where payment_id = ?', id);
    for (const p of seen.sandboxPaid) {
      const navs = (await itemsOf(p.id)).map((i) => i.nav);
      if (navs.length === 0) missing.push(`${p.id}: no such payment`);
      for (const nav of navs) if (!receiptNavs.has(nav)) missing.push(`${p.id} ${nav}`);
    }
    add(
      'every sandbox "paid" outcome has its receipts',
      missing,
      `${seen.sandboxPaid.length} sandbox payments paid`,
    );

    // 6. One payment at a time per practice, holding one of its options: whatever the entry point,
    // the open periods (creation to end, or to expiry: a lock past it is released by the next start)
    // of two payments on the options of one practice never overlap.
    const held =
      await db.all(`select p.id, o.position_id, count(distinct o.id) n, p.created_at, coalesce(p.ended_at, p.expires_at) ended, p.expires_at,
                s.iupd
           from payments p join payment_items i on i.payment_id = p.id
           join payment_options o on o.id = i.option_id join positions s on s.id = o.position_id
          group by p.id, o.position_id, s.iupd order by o.position_id, p.created_at`);
    // A payment's created_at and ended_at are the clock read when its request arrived, before the
    // request waited its turn for the database's write lock: under load a start that committed
    // after another payment's end can carry an earlier time by as long as it waited. Periods
    // overlapping by less than that are not evidence; a broken lock shows as overlaps of seconds,
    // up to the TTL (and as the money checks above).
    const overlaps = [];
    let last = null;
    for (const h of held) {
      const end = h.ended < h.expires_at ? h.ended : h.expires_at;
      if (h.n > 1) overlaps.push(`${h.iupd}: payment ${h.id} holds ${h.n} of its options`);
      if (
        last &&
        last.position_id === h.position_id &&
        Date.parse(last.end) - Date.parse(h.created_at) > WAIT_SLACK_MS
      )
        overlaps.push(
          `${h.iupd}: payment ${h.id} started ${h.created_at} while ${last.id} was open until ${last.end}`,
        );
      if (!last || last.position_id !== h.position_id || end > last.end)
        last = { position_id: h.position_id, id: h.id, end };
    }
    const multiWin = seen.activationBursts.filter((b) => b.winners > 1).length;
    add(
      'one payment at a time per practice (concurrent activations across its options: one wins)',
      overlaps,
      `${seen.activationBursts.length} bursts of concurrent activations` +
        (multiWin ? `, ${multiWin} with a later winner after the first expired` : ''),
    );

    // 7. No payment open past its TTL (and the server's expiry sweep).
    const limit = new Date(seen.checkedAt - EXPIRY_SWEEP_MS - 5000).toISOString();
    const stuck = (
      await db.all(
        `select id, state, expires_at from payments where state in (${OPEN_PAYMENT_STATES.map(() => '?').join(',')}) and expires_at < ?`,
        ...OPEN_PAYMENT_STATES,
        limit,
      )
    ).map((p) => `${p.id} ${p.state} expired at ${p.expires_at}`);
    const openNow = (
      await db.get(
        `select count(*) n from payments where state in (${OPEN_PAYMENT_STATES.map(() => '?').join(',')})`,
        ...OPEN_PAYMENT_STATES,
      )
    ).n;
    const states = (await db.all('select state, count(*) n from payments group by state order by state'))
      .map((r) => `${r.state} ${r.n}`)
      .join(', ');
    add('no payment open past its TTL', stuck, `${states}; ${openNow} open within TTL`);

    // 8. Every import chunk is whole or absent, in order; a 2xx import is whole.
    const broken = [];
    const presentOf = (ente, like) =>
      db.all(
        `select p.iupd, count(o.id) n from positions p join payment_options o on o.position_id = p.id
        where p.entity_code = ? and p.iupd like ? group by p.iupd`,
        ente,
        like,
      );
    let chunks = 0;
    for (const imp of seen.imports) {
      const present = new Map((await presentOf(seen.ente, `${imp.prefix}%`)).map((r) => [r.iupd, r.n]));
      let prefix = 0;
      while (prefix < imp.iupds.length && present.has(imp.iupds[prefix])) prefix++;
      const stray = imp.iupds.slice(prefix).filter((i) => present.has(i)).length;
      const whole = prefix === imp.iupds.length || prefix % IMPORT_CHUNK === 0;
      const wrongOptions = imp.iupds.filter(
        (i, k) => present.has(i) && present.get(i) !== imp.options[k],
      ).length;
      chunks += Math.ceil(imp.iupds.length / IMPORT_CHUNK);
      if (!whole || stray || wrongOptions)
        broken.push(
          `${imp.prefix} (${imp.format}): ${prefix} of ${imp.iupds.length} present, ${stray} stray, ${wrongOptions} with missing options`,
        );
      if (imp.status >= 200 && imp.status < 300 && prefix !== imp.iupds.length)
        broken.push(`${imp.prefix} answered ${imp.status} but ${prefix} of ${imp.iupds.length} present`);
    }
    add(
      'every import whole or absent per chunk (1,000 positions)',
      broken,
      `${seen.imports.length} imports (${seen.imports.filter((i) => i.status === 200).length} answered), ${chunks} chunks`,
    );

    // 9. Every event delivered to the endpoint, signed, first delivery in order per practice.
    const events = await db.all(
      'select id, type, practice_key from events where entity_code = ? order by id',
      seen.ente,
    );
    const deliveries = new Map(
      (
        await db.all(
          'select event_id, status, attempts from webhook_deliveries where endpoint_id = ?',
          seen.webhookId,
        )
      ).map((d) => [d.event_id, d]),
    );
    const firstOk = new Map();
    for (const [i, e] of seen.receiverLog.entries())
      if (e.status === 200 && e.signed && !firstOk.has(e.eventId)) firstOk.set(e.eventId, i);
    const undelivered = [];
    const lastByPractice = new Map();
    for (const e of events) {
      const d = deliveries.get(e.id);
      if (!d || d.status !== 'delivered')
        undelivered.push(`event ${e.id} ${e.type}: ${d ? d.status : 'no delivery'}`);
      const at = firstOk.get(String(e.id));
      if (at === undefined) {
        undelivered.push(`event ${e.id} ${e.type}: never answered 200 by the receiver`);
        continue;
      }
      const before = lastByPractice.get(e.practice_key);
      if (before !== undefined && at < before.at)
        undelivered.push(`event ${e.id} of ${e.practice_key} arrived before event ${before.id}`);
      lastByPractice.set(e.practice_key, { at, id: e.id });
    }
    const unsigned = seen.receiverLog.filter((e) => e.status !== -1 && !e.signed).length;
    if (unsigned) undelivered.push(`${unsigned} POSTs with a bad signature`);
    const failedPhase = seen.receiverLog.filter((e) => e.status !== 200).length;
    add(
      'every event delivered, signed, in order per practice',
      undelivered,
      `${events.length} events, ${seen.receiverLog.length} POSTs (${failedPhase} failed on purpose)`,
    );

    // 10-11. No server error, and no dropped connection, outside the kill windows.
    const fives = seen.failures.filter(
      (f) => !f.what.startsWith('connection') && !seen.inWindow(f.start, f.end),
    );
    add(
      '0 × 5xx (or PAA_SYSTEM_ERROR) outside the kill windows',
      fives.map((f) => `${f.kind} ${f.what} at ${((f.start - (seen.t0 ?? 0)) / 1000).toFixed(1)} s`),
      `${seen.failures.filter((f) => !f.what.startsWith('connection')).length} inside ${seen.windows} kill windows`,
    );
    const drops = seen.failures.filter(
      (f) => f.what.startsWith('connection') && !seen.inWindow(f.start, f.end),
    );
    const races = (seen.races ?? []).filter((f) => !seen.inWindow(f.start, f.end)).length;
    add(
      '0 connection errors outside the kill windows',
      drops.map((f) => `${f.kind} ${f.what} at ${((f.start - (seen.t0 ?? 0)) / 1000).toFixed(1)} s`),
      `${seen.failures.filter((f) => f.what.startsWith('connection')).length} inside kill windows` +
        (races ? `; ${races} sent again after a keep-alive race` : ''),
    );

    const counts = {
      positions: (await db.get('select count(*) n from positions')).n,
      options: options.length,
      paidOptions: paid.length,
      receipts: receipts.length,
      payments: (await db.get('select count(*) n from payments')).n,
      accounts: (await db.get("select count(*) n from accounts where status = 'active'")).n,
      events: events.length,
    };
    return { rows, counts };
  } finally {
    await db.close();
  }
}
