/** Test support: practices and a configured station for the pagoPA tests. */
import { PositionInput } from '@pagatore/sdk';
import * as v from 'valibot';
import { transaction } from '../../src/db/database.js';
import { findEntity } from '../../src/entities/entities.js';
import { writePositions } from '../../src/positions/positions.js';
import { TEST_ENTITY } from './entity.js';
import type { Harness } from './harness.js';

const ENTE = TEST_ENTITY.code;

/** The test entity's station as the tests configure it. */
export const STATION = { idPA: ENTE, idBrokerPA: '15376371009', idStation: '15376371009_01' };

let seq = 0;

/**
 * An unpaid position with one single option split on 1-5 transfers (to `ibans[i]`, the test
 * entity's IBAN by default); its option id, NAV and IUV.
 */
export async function nodePosition(
  h: Harness,
  opts: { amount?: number; transfers?: number; ibans?: string[] } = {},
) {
  const entity = (await findEntity(h.deps.db, ENTE))!;
  const amount = opts.amount ?? 12_345;
  const n = opts.transfers ?? 1;
  const parts = Array.from({ length: n }, (_, i) =>
    i < n - 1 ? Math.floor(amount / n) : amount - Math.floor(amount / n) * (n - 1),
  );
  const iupd = `NODE-TEST-${++seq}-${Date.now()}`;
  const input = v.parse(PositionInput, {
    iupd,
    debtor: { fiscalCode: 'RSSMRA80A01H501U', name: 'Mario Rossi' },
    description: `Tassa & "prova" <${seq}>`,
    single: {
      amount,
      dueDate: '2099-12-31',
      transfers: parts.map((a, i) => ({
        iban: opts.ibans?.[i] ?? TEST_ENTITY.iban,
        amount: a,
        remittance: 'Tassa di prova',
        taxonomy: '9/0101002IM/',
      })),
    },
  });
  await transaction(h.deps.db, async (tx) => {
    const r = await writePositions(tx, entity, [{ row: 1, position: input }], 'create', new Date());
    if (r.errors.length) throw new Error(JSON.stringify(r.errors));
  });
  const o = await h.deps.db
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select([
      'payment_options.id',
      'payment_options.nav',
      'payment_options.iuv',
      'positions.id as positionId',
    ])
    .where('positions.iupd', '=', iupd)
    .executeTakeFirstOrThrow();
  return { ...o, amount, parts };
}

/** Configures the test entity's station. */
export async function configureStation(h: Harness, extra: Record<string, string> = {}) {
  await h.deps.db
    .updateTable('entities')
    .set({
      pagopa_settings: JSON.stringify({
        idBrokerPA: STATION.idBrokerPA,
        idStation: STATION.idStation,
        ...extra,
      }),
    })
    .where('code', '=', ENTE)
    .execute();
}
