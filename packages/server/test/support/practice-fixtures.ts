/** Fixture builders for practices tests: accounts with sessions, positions, services, a second entity. */
import {
  type PositionInput,
  PositionInput as PositionSchema,
  type ServiceInput,
  ServiceInput as ServiceSchema,
} from '@pagatore/sdk';
import * as v from 'valibot';
import { markFiscalCodeProven } from '../../src/accounts/fiscal-codes.js';
import { createSession } from '../../src/accounts/sessions.js';
import { transaction } from '../../src/db/database.js';
import { findEntity } from '../../src/entities/entities.js';
import { writePositions } from '../../src/positions/positions.js';
import { upsertService } from '../../src/services/services.js';
import { OTHER_ENTE, otherEntity as createOtherEntity, TAXONOMY, TEST_ENTITY } from './entity.js';
import type { Harness } from './harness.js';

export const ENTE = TEST_ENTITY.code;
export { OTHER_ENTE, TAXONOMY };

/** A citizen account (active) with a session; answers its id and bearer token. */
export async function account(
  h: Harness,
  o: { fiscalCode: string; username: string; entity?: string; proven?: boolean; name?: [string, string] },
): Promise<{ id: string; token: string; auth: Record<string, string> }> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  const [first, last] = o.name ?? ['Mario', 'Rossi'];
  await h.deps.db
    .insertInto('accounts')
    .values({
      id,
      entity_code: o.entity ?? ENTE,
      status: 'active',
      username: o.username,
      email: `${o.username}@example.it`,
      email_normalized: `${o.username}@example.it`,
      fiscal_code: o.fiscalCode,
      subject_kind: o.fiscalCode.length === 16 ? 'person' : 'legal',
      first_name: o.fiscalCode.length === 16 ? first : null,
      last_name: o.fiscalCode.length === 16 ? last : null,
      company_name: o.fiscalCode.length === 16 ? null : `${first} ${last} S.r.l.`,
      address: 'Via Roma 1',
      country: 'IT',
      city: 'Esempio',
      province: 'RM',
      postal_code: '00100',
      phone: '+39061234567',
      lang: 'it',
      password_hash: null,
      privacy_version: '2026-01',
      privacy_accepted_at: now,
      created_at: now,
      activated_at: now,
      closed_at: null,
      updated_at: now,
    })
    .execute();
  if (o.proven) await markFiscalCodeProven(h.deps.db, id, o.fiscalCode, 'notice');
  const { token } = await createSession(h.deps.db, id, h.deps.now(), {
    idleSeconds: h.deps.config.sessionIdleSeconds,
    maxSeconds: h.deps.config.sessionMaxSeconds,
  });
  return { id, token, auth: { authorization: `Bearer ${token}` } };
}

/** A position with a single payment (or installments); answers its NAV(s) and IUV(s). */
export async function addPosition(
  h: Harness,
  iupd: string,
  fiscalCode: string,
  o: { entity?: string; amount?: number; installments?: number; description?: string } = {},
): Promise<{ id: number; navs: string[]; iuvs: string[] }> {
  const entity = await findEntity(h.deps.db, o.entity ?? ENTE);
  if (!entity) throw new Error('no entity');
  const amount = o.amount ?? 15000;
  const opt = (a: number, due: string) => ({
    amount: a,
    dueDate: due,
    transfers: [{ iban: TEST_ENTITY.iban, amount: a, remittance: iupd, taxonomy: TAXONOMY }],
  });
  const input: PositionInput = {
    iupd,
    debtor: { fiscalCode, name: 'Debitore di prova' },
    description: o.description ?? `Pratica ${iupd}`,
    ...(o.installments
      ? {
          installments: Array.from({ length: o.installments }, (_, i) =>
            opt(1000 + i, `2026-${String(i + 3).padStart(2, '0')}-15`),
          ),
        }
      : { single: opt(amount, '2026-12-31') }),
  };
  const position = v.parse(PositionSchema, input);
  const r = await transaction(h.deps.db, (tx) =>
    writePositions(tx, entity, [{ row: 1, position }], 'create', new Date()),
  );
  if (r.errors.length) throw new Error(JSON.stringify(r.errors));
  const id = r.ids.get(iupd) as number;
  const options = await h.deps.db
    .selectFrom('payment_options')
    .select(['nav', 'iuv'])
    .where('position_id', '=', id)
    .orderBy('installment')
    .execute();
  return { id, navs: options.map((x) => x.nav), iuvs: options.map((x) => x.iuv) };
}

/** Stores a service definition for an entity. */
export async function addService(h: Harness, s: ServiceInput, entity = ENTE): Promise<void> {
  await upsertService(h.deps.db, entity, v.parse(ServiceSchema, s), new Date());
}

/** A second entity (aux 3, segregation 02). */
export async function otherEntity(h: Harness): Promise<void> {
  await createOtherEntity(h.deps.db);
}

/** Path under the test entity. */
export const at = (path: string, ente: string = ENTE) => `/api/v1/entities/${ente}${path}`;
