import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { testKey, IBAN, position } from '../../../test/support/admin-fixtures.js';
import { testEngine } from '../../../test/support/test-database.js';
import { sql } from 'kysely';
import { buildNav } from '@pagatore/sdk';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HEADER =
  'iupd,debtor_fiscal_code,debtor_name,description,installment,amount,due_date,nav,transfer1_iban,transfer1_amount,transfer1_taxonomy,transfer2_iban,transfer2_amount,transfer2_taxonomy';

function line(iupd: string, cf: string, inst: string, amount: number | string, t1 = String(amount), t2 = '') {
  const second = t2 ? `${IBAN},${t2},9/0101002IM/` : ',,';
  return `${iupd},${cf},"Rossi, Mario",TARI 2026,${inst},${amount},2026-12-31,,${IBAN},${t1},9/0101002IM/,${second}`;
}

describe('admin bulk import', () => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await createHarness({ config: { importLimitBytes: 200_000 } });
    key = await testKey(h);
  });
  afterAll(() => h.close());

  const post = (body: string, type: string, query = '') =>
    h.request(`/api/v1/admin/positions/import${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      body,
    });
  const count = async (prefix: string) =>
    (
      await h.deps.db
        .selectFrom('positions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('iupd', 'like', `${prefix}%`)
        .executeTakeFirstOrThrow()
    ).n;

  it('imports CSV with single payments, installments and split transfers; reports broken rows, writes none of them', async () => {
    const csv = [
      HEADER,
      line('C-1', 'RSSMRA85T10A562S', '', 15000),
      line('C-2', 'RSSMRA85T10A562S', '0', 15000, '10000', '5000'),
      line('C-3', 'BSCMTT83A12L719R', '1', 5000),
      line('C-3', 'BSCMTT83A12L719R', '2', 5000),
      line('C-3', 'BSCMTT83A12L719R', '3', 5001),
      line('C-BADCF', 'RSSMRA85T10A562X', '', 15000),
      line('C-SUM', 'RSSMRA85T10A562S', '', 15000, '10000', '4000'),
      line('C-NEG', 'RSSMRA85T10A562S', '', -5),
      line('C-FRAC', 'RSSMRA85T10A562S', '', '150.5'),
      'C-SHORT,RSSMRA85T10A562S,Mario',
      line('C-GAP', 'BSCMTT83A12L719R', '1', 5000),
      line('C-GAP', 'BSCMTT83A12L719R', '3', 5000),
      line('C-4', '01199250158', '', 700),
      'C-QUOTE,RSSMRA85T10A562S,"Mario "Rossi",TARI,,100,2026-12-31,,' + IBAN + ',100,9/0101002IM/,,,',
      line('C-5', 'RSSMRA85T10A562S', '', 800),
    ].join('\r\n');
    const res = await post(csv, 'text/csv');
    expect(res.status).toBe(200);
    const r = (await res.json()) as Json;
    expect(r).toMatchObject({ format: 'csv', received: 12, created: 5, updated: 0, rejected: 7 });
    const byIupd = Object.fromEntries(r.errors.map((e: Json) => [e.iupd, e]));
    expect(byIupd['C-BADCF'].fields).toContainEqual(
      expect.objectContaining({ path: 'debtor.fiscalCode', code: 'invalid_fiscal_code' }),
    );
    expect(byIupd['C-SUM'].fields).toContainEqual(
      expect.objectContaining({ path: 'single.transfers', code: 'mismatch' }),
    );
    expect(byIupd['C-NEG'].fields).toContainEqual(
      expect.objectContaining({ path: 'single.amount', code: 'invalid_cents' }),
    );
    expect(byIupd['C-FRAC'].fields).toContainEqual(
      expect.objectContaining({ path: 'single.amount', code: 'invalid_cents' }),
    );
    expect(byIupd['C-SHORT']).toMatchObject({ row: 11, code: 'validation_failed' });
    expect(byIupd['C-GAP'].fields).toContainEqual(
      expect.objectContaining({ path: 'installment', code: 'mismatch' }),
    );
    expect(byIupd['C-QUOTE']).toMatchObject({ row: 15 });
    expect(byIupd['C-BADCF'].row).toBe(7);
    expect(await count('C-')).toBe(5);
    const c3 = (await (
      await h.request('/api/v1/admin/positions/C-3', { headers: { authorization: `Bearer ${key}` } })
    ).json()) as Json;
    expect(c3.installments.map((o: Json) => o.amount)).toEqual([5000, 5000, 5001]);
    expect(c3.debtor.name).toBe('Rossi, Mario');
  });

  it('is idempotent: the same file again updates in place and keeps the NAVs', async () => {
    const csv = [
      HEADER,
      line('I-1', 'RSSMRA85T10A562S', '', 100),
      line('I-2', 'RSSMRA85T10A562S', '', 200),
    ].join('\n');
    const first = (await (await post(csv, 'text/csv')).json()) as Json;
    expect(first).toMatchObject({ created: 2, updated: 0, rejected: 0 });
    const navs = async () =>
      (
        await h.deps.db
          .selectFrom('payment_options')
          .innerJoin('positions', 'positions.id', 'payment_options.position_id')
          .select('nav')
          .where('iupd', 'in', ['I-1', 'I-2'])
          .orderBy('nav')
          .execute()
      ).map((r) => r.nav);
    const before = await navs();
    const second = (await (await post(csv, 'text/csv')).json()) as Json;
    expect(second).toMatchObject({ created: 0, updated: 2, rejected: 0 });
    expect(await navs()).toEqual(before);
  });

  it('takes the last of duplicate iupds in one chunk, updates an existing position in place, and stores its totals', async () => {
    const csvHeader =
      'iupd,debtor_fiscal_code,debtor_name,description,installment,amount,due_date,transfer1_iban,transfer1_taxonomy';
    const row = (iupd: string, inst: string, amount: number, due: string, name = 'Mario Rossi') =>
      `${iupd},RSSMRA85T10A562S,${name},TARI 2026,${inst},${amount},${due},${IBAN},9/0101002IM/`;
    const positionRow = (iupd: string) =>
      h.deps.db
        .selectFrom('positions')
        .select(['id', 'debtor_name', 'due_date', 'amount', 'created_at'])
        .where('iupd', '=', iupd)
        .executeTakeFirstOrThrow();
    const optionsOf = async (iupd: string) =>
      h.deps.db
        .selectFrom('payment_options')
        .innerJoin('positions', 'positions.id', 'payment_options.position_id')
        .select(['installment', 'payment_options.amount', 'nav'])
        .where('iupd', '=', iupd)
        .orderBy('installment')
        .execute();

    // D-1 twice, not adjacent (two positions in the same chunk): the later row wins.
    const first = (await (
      await post(
        [
          csvHeader,
          row('D-1', '', 100, '2026-12-31', 'Primo'),
          row('D-2', '2', 300, '2026-11-30'),
          row('D-2', '1', 200, '2026-10-31'),
          row('D-1', '', 150, '2026-12-31', 'Secondo'),
        ].join('\n'),
        'text/csv',
      )
    ).json()) as Json;
    expect(first).toMatchObject({ received: 3, created: 2, updated: 0, rejected: 0 });
    expect(await positionRow('D-1')).toMatchObject({ debtor_name: 'Secondo', amount: 150 });
    // Installments out of order: the position is due at the earliest date, for the sum.
    expect(await positionRow('D-2')).toMatchObject({ due_date: '2026-10-31', amount: 500 });
    const d2 = await optionsOf('D-2');
    expect(d2.map((o) => [o.installment, o.amount])).toEqual([
      [1, 200],
      [2, 300],
    ]);

    // An update through import: same id and creation time, new content, the NAVs kept.
    const before = await positionRow('D-2');
    const second = (await (
      await post(
        [
          csvHeader,
          row('D-2', '', 900, '2027-01-31', 'Nuovo'),
          'D-BAD,RSSMRA85T10A562X,Mario,TARI,,1,2026-12-31,' + IBAN + ',9/0101002IM/',
          row('D-3', '', 10, '2026-12-31'),
        ].join('\n'),
        'text/csv',
      )
    ).json()) as Json;
    expect(second).toMatchObject({ received: 3, created: 1, updated: 1, rejected: 1 });
    expect(second.errors).toEqual([
      expect.objectContaining({
        row: 3,
        iupd: 'D-BAD',
        code: 'validation_failed',
        fields: [expect.objectContaining({ path: 'debtor.fiscalCode', code: 'invalid_fiscal_code' })],
      }),
    ]);
    expect(await count('D-BAD')).toBe(0);
    const after = await positionRow('D-2');
    expect(after).toMatchObject({
      id: before.id,
      created_at: before.created_at,
      debtor_name: 'Nuovo',
      due_date: '2027-01-31',
      amount: 900,
    });
    const d2after = await optionsOf('D-2');
    expect(d2after).toEqual([{ installment: 0, amount: 900, nav: expect.stringMatching(/^3\d{17}$/) }]);
    // A new single option gets a new NAV, not one of the installments' NAVs.
    expect(d2.map((o) => o.nav)).not.toContain(d2after[0]?.nav);
  });

  it('links each option and transfer to its own position when rows go in by many per statement', async () => {
    const csvHeader =
      'iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,transfer1_iban,transfer1_taxonomy';
    // 123 rows: two full multi-row statements and a remainder row by row; a JSON write in between.
    const body = (from: number, n: number) =>
      [
        csvHeader,
        ...Array.from(
          { length: n },
          (_, i) =>
            `M-${from + i},RSSMRA85T10A562S,Mario Rossi,Rata ${from + i},${1000 + from + i},2026-12-31,${IBAN},9/0101002IM/`,
        ),
      ].join('\n');
    expect(await (await post(body(0, 123), 'text/csv')).json()).toMatchObject({ created: 123, rejected: 0 });
    await post(JSON.stringify([position('M-JSON')]), 'application/json');
    expect(await (await post(body(123, 77), 'text/csv')).json()).toMatchObject({ created: 77, rejected: 0 });
    const rows = await h.deps.db
      .selectFrom('positions as p')
      .innerJoin('payment_options as o', 'o.position_id', 'p.id')
      .innerJoin('transfers as t', 't.option_id', 'o.id')
      .select([
        'p.iupd',
        'p.description',
        'p.amount as pa',
        'o.amount as oa',
        't.amount as ta',
        't.remittance',
      ])
      .where('p.iupd', 'like', 'M-%')
      .execute();
    expect(rows).toHaveLength(201);
    for (const r of rows.filter((x) => x.iupd !== 'M-JSON')) {
      const n = Number(r.iupd.slice(2));
      expect(r).toMatchObject({
        description: `Rata ${n}`,
        pa: 1000 + n,
        oa: 1000 + n,
        ta: 1000 + n,
        remittance: `Rata ${n}`,
      });
    }
  });

  it('imports a JSON array and NDJSON; a malformed record is one rejected row', async () => {
    const good = [position('J-1'), position('J-2')];
    const json = `[${JSON.stringify(good[0])}, {"iupd": }, ${JSON.stringify(good[1])}]`;
    const r = (await (await post(json, 'application/json')).json()) as Json;
    expect(r).toMatchObject({ format: 'json', received: 3, created: 2, rejected: 1 });
    expect(r.errors[0]).toMatchObject({ row: 2, code: 'invalid_json' });
    const nd = [
      JSON.stringify(position('N-1')),
      '{broken',
      '',
      JSON.stringify({ ...position('N-2'), extra: 1 }),
    ].join('\n');
    const n = (await (await post(nd, 'application/x-ndjson')).json()) as Json;
    expect(n).toMatchObject({ format: 'ndjson', received: 3, created: 1, rejected: 2 });
    expect(n.errors.map((e: Json) => e.row)).toEqual([2, 4]);
    expect(n.errors[1].fields).toContainEqual(
      expect.objectContaining({ path: 'extra', code: 'unknown_field' }),
    );
  });

  it('refuses a body that is not a JSON array', async () => {
    const r = (await (await post('{"iupd":"x"}', 'application/json')).json()) as Json;
    expect(r).toMatchObject({ received: 1, created: 0, rejected: 1 });
  });

  it('rejects rows for positions already paid, and the rest lands', async () => {
    await post(JSON.stringify([position('PAID-I')]), 'application/json');
    await h.deps.db.updateTable('positions').set({ status: 'paid' }).where('iupd', '=', 'PAID-I').execute();
    const r = (await (
      await post(
        JSON.stringify([position('PAID-I', { description: 'x' }), position('PAID-J')]),
        'application/json',
      )
    ).json()) as Json;
    expect(r).toMatchObject({ created: 1, rejected: 1 });
    expect(r.errors[0]).toMatchObject({ iupd: 'PAID-I', code: 'invalid_state' });
  });

  it('refuses a CSV with unknown or missing columns before writing anything', async () => {
    const res = await post(`iupd,colour\nX-1,red\n`, 'text/csv');
    expect(res.status).toBe(422);
    const fields = ((await res.json()) as Json).error.fields.map((f: Json) => `${f.path}:${f.code}`);
    expect(fields).toContain('header.colour:unknown_field');
    expect(fields).toContain('header.debtor_fiscal_code:required');
    expect(await count('X-')).toBe(0);
  });

  it('answers 413 for an oversized body, 415 for an unknown type, 401 without a key', async () => {
    const big = [
      HEADER,
      ...Array.from({ length: 2000 }, (_, i) => line(`BIG-${i}`, 'RSSMRA85T10A562S', '', 100)),
    ].join('\n');
    const res = await post(big, 'text/csv');
    expect(res.status).toBe(413);
    expect(((await res.json()) as Json).error.code).toBe('payload_too_large');
    // Chunked upload without Content-Length: stopped while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const chunked = await h.request('/api/v1/admin/positions/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await post('a,b', 'application/xml')).status).toBe(415);
    const anon = await h.request('/api/v1/admin/positions/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: HEADER,
    });
    expect(anon.status).toBe(401);
  });
  it('rolls back a chunk the database refuses and redoes it row by row: the refused row leaves nothing, the others land once', async () => {
    // A refusal only the database sees, at the last statement of the chunk's write (its transfers),
    // after the chunk's positions and options went in.
    const db = h.deps.db;
    if (testEngine() === 'postgres') {
      await sql`create function refuse_bad() returns trigger language plpgsql as $$
        begin if new.remittance = 'REFUSED' then raise exception 'refused'; end if; return new; end $$`.execute(
        db,
      );
      await sql`create trigger refuse_bad before insert on transfers for each row execute function refuse_bad()`.execute(
        db,
      );
    } else {
      await sql`create trigger refuse_bad before insert on transfers when new.remittance = 'REFUSED'
        begin select raise(abort, 'refused'); end`.execute(db);
    }
    try {
      const header =
        'iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,transfer1_iban,transfer1_taxonomy';
      const row = (iupd: string, description = 'TARI 2026') =>
        `${iupd},RSSMRA85T10A562S,Mario Rossi,${description},100,2026-12-31,${IBAN},9/0101002IM/`;
      const res = await post(
        [
          header,
          row('RB-1'),
          row('RB-2', 'REFUSED'),
          row('RB-3'),
          'RB-4,RSSMRA85T10A562X,x,y,1,2026-12-31,,',
        ].join('\n'),
        'text/csv',
      );
      const r = (await res.json()) as Json;
      expect(r).toMatchObject({ received: 4, created: 2, updated: 0, rejected: 2 });
      // Refused rows in row order: the database's refusal and the schema's.
      expect(r.errors.map((e: Json) => [e.row, e.iupd, e.code])).toEqual([
        [3, 'RB-2', 'conflict'],
        [5, 'RB-4', 'validation_failed'],
      ]);
      const rows = await db
        .selectFrom('positions')
        .innerJoin('payment_options', 'payment_options.position_id', 'positions.id')
        .innerJoin('transfers', 'transfers.option_id', 'payment_options.id')
        .select('iupd')
        .where('iupd', 'like', 'RB-%')
        .orderBy('iupd')
        .execute();
      expect(rows.map((x) => x.iupd)).toEqual(['RB-1', 'RB-3']);
      expect(await count('RB-')).toBe(2);
      const options = await db
        .selectFrom('payment_options')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('position_id', 'not in', db.selectFrom('positions').select('id'))
        .executeTakeFirstOrThrow();
      expect(Number(options.n)).toBe(0);
    } finally {
      const drop =
        testEngine() === 'postgres'
          ? sql`drop trigger refuse_bad on transfers`
          : sql`drop trigger refuse_bad`;
      await drop.execute(db);
    }
  });
  it("assigns counter NAVs around the ones the entity gave itself, in one chunk's range", async () => {
    const header =
      'iupd,debtor_fiscal_code,debtor_name,description,amount,due_date,nav,transfer1_iban,transfer1_taxonomy';
    const row = (iupd: string, nav = '') =>
      `${iupd},RSSMRA85T10A562S,Mario Rossi,TARI 2026,100,2026-12-31,${nav},${IBAN},9/0101002IM/`;
    const navOf = async (iupd: string) =>
      (
        await h.deps.db
          .selectFrom('payment_options')
          .innerJoin('positions', 'positions.id', 'payment_options.position_id')
          .select('nav')
          .where('iupd', '=', iupd)
          .executeTakeFirstOrThrow()
      ).nav;
    await post([header, row('NC-0')].join('\n'), 'text/csv');
    // The counter's number sits between the aux digit and segregation code and the check digits.
    const first = await navOf('NC-0');
    const scheme = { auxDigit: 3 as const, code: first.slice(1, 3) };
    const base = Number(first.slice(3, 16));
    const counterNav = (n: number) => buildNav(scheme, String(n).padStart(13, '0')).nav;
    const own = [counterNav(base + 1), counterNav(base + 3)];
    const r = (await (
      await post(
        [
          header,
          row('NC-OWN-1', own[0]),
          row('NC-OWN-2', own[1]),
          row('NC-1'),
          row('NC-2'),
          row('NC-3'),
        ].join('\n'),
        'text/csv',
      )
    ).json()) as Json;
    expect(r).toMatchObject({ created: 5, rejected: 0 });
    const assigned = [await navOf('NC-1'), await navOf('NC-2'), await navOf('NC-3')];
    // The numbers the entity used are skipped (not refused): the next free ones are given instead.
    expect(assigned.sort()).toEqual([counterNav(base + 2), counterNav(base + 4), counterNav(base + 5)]);
  });
});
