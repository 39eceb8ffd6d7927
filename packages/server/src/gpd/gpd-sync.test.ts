/**
 * pagoPA's copy of the positions (GPD), against a stand-in of GPD's services on 127.0.0.1 built from
 * the official gpd.json / gpd_payments.json (test/support/gpd-stand-in.ts): changes made here reach
 * GPD in order, once, through outages; receipts GPD recorded come back through `recordReceipt`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeNodes } from '../payments/pagopa/soap.js';
import { recordReceipt } from '../payments/record-receipt.js';
import { modeProblems } from '../entities/entity-settings.js';
import { as, position, testKey } from '../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../test/support/entity.js';
import { type GpdStandIn, startGpdStandIn } from '../../test/support/gpd-stand-in.js';
import { createHarness, type Harness } from '../../test/support/harness.js';
import { claimDueChanges, syncGpdAllDue, syncGpdOnce } from './sync.js';
import { pollGpdReceipts } from './receipts.js';
import type { GpdPosition } from './model.js';
import { findEntity } from '../entities/entities.js';
import { transaction } from '../db/database.js';
import { cancelPosition, findPosition } from '../positions/positions.js';

const ENTE = TEST_ENTITY.code;

let h: Harness;
let gpd: GpdStandIn;
let call: ReturnType<typeof as>;

async function configure(extra: Record<string, unknown> = {}) {
  const res = await call('PATCH', '/api/v1/admin/entity', {
    pagopa: { gpdSync: true, ...gpd.settings, ...extra },
    allowPrivateTargets: true,
  });
  expect(res.status).toBe(200);
}

/** A position's replacement body (PUT: the iupd is the path's). */
function update(iupd: string, overrides: Parameters<typeof position>[1] = {}) {
  const { iupd: _iupd, ...body } = position(iupd, overrides);
  return body;
}

/** The calls GPD saw, as `METHOD path-under-the-position status`. */
function seen(): string[] {
  return gpd.calls.map((c) => {
    const tail = c.path.replace(/^.*\/debtpositions/, '') || '/';
    const q = c.query.toPublish ? `?toPublish=${c.query.toPublish}` : '';
    return `${c.method} ${tail}${q} ${c.status}`;
  });
}

beforeEach(async () => {
  h = await createHarness();
  gpd = await startGpdStandIn();
  call = as(h, await testKey(h));
});

afterEach(async () => {
  await gpd.close();
  await h.close();
});

describe('changes reach GPD', () => {
  it('create, update and cancel arrive in order, conform to gpd.json, with the subscription key', async () => {
    await configure();
    expect((await call('POST', '/api/v1/admin/positions', position('TARI-1'))).status).toBe(201);
    expect(
      (
        await call(
          'PUT',
          '/api/v1/admin/positions/TARI-1',
          update('TARI-1', { description: 'TARI 2026 saldo' }),
        )
      ).status,
    ).toBe(200);
    expect((await call('DELETE', '/api/v1/admin/positions/TARI-1')).status).toBe(200);
    expect(await syncGpdAllDue(h.deps)).toBe(3);
    expect(seen()).toEqual([
      'POST /?toPublish=true 201',
      'PUT /TARI-1?toPublish=true 200',
      'POST /TARI-1/invalidate 200',
    ]);
    expect(gpd.problems).toEqual([]);
    expect(gpd.calls.every((c) => c.key === 'gpd-test-key')).toBe(true);
    const held = gpd.positions.get(`${ENTE}/TARI-1`)!;
    expect(held.status).toBe('INVALID');
    // The mapping: debtor, option, transfer as docs/pagopa.md §5 writes them.
    const created = gpd.calls[0]!.body as unknown as GpdPosition;
    expect(created).toMatchObject({
      iupd: 'TARI-1',
      type: 'F',
      fiscalCode: 'RSSMRA85T10A562S',
      fullName: 'Mario Rossi',
      streetName: 'Via Roma 1',
      switchToExpired: false,
      companyName: 'Comune di Esempio',
    });
    expect(created.validityDate).toBeUndefined();
    expect(created.paymentOption).toHaveLength(1);
    expect(created.paymentOption[0]).toMatchObject({
      amount: 15000,
      isPartialPayment: false,
      // 31 December ends in Rome at 23:00 UTC.
      dueDate: '2026-12-31T22:59:59.000Z',
      description: 'TARI 2026',
    });
    expect(created.paymentOption[0]!.iuv).toMatch(/^\d{17}$/);
    expect(created.paymentOption[0]!.nav).toBe(`3${created.paymentOption[0]!.iuv}`);
    expect(created.paymentOption[0]!.transfer).toEqual([
      {
        idTransfer: '1',
        amount: 15000,
        organizationFiscalCode: ENTE,
        remittanceInformation: 'TARI 2026',
        category: '9/0101002IM/',
        iban: TEST_ENTITY.iban,
      },
    ]);
    expect((gpd.calls[1]!.body as Record<string, unknown>).iupd).toBe('TARI-1');
    const sync = await (await call('GET', '/api/v1/admin/positions/TARI-1/gpd')).json();
    expect(sync).toMatchObject({ iupd: 'TARI-1', enabled: true, state: 'in_sync', gpdStatus: 'INVALID' });
    expect(sync.changes.map((c: { op: string }) => c.op)).toEqual(['cancel', 'update', 'create']);
  });

  it('a position not yet valid is published (PUBLISHED until its validity date), and deleted when cancelled', async () => {
    await configure();
    const p = position('TARI-2', { validityDate: '2099-06-01' });
    p.single!.dueDate = '2099-12-31';
    expect((await call('POST', '/api/v1/admin/positions', p)).status).toBe(201);
    expect(await syncGpdAllDue(h.deps)).toBe(1);
    expect(gpd.positions.get(`${ENTE}/TARI-2`)!.status).toBe('PUBLISHED');
    // Validity starts when 1 June starts in Rome (22:00 UTC the day before, summer time).
    expect((gpd.calls[0]!.body as Record<string, unknown>).validityDate).toBe('2099-05-31T22:00:00.000Z');
    expect((await call('DELETE', '/api/v1/admin/positions/TARI-2')).status).toBe(200);
    await syncGpdAllDue(h.deps);
    expect(seen()).toEqual(['POST /?toPublish=true 201', 'DELETE /TARI-2 200']);
    expect(gpd.positions.has(`${ENTE}/TARI-2`)).toBe(false);
    expect(gpd.problems).toEqual([]);
  });

  it('installments go as partial payment options, every option of the position', async () => {
    await configure();
    const p = position('RATE-1');
    delete p.single;
    p.installments = [1, 2].map((i) => ({
      amount: 5000,
      dueDate: `2026-0${i + 2}-15`,
      transfers: [{ iban: TEST_ENTITY.iban, amount: 5000, remittance: `Rata ${i}`, taxonomy: '0101002IM' }],
    }));
    expect((await call('POST', '/api/v1/admin/positions', p)).status).toBe(201);
    await syncGpdAllDue(h.deps);
    const options = (gpd.calls[0]!.body as { paymentOption: { isPartialPayment: boolean; amount: number }[] })
      .paymentOption;
    expect(options.map((o) => [o.isPartialPayment, o.amount])).toEqual([
      [true, 5000],
      [true, 5000],
    ]);
    expect(gpd.problems).toEqual([]);
  });
});

describe('the stand-in', () => {
  it('flags a call or a body the official OpenAPI files do not describe', async () => {
    const headers = { 'ocp-apim-subscription-key': 'gpd-test-key', 'content-type': 'application/json' };
    await fetch(`${gpd.settings.gpdUrl}/organizations/${ENTE}/debtpositions/X/publish?force=true`, {
      method: 'POST',
      headers,
    });
    await fetch(`${gpd.settings.gpdUrl}/organizations/${ENTE}/debtpositions?toPublish=true`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ iupd: 'X', type: 'Z', status: 'VALID' }),
    });
    expect(gpd.problems).toEqual([
      'POST /organizations/{organizationfiscalcode}/debtpositions/{iupd}/publish: query force not declared',
      'POST /organizations/80012345676/debtpositions: $.companyName: required; $.fiscalCode: required; $.fullName: required; $.switchToExpired: required; $.type: not one of the enum; $.status: read-only',
    ]);
  });
});

describe('every way a position changes is queued', () => {
  it('a bulk import queues a create per new position and an update per replaced one, refused rows none', async () => {
    await configure();
    expect((await call('POST', '/api/v1/admin/positions', position('IMP-1'))).status).toBe(201);
    await syncGpdAllDue(h.deps);
    const rows = [position('IMP-1', { description: 'changed' }), position('IMP-2'), { iupd: 'IMP-BAD' }];
    const res = await h.request('/api/v1/admin/positions/import', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await testKey(h)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(rows),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).errors).toHaveLength(1);
    await syncGpdAllDue(h.deps);
    expect(seen()).toEqual([
      'POST /?toPublish=true 201',
      'PUT /IMP-1?toPublish=true 200',
      'POST /?toPublish=true 201',
    ]);
    expect(gpd.problems).toEqual([]);
  });

  it('a cancellation by the domain (what an account closing does to its spontaneous positions) reaches GPD too', async () => {
    await configure();
    expect((await call('POST', '/api/v1/admin/positions', position('SPONT-1'))).status).toBe(201);
    await syncGpdAllDue(h.deps);
    const row = await findPosition(h.deps.db, ENTE, 'SPONT-1');
    await transaction(h.deps.db, (tx) => cancelPosition(tx, row!.id, new Date()));
    await syncGpdAllDue(h.deps);
    expect(seen()).toEqual(['POST /?toPublish=true 201', 'POST /SPONT-1/invalidate 200']);
  });
});

describe('retries, order, idempotence', () => {
  it('an outage loses nothing and duplicates nothing: the changes wait, then go in order', async () => {
    await configure();
    await gpd.down();
    expect((await call('POST', '/api/v1/admin/positions', position('OUT-1'))).status).toBe(201);
    expect(
      (await call('PUT', '/api/v1/admin/positions/OUT-1', update('OUT-1', { description: 'v2' }))).status,
    ).toBe(200);
    const t0 = new Date();
    h.setNow(t0);
    const r = await syncGpdOnce(h.deps);
    // Only the head of the position was tried; the update waits behind it.
    expect(r).toEqual({ attempted: 1, done: 0 });
    const changes = await (await call('GET', '/api/v1/admin/gpd/changes')).json();
    expect(changes.backlog.pending).toBe(2);
    expect(changes.items[1]).toMatchObject({
      op: 'create',
      status: 'pending',
      attempts: 1,
      lastStatus: null,
    });
    expect(changes.items[1].lastError).toMatch(/ECONNREFUSED/);
    // Not due again before its backoff.
    expect((await syncGpdOnce(h.deps)).attempted).toBe(0);
    await gpd.up();
    gpd.failNext(1, 503);
    h.setNow(new Date(t0.getTime() + 3_600_000));
    expect(await syncGpdOnce(h.deps)).toEqual({ attempted: 1, done: 0 });
    h.setNow(new Date(t0.getTime() + 2 * 3_600_000));
    await syncGpdAllDue(h.deps);
    expect(seen()).toEqual([
      'POST /?toPublish=true 503',
      'POST /?toPublish=true 201',
      'PUT /OUT-1?toPublish=true 200',
    ]);
    expect(
      (gpd.positions.get(`${ENTE}/OUT-1`)!.model as { paymentOption: { description: string }[] })
        .paymentOption[0]!.description,
    ).toBe('v2');
    const after = await (await call('GET', '/api/v1/admin/gpd/changes')).json();
    expect(after.backlog).toEqual({ pending: 0, failed: 0, oldestPendingAt: null });
  });

  it('two quick updates of one position arrive in order, also with two workers at once', async () => {
    await configure();
    expect((await call('POST', '/api/v1/admin/positions', position('Q-1'))).status).toBe(201);
    for (const d of ['first', 'second'])
      expect(
        (await call('PUT', '/api/v1/admin/positions/Q-1', update('Q-1', { description: d }))).status,
      ).toBe(200);
    expect((await call('POST', '/api/v1/admin/positions', position('Q-2'))).status).toBe(201);
    // Two processes claiming at once take one change per position each, never two of one position.
    const [a, b] = await Promise.all([claimDueChanges(h.deps, 10), claimDueChanges(h.deps, 10)]);
    const claimed = [...a, ...b].map((c) => `${c.row.iupd}:${c.row.op}`).sort();
    expect(claimed).toEqual(['Q-1:create', 'Q-2:create']);
    // The leases run out (as after a crash); two workers then run rounds side by side.
    h.setNow(new Date(Date.now() + 10 * 60_000));
    for (let i = 0; i < 6; i++) await Promise.all([syncGpdOnce(h.deps), syncGpdOnce(h.deps)]);
    const q1 = gpd.calls.filter((c) =>
      c.path.endsWith('/debtpositions')
        ? (c.body as { iupd: string }).iupd === 'Q-1'
        : c.path.endsWith('/Q-1'),
    );
    expect(
      q1.map(
        (c) =>
          `${c.method} ${c.status} ${(c.body as { paymentOption: { description: string }[] }).paymentOption[0]!.description}`,
      ),
    ).toEqual(['POST 201 TARI 2026', 'PUT 200 first', 'PUT 200 second']);
    expect(
      (gpd.positions.get(`${ENTE}/Q-1`)!.model as { paymentOption: { description: string }[] })
        .paymentOption[0]!.description,
    ).toBe('second');
  });

  it('a create GPD already holds becomes an update; an update of one it lacks becomes a create', async () => {
    await configure();
    expect((await call('POST', '/api/v1/admin/positions', position('DUP-1'))).status).toBe(201);
    expect((await call('POST', '/api/v1/admin/positions', position('DUP-2'))).status).toBe(201);
    // DUP-1 reached GPD before (an answer lost on the way); DUP-2's create is refused for good.
    const row = await h.deps.db
      .selectFrom('gpd_outbox')
      .select('body')
      .where('iupd', '=', 'DUP-1')
      .executeTakeFirstOrThrow();
    gpd.positions.set(`${ENTE}/DUP-1`, { model: JSON.parse(row.body!), status: 'VALID', paid: new Set() });
    gpd.failNext(0);
    await syncGpdOnce(h.deps, 1);
    expect(seen()).toEqual(['POST /?toPublish=true 409', 'PUT /DUP-1?toPublish=true 200']);
    gpd.failNext(1, 400);
    await syncGpdOnce(h.deps, 1);
    const failed = await (await call('GET', '/api/v1/admin/positions/DUP-2/gpd')).json();
    expect(failed).toMatchObject({ state: 'failed', gpdStatus: null });
    expect(failed.changes[0]).toMatchObject({ status: 'failed', lastStatus: 400 });
    // A resync sends it as it is now: GPD lacks it, so the update becomes a create.
    const resync = await call('POST', '/api/v1/admin/positions/DUP-2/gpd');
    expect(resync.status).toBe(202);
    await syncGpdAllDue(h.deps);
    expect(seen().slice(-2)).toEqual(['PUT /DUP-2?toPublish=true 404', 'POST /?toPublish=true 201']);
    expect((await (await call('GET', '/api/v1/admin/positions/DUP-2/gpd')).json()).state).toBe('in_sync');
    expect(gpd.problems).toEqual([]);
  });

  it('a cancellation GPD refuses because the position is paid there fails, with the state GPD holds', async () => {
    await configure();
    expect((await call('POST', '/api/v1/admin/positions', position('PAID-1'))).status).toBe(201);
    await syncGpdAllDue(h.deps);
    gpd.positions.get(`${ENTE}/PAID-1`)!.status = 'PAID';
    expect((await call('DELETE', '/api/v1/admin/positions/PAID-1')).status).toBe(200);
    await syncGpdAllDue(h.deps);
    const sync = await (await call('GET', '/api/v1/admin/positions/PAID-1/gpd')).json();
    expect(sync.state).toBe('failed');
    expect(sync.changes[0].lastError).toMatch(/GPD holds it as PAID/);
    expect(sync.changes[0].calls).toEqual(['POST /PAID-1/invalidate 409', 'GET /PAID-1 200']);
    expect(gpd.problems).toEqual([]);
  });
});

describe('the setting', () => {
  it('off: nothing is queued, nothing is sent', async () => {
    await configure({ gpdSync: false });
    expect((await call('POST', '/api/v1/admin/positions', position('OFF-1'))).status).toBe(201);
    expect((await call('DELETE', '/api/v1/admin/positions/OFF-1')).status).toBe(200);
    expect(await syncGpdAllDue(h.deps)).toBe(0);
    expect(gpd.calls).toEqual([]);
    const list = await (await call('GET', '/api/v1/admin/gpd/changes')).json();
    expect(list).toMatchObject({ enabled: false, total: 0, backlog: { pending: 0 } });
    expect((await (await call('GET', '/api/v1/admin/positions/OFF-1/gpd')).json()).state).toBe('not_sent');
    const resync = await call('POST', '/api/v1/admin/positions/OFF-1/gpd');
    expect(resync.status).toBe(409);
    expect((await resync.json()).error.code).toBe('conflict');
  });

  it('turned off after changes were queued: they wait unsent', async () => {
    await configure();
    expect((await call('POST', '/api/v1/admin/positions', position('WAIT-1'))).status).toBe(201);
    await configure({ gpdSync: false });
    expect((await syncGpdOnce(h.deps)).attempted).toBe(0);
    expect(gpd.calls).toEqual([]);
    expect((await (await call('GET', '/api/v1/admin/positions/WAIT-1/gpd')).json()).state).toBe('pending');
  });

  it('the key is answered masked and kept when sent back masked; bad input is a 4xx', async () => {
    await configure();
    const settings = await (await call('GET', '/api/v1/admin/entity')).json();
    expect(settings.pagopa).toMatchObject({
      gpdSync: true,
      gpdSubscriptionKey: '********-key',
      ownStation: true,
    });
    await configure({ gpdSubscriptionKey: settings.pagopa.gpdSubscriptionKey });
    const entity = await findEntity(h.deps.db, ENTE);
    expect(JSON.parse(entity!.pagopa_settings).gpdSubscriptionKey).toBe('gpd-test-key');
    const bad = await call('PATCH', '/api/v1/admin/entity', {
      pagopa: { gpdSync: 'yes', gpdUrl: 'not a url' },
    });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'pagopa.gpdSync',
      'pagopa.gpdUrl',
    ]);
    expect(
      modeProblems({ pagopa: { gpdUrl: 'http://gpd.example.it/v1' } }, 'production', 'en')[0]?.code,
    ).toBe('https_required');
    expect((await call('GET', '/api/v1/admin/positions/NOPE/gpd')).status).toBe(404);
    expect((await call('GET', '/api/v1/admin/gpd/changes?status=sent')).status).toBe(422);
  });
});

/** The paSendRTV2 request as GPD keeps it (no envelope, no namespace: pagopa-gpd-payments' JAXB). */
function gpdReceiptDocument(r: { receiptId: string; nav: string; iuv: string; amount: string }): string {
  return `<PaSendRTV2Request>${writeNodes([
    ['idPA', ENTE],
    ['idBrokerPA', '15376371009'],
    ['idStation', '15376371009_99'],
    [
      'receipt',
      [
        ['receiptId', r.receiptId],
        ['noticeNumber', r.nav],
        ['fiscalCode', ENTE],
        ['outcome', 'OK'],
        ['creditorReferenceId', r.iuv],
        ['paymentAmount', r.amount],
        ['description', 'TARI 2026'],
        ['companyName', 'Comune di Esempio'],
        [
          'debtor',
          [
            [
              'uniqueIdentifier',
              [
                ['entityUniqueIdentifierType', 'F'],
                ['entityUniqueIdentifierValue', 'RSSMRA85T10A562S'],
              ],
            ],
            ['fullName', 'Mario Rossi'],
          ],
        ],
        [
          'transferList',
          [
            [
              'transfer',
              [
                ['idTransfer', '1'],
                ['transferAmount', r.amount],
                ['fiscalCodePA', ENTE],
                ['IBAN', TEST_ENTITY.iban],
                ['remittanceInformation', 'TARI 2026'],
                ['transferCategory', '9/0101002IM/'],
              ],
            ],
          ],
        ],
        ['idPSP', 'BCITITMM'],
        ['pspFiscalCode', '00799960158'],
        ['PSPCompanyName', 'Intesa Sanpaolo'],
        ['idChannel', '00799960158_01'],
        ['channelDescription', 'app'],
        ['paymentMethod', 'creditCard'],
        ['fee', '1.00'],
        ['paymentDateTime', '2026-11-26T10:15:00'],
      ],
    ],
  ])}</PaSendRTV2Request>`;
}

describe('receipts read back from GPD', () => {
  it('are recorded once through recordReceipt, and the same receipt from the station is a duplicate', async () => {
    await configure({ ownStation: false });
    expect((await call('POST', '/api/v1/admin/positions', position('PAY-1'))).status).toBe(201);
    await syncGpdAllDue(h.deps);
    const option = (gpd.calls[0]!.body as { paymentOption: { iuv: string; nav: string }[] })
      .paymentOption[0]!;
    h.setNow(new Date('2026-11-26T12:00:00Z'));
    gpd.pay(
      ENTE,
      'PAY-1',
      option.iuv,
      gpdReceiptDocument({ receiptId: 'rcpt-gpd-1', nav: option.nav, iuv: option.iuv, amount: '150.00' }),
      '2026-11-26T10:15:00',
    );
    const entity = (await findEntity(h.deps.db, ENTE))!;
    expect(await pollGpdReceipts(h.deps, entity, 300_000)).toEqual({ recorded: 1, failed: 0 });
    // Another process in the same minute finds the run not due.
    expect(await pollGpdReceipts(h.deps, entity, 300_000)).toBeUndefined();
    const receipts = await h.deps.db
      .selectFrom('receipts')
      .selectAll()
      .where('entity_code', '=', ENTE)
      .execute();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      receipt_id: 'rcpt-gpd-1',
      amount: 15000,
      fee: 100,
      flag: null,
      psp_id: 'BCITITMM',
    });
    const practice = await (await call('GET', '/api/v1/admin/positions/PAY-1')).json();
    expect(practice.status).toBe('paid');
    // The next run reads the same days again and records nothing twice.
    h.setNow(new Date('2026-11-26T12:06:00Z'));
    expect(await pollGpdReceipts(h.deps, entity, 300_000)).toEqual({ recorded: 0, failed: 0 });
    const listCalls = gpd.calls.filter((c) => c.path.endsWith('/receipts'));
    expect(listCalls[0]!.query).toMatchObject({ from: '2026-11-19', to: '2026-11-26', pageNum: '0' });
    expect(listCalls[1]!.query.from).toBe('2026-11-24');
    // The node's own copy of the same receipt (the same receiptId) is recorded once.
    const again = await recordReceipt(
      h.deps.db,
      {
        entityCode: ENTE,
        nav: option.nav,
        receiptId: 'rcpt-gpd-1',
        amount: 15000,
        fee: 100,
        pspId: 'BCITITMM',
        pspName: 'Intesa Sanpaolo',
        pspFiscalCode: null,
        channel: 'x',
        method: 'creditCard',
        paidAt: new Date(),
        payer: null,
      },
      new Date(),
    );
    expect(again.status).toBe('duplicate');
    const list = await (await call('GET', '/api/v1/admin/gpd/changes')).json();
    expect(list.receipts).toMatchObject({ recorded: 1, lastError: null });
    expect(gpd.problems).toEqual([]);
  });
});
