/**
 * The console's privacy page on the server: every staff role reads the consent texts, the ledger and
 * a person's accounts; only admins publish a text or close an account on a citizen's request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENTITY } from '../../../test/support/entity.js';
import { createHarness, type Harness } from '../../../test/support/harness.js';
import { loginStaff, staffMember } from '../../../test/support/staff.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const A = TEST_ENTITY.code;
const NOBODY = '0b6f3a2e-4a53-4c59-9a0c-2b1d7f5e8c11';

describe('console: privacy', () => {
  let h: Harness;
  const code = async (res: Response) => ((await res.json()) as Json).error?.code as string | undefined;

  beforeAll(async () => {
    h = await createHarness();
    await staffMember(h, 'viewer@comune.example.it', A, 'viewer');
    await staffMember(h, 'operator@comune.example.it', A, 'operator');
    await staffMember(h, 'admin@comune.example.it', A, 'admin');
  });
  afterAll(() => h.close());

  it('viewers and operators read texts, ledger and accounts, and may not publish or close', async () => {
    for (const email of ['viewer@comune.example.it', 'operator@comune.example.it']) {
      const s = await loginStaff(h, email);
      expect((await s.call('GET', '/api/v1/admin/consents', { entity: A })).status).toBe(200);
      const ledger = await s.call(
        'GET',
        '/api/v1/admin/consent-ledger?from=2026-01-01&to=2026-12-31&format=csv',
        {
          entity: A,
        },
      );
      expect(ledger.status).toBe(200);
      expect(ledger.headers.get('content-type')).toContain('text/csv');
      const found = await s.call('GET', '/api/v1/admin/accounts?fiscalCode=RSSMRA85T10A562S', { entity: A });
      expect(found.status).toBe(200);
      expect(await found.json()).toEqual({ items: [] });
      const publish = await s.call('POST', '/api/v1/admin/consents/privacy/versions', {
        entity: A,
        body: { version: 'staff-1', text: { it: 'Informativa' } },
      });
      expect(publish.status).toBe(403);
      expect(await code(publish)).toBe('role_forbidden');
      const close = await s.call('DELETE', `/api/v1/admin/accounts/${NOBODY}/consent`, { entity: A });
      expect(close.status).toBe(403);
      expect(await code(close)).toBe('role_forbidden');
    }
    const texts = (await (
      await (
        await loginStaff(h, 'viewer@comune.example.it')
      ).call('GET', '/api/v1/admin/consents', { entity: A })
    ).json()) as Json;
    expect((texts.items as Json[]).some((x) => x.version === 'staff-1')).toBe(false);
  });

  it('an admin publishes a version, named as its publisher, and the same version again with other words is a 409', async () => {
    const admin = await loginStaff(h, 'admin@comune.example.it');
    const body = {
      version: 'staff-2',
      text: { it: 'Informativa 2', en: 'Notice 2' },
      requiresReconsent: true,
    };
    const res = await admin.call('POST', '/api/v1/admin/consents/privacy/versions', { entity: A, body });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      kind: 'privacy',
      version: 'staff-2',
      current: true,
      requiresReconsent: true,
      publishedBy: 'admin@comune.example.it',
    });
    const again = await admin.call('POST', '/api/v1/admin/consents/privacy/versions', {
      entity: A,
      body: { ...body, text: { it: 'Altre parole' } },
    });
    expect(again.status).toBe(409);
    expect(await code(again)).toBe('already_exists');
    const bad = await admin.call('POST', '/api/v1/admin/consents/privacy/versions', {
      entity: A,
      body: { version: 'due parole', text: { it: '' } },
    });
    expect(bad.status).toBe(422);
    const fields = ((await bad.json()) as Json).error.fields as Json[];
    expect(fields.map((f) => f.path).sort()).toEqual(['text.it', 'version']);
  });
});
