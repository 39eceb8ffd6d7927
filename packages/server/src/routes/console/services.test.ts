/**
 * The console's services page on the server: staff change services through the admin API with the
 * role they hold (a viewer reads, an operator creates and edits), with the API's validation, each
 * change in the audit log with its state before and after, and nothing of another entity reachable.
 */
import type { ServiceInput } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IBAN } from '../../../test/support/admin-fixtures.js';
import { OTHER_ENTE, otherEntity, TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { loginStaff, staffMember } from '../../../test/support/staff.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const A = TEST_ENTITY.code;
const B = OTHER_ENTE;

const permit: ServiceInput = {
  code: 'PASSO',
  name: { it: 'Passo carrabile', en: 'Driveway permit' },
  fields: [
    { name: 'plate', type: 'text', label: 'Targa', required: true, pattern: '[A-Z]{2}[0-9]{3}[A-Z]{2}' },
    {
      name: 'zone',
      type: 'select',
      label: { it: 'Zona', en: 'Area' },
      options: [
        { value: 'centro', label: 'Centro' },
        { value: 'periferia', label: 'Periferia' },
      ],
    },
  ],
  amount: { kind: 'fixed', amount: 2550 },
  position: { description: 'Passo carrabile {plate}', iban: IBAN, taxonomy: '9/0101002IM/' },
};

describe('console: services', () => {
  let h: Harness;
  const code = async (res: Response) => ((await res.json()) as Json).error?.code as string | undefined;

  beforeAll(async () => {
    h = await createHarness();
    await otherEntity(h.deps.db);
    await staffMember(h, 'viewer@comune.example.it', A, 'viewer');
    await staffMember(h, 'operator@comune.example.it', A, 'operator');
    // An intermediary's clerk: operator of B, viewer of A.
    await staffMember(h, 'multi@intermediario.example.it', B, 'operator');
    await staffMember(h, 'multi@intermediario.example.it', A, 'viewer');
  });
  afterAll(() => h.close());

  it('an operator creates and edits a service; each change is audited with before and after', async () => {
    const op = await loginStaff(h, 'operator@comune.example.it');
    const created = await op.call('POST', '/api/v1/admin/services', { entity: A, body: permit });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ code: 'PASSO', enabled: true, fields: [{}, {}] });
    const { code: _c, ...rest } = permit;
    const reordered = { ...rest, enabled: false, fields: [permit.fields?.[1], permit.fields?.[0]] };
    const put = await op.call('PUT', '/api/v1/admin/services/PASSO', { entity: A, body: reordered });
    expect(put.status).toBe(200);
    const saved = (await put.json()) as Json;
    expect(saved.enabled).toBe(false);
    expect(saved.fields.map((f: Json) => f.name)).toEqual(['zone', 'plate']);

    const viewer = await loginStaff(h, 'viewer@comune.example.it');
    const log = (await (
      await viewer.call('GET', '/api/v1/admin/audit?limit=10', { entity: A })
    ).json()) as Json;
    // Newest first; the viewer's own first login (enrolling the second factor) is there too.
    const [update, create] = (log.items as Json[]).filter((e) => e.action.endsWith('Service'));
    expect(create).toMatchObject({
      actor: 'operator@comune.example.it',
      action: 'adminCreateService',
      target: 'PASSO',
      before: null,
    });
    expect(create?.after).toMatchObject({ code: 'PASSO', enabled: true });
    expect(update).toMatchObject({
      actor: 'operator@comune.example.it',
      action: 'adminUpdateService',
      target: 'PASSO',
    });
    expect(update?.before.enabled).toBe(true);
    expect(update?.before.fields.map((f: Json) => f.name)).toEqual(['plate', 'zone']);
    expect(update?.after.enabled).toBe(false);
    expect(update?.after.fields.map((f: Json) => f.name)).toEqual(['zone', 'plate']);
  });

  it('refuses bad definitions with the field at fault, and writes nothing', async () => {
    const op = await loginStaff(h, 'operator@comune.example.it');
    const cases: [Json, string, string][] = [
      [
        { ...permit, code: 'BAD-1', fields: [{ ...permit.fields?.[0], type: 'colour' }] },
        'fields.0.type',
        'invalid_choice',
      ],
      [
        { ...permit, code: 'BAD-2', fields: [{ ...permit.fields?.[0], pattern: '([' }] },
        'fields.0.pattern',
        'invalid_format',
      ],
      [
        { ...permit, code: 'BAD-3', fields: [{ ...permit.fields?.[1], options: [] }, permit.fields?.[0]] },
        'fields.0.options',
        'too_few',
      ],
      [
        { ...permit, code: 'BAD-4', amount: { kind: 'entered', field: 'plate', min: 100, max: 200 } },
        'amount',
        'mismatch',
      ],
      [{ ...permit, code: 'BAD-5', amount: { kind: 'fixed', amount: 0 } }, 'amount.amount', 'too_small'],
      [{ ...permit, code: 'BAD 6' }, 'code', 'invalid_format'],
    ];
    for (const [body, path, fieldCode] of cases) {
      const res = await op.call('POST', '/api/v1/admin/services', { entity: A, body });
      expect(res.status, path).toBe(422);
      const e = ((await res.json()) as Json).error;
      expect(e.code).toBe('validation_failed');
      expect(e.fields, path).toContainEqual(expect.objectContaining({ path, code: fieldCode }));
    }
    const list = (await (await op.call('GET', '/api/v1/admin/services', { entity: A })).json()) as Json;
    expect(list.items.map((s: Json) => s.code).filter((c: string) => c.startsWith('BAD'))).toEqual([]);
    // A bad edit leaves the stored service as it was.
    const { code: _c, ...rest } = permit;
    const bad = await op.call('PUT', '/api/v1/admin/services/PASSO', {
      entity: A,
      body: { ...rest, position: { ...rest.position, iban: 'IT00X' } },
    });
    expect(await code(bad)).toBe('validation_failed');
    const stored = (await (
      await op.call('GET', '/api/v1/admin/services/PASSO', { entity: A })
    ).json()) as Json;
    expect(stored.position.iban).toBe(IBAN);
  });

  it('a viewer reads services but may not create, edit or delete one', async () => {
    const viewer = await loginStaff(h, 'viewer@comune.example.it');
    expect((await viewer.call('GET', '/api/v1/admin/services', { entity: A })).status).toBe(200);
    expect((await viewer.call('GET', '/api/v1/admin/services/PASSO', { entity: A })).status).toBe(200);
    const { code: _c, ...rest } = permit;
    const tries = [
      viewer.call('POST', '/api/v1/admin/services', { entity: A, body: { ...permit, code: 'VIEWER' } }),
      viewer.call('PUT', '/api/v1/admin/services/PASSO', { entity: A, body: { ...rest, enabled: true } }),
      viewer.call('DELETE', '/api/v1/admin/services/PASSO', { entity: A }),
    ];
    for (const res of await Promise.all(tries)) {
      expect(res.status).toBe(403);
      expect(await code(res)).toBe('role_forbidden');
    }
    const stored = (await (
      await viewer.call('GET', '/api/v1/admin/services/PASSO', { entity: A })
    ).json()) as Json;
    expect(stored.enabled).toBe(false);
    expect((await viewer.call('GET', '/api/v1/admin/services/VIEWER', { entity: A })).status).toBe(404);
  });

  it('tenant isolation: one entity’s services are out of reach from another', async () => {
    const multi = await loginStaff(h, 'multi@intermediario.example.it');
    // Operator on B: creates there; the same code on A stays A's.
    const onB = await multi.call('POST', '/api/v1/admin/services', {
      entity: B,
      body: { ...permit, name: 'Passo carrabile di B' },
    });
    expect(onB.status).toBe(201);
    const listB = (await (await multi.call('GET', '/api/v1/admin/services', { entity: B })).json()) as Json;
    expect(listB.items.map((s: Json) => [s.code, s.name])).toEqual([['PASSO', 'Passo carrabile di B']]);
    const onA = (await (
      await multi.call('GET', '/api/v1/admin/services/PASSO', { entity: A })
    ).json()) as Json;
    expect(onA.name).toEqual(permit.name);
    // Viewer on A: may not change A's service, whatever B allows.
    const { code: _c, ...rest } = permit;
    const put = await multi.call('PUT', '/api/v1/admin/services/PASSO', { entity: A, body: rest });
    expect(await code(put)).toBe('role_forbidden');
    // The operator of A alone reaches nothing of B.
    const op = await loginStaff(h, 'operator@comune.example.it');
    for (const [method, path] of [
      ['GET', '/api/v1/admin/services'],
      ['PUT', '/api/v1/admin/services/PASSO'],
    ] as const) {
      const res = await op.call(method, path, { entity: B, body: method === 'PUT' ? rest : undefined });
      expect(res.status).toBe(403);
      expect(await code(res)).toBe('entity_not_granted');
    }
    const stillB = (await (
      await multi.call('GET', '/api/v1/admin/services/PASSO', { entity: B })
    ).json()) as Json;
    expect(stillB.name).toBe('Passo carrabile di B');
  });
});
