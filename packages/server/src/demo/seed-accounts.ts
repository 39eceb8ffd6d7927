/**
 * Demo citizens: two persons and a company, already activated, with the credentials `npm start`
 * prints. Mario Rossi has proven his fiscal code (as if he had entered a Codice Avviso), so the
 * demo shows his assigned practices; Matteo Bosco has not (until he enters the Codice Avviso `npm
 * start` prints), so the demo shows the difference. Each is the debtor, under the same name, of
 * the demo's practices for their fiscal code.
 * Idempotent: an existing demo account gets its password and status back.
 */
import { hashPassword } from '../accounts/crypto.js';
import { markFiscalCodeProven } from '../accounts/fiscal-codes.js';
import type { Db } from '../db/database.js';
import { DEMO_ENTITY } from './seed.js';

/** The password of every demo account. */
export const DEMO_PASSWORD = 'Demo-Pagatore-2026';

export const DEMO_ACCOUNTS = [
  {
    username: 'mario.rossi',
    email: 'mario.rossi@example.it',
    fiscalCode: 'RSSMRA85T10A562S',
    kind: 'person' as const,
    firstName: 'Mario',
    lastName: 'Rossi',
    companyName: null,
    proven: true,
  },
  {
    username: 'matteo.bosco',
    email: 'matteo.bosco@example.it',
    fiscalCode: 'BSCMTT83A12L719R',
    kind: 'person' as const,
    firstName: 'Matteo',
    lastName: 'Bosco',
    companyName: null,
    proven: false,
  },
  {
    username: 'esempio.costruzioni',
    email: 'amministrazione@esempio-costruzioni.example.it',
    fiscalCode: '02345670125',
    kind: 'legal' as const,
    firstName: null,
    lastName: null,
    companyName: 'Esempio Costruzioni S.r.l.',
    proven: true,
  },
] as const;

/** Creates or refreshes the demo accounts; returns the lines to print. */
export async function seedDemoAccounts(db: Db): Promise<string[]> {
  const now = new Date().toISOString();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const entity = await db
    .selectFrom('entities')
    .select('privacy_version')
    .where('code', '=', DEMO_ENTITY.code)
    .executeTakeFirstOrThrow();
  for (const a of DEMO_ACCOUNTS) {
    const existing = await db
      .selectFrom('accounts')
      .select('id')
      .where('entity_code', '=', DEMO_ENTITY.code)
      .where('username', '=', a.username)
      .executeTakeFirst();
    let id = existing?.id;
    if (id) {
      await db
        .updateTable('accounts')
        .set({ status: 'active', password_hash: passwordHash, updated_at: now })
        .where('id', '=', id)
        .execute();
    } else {
      id = crypto.randomUUID();
      await db
        .insertInto('accounts')
        .values({
          id,
          entity_code: DEMO_ENTITY.code,
          status: 'active',
          username: a.username,
          email: a.email,
          email_normalized: a.email,
          fiscal_code: a.fiscalCode,
          subject_kind: a.kind,
          first_name: a.firstName,
          last_name: a.lastName,
          company_name: a.companyName,
          address: 'Via del Corso 1',
          country: 'IT',
          city: 'Esempio',
          province: 'RM',
          postal_code: '00100',
          phone: '+39 06 0000000',
          lang: 'it',
          password_hash: passwordHash,
          privacy_version: entity.privacy_version,
          privacy_accepted_at: now,
          created_at: now,
          activated_at: now,
          closed_at: null,
          updated_at: now,
        })
        .execute();
    }
    if (a.proven) await markFiscalCodeProven(db, id, a.fiscalCode, 'notice', { evidence: 'demo' });
  }
  return [
    `Demo citizens      password ${DEMO_PASSWORD} for all of them`,
    ...DEMO_ACCOUNTS.map(
      (a) =>
        `  ${a.username.padEnd(19)} ${a.fiscalCode}  ${a.companyName ?? `${a.firstName} ${a.lastName}`}${a.proven ? '' : ' (fiscal code not yet proven)'}`,
    ),
  ];
}
