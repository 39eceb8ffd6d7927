/** Fixture builders for admin tests: a valid position, an API key, a second entity. */
import type { PositionInput } from '@pagatore/sdk';
import { createApiKey } from '../../src/entities/api-keys.js';
import { OTHER_ENTE, otherEntity, TAXONOMY, TEST_ENTITY } from './entity.js';
import type { Harness } from './harness.js';

export const IBAN = TEST_ENTITY.iban;
export { TAXONOMY };

/** A valid position with a single payment of `amount` cents and one transfer. */
export function position(
  iupd: string,
  overrides: Partial<PositionInput> = {},
  amount = 15000,
): PositionInput {
  return {
    iupd,
    debtor: { fiscalCode: 'RSSMRA85T10A562S', name: 'Mario Rossi', address: 'Via Roma 1' },
    description: 'TARI 2026',
    single: {
      amount,
      dueDate: '2026-12-31',
      transfers: [{ iban: IBAN, amount, remittance: 'TARI 2026', taxonomy: TAXONOMY }],
    },
    ...overrides,
  };
}

/** Three installments of 5000 + 5000 + 5001 cents. */
export function installments(): NonNullable<PositionInput['installments']> {
  return [5000, 5000, 5001].map((amount, i) => ({
    amount,
    dueDate: `2026-0${i + 3}-31`.replace('-04-31', '-04-30'),
    transfers: [{ iban: IBAN, amount, remittance: `Rata ${i + 1}`, taxonomy: TAXONOMY }],
  }));
}

/** An API key of the test entity. */
export async function testKey(h: Harness): Promise<string> {
  return (await createApiKey(h.deps.db, TEST_ENTITY.code, 'test', new Date())).key;
}

/** Another entity (aux 3, segregation 02) and one of its keys. */
export async function otherEntityKey(h: Harness): Promise<string> {
  await otherEntity(h.deps.db);
  return (await createApiKey(h.deps.db, OTHER_ENTE, 'test', new Date())).key;
}

/** JSON request with a bearer key. */
export function as(h: Harness, key: string) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    h.json(method, path, body, { authorization: `Bearer ${key}`, ...headers });
}
