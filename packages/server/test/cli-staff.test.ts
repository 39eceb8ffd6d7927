/** `pagatore staff …` of the built CLI, on the database a server runs on. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_ENTE, otherEntity, TEST_ENTITY } from './support/entity.js';
import { createHarness, type Harness } from './support/harness.js';
import { ORIGIN } from './support/staff.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('pagatore staff', () => {
  let h: Harness;
  const run = (args: string[], extra: Record<string, string> = {}) =>
    spawnSync(process.execPath, [CLI, 'staff', ...args], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: h.deps.config.databaseUrl, ...extra },
      encoding: 'utf8',
      timeout: 60_000,
    });
  const login = (email: string, password: string) =>
    h.json('POST', '/api/v1/console/sessions', { email, password }, { origin: ORIGIN });

  beforeAll(async () => {
    h = await createHarness();
    await otherEntity(h.deps.db);
  });
  afterAll(async () => {
    await h.close();
  });

  it(
    'creates the first staff member with a temporary password on the last line; the first login enrols TOTP',
    { timeout: 120_000 },
    async () => {
      const r = run([
        'create',
        'Anna.Bianchi@comune.example.it',
        '--entity',
        TEST_ENTITY.code,
        '--role',
        'admin',
        '--name',
        'Anna Bianchi',
      ]);
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n');
      const password = lines.at(-1) as string;
      expect(password).toMatch(/^[a-z2-7]{24}$/);
      expect(r.stdout).toContain(`anna.bianchi@comune.example.it: admin of ${TEST_ENTITY.code}`);
      const step = (await (await login('anna.bianchi@comune.example.it', password)).json()) as Json;
      expect(step.step).toBe('enrol');
      // A second entity for the same person: a grant, no new password.
      const g = run(['grant', 'anna.bianchi@comune.example.it', '--entity', OTHER_ENTE, '--role', 'viewer']);
      expect(g.status, g.stderr).toBe(0);
      expect(g.stdout).not.toContain('password');
      const list = run(['list']);
      expect(list.stdout).toMatch(
        new RegExp(
          `anna\\.bianchi@comune\\.example\\.it {2}Anna Bianchi {2}not enrolled {2}${OTHER_ENTE}:viewer ${TEST_ENTITY.code}:admin`,
        ),
      );
      // Revoking the second grant; audited with the CLI as actor.
      expect(run(['revoke', 'anna.bianchi@comune.example.it', '--entity', OTHER_ENTE]).status).toBe(0);
      expect(run(['revoke', 'anna.bianchi@comune.example.it', '--entity', OTHER_ENTE]).status).toBe(1);
      const audit = await h.deps.db
        .selectFrom('staff_audit')
        .selectAll()
        .where('actor', '=', 'cli')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => [a.entity_code, a.action])).toEqual([
        [TEST_ENTITY.code, 'staffCreated'],
        [OTHER_ENTE, 'staffGranted'],
        [OTHER_ENTE, 'staffRevoked'],
      ]);
    },
  );

  it(
    'takes a chosen password from PAGATORE_STAFF_PASSWORD, refusing a weak one',
    { timeout: 120_000 },
    async () => {
      const weak = run(
        ['create', 'mario@comune.example.it', '--entity', TEST_ENTITY.code, '--role', 'operator'],
        { PAGATORE_STAFF_PASSWORD: 'password123' },
      );
      expect(weak.status).toBe(2);
      expect(weak.stderr).toMatch(/PAGATORE_STAFF_PASSWORD/);
      const chosen = 'Ufficio-Tributi-Esempio-7';
      const ok = run(
        ['create', 'mario@comune.example.it', '--entity', TEST_ENTITY.code, '--role', 'operator'],
        { PAGATORE_STAFF_PASSWORD: chosen },
      );
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).not.toContain(chosen);
      expect((await login('mario@comune.example.it', chosen)).status).toBe(200);
    },
  );

  it('refuses bad input with exit code 2 and an unknown entity with 1', { timeout: 120_000 }, () => {
    expect(
      run(['create', 'x@comune.example.it', '--entity', TEST_ENTITY.code, '--role', 'boss']).status,
    ).toBe(2);
    expect(run(['create', 'not-an-email', '--entity', TEST_ENTITY.code, '--role', 'viewer']).status).toBe(2);
    expect(run(['create', 'x@comune.example.it', '--entity', '99999999999', '--role', 'viewer']).status).toBe(
      1,
    );
    expect(run(['reset-totp', 'nobody@comune.example.it']).status).toBe(1);
    expect(run(['frobnicate']).status).toBe(2);
  });
});
