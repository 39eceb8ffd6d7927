/**
 * The dashboard's figures for a range of Europe/Rome days. The database adds up (SUM/COUNT grouped
 * by the UTC hour of payment, the same SQL on SQLite and PostgreSQL); the hours then fold into Rome
 * days here, exact because Rome's offset is a whole number of hours. Money is integer cents.
 */
import type { Stats } from '@pagatore/sdk';
import { addDays, romeDate, romeDayEnd, romeDayStart } from '../core/rome-calendar.js';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Options still to be paid: they count in the open amount. */
const OPEN_OPTION = ['unpaid', 'in_payment', 'expired'];
/** Positions that no longer ask for money. */
const CLOSED_POSITION = ['paid', 'cancelled'];

type Tally = { count: number; amount: number };

function add(map: Map<string, Tally>, key: string, count: number, amount: number): void {
  const t = map.get(key) ?? { count: 0, amount: 0 };
  t.count += count;
  t.amount += amount;
  map.set(key, t);
}

/** The Rome day of a `YYYY-MM-DDTHH` UTC hour. */
function dayOfHour(hour: string): string {
  return romeDate(`${hour}:00:00.000Z`);
}

export async function entityStats(
  db: Db,
  entityCode: string,
  range: { from: string; to: string },
): Promise<Stats> {
  const start = romeDayStart(range.from);
  const end = romeDayEnd(range.to);
  const hour = sql<string>`substr(r.paid_at, 1, 13)`;
  const inRange = db
    .selectFrom('receipts as r')
    .where('r.entity_code', '=', entityCode)
    .where('r.paid_at', '>=', start)
    .where('r.paid_at', '<', end);

  const [byHourService, byMethod, dueRows, openRows, services] = await Promise.all([
    inRange
      .innerJoin('positions as p', 'p.id', 'r.position_id')
      .select((eb) => [
        hour.as('h'),
        'p.service_code',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('r.amount').as('amount'),
      ])
      .groupBy([hour, 'p.service_code'])
      .execute(),
    inRange
      .select((eb) => [
        'r.method',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('r.amount').as('amount'),
      ])
      .groupBy('r.method')
      .orderBy('r.method')
      .execute(),
    inRange
      .innerJoin('payment_options as o', 'o.id', 'r.option_id')
      .where((eb) => eb.or([eb('r.flag', 'is', null), eb('r.flag', 'not like', '%overpaid%')]))
      .select((eb) => [hour.as('h'), 'o.due_date', eb.fn.countAll<number>().as('n')])
      .groupBy([hour, 'o.due_date'])
      .execute(),
    db
      .selectFrom('payment_options as o')
      .innerJoin('positions as p', 'p.id', 'o.position_id')
      .where('o.entity_code', '=', entityCode)
      .where('o.status', 'in', OPEN_OPTION)
      .where('p.status', 'not in', CLOSED_POSITION)
      // The single payment and the installments are alternatives: a position with installments
      // owes their sum, one without owes its single payment.
      .where((eb) =>
        eb.or([
          eb('o.installment', '>', 0),
          eb.not(
            eb.exists(
              eb
                .selectFrom('payment_options as i')
                .select('i.id')
                .whereRef('i.position_id', '=', 'o.position_id')
                .where('i.installment', '>', 0),
            ),
          ),
        ]),
      )
      .select((eb) => [
        sql<string>`substr(o.due_date, 1, 7)`.as('month'),
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('o.amount').as('amount'),
      ])
      .groupBy(sql`substr(o.due_date, 1, 7)`)
      .orderBy(sql`substr(o.due_date, 1, 7)`)
      .execute(),
    db.selectFrom('services').select(['code', 'name']).where('entity_code', '=', entityCode).execute(),
  ]);

  const names = new Map(services.map((s) => [s.code, s.name]));
  const nameOf = (code: string | null) => (code === null ? '' : (names.get(code) ?? code));
  const days = new Map<string, Tally>();
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.set(d, { count: 0, amount: 0 });
  const perService = new Map<string, Tally>();
  const perDayService = new Map<string, Tally>();
  const total = { count: 0, amount: 0 };
  for (const r of byHourService) {
    const n = Number(r.n);
    const amount = Number(r.amount);
    const day = dayOfHour(r.h);
    const svc = r.service_code ?? '';
    add(days, day, n, amount);
    add(perService, svc, n, amount);
    add(perDayService, `${day}|${svc}`, n, amount);
    total.count += n;
    total.amount += amount;
  }
  let onTime = 0;
  let late = 0;
  for (const r of dueRows) {
    if (dayOfHour(r.h) <= r.due_date) onTime += Number(r.n);
    else late += Number(r.n);
  }
  const svcOf = (k: string) => (k === '' ? null : k);
  return {
    from: range.from,
    to: range.to,
    collectedByDay: [...days].map(([date, t]) => ({ date, ...t })),
    collectedByService: [...perService]
      .map(([k, t]) => ({ service: svcOf(k), name: nameOf(svcOf(k)), ...t }))
      .sort((a, b) => b.amount - a.amount || (a.service ?? '').localeCompare(b.service ?? '')),
    collectedByDayService: [...perDayService]
      .map(([k, t]) => {
        const [date, svc] = k.split('|') as [string, string];
        return { date, service: svcOf(svc), name: nameOf(svcOf(svc)), ...t };
      })
      .sort((a, b) => a.date.localeCompare(b.date) || (a.service ?? '').localeCompare(b.service ?? '')),
    byMethod: byMethod.map((r) => ({ method: r.method, count: Number(r.n), amount: Number(r.amount) })),
    onTime: { onTime, late },
    openByDueMonth: openRows.map((r) => ({ month: r.month, count: Number(r.n), amount: Number(r.amount) })),
    total,
  };
}
