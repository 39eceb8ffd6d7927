import { type IncomingHttpHeaders, request } from 'node:http';
import { centsToDecimal } from '@pagatore/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { configureStation, nodePosition, STATION } from '../../../test/support/pagopa-fixtures.js';
import {
  assertValidBodies,
  fakeNode,
  nodeEnvelope,
  type ReceiptFields,
} from '../../../test/support/pagopa-fake-node.js';
import { expireDuePayments } from '../payments.js';

const ENTE = TEST_ENTITY.code;

function sender(h: Harness, headers: Record<string, string> = {}) {
  return async (xml: string, action: string) => {
    const res = await h.request('/pagopa/node', {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"`, ...headers },
      body: xml,
    });
    return { status: res.status, text: await res.text() };
  };
}

function receiptFor(
  p: Awaited<ReturnType<typeof nodePosition>>,
  o: Partial<ReceiptFields> = {},
): ReceiptFields {
  return {
    nav: p.nav,
    fiscalCode: ENTE,
    iuv: p.iuv,
    amount: centsToDecimal(p.amount),
    receiptId: `RCP${p.nav}`,
    transfers: p.parts.map((a) => ({
      amount: centsToDecimal(a),
      iban: TEST_ENTITY.iban,
      remittance: 'Tassa di prova',
      category: '0101002IM',
    })),
    ...o,
  };
}

async function optionStatus(h: Harness, id: number) {
  return (
    await h.deps.db
      .selectFrom('payment_options')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).status;
}

describe('the pagoPA node calls the station (paForNode, validated with paForNode.xsd)', () => {
  let h: Harness;
  let node: ReturnType<typeof fakeNode>;
  beforeAll(async () => {
    h = await createHarness({ config: { paymentProvider: 'pagopa' } });
    await configureStation(h);
    node = fakeNode(sender(h), STATION);
  });
  afterAll(() => h.close());

  it('verify answers the amount in decimal euros and changes nothing', async () => {
    const p = await nodePosition(h, { amount: 150_00 });
    const before = await h.deps.db.selectFrom('payments').select('id').execute();
    const r = await node.verify(ENTE, p.nav);
    expect(r.status).toBe(200);
    expect(r.outcome).toBe('OK');
    expect(r.body.paymentList.paymentOptionDescription).toMatchObject({
      amount: '150.00',
      options: 'EQ',
      dueDate: '2099-12-31',
      allCCP: 'false',
    });
    expect(r.body.fiscalCodePA).toBe(ENTE);
    expect(r.body.companyName).toBe(TEST_ENTITY.name);
    // Only the wrapper is qualified; escaping kept the description intact.
    expect(r.xml).toContain('<pafn:paVerifyPaymentNoticeRes><outcome>OK</outcome>');
    expect(r.xml).toContain('Tassa &amp; &quot;prova&quot; &lt;');
    expect(await optionStatus(h, p.id)).toBe('unpaid');
    expect(await h.deps.db.selectFrom('payments').select('id').execute()).toEqual(before);
  });

  it('a whole payment started outside the portal: verify → activate (V2) → receipt (V2), once', async () => {
    const p = await nodePosition(h, { amount: 98_76, transfers: 2 });
    expect((await node.verify(ENTE, p.nav)).outcome).toBe('OK');
    const act = await node.activate(ENTE, p.nav, { amount: '98.76' });
    expect(act.outcome).toBe('OK');
    expect(act.body.data).toMatchObject({
      creditorReferenceId: p.iuv,
      paymentAmount: '98.76',
      companyName: TEST_ENTITY.name,
      debtor: {
        uniqueIdentifier: {
          entityUniqueIdentifierType: 'F',
          entityUniqueIdentifierValue: 'RSSMRA80A01H501U',
        },
      },
    });
    expect(act.body.data.transferList.transfer).toHaveLength(2);
    expect(act.body.data.transferList.transfer[0]).toMatchObject({
      idTransfer: '1',
      transferAmount: '49.38',
      fiscalCodePA: ENTE,
      IBAN: TEST_ENTITY.iban,
      transferCategory: '9/0101002IM/',
    });
    expect(await optionStatus(h, p.id)).toBe('in_payment');
    const payment = await h.deps.db
      .selectFrom('payments')
      .innerJoin('payment_items', 'payment_items.payment_id', 'payments.id')
      .select(['payments.account_id', 'payments.provider', 'payments.state'])
      .where('payment_items.option_id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(payment).toEqual({ account_id: null, provider: 'pagopa', state: 'created' });

    // A second activation and a verify while it runs: in progress.
    expect((await node.activate(ENTE, p.nav)).faultCode).toBe('PAA_PAGAMENTO_IN_CORSO');
    expect((await node.verify(ENTE, p.nav)).faultCode).toBe('PAA_PAGAMENTO_IN_CORSO');

    const rt = await node.sendRT(receiptFor(p));
    expect(rt.outcome).toBe('OK');
    expect(await optionStatus(h, p.id)).toBe('paid');
    const receipts = await h.deps.db.selectFrom('receipts').selectAll().where('nav', '=', p.nav).execute();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      amount: 98_76,
      fee: 150,
      psp_id: 'BCITITMM',
      psp_name: 'Intesa Sanpaolo',
      payer_name: 'Giuseppe Verdi',
      payer_email: 'giuseppe.verdi@example.it',
      // 10:15 Italian time in November.
      paid_at: '2026-11-26T09:15:00.000Z',
      flag: null,
    });
    expect(JSON.parse(receipts[0]!.transfers)[0]).toMatchObject({
      idx: 1,
      amount: 49_38,
      taxonomy: '0101002IM',
    });

    // The node's retry of the same receipt.
    expect((await node.sendRT(receiptFor(p))).faultCode).toBe('PAA_RECEIPT_DUPLICATA');
    // Paid: verify and activation say so.
    expect((await node.verify(ENTE, p.nav)).faultCode).toBe('PAA_PAGAMENTO_DUPLICATO');
    expect((await node.activate(ENTE, p.nav)).faultCode).toBe('PAA_PAGAMENTO_DUPLICATO');
    const events = await h.deps.db
      .selectFrom('events')
      .select('type')
      .where('type', '=', 'receipt.received')
      .execute();
    expect(events.length).toBeGreaterThan(0);
  });

  it('V1 stations: paGetPayment and paSendRT', async () => {
    const p = await nodePosition(h, { amount: 1 });
    const act = await node.activate(ENTE, p.nav, { v2: false });
    expect(act.outcome).toBe('OK');
    expect(act.xml).toContain('<pafn:paGetPaymentRes>');
    expect(act.body.data.paymentAmount).toBe('0.01');
    const rt = await node.sendRT(receiptFor(p), { v2: false });
    expect(rt.outcome).toBe('OK');
    expect(rt.xml).toContain('<pafn:paSendRTRes>');
    expect(await optionStatus(h, p.id)).toBe('paid');
  });

  it('answers each fault: unknown, expired, cancelled notices, wrong idPA / broker / station', async () => {
    const unknown = `3${'01'}${'9'.repeat(15)}`;
    expect((await node.verify(ENTE, unknown)).faultCode).toBe('PAA_PAGAMENTO_SCONOSCIUTO');
    expect((await node.activate(ENTE, unknown)).faultCode).toBe('PAA_PAGAMENTO_SCONOSCIUTO');
    const p = await nodePosition(h);
    expect((await node.verify('12345678901', p.nav)).faultCode).toBe('PAA_PAGAMENTO_SCONOSCIUTO');
    expect((await node.verify(ENTE, p.nav, { idPA: '12345678901' })).faultCode).toBe('PAA_ID_DOMINIO_ERRATO');
    expect((await node.verify(ENTE, p.nav, { idBrokerPA: '99999999999' })).faultCode).toBe(
      'PAA_ID_INTERMEDIARIO_ERRATO',
    );
    expect((await node.activate(ENTE, p.nav, { idStation: '15376371009_99' })).faultCode).toBe(
      'PAA_STAZIONE_INT_ERRATA',
    );
    expect((await node.sendRT(receiptFor(p), { idStation: 'X' })).faultCode).toBe('PAA_STAZIONE_INT_ERRATA');

    const expired = await nodePosition(h);
    await h.deps.db
      .updateTable('payment_options')
      .set({ status: 'expired' })
      .where('id', '=', expired.id)
      .execute();
    expect((await node.verify(ENTE, expired.nav)).faultCode).toBe('PAA_PAGAMENTO_SCADUTO');
    expect((await node.activate(ENTE, expired.nav)).faultCode).toBe('PAA_PAGAMENTO_SCADUTO');
    const cancelled = await nodePosition(h);
    await h.deps.db
      .updateTable('payment_options')
      .set({ status: 'cancelled' })
      .where('id', '=', cancelled.id)
      .execute();
    expect((await node.verify(ENTE, cancelled.nav)).faultCode).toBe('PAA_PAGAMENTO_ANNULLATO');
    expect((await node.activate(ENTE, cancelled.nav)).faultCode).toBe('PAA_PAGAMENTO_ANNULLATO');
    // None of these activated anything.
    expect(await optionStatus(h, p.id)).toBe('unpaid');
  });

  it('syntax errors beyond the XSD are PAA_SINTASSI_EXTRAXSD in the operation response', async () => {
    const bad = (children: string) =>
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"><soapenv:Body><pafn:paVerifyPaymentNoticeReq>${children}</pafn:paVerifyPaymentNoticeReq></soapenv:Body></soapenv:Envelope>`;
    const ids = `<idPA>${ENTE}</idPA><idBrokerPA>${STATION.idBrokerPA}</idBrokerPA><idStation>${STATION.idStation}</idStation>`;
    for (const body of [
      bad(`${ids}<qrCode><fiscalCode>${ENTE}</fiscalCode><noticeNumber>123</noticeNumber></qrCode>`),
      bad(ids),
      bad(
        `${ids}<qrCode><fiscalCode>${ENTE}</fiscalCode><noticeNumber>301000000000000000</noticeNumber></qrCode><extra>1</extra>`,
      ),
      // Qualified children are not what the XSD says.
      bad(`<pafn:idPA>${ENTE}</pafn:idPA>`),
    ]) {
      const r = await node.raw(body, 'paVerifyPaymentNotice');
      expect(r.status).toBe(200);
      expect(r.faultCode).toBe('PAA_SINTASSI_EXTRAXSD');
      expect(r.xml).toContain('<pafn:paVerifyPaymentNoticeRes>');
    }
  });

  it('a receipt for a notice never activated (stand-in) is recorded, OK and flagged not_activated', async () => {
    const never = await nodePosition(h);
    const rt = await node.sendRT(receiptFor(never));
    expect(rt.outcome).toBe('OK');
    expect(await optionStatus(h, never.id)).toBe('paid');
    const receipt = await h.deps.db
      .selectFrom('receipts')
      .selectAll()
      .where('nav', '=', never.nav)
      .executeTakeFirstOrThrow();
    expect(receipt.flag?.split(',')).toEqual(['not_activated']);
    expect(receipt.payment_id).toBeNull();
    // Its retry is the duplicate; verify and activation say it is paid.
    expect((await node.sendRT(receiptFor(never))).faultCode).toBe('PAA_RECEIPT_DUPLICATA');
    expect((await node.verify(ENTE, never.nav)).faultCode).toBe('PAA_PAGAMENTO_DUPLICATO');
  });

  it('receipts of an activated notice must match the activated amount, else PAA_SEMANTICA', async () => {
    const p = await nodePosition(h, { amount: 50_00 });
    expect((await node.activate(ENTE, p.nav)).outcome).toBe('OK');
    const wrong = receiptFor(p, {
      amount: '40.00',
      transfers: [{ amount: '40.00', iban: TEST_ENTITY.iban, remittance: 'x', category: '0101002IM' }],
    });
    expect((await node.sendRT(wrong)).faultCode).toBe('PAA_SEMANTICA');
    expect(await optionStatus(h, p.id)).toBe('in_payment');
    // A KO receipt frees the notice.
    expect((await node.sendRT(receiptFor(p, { outcome: 'KO' }))).outcome).toBe('OK');
    expect(await optionStatus(h, p.id)).toBe('unpaid');
  });

  it('50 copies of one receipt at once are recorded once; the others are PAA_RECEIPT_DUPLICATA', async () => {
    const p = await nodePosition(h, { amount: 77_00 });
    expect((await node.activate(ENTE, p.nav)).outcome).toBe('OK');
    const replies = await Promise.all(Array.from({ length: 50 }, () => node.sendRT(receiptFor(p))));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(replies.filter((r) => r.outcome === 'OK')).toHaveLength(1);
    expect(replies.filter((r) => r.faultCode === 'PAA_RECEIPT_DUPLICATA')).toHaveLength(49);
    expect(
      await h.deps.db.selectFrom('receipts').select('id').where('nav', '=', p.nav).execute(),
    ).toHaveLength(1);
    const paidEvents = await h.deps.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'receipt.received')
      .execute();
    expect(paidEvents.filter((e) => String(e.payload).includes(p.nav))).toHaveLength(1);
  });

  it('an activation blocks others until it expires; a late receipt for a cancelled practice is stored, OK and flagged', async () => {
    const p = await nodePosition(h, { amount: 20_00 });
    expect((await node.activate(ENTE, p.nav)).outcome).toBe('OK');
    expect((await node.activate(ENTE, p.nav)).faultCode).toBe('PAA_PAGAMENTO_IN_CORSO');
    // Past the TTL the lock is released and the notice can be activated again.
    const later = new Date(Date.now() + (h.deps.config.paymentTtlSeconds + 60) * 1000);
    h.setNow(later);
    try {
      expect(await expireDuePayments(h.deps.db, later)).toBeGreaterThanOrEqual(1);
      expect(await optionStatus(h, p.id)).toBe('unpaid');
      // The entity cancels the practice meanwhile.
      await h.deps.db
        .updateTable('payment_options')
        .set({ status: 'cancelled' })
        .where('id', '=', p.id)
        .execute();
      await h.deps.db
        .updateTable('positions')
        .set({ status: 'cancelled' })
        .where('id', '=', p.positionId)
        .execute();
      const rt = await node.sendRT(receiptFor(p));
      expect(rt.outcome).toBe('OK');
      const receipt = await h.deps.db
        .selectFrom('receipts')
        .selectAll()
        .where('nav', '=', p.nav)
        .executeTakeFirstOrThrow();
      expect(receipt.flag).toContain('position_cancelled');
      expect(receipt.amount).toBe(20_00);
      expect((await node.sendRT(receiptFor(p))).faultCode).toBe('PAA_RECEIPT_DUPLICATA');
    } finally {
      h.setNow(new Date());
    }
  });

  it('50 activations of one notice at once: one payment, the others PAA_PAGAMENTO_IN_CORSO', async () => {
    const p = await nodePosition(h, { amount: 33_00 });
    const replies = await Promise.all(Array.from({ length: 50 }, () => node.activate(ENTE, p.nav)));
    expect(replies.filter((r) => r.outcome === 'OK')).toHaveLength(1);
    expect(replies.filter((r) => r.faultCode === 'PAA_PAGAMENTO_IN_CORSO')).toHaveLength(49);
    const payments = await h.deps.db
      .selectFrom('payment_items')
      .select('payment_id')
      .where('option_id', '=', p.id)
      .execute();
    expect(payments).toHaveLength(1);
  });

  it('a late receipt for a practice whose amount changed meanwhile is stored, OK and flagged', async () => {
    const p = await nodePosition(h, { amount: 20_00 });
    expect((await node.activate(ENTE, p.nav)).outcome).toBe('OK');
    const later = new Date(Date.now() + (h.deps.config.paymentTtlSeconds + 60) * 1000);
    h.setNow(later);
    try {
      await expireDuePayments(h.deps.db, later);
      await h.deps.db.updateTable('payment_options').set({ amount: 25_00 }).where('id', '=', p.id).execute();
      // The receipt carries what was activated (20.00), not the new amount.
      expect((await node.sendRT(receiptFor(p))).outcome).toBe('OK');
      const receipt = await h.deps.db
        .selectFrom('receipts')
        .selectAll()
        .where('nav', '=', p.nav)
        .executeTakeFirstOrThrow();
      expect(receipt.flag).toContain('amount_differs');
      expect(receipt.amount).toBe(20_00);
      expect(await optionStatus(h, p.id)).toBe('paid');
    } finally {
      h.setNow(new Date());
    }
  });

  it('a second activation after expiry works (the first payment ended expired)', async () => {
    const p = await nodePosition(h);
    expect((await node.activate(ENTE, p.nav)).outcome).toBe('OK');
    const later = new Date(Date.now() + (h.deps.config.paymentTtlSeconds + 60) * 1000);
    h.setNow(later);
    try {
      // Verify already answers OK, and changes nothing (the lock goes at the next activation).
      expect((await node.verify(ENTE, p.nav)).outcome).toBe('OK');
      expect(await optionStatus(h, p.id)).toBe('in_payment');
      expect((await node.activate(ENTE, p.nav)).outcome).toBe('OK');
      const states = await h.deps.db
        .selectFrom('payments')
        .innerJoin('payment_items', 'payment_items.payment_id', 'payments.id')
        .select('payments.state')
        .where('payment_items.option_id', '=', p.id)
        .orderBy('payments.created_at')
        .execute();
      expect(states.map((s) => s.state)).toEqual(['expired', 'created']);
    } finally {
      h.setNow(new Date());
    }
  });

  it('malformed XML, XML bombs, oversized bodies and non-SOAP get a SOAP fault, never a 500', async () => {
    const cases: { body: string; action: string; status: number; fault: string }[] = [
      {
        body: '<soapenv:Envelope><unclosed>',
        action: 'paVerifyPaymentNotice',
        status: 200,
        fault: 'PAA_SINTASSI_EXTRAXSD',
      },
      { body: 'not xml at all', action: '', status: 400, fault: 'PAA_SINTASSI_EXTRAXSD' },
      { body: '{"json":true}', action: 'paSendRTV2', status: 200, fault: 'PAA_SINTASSI_EXTRAXSD' },
      {
        body: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x>&lol3;</x></soapenv:Body></soapenv:Envelope>`,
        action: 'paGetPaymentV2',
        status: 200,
        fault: 'PAA_SINTASSI_EXTRAXSD',
      },
      {
        body: `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>`,
        action: '',
        status: 400,
        fault: 'PAA_SINTASSI_EXTRAXSD',
      },
      {
        body: `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${'<a>'.repeat(500)}${'</a>'.repeat(500)}</soapenv:Body></soapenv:Envelope>`,
        action: 'paVerifyPaymentNotice',
        status: 200,
        fault: 'PAA_SINTASSI_EXTRAXSD',
      },
      {
        body: `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x>${'A'.repeat(h.deps.config.pagopaSoapLimitBytes)}</x></soapenv:Body></soapenv:Envelope>`,
        action: 'paSendRTV2',
        status: 413,
        fault: 'PAA_SINTASSI_EXTRAXSD',
      },
    ];
    for (const c of cases) {
      const r = await node.raw(c.body, c.action);
      expect(r.status, c.body.slice(0, 60)).toBe(c.status);
      expect(r.faultCode, c.body.slice(0, 60)).toBe(c.fault);
      if (c.action) {
        expect(r.outcome).toBe('KO');
        await assertValidBodies([r.xml]);
      } else {
        expect(r.xml).toContain('<soapenv:Fault>');
      }
    }
    // Oversized without Content-Length (chunked) is refused the same way.
    const big = 'B'.repeat(h.deps.config.pagopaSoapLimitBytes + 10);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await h.request('/pagopa/node', {
      method: 'POST',
      headers: { 'content-type': 'text/xml', soapaction: 'paSendRTV2' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('PAA_SINTASSI_EXTRAXSD');
  });
});

/** POST with node:http, reading the answer even when the server stops reading the upload early. */
function rawPost(url: string, body: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    // EPIPE / ECONNRESET while uploading are expected once the server has answered; without an
    // answer soon after, the error is the result.
    req.on('error', (e) => setTimeout(() => reject(e), 2000).unref());
    req.end(body);
  });
}

describe('/pagopa/node under fuzzing', () => {
  it('answers XML and never a 5xx to mutated and random requests', async () => {
    const h = await createHarness({ config: { paymentProvider: 'pagopa' } });
    try {
      await configureStation(h);
      const p = await nodePosition(h);
      const valid = nodeEnvelope('paGetPaymentV2Request', [
        ['idPA', ENTE],
        ['idBrokerPA', STATION.idBrokerPA],
        ['idStation', STATION.idStation],
        [
          'qrCode',
          [
            ['fiscalCode', ENTE],
            ['noticeNumber', p.nav],
          ],
        ],
      ]);
      const actions = ['paVerifyPaymentNotice', 'paGetPaymentV2', 'paSendRT', '', 'nonsense'];
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            // A valid request with a slice cut out, or a random string spliced in.
            fc
              .tuple(fc.nat(valid.length), fc.nat(40), fc.string({ maxLength: 40 }))
              .map(([at, cut, ins]) => valid.slice(0, at) + ins + valid.slice(at + cut)),
            fc.string({ maxLength: 300 }),
            fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
          ),
          fc.constantFrom(...actions),
          async (body, action) => {
            const res = await h.request('/pagopa/node', {
              method: 'POST',
              headers: { 'content-type': 'text/xml', soapaction: action },
              body,
            });
            expect(res.status).toBeLessThan(500);
            expect(res.headers.get('content-type')).toContain('text/xml');
            expect(await res.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><soapenv:Envelope /);
          },
        ),
        { numRuns: 300 },
      );
    } finally {
      await h.close();
    }
  });
});

describe('/pagopa/node over a real socket', () => {
  it('a body over the API-wide BODY_LIMIT still gets a SOAP fault (413), not the JSON error', async () => {
    const h = await createHarness({ config: { paymentProvider: 'pagopa', bodyLimitBytes: 4096 } });
    const server = await h.listen();
    try {
      await configureStation(h);
      const big = `<x>${'A'.repeat(2 * 1024 * 1024)}</x>`;
      // The server answers without reading a body it will refuse and closes the connection; a raw
      // client sees the answer (fetch would report the aborted upload instead).
      const res = await rawPost(`${server.url}/pagopa/node`, big, {
        'content-type': 'text/xml',
        soapaction: '"paSendRTV2"',
      });
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toContain('text/xml');
      const text = res.text;
      expect(text).toContain('<pafn:paSendRTV2Response><outcome>KO</outcome>');
      await assertValidBodies([text]);
      // A normal call on the same server works, over HTTP, with a body above BODY_LIMIT's 4 KiB.
      const p = await nodePosition(h);
      const node = fakeNode(async (xml, action) => {
        const r = await fetch(`${server.url}/pagopa/node`, {
          method: 'POST',
          headers: { 'content-type': 'text/xml', soapaction: action },
          body: xml + ' '.repeat(5000),
        });
        return { status: r.status, text: await r.text() };
      }, STATION);
      expect((await node.verify(ENTE, p.nav)).outcome).toBe('OK');
    } finally {
      await server.close();
      await h.close();
    }
  });
});

describe('who may call /pagopa/node', () => {
  it('refuses a caller outside the allowlist or without the proxy certificate header (fault + 403)', async () => {
    const h = await createHarness({
      config: {
        paymentProvider: 'pagopa',
        pagopaNodeIps: ['10.20.0.0/16'],
        pagopaNodeCertHeader: 'x-ssl-client-s-dn',
        pagopaNodeCertValues: ['CN=nodo.pagopa.it,O=PagoPA S.p.A.,C=IT'],
      },
    });
    try {
      await configureStation(h);
      const p = await nodePosition(h);
      const withCert = fakeNode(
        sender(h, { 'x-ssl-client-s-dn': 'CN=nodo.pagopa.it, O=PagoPA S.p.A., C=IT' }),
        STATION,
      );
      // 127.0.0.1 is not in the allowlist, even with the right certificate.
      const r = await withCert.verify(ENTE, p.nav);
      expect(r.status).toBe(403);
      expect(r.faultCode).toBe('PAA_SYSTEM_ERROR');
    } finally {
      await h.close();
    }
  });

  it('accepts the right certificate header from an allowed address and refuses a wrong one', async () => {
    const h = await createHarness({
      config: {
        paymentProvider: 'pagopa',
        pagopaNodeIps: ['127.0.0.1'],
        pagopaNodeCertHeader: 'x-ssl-client-fingerprint',
        pagopaNodeCertValues: ['AB:CD:EF:01'],
      },
    });
    try {
      await configureStation(h);
      const p = await nodePosition(h);
      expect(
        (await fakeNode(sender(h, { 'x-ssl-client-fingerprint': 'abcdef01' }), STATION).verify(ENTE, p.nav))
          .outcome,
      ).toBe('OK');
      const wrong = await fakeNode(sender(h, { 'x-ssl-client-fingerprint': 'abcdef02' }), STATION).verify(
        ENTE,
        p.nav,
      );
      expect(wrong.status).toBe(403);
      const none = await fakeNode(sender(h), STATION).verify(ENTE, p.nav);
      expect(none.status).toBe(403);
    } finally {
      await h.close();
    }
  });

  it('production with no node authentication configured refuses everything', async () => {
    const h = await createHarness({
      config: {
        mode: 'production',
        paymentProvider: 'pagopa',
        smtpUrl: 'smtp://127.0.0.1:2525',
        publicUrl: 'https://pagamenti.example.it',
      },
    });
    try {
      await configureStation(h);
      const p = await nodePosition(h);
      const r = await fakeNode(sender(h), STATION).verify(ENTE, p.nav);
      expect(r.status).toBe(403);
      expect(r.outcome).toBe('KO');
    } finally {
      await h.close();
    }
  });
});
