import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase, transaction } from './database.js';
import { isUniqueViolation } from './errors.js';

/** What the write throws, or fails the test when it goes through. */
async function refusal(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
  } catch (e) {
    return e;
  }
  throw new Error('the write went through');
}

describe('isUniqueViolation on SQLite (a file on disk, through Kysely)', () => {
  let dir: string;
  let handle: DatabaseHandle;
  // The tables are not in the app's schema: the test speaks raw SQL through the same connection.
  const run = (text: string) => sql.raw(text).execute(handle.db);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pagatore-unique-'));
    handle = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
    await run('create table parent (id integer primary key, email text not null unique)');
    await run(
      'create table child (id integer primary key, parent_id integer not null references parent(id))',
    );
    await run("insert into parent (id, email) values (1, 'a@example.it')");
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is true for a UNIQUE index already holding the value', async () => {
    const e = await refusal(() => run("insert into parent (id, email) values (2, 'a@example.it')"));
    expect(e).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(isUniqueViolation(e)).toBe(true);
  });

  it('is true for a PRIMARY KEY already taken, also inside a transaction', async () => {
    const e = await refusal(() =>
      transaction(handle.db, (tx) =>
        sql.raw("insert into parent (id, email) values (1, 'b@example.it')").execute(tx),
      ),
    );
    expect(e).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(isUniqueViolation(e)).toBe(true);
  });

  it('is false for the other constraints: foreign key, not null, check', async () => {
    const fk = await refusal(() => run('insert into child (id, parent_id) values (1, 99)'));
    expect(fk).toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(isUniqueViolation(fk)).toBe(false);
    const notNull = await refusal(() => run('insert into parent (id, email) values (3, null)'));
    expect(notNull).toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
    expect(isUniqueViolation(notNull)).toBe(false);
  });

  it('is false for an error that only mentions "unique" or "primary key" in its text', async () => {
    const e = await refusal(() => run('select * from no_unique_primary_key_table'));
    expect(isUniqueViolation(e)).toBe(false);
    expect(isUniqueViolation(new Error('UNIQUE constraint failed: parent.email'))).toBe(false);
  });
});

describe('isUniqueViolation on PostgreSQL (errors shaped as pg DatabaseError)', () => {
  /** What pg's DatabaseError carries: an Error with the SQLSTATE in `code`. */
  function pgError(code: string, message: string, extra: Record<string, unknown> = {}) {
    return Object.assign(new Error(message), {
      name: 'error',
      severity: 'ERROR',
      code,
      ...extra,
    });
  }

  it("is true for SQLSTATE 23505 (unique_violation), whatever the message's language", () => {
    const e = pgError('23505', 'duplicate key value violates unique constraint "accounts_email_key"', {
      detail: 'Key (email)=(a@example.it) already exists.',
      table: 'accounts',
      constraint: 'accounts_email_key',
    });
    expect(isUniqueViolation(e)).toBe(true);
    expect(isUniqueViolation(pgError('23505', 'un valore chiave duplicato viola il vincolo univoco'))).toBe(
      true,
    );
  });

  it('is false for the other integrity violations and for serialization failures', () => {
    expect(isUniqueViolation(pgError('23503', 'insert or update violates foreign key constraint'))).toBe(
      false,
    );
    expect(isUniqueViolation(pgError('23502', 'null value in column "email" violates not-null'))).toBe(false);
    expect(isUniqueViolation(pgError('40001', 'could not serialize access'))).toBe(false);
  });

  it('is false for what is not an error object', () => {
    for (const e of [undefined, null, '23505', 23505, { code: 23505 }])
      expect(isUniqueViolation(e)).toBe(false);
  });
});
