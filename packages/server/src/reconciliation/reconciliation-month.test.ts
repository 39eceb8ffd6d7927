/**
 * A generated month of traffic: receipts every day on two IBANs (one or two transfers each), and a
 * reporting flow each day settling the day before with every anomaly kind mixed in (amount differs,
 * receipt missing, revoked, paid without RPT, duplicate, never reported, a flow whose totals do not
 * add up). The daily report must equal what the generator knows, line by line, add up on every line
 * (collected = settled + awaiting + disputed), and say the same in CSV and JSON; the overdue
 * transfers are announced once.
 */
import {
  createAdminClient,
  PositionInput,
  type ReconciliationReportRow,
  type WebhookEventData,
} from '@pagatore/sdk';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction } from '../db/database.js';
import { findEntity } from '../entities/entities.js';
import { recordReceipt } from '../payments/record-receipt.js';
import { writePositions } from '../positions/positions.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { testKey } from '../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../test/support/entity.js';
import { flowIdOf, type TestFlowRow, validFlowXmls } from '../../test/support/fdr-node.js';
import { runDueReconciliations } from './job.js';

const ENTE = TEST_ENTITY.code;
const IBANS = [TEST_ENTITY.iban, 'IT30O0760103200000012345678'];
const PSP = 'BCITITMM';
const DAYS = 30;
const PER_DAY = 6;
const NOW = new Date('2026-12-03T12:00:00Z');
const AWAITING_DAYS = 5;

/** A small deterministic generator (mulberry32): the same month every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Fate = 'settled' | 'differs' | 'revoked' | 'no_rpt' | 'duplicate' | 'unreported';

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;

describe('a month of receipts and flows', () => {
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  const expected = new Map<string, ReconciliationReportRow>();
  const line = (date: string, iban: string) => {
    const k = `${date}|${iban}`;
    let l = expected.get(k);
    if (!l) {
      l = {
        date,
        iban,
        collected_count: 0,
        collected_amount: 0,
        settled_count: 0,
        settled_amount: 0,
        awaiting_count: 0,
        awaiting_amount: 0,
        overdue_count: 0,
        overdue_amount: 0,
        disputed_count: 0,
        disputed_amount: 0,
        unmatched_count: 0,
        unmatched_amount: 0,
        anomalies: 0,
      };
      expected.set(k, l);
    }
    return l;
  };
  let overdueTransfers = 0;
  const fates = new Map<Fate, number>();

  beforeAll(async () => {
    h = await createHarness();
    h.setNow(NOW);
    server = await h.listen();
    const entity = (await findEntity(h.deps.db, ENTE))!;
    const rnd = random(22);
    const rowsByDay = new Map<number, TestFlowRow[]>();
    const rowsOfDay = (d: number) => {
      let r = rowsByDay.get(d);
      if (!r) rowsByDay.set(d, (r = []));
      return r;
    };
    let n = 0;
    for (let d = 1; d <= DAYS; d++) {
      for (let i = 0; i < PER_DAY; i++) {
        n++;
        const transfers = Array.from({ length: rnd() < 0.3 ? 2 : 1 }, (_, k) => ({
          iban: IBANS[(n + k) % 2] as string,
          amount: 100 + Math.floor(rnd() * 50_000),
        }));
        const amount = transfers.reduce((a, t) => a + t.amount, 0);
        const iupd = `MESE-${n}`;
        const paidAt = new Date(`${day(d)}T${String(7 + i).padStart(2, '0')}:15:00Z`);
        await transaction(h.deps.db, async (tx) => {
          const input = v.parse(PositionInput, {
            iupd,
            debtor: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi' },
            description: `Mese ${n}`,
            single: {
              amount,
              dueDate: '2099-12-31',
              transfers: transfers.map((t) => ({ ...t, remittance: 'Quota', taxonomy: '9/0101002IM/' })),
            },
          });
          const r = await writePositions(tx, entity, [{ row: 1, position: input }], 'create', paidAt);
          expect(r.errors).toEqual([]);
        });
        const option = await h.deps.db
          .selectFrom('payment_options')
          .innerJoin('positions', 'positions.id', 'payment_options.position_id')
          .select(['payment_options.nav', 'payment_options.iuv'])
          .where('positions.iupd', '=', iupd)
          .executeTakeFirstOrThrow();
        const receiptId = `M${String(n).padStart(10, '0')}`;
        await recordReceipt(
          h.deps.db,
          {
            entityCode: ENTE,
            nav: option.nav,
            receiptId,
            amount,
            fee: 50,
            pspId: PSP,
            pspName: 'Banca di prova',
            pspFiscalCode: null,
            channel: `${PSP}_01`,
            method: 'CP',
            paidAt,
            payer: null,
          },
          paidAt,
        );
        const x = rnd();
        const fate: Fate =
          x < 0.62
            ? 'settled'
            : x < 0.7
              ? 'differs'
              : x < 0.76
                ? 'revoked'
                : x < 0.81
                  ? 'no_rpt'
                  : x < 0.87
                    ? 'duplicate'
                    : 'unreported';
        fates.set(fate, (fates.get(fate) ?? 0) + 1);
        const late = paidAt.getTime() + AWAITING_DAYS * 86_400_000 < NOW.getTime();
        transfers.forEach((t, k) => {
          const l = line(day(d), t.iban);
          l.collected_count++;
          l.collected_amount += t.amount;
          const row: TestFlowRow = {
            iuv: option.iuv,
            iur: receiptId,
            idx: k + 1,
            amount: t.amount,
            outcome: 0,
            date: day(d),
          };
          // The first transfer carries the anomaly; a second one settles normally.
          const own: Fate = k === 0 ? fate : fate === 'unreported' ? 'unreported' : 'settled';
          if (own === 'unreported') {
            l.awaiting_count++;
            l.awaiting_amount += t.amount;
            if (late) {
              l.overdue_count++;
              l.overdue_amount += t.amount;
              l.anomalies++;
              overdueTransfers++;
            }
            return;
          }
          const settleDay = Math.min(d + 1, DAYS);
          if (own === 'settled' || own === 'duplicate') {
            rowsOfDay(settleDay).push(row);
            l.settled_count++;
            l.settled_amount += t.amount;
            if (own === 'duplicate') {
              // Reported again by a later flow: money to ask back, on the row's date.
              rowsOfDay(Math.min(settleDay + 1, DAYS)).push({ ...row });
              l.unmatched_count++;
              l.unmatched_amount += t.amount;
              l.anomalies++;
            }
            return;
          }
          rowsOfDay(settleDay).push(
            own === 'differs'
              ? { ...row, amount: t.amount + 7 }
              : { ...row, outcome: own === 'revoked' ? 3 : 9 },
          );
          l.disputed_count++;
          l.disputed_amount += t.amount;
          l.anomalies++;
        });
      }
      // Money for a notice nobody knows, every third day: no IBAN to put it under.
      if (d % 3 === 0) {
        const amount = 1000 + d;
        rowsOfDay(Math.min(d + 1, DAYS)).push({
          iuv: `0999${String(d).padStart(13, '0')}`,
          iur: `UNKNOWN-${d}`,
          idx: 1,
          amount,
          outcome: 0,
          date: day(d),
        });
        const l = line(day(d), '');
        l.unmatched_count++;
        l.unmatched_amount += amount;
        l.anomalies++;
      }
    }
    const flows = [...rowsByDay.entries()]
      .sort(([a], [b]) => a - b)
      .map(([d, rows]) => ({
        flowId: flowIdOf(day(d), PSP, d),
        flowDate: `${day(d)}T18:00:00`,
        settlementId: `SEPA-${day(d)}`,
        settlementDate: day(d),
        pspId: PSP,
        pspName: 'Banca di prova',
        receiver: ENTE,
        rows,
        // One PSP declares a wrong total: the flow is flagged, its rows still count.
        ...(d === 10 ? { declaredAmount: rows.reduce((a, r) => a + r.amount, 0) + 100 } : {}),
      }));
    const xmls = await validFlowXmls(flows);
    const admin = createAdminClient({ baseUrl: server.url, apiKey: await testKey(h) });
    for (const xml of xmls) expect((await admin.flows.upload(xml)).status).toBe('valid');
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it('generates every kind of anomaly', () => {
    for (const f of ['settled', 'differs', 'revoked', 'no_rpt', 'duplicate', 'unreported'] as const)
      expect(fates.get(f), f).toBeGreaterThan(0);
    expect(overdueTransfers).toBeGreaterThan(0);
  });

  it('the daily report equals the generated month, adds up on every line, in JSON and CSV', async () => {
    const admin = createAdminClient({ baseUrl: server.url, apiKey: await testKey(h) });
    const report = await admin.reconciliation.reportRows({ from: day(1), to: day(DAYS) });
    const want = [...expected.values()].sort((a, b) =>
      a.date === b.date ? a.iban.localeCompare(b.iban) : a.date < b.date ? -1 : 1,
    );
    expect(report).toEqual(want);
    for (const l of report) {
      expect(l.settled_amount + l.awaiting_amount + l.disputed_amount, `${l.date} ${l.iban}`).toBe(
        l.collected_amount,
      );
      expect(l.settled_count + l.awaiting_count + l.disputed_count).toBe(l.collected_count);
      expect(l.anomalies).toBe(l.disputed_count + l.overdue_count + l.unmatched_count);
    }
    // The month's collected money is every receipt's transfers.
    const receipts = await h.deps.db
      .selectFrom('receipts')
      .select(['amount'])
      .where('entity_code', '=', ENTE)
      .execute();
    expect(report.reduce((a, l) => a + l.collected_amount, 0)).toBe(
      receipts.reduce((a, r) => a + Number(r.amount), 0),
    );
    // The settled money is what the flows matched.
    const matched = await h.deps.db
      .selectFrom('flow_rows')
      .select(['amount'])
      .where('entity_code', '=', ENTE)
      .where('current', '=', 1)
      .where('result', '=', 'matched')
      .execute();
    expect(report.reduce((a, l) => a + l.settled_amount, 0)).toBe(
      matched.reduce((a, r) => a + Number(r.amount), 0),
    );
    const csv = await (
      await admin.reconciliation.report({ from: day(1), to: day(DAYS), format: 'csv' })
    ).text();
    const [head, ...lines] = csv.trimEnd().split('\r\n');
    const cols = head!.split(',');
    expect(
      lines.map((t) => {
        const cells = t.split(',');
        return Object.fromEntries(
          cols.map((c, i) => [c, c === 'date' || c === 'iban' ? cells[i] : Number(cells[i])]),
        );
      }),
    ).toEqual(report);
    // The flow whose totals do not add up is flagged.
    const flagged = (await admin.flows.list({ anomalies: 'true', limit: 200 })).items.filter(
      (f) => f.totalsMismatch,
    );
    expect(flagged.map((f) => f.settlementDate)).toEqual([day(10)]);
  });

  it('announces each overdue transfer once', async () => {
    await runDueReconciliations(h.deps);
    const overdue = async () =>
      (
        await h.deps.db
          .selectFrom('events')
          .select('payload')
          .where('type', '=', 'reconciliation.anomaly')
          .execute()
      )
        .map((e) => JSON.parse(e.payload) as WebhookEventData)
        .filter((e) => e.anomaly?.kind === 'overdue');
    expect(await overdue()).toHaveLength(overdueTransfers);
    await h.deps.db.updateTable('flow_fetch_jobs').set({ next_run_at: '2000-01-01T00:00:00.000Z' }).execute();
    await Promise.all([runDueReconciliations(h.deps), runDueReconciliations(h.deps)]);
    expect(await overdue()).toHaveLength(overdueTransfers);
  });
});
