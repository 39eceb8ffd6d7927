/**
 * The console's import: a file uploaded to /positions/imports answers a job at once and imports in
 * the background through the bulk import's path; the job tells its progress, then its report with
 * each rejected row (none of which was written). A file refused as a whole fails the job with the
 * reason. Staff: a viewer may not import or create (403), an operator may, and the audit log says
 * so; another entity's jobs do not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleImports } from '../../import/jobs.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { IBAN, otherEntityKey, position, testKey } from '../../../test/support/admin-fixtures.js';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { loginStaff, ORIGIN, staffMember, type StaffAgent } from '../../../test/support/staff.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const A = TEST_ENTITY.code;
const HEADER =
  'iupd,debtor_fiscal_code,debtor_name,description,installment,amount,due_date,transfer1_iban,transfer1_amount,transfer1_taxonomy';
const line = (iupd: string, cf: string, amount: number | string) =>
  `${iupd},${cf},Mario Rossi,TARI 2026,,${amount},2026-12-31,${IBAN},${amount},9/0101002IM/`;

describe('admin import jobs', () => {
  let h: Harness;
  let key: string;
  let otherKey: string;
  let viewer: StaffAgent;
  let operator: StaffAgent;
  beforeAll(async () => {
    h = await createHarness();
    key = await testKey(h);
    otherKey = await otherEntityKey(h);
    await staffMember(h, 'viewer@comune.example.it', A, 'viewer');
    await staffMember(h, 'operator@comune.example.it', A, 'operator');
    viewer = await loginStaff(h, 'viewer@comune.example.it');
    operator = await loginStaff(h, 'operator@comune.example.it');
  });
  afterAll(async () => {
    await settleImports();
    await h.close();
  });

  const upload = (body: string, type = 'text/csv', bearer = key) =>
    h.request('/api/v1/admin/positions/imports', {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': type },
      body,
    });
  const job = async (id: string, bearer = key) =>
    h.request(`/api/v1/admin/positions/imports/${id}`, { headers: { authorization: `Bearer ${bearer}` } });
  const exists = async (iupd: string) =>
    (await h.deps.db.selectFrom('positions').select('id').where('iupd', '=', iupd).executeTakeFirst()) !==
    undefined;

  it('imports in the background: a job at once, then its counts and each rejected row', async () => {
    const rows = [HEADER];
    for (let i = 0; i < 450; i++) rows.push(line(`J-${i}`, 'RSSMRA85T10A562S', 1000 + i));
    rows.push(line('J-BADCF', 'RSSMRA85T10A562X', 100), line('J-NEG', 'RSSMRA85T10A562S', -5), 'J-SHORT,x');
    const csv = rows.join('\n');
    const res = await upload(csv);
    expect(res.status).toBe(202);
    const started = (await res.json()) as Json;
    expect(started).toMatchObject({ status: 'running', format: 'csv', totalBytes: Buffer.byteLength(csv) });
    expect(started.id).toMatch(/^imp_[0-9a-f]{24}$/);
    expect(res.headers.get('location')).toBe(`/api/v1/admin/positions/imports/${started.id}`);
    await settleImports();
    const done = (await (await job(started.id)).json()) as Json;
    expect(done).toMatchObject({
      status: 'done',
      bytes: Buffer.byteLength(csv),
      received: 453,
      created: 450,
      updated: 0,
      rejected: 3,
      error: null,
    });
    expect(done.finishedAt).not.toBeNull();
    expect(done.report.errors.map((e: Json) => [e.iupd, e.fields[0]?.path ?? null])).toEqual([
      ['J-BADCF', 'debtor.fiscalCode'],
      ['J-NEG', 'single.amount'],
      ['J-SHORT', expect.any(String)],
    ]);
    expect(await exists('J-449')).toBe(true);
    for (const iupd of ['J-BADCF', 'J-NEG', 'J-SHORT']) expect(await exists(iupd)).toBe(false);
    // The same file again changes nothing and says so.
    const again = (await (await upload(csv)).json()) as Json;
    await settleImports();
    expect((await (await job(again.id)).json()) as Json).toMatchObject({
      status: 'done',
      created: 0,
      updated: 450,
    });
  });

  it('a file refused whole fails the job with the reason; bad requests are refused at once', async () => {
    const res = await upload('iupd,colour\nX,red');
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as Json;
    await settleImports();
    const failed = (await (await job(id)).json()) as Json;
    expect(failed.status).toBe('failed');
    expect(failed.error.code).toBe('validation_failed');
    expect(failed.error.fields.map((f: Json) => f.path)).toContain('header.colour');
    expect((await upload('a,b', 'application/pdf')).status).toBe(415);
    const unknown = await job('imp_000000000000000000000000');
    expect(unknown.status).toBe(404);
    const bad = await job('not-an-id');
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as Json).error.fields[0]).toMatchObject({
      path: 'params.id',
      code: 'invalid_format',
    });
    // Another entity's key: the job does not exist.
    expect((await job(id, otherKey)).status).toBe(404);
  });

  it('staff: a viewer may not import, create or edit; an operator may, audited', async () => {
    const headers = (agent: StaffAgent) => ({
      cookie: agent.cookie,
      origin: ORIGIN,
      'x-csrf-token': agent.csrf,
      'x-pagatore-entity': A,
      'content-type': 'text/csv',
    });
    const csv = [HEADER, line('ST-1', 'RSSMRA85T10A562S', 500)].join('\n');
    const refused = await h.request('/api/v1/admin/positions/imports', {
      method: 'POST',
      headers: headers(viewer),
      body: csv,
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Json).error.code).toBe('role_forbidden');
    for (const [method, path] of [
      ['POST', '/api/v1/admin/positions'],
      ['PUT', '/api/v1/admin/positions/ST-1'],
    ] as const) {
      const r = await viewer.call(method, path, { entity: A, body: position('ST-1') });
      expect(r.status, `${method} ${path}`).toBe(403);
    }
    const ok = await h.request('/api/v1/admin/positions/imports', {
      method: 'POST',
      headers: headers(operator),
      body: csv,
    });
    expect(ok.status).toBe(202);
    const { id } = (await ok.json()) as Json;
    await settleImports();
    const seen = await operator.call('GET', `/api/v1/admin/positions/imports/${id}`, { entity: A });
    expect(((await seen.json()) as Json).created).toBe(1);
    expect((await viewer.call('GET', `/api/v1/admin/positions/imports/${id}`, { entity: A })).status).toBe(
      200,
    );
    const created = await operator.call('POST', '/api/v1/admin/positions', {
      entity: A,
      body: position('ST-2'),
    });
    expect(created.status).toBe(201);
    const { iupd: _iupd, ...update } = position('ST-2', { description: 'TARI 2026 rettificata' });
    const updated = await operator.call('PUT', '/api/v1/admin/positions/ST-2', { entity: A, body: update });
    expect(updated.status).toBe(200);
    const audit = (await (
      await operator.call('GET', '/api/v1/admin/audit?limit=10', { entity: A })
    ).json()) as Json;
    expect(audit.items.map((e: Json) => e.action)).toEqual(
      expect.arrayContaining(['adminStartPositionsImport', 'adminCreatePosition', 'adminUpdatePosition']),
    );
    const edit = audit.items.find((e: Json) => e.action === 'adminUpdatePosition');
    expect(edit.target).toBe('ST-2');
    expect(edit.before.description).toBe('TARI 2026');
    expect(edit.after.description).toBe('TARI 2026 rettificata');
  });
});
