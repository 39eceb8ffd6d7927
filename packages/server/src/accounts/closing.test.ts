/**
 * Closing an account outside any route: a database migrated and seeded here, with no app built, so
 * nothing but `closeAccount` itself decides what goes. Cart items and practice links are personal
 * data and must not outlive the account.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PositionInput } from '@pagatore/sdk';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { type DatabaseHandle, type Db, migrate, openDatabase, transaction } from '../db/database.js';
import { seedTestEntity, TEST_ENTITY } from '../../test/support/entity.js';
import { findEntity } from '../entities/entities.js';
import { addToCart } from '../payments/cart.js';
import { writePositions } from '../positions/positions.js';
import { linkFoundPractice } from '../practices/practices.js';
import { closeAccount } from './closing.js';
import { markFiscalCodeProven } from './fiscal-codes.js';
import { createSession } from './sessions.js';

const ENTE = TEST_ENTITY.code;
const CF = 'RSSMRA85T10A562S';
const LIFE = { idleSeconds: 3600, maxSeconds: 86_400 };

let dir: string;
let database: DatabaseHandle;
let db: Db;
let seq = 0;

async function insertAccount(username: string) {
  const id = crypto.randomUUID();
  const at = new Date().toISOString();
  await db
    .insertInto('accounts')
    .values({
      id,
      entity_code: ENTE,
      status: 'active',
      username,
      email: `${username}@example.it`,
      email_normalized: `${username}@example.it`,
      fiscal_code: CF,
      subject_kind: 'person',
      first_name: 'Mario',
      last_name: 'Rossi',
      company_name: null,
      address: 'Via Roma 1',
      country: 'IT',
      city: 'Roma',
      province: 'RM',
      postal_code: '00100',
      phone: '+39061234567',
      lang: 'it',
      password_hash: null,
      privacy_version: '2026-01',
      privacy_accepted_at: at,
      created_at: at,
      activated_at: at,
      closed_at: null,
      updated_at: at,
    })
    .execute();
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** A practice of the account's fiscal code, found by search (a link) and put in the cart. */
async function practiceInCart(account: { id: string; entity_code: string; fiscal_code: string | null }) {
  const entity = (await findEntity(db, ENTE))!;
  const iupd = `CLOSE-${++seq}`;
  const input = v.parse(PositionInput, {
    iupd,
    debtor: { fiscalCode: CF, name: 'Mario Rossi' },
    description: `Pratica ${seq}`,
    single: {
      amount: 5000,
      dueDate: '2099-12-31',
      transfers: [{ iban: TEST_ENTITY.iban, amount: 5000, remittance: 'Test', taxonomy: '9/0101002IM/' }],
    },
  });
  await transaction(db, async (tx) => {
    expect(
      (await writePositions(tx, entity, [{ row: 1, position: input }], 'create', new Date())).errors,
    ).toEqual([]);
  });
  const position = await db
    .selectFrom('positions')
    .selectAll()
    .where('iupd', '=', iupd)
    .executeTakeFirstOrThrow();
  const option = await db
    .selectFrom('payment_options')
    .select(['id', 'position_id', 'nav', 'status', 'amount'])
    .where('position_id', '=', position.id)
    .executeTakeFirstOrThrow();
  await linkFoundPractice(db, account, position, { fiscalCode: CF, nav: option.nav }, new Date());
  await addToCart(db, account.id, option, new Date());
  return position;
}

const rowsOf = async (
  table: 'cart_items' | 'practice_links' | 'sessions' | 'account_fiscal_codes',
  id: string,
) => (await db.selectFrom(table).selectAll().where('account_id', '=', id).execute()).length;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pagatore-closing-'));
  const config = loadConfig({}, { mode: 'demo', databaseUrl: `file:${join(dir, 'db.sqlite')}` });
  database = await openDatabase(config.databaseUrl);
  db = database.db;
  await migrate(db);
  await seedTestEntity(db, config);
});

afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('closeAccount, called directly', () => {
  it('removes the cart items, practice links, proofs and sessions, and erases the profile', async () => {
    const account = await insertAccount('closing.direct');
    const position = await practiceInCart(account);
    await markFiscalCodeProven(db, account.id, CF, 'notice');
    await createSession(db, account.id, new Date(), LIFE);
    for (const t of ['cart_items', 'practice_links', 'sessions', 'account_fiscal_codes'] as const)
      expect(await rowsOf(t, account.id)).toBe(1);

    await transaction(db, (tx) => closeAccount(tx, { account, now: new Date() }));

    for (const t of ['cart_items', 'practice_links', 'sessions', 'account_fiscal_codes'] as const)
      expect(await rowsOf(t, account.id), t).toBe(0);
    const row = await db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'closed',
      username: null,
      email: null,
      fiscal_code: null,
      phone: null,
    });
    expect(row.closed_at).not.toBeNull();
    // The entity's practice is not the account's to cancel: only the link to it goes.
    const after = await db
      .selectFrom('positions')
      .select('status')
      .where('id', '=', position.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe(position.status);
    const audit = await db
      .selectFrom('account_audit')
      .select('event')
      .where('account_id', '=', account.id)
      .execute();
    expect(audit.map((a) => a.event)).toContain('consent_revoked');
  });

  it('closes all or nothing: a failure later in the same transaction keeps the cart and links', async () => {
    const account = await insertAccount('closing.rollback');
    await practiceInCart(account);
    await expect(
      transaction(db, async (tx) => {
        await closeAccount(tx, { account, now: new Date() });
        throw new Error('the caller fails after closing');
      }),
    ).rejects.toThrow('the caller fails');
    expect(await rowsOf('cart_items', account.id)).toBe(1);
    expect(await rowsOf('practice_links', account.id)).toBe(1);
    const row = await db
      .selectFrom('accounts')
      .select('status')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });
});
