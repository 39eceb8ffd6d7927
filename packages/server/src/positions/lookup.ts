/**
 * The position holding a NAV (or IUV) — unique per entity — with all its options and transfers, in
 * one statement (db/stores/positions.ts `lookupPositionRows`): the lookup integrators make most.
 * The view is built straight from the joined rows.
 */
import type { PaymentOption, Position, PositionStatus } from '@pagatore/sdk';
import type { Db, Tx } from '../db/database.js';
import { LOOKUP_INDEX, type LookupRow, lookupPositionRows } from '../db/stores/positions.js';

const I = LOOKUP_INDEX;
type Row = LookupRow;

/** Options by installment, each option's transfers by index (a missing transfer first). */
function byInstallmentAndIndex(a: Row, b: Row): number {
  return (
    (a[I.o_installment] as number) - (b[I.o_installment] as number) ||
    (a[I.o_id] as number) - (b[I.o_id] as number) ||
    ((a[I.t_idx] as number | null) ?? -1) - ((b[I.t_idx] as number | null) ?? -1)
  );
}

/** The API's view of a position from its joined rows (one per option × transfer), or null. */
export function positionFromRows(rows: Row[]): Position | null {
  const p = rows[0];
  if (!p) return null;
  if (rows.length > 1) rows.sort(byInstallmentAndIndex);
  const options: PaymentOption[] = [];
  let optionId: unknown;
  let option: PaymentOption | undefined;
  for (const r of rows) {
    if (!option || r[I.o_id] !== optionId) {
      optionId = r[I.o_id];
      option = {
        installment: r[I.o_installment] as number,
        amount: Number(r[I.o_amount]),
        dueDate: r[I.o_due_date] as string,
        description: r[I.o_description] as string | null,
        iuv: r[I.o_iuv] as string,
        nav: r[I.o_nav] as string,
        status: r[I.o_status] as PaymentOption['status'],
        paidAt: r[I.o_paid_at] as string | null,
        transfers: [],
      };
      options.push(option);
    }
    if (r[I.t_idx] !== null) {
      option.transfers.push({
        iban: (r[I.t_iban] as string | null) ?? '',
        postal: r[I.t_postal] === 1,
        amount: Number(r[I.t_amount] ?? 0),
        remittance: (r[I.t_remittance] as string | null) ?? '',
        taxonomy: (r[I.t_taxonomy] as string | null) ?? '',
      });
    }
  }
  return {
    iupd: p[I.iupd] as string,
    status: p[I.status] as PositionStatus,
    debtor: {
      fiscalCode: p[I.debtor_fiscal_code] as string,
      type: p[I.debtor_type] as 'F' | 'G',
      name: p[I.debtor_name] as string,
      address: p[I.debtor_address] as string | null,
      city: p[I.debtor_city] as string | null,
      postalCode: p[I.debtor_postal_code] as string | null,
      province: p[I.debtor_province] as string | null,
      country: p[I.debtor_country] as string | null,
      email: p[I.debtor_email] as string | null,
    },
    description: p[I.description] as string,
    service: p[I.service_code] as string | null,
    validityDate: p[I.validity_date] as string | null,
    single: options.find((o) => o.installment === 0) ?? null,
    installments: options.filter((o) => o.installment > 0),
    createdAt: p[I.created_at] as string,
    updatedAt: p[I.updated_at] as string,
    overpaidAt: p[I.overpaid_at] as string | null,
  };
}

/**
 * The position holding an option with this NAV (or IUV) in the entity, as the API shows it.
 * @example const p = await lookupByCode(db, '80012345676', 'nav', '301000000000000144');
 */
export async function lookupByCode(
  db: Db | Tx,
  entityCode: string,
  column: 'nav' | 'iuv',
  value: string,
): Promise<Position | null> {
  return positionFromRows(await lookupPositionRows(db, entityCode, column, value));
}
