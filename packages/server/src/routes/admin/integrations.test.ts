/**
 * The integration settings through the admin API, as the console calls it: API keys (the whole key
 * answered once, then only its prefix; revoked keys answer 401), a webhook secret rotated with a
 * grace period (deliveries signed with both secrets until it ends), the pagoPA health computed from
 * the node's calls, and the audit of every change written in the same transaction as the change.
 * Roles (viewer and operator refused), tenant isolation and bad input too.
 */
import { centsToDecimal, verifyWebhookSignature } from '@pagatore/sdk';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, position } from '../../../test/support/admin-fixtures.js';
import { OTHER_ENTE, otherEntity, TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { fakeNode } from '../../../test/support/pagopa-fake-node.js';
import { configureStation, nodePosition, STATION } from '../../../test/support/pagopa-fixtures.js';
import { loginStaff, staffMember, type StaffAgent } from '../../../test/support/staff.js';
import { testEngine } from '../../../test/support/test-database.js';
import { createApiKey } from '../../entities/api-keys.js';
import { updateEntitySettings } from '../../entities/entity-settings.js';
import { appendEvent } from '../../events/outbox.js';
import { transaction } from '../../db/database.js';
import { deliverAllDue, fanOut } from '../../webhooks/deliveries.js';
import { startReceiver, type TestReceiver } from '../../webhooks/test-receiver.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const A = TEST_ENTITY.code;
const B = OTHER_ENTE;

describe('console integration settings: API keys, webhook secrets, pagoPA health, audit', () => {
  let h: Harness;
  let admin: StaffAgent;
  let operator: StaffAgent;
  let viewer: StaffAgent;
  let receiver: TestReceiver;
  const code = async (res: Response) => ((await res.json()) as Json).error?.code as string | undefined;
  const body = async (res: Response) => (await res.json()) as Json;

  beforeAll(async () => {
    h = await createHarness({ config: { paymentProvider: 'sandbox' } });
    await otherEntity(h.deps.db);
    await staffMember(h, 'admin@comune.example.it', A, 'admin');
    await staffMember(h, 'operator@comune.example.it', A, 'operator');
    await staffMember(h, 'viewer@comune.example.it', A, 'viewer');
    await staffMember(h, 'adminb@altro.example.it', B, 'admin');
    admin = await loginStaff(h, 'admin@comune.example.it');
    operator = await loginStaff(h, 'operator@comune.example.it');
    viewer = await loginStaff(h, 'viewer@comune.example.it');
    receiver = await startReceiver();
    await updateEntitySettings(h.deps.db, A, { allowPrivateTargets: true }, new Date());
  });
  afterAll(async () => {
    await receiver.close();
    await h.close();
  });

  it('an admin creates a key (shown once), lists it by prefix only, uses it, revokes it: 401', async () => {
    const created = await admin.call('POST', '/api/v1/admin/api-keys', {
      entity: A,
      body: { name: '  Gestionale tributi ' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const k = await body(created);
    expect(k.name).toBe('Gestionale tributi');
    expect(k.key).toMatch(/^pgk_[a-z2-7]{16}_[a-z2-7]{32}$/);
    expect(k.key.startsWith(k.prefix)).toBe(true);
    expect(k.lastUsedAt).toBeNull();
    // The key works against the admin API, and its last use shows in the list.
    expect((await as(h, k.key)('GET', '/api/v1/admin/positions')).status).toBe(200);
    const list = await body(await admin.call('GET', '/api/v1/admin/api-keys', { entity: A }));
    const listed = list.items.find((x: Json) => x.id === k.id);
    expect(listed).toMatchObject({ name: 'Gestionale tributi', prefix: `pgk_${k.id}_`, revokedAt: null });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(k.key.slice(k.prefix.length));
    expect(listed.key).toBeUndefined();
    // Revoked: the next request with it is refused; revoking again is not found.
    expect((await admin.call('DELETE', `/api/v1/admin/api-keys/${k.id}`, { entity: A })).status).toBe(204);
    const refused = await as(h, k.key)('GET', '/api/v1/admin/positions');
    expect(refused.status).toBe(401);
    expect(await code(refused)).toBe('invalid_api_key');
    expect(await code(await admin.call('DELETE', `/api/v1/admin/api-keys/${k.id}`, { entity: A }))).toBe(
      'not_found',
    );
    const after = await body(await admin.call('GET', '/api/v1/admin/api-keys', { entity: A }));
    expect(after.items.find((x: Json) => x.id === k.id).revokedAt).not.toBeNull();
    // The audit has both changes, who made them, and never the secret.
    const audit = await body(await admin.call('GET', '/api/v1/admin/audit?limit=5', { entity: A }));
    const [revoke, create] = audit.items as Json[];
    expect(revoke).toMatchObject({
      actor: 'admin@comune.example.it',
      action: 'adminRevokeApiKey',
      target: k.id,
    });
    expect(revoke?.before).toMatchObject({ id: k.id, revokedAt: null });
    expect(create).toMatchObject({ action: 'adminCreateApiKey', target: k.id });
    expect(create?.after.key).toBe('***');
    const stored = await h.deps.db.selectFrom('staff_audit').select(['before', 'after']).execute();
    expect(JSON.stringify(stored)).not.toContain(k.key.slice(k.prefix.length));
  });

  it('API keys and webhooks are for admins only; viewers and operators are refused 403, reading too', async () => {
    for (const who of [viewer, operator]) {
      for (const [method, path, b] of [
        ['GET', '/api/v1/admin/api-keys'],
        ['POST', '/api/v1/admin/api-keys', { name: 'x' }],
        ['DELETE', '/api/v1/admin/api-keys/abcdefghijklmnop'],
        ['GET', '/api/v1/admin/webhooks'],
        ['POST', '/api/v1/admin/webhooks', { url: receiver.url }],
        ['POST', '/api/v1/admin/webhooks/wh_abcdefghijklmnop/secret', {}],
        ['PATCH', '/api/v1/admin/entity', { pagopa: { idStation: 'X_01' } }],
      ] as const) {
        const res = await who.call(method, path, { entity: A, ...(b ? { body: b } : {}) });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(await code(res)).toBe('role_forbidden');
      }
      // The pagoPA settings and health are read by everyone.
      expect((await who.call('GET', '/api/v1/admin/entity', { entity: A })).status).toBe(200);
      expect((await who.call('GET', '/api/v1/admin/pagopa/health', { entity: A })).status).toBe(200);
    }
  });

  it("tenant isolation: another entity's keys are neither listed nor revocable", async () => {
    const theirs = await createApiKey(h.deps.db, B, 'loro', new Date());
    const list = await body(await admin.call('GET', '/api/v1/admin/api-keys', { entity: A }));
    expect(list.items.map((x: Json) => x.id)).not.toContain(theirs.id);
    expect(await code(await admin.call('DELETE', `/api/v1/admin/api-keys/${theirs.id}`, { entity: A }))).toBe(
      'not_found',
    );
    expect((await as(h, theirs.key)('GET', '/api/v1/admin/positions')).status).toBe(200);
    // An admin of A names B: not granted.
    expect(await code(await admin.call('GET', '/api/v1/admin/api-keys', { entity: B }))).toBe(
      'entity_not_granted',
    );
    // B's key lists only B's keys.
    const own = await body(await as(h, theirs.key)('GET', '/api/v1/admin/api-keys'));
    expect(own.items.map((x: Json) => x.id)).toEqual([theirs.id]);
  });

  it('bad input: a 4xx with its code, nothing written', async () => {
    const before = await h.deps.db.selectFrom('api_keys').select('id').execute();
    for (const b of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 7 }, { name: 'ok', extra: 1 }]) {
      const res = await admin.call('POST', '/api/v1/admin/api-keys', { entity: A, body: b });
      expect(res.status, JSON.stringify(b)).toBe(422);
      expect(await code(res)).toBe('validation_failed');
    }
    expect(await code(await admin.call('DELETE', '/api/v1/admin/api-keys/NOT-AN-ID', { entity: A }))).toBe(
      'validation_failed',
    );
    expect((await h.deps.db.selectFrom('api_keys').select('id').execute()).length).toBe(before.length);
    for (const b of [{ graceHours: -1 }, { graceHours: 169 }, { graceHours: 1.5 }, { graceHours: '24' }]) {
      const res = await admin.call('POST', '/api/v1/admin/webhooks/wh_abcdefghijklmnop/secret', {
        entity: A,
        body: b,
      });
      expect(res.status, JSON.stringify(b)).toBe(422);
    }
    expect(
      await code(
        await admin.call('POST', '/api/v1/admin/webhooks/wh_abcdefghijklmnop/secret', {
          entity: A,
          body: {},
        }),
      ),
    ).toBe('not_found');
  });

  it('a rotated webhook secret: the old one keeps signing beside the new one for the grace period', async () => {
    const created = await body(
      await admin.call('POST', '/api/v1/admin/webhooks', { entity: A, body: { url: receiver.url } }),
    );
    const oldSecret = created.secret as string;
    const now = new Date(h.deps.now().getTime());
    h.setNow(now);
    const rotated = await admin.call('POST', `/api/v1/admin/webhooks/${created.id}/secret`, {
      entity: A,
      body: { graceHours: 24 },
    });
    expect(rotated.status).toBe(200);
    const r = await body(rotated);
    expect(r.secret).toMatch(/^whsec_/);
    expect(r.secret).not.toBe(oldSecret);
    h.setNow(null as unknown as Date);
    expect(Date.parse(r.previousSecretUntil) - now.getTime()).toBe(24 * 3_600_000);

    const deliver = async (at: Date) => {
      receiver.received.length = 0;
      await transaction(h.deps.db, (tx) =>
        appendEvent(tx, {
          entityCode: A,
          type: 'payment.paid',
          payload: {
            practice: { iupd: 'ROT-1', nav: '301000000000000144', iuv: '01000000000000144', amount: 100 },
            payment: { id: 'pay-r', state: 'paid', amount: 100, navs: ['301000000000000144'] },
          },
          now: at,
        }),
      );
      await fanOut(h.deps.db, at);
      await deliverAllDue({ ...h.deps, now: () => at });
      const got = receiver.received.at(-1);
      if (!got) throw new Error('nothing delivered');
      const header = got.headers['pagatore-signature'] as string;
      const check = (secret: string) =>
        verifyWebhookSignature({ payload: got.body, header, secret, now: at }).then((x) => x.ok);
      return { header, withNew: await check(r.secret), withOld: await check(oldSecret) };
    };
    const during = await deliver(now);
    expect(during.header.match(/v1=/g)).toHaveLength(2);
    expect(during).toMatchObject({ withNew: true, withOld: true });
    const later = await deliver(new Date(now.getTime() + 25 * 3_600_000));
    expect(later.header.match(/v1=/g)).toHaveLength(1);
    expect(later).toMatchObject({ withNew: true, withOld: false });

    // Without a grace period the old secret stops at once; the audit never holds a secret.
    const again = await body(
      await admin.call('POST', `/api/v1/admin/webhooks/${created.id}/secret`, {
        entity: A,
        body: { graceHours: 0 },
      }),
    );
    expect(again.previousSecretUntil).toBeNull();
    const stored = JSON.stringify(await h.deps.db.selectFrom('staff_audit').selectAll().execute());
    for (const s of [oldSecret, r.secret, again.secret]) expect(stored).not.toContain(s);
    const entry = (await body(await admin.call('GET', '/api/v1/admin/audit?limit=1', { entity: A })))
      .items[0];
    expect(entry).toMatchObject({ action: 'adminRotateWebhookSecret', target: created.id });
    expect(entry.after.secret).toBe('***');
  });

  it('pagoPA health: the node calls seen, the last receipt, flows and the GPD queue', async () => {
    const empty = await body(await viewer.call('GET', '/api/v1/admin/pagopa/health', { entity: A }));
    expect(empty).toMatchObject({
      stationConfigured: false,
      node: { verify: null, activate: null, receipt: null },
      lastReceipt: null,
      gpd: { enabled: false, pending: 0, failed: 0 },
    });
    await configureStation(h);
    const node = fakeNode(async (xml, action) => {
      const res = await h.request('/pagopa/node', {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
        body: xml,
      });
      return { status: res.status, text: await res.text() };
    }, STATION);
    const p = await nodePosition(h, { amount: 42_00 });
    expect((await node.verify(A, '399999999999999999')).outcome).toBe('KO');
    expect((await node.verify(A, p.nav)).outcome).toBe('OK');
    expect((await node.activate(A, p.nav)).outcome).toBe('OK');
    const rt = await node.sendRT({
      nav: p.nav,
      fiscalCode: A,
      iuv: p.iuv,
      amount: centsToDecimal(p.amount),
      receiptId: `RCPH${p.nav}`,
      transfers: [{ amount: '42.00', iban: TEST_ENTITY.iban, remittance: 'Prova', category: '0101002IM' }],
    });
    expect(rt.outcome).toBe('OK');
    const health = await body(await operator.call('GET', '/api/v1/admin/pagopa/health', { entity: A }));
    expect(health.stationConfigured).toBe(true);
    expect(health.node.verify).toEqual({ at: expect.any(String), fault: null });
    expect(health.node.activate.fault).toBeNull();
    expect(health.node.receipt.fault).toBeNull();
    expect(health.lastReceipt).toMatchObject({ receiptId: `RCPH${p.nav}`, amount: 42_00, nav: p.nav });
    // Another entity sees none of it.
    await staffMember(h, 'adminb@altro.example.it', B, 'admin');
    const b = await loginStaff(h, 'adminb@altro.example.it');
    const theirs = await body(await b.call('GET', '/api/v1/admin/pagopa/health', { entity: B }));
    expect(theirs.node.verify).toBeNull();
    expect(theirs.lastReceipt).toBeNull();
  });

  it('the audit entry is written in the same transaction as the change: a failed audit write leaves no change', async () => {
    const webhook = await body(
      await admin.call('POST', '/api/v1/admin/webhooks', { entity: A, body: { url: receiver.url } }),
    );
    const keysBefore = (await h.deps.db.selectFrom('api_keys').select('id').execute()).length;
    expect(
      (await admin.call('POST', '/api/v1/admin/positions', { entity: A, body: position('AUD-1') })).status,
    ).toBe(201);
    if (testEngine() === 'sqlite') {
      await sql`create trigger staff_audit_broken before insert on staff_audit
        begin select raise(abort, 'audit store down'); end`.execute(h.deps.db);
    } else {
      await sql`create function staff_audit_broken() returns trigger language plpgsql as $$
        begin raise exception 'audit store down'; end $$`.execute(h.deps.db);
      await sql`create trigger staff_audit_broken before insert on staff_audit
        for each row execute function staff_audit_broken()`.execute(h.deps.db);
    }
    try {
      const tries = [
        [
          'PATCH',
          `/api/v1/admin/webhooks/${webhook.id}`,
          { url: `${receiver.url}?changed=1`, enabled: false },
        ],
        ['POST', `/api/v1/admin/webhooks/${webhook.id}/secret`, {}],
        ['DELETE', `/api/v1/admin/webhooks/${webhook.id}`],
        ['POST', '/api/v1/admin/api-keys', { name: 'mai creata' }],
        ['PATCH', '/api/v1/admin/entity', { sector: 'Mai cambiato', pagopa: { idStation: 'MAI_01' } }],
        ['DELETE', '/api/v1/admin/positions/AUD-1'],
      ] as const;
      for (const [method, path, b] of tries) {
        const res = await admin.call(method, path, { entity: A, ...(b ? { body: b } : {}) });
        expect(res.status, `${method} ${path}`).toBe(500);
      }
      const row = await h.deps.db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('id', '=', webhook.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ url: receiver.url, enabled: 1, secret: webhook.secret });
      expect((await h.deps.db.selectFrom('api_keys').select('id').execute()).length).toBe(keysBefore);
      const settings = await body(await admin.call('GET', '/api/v1/admin/entity', { entity: A }));
      expect(settings.sector).not.toBe('Mai cambiato');
      expect(settings.pagopa.idStation).toBe(STATION.idStation);
      const pos = await body(await admin.call('GET', '/api/v1/admin/positions/AUD-1', { entity: A }));
      expect(pos.status).toBe('unpaid');
    } finally {
      await sql`drop trigger staff_audit_broken${sql.raw(testEngine() === 'sqlite' ? '' : ' on staff_audit')}`.execute(
        h.deps.db,
      );
    }
    // With the audit back, the same change lands with its entry.
    expect((await admin.call('DELETE', '/api/v1/admin/positions/AUD-1', { entity: A })).status).toBe(200);
    const entry = (await body(await admin.call('GET', '/api/v1/admin/audit?limit=1', { entity: A })))
      .items[0];
    expect(entry).toMatchObject({ action: 'adminCancelPosition', target: 'AUD-1' });
  });
});
