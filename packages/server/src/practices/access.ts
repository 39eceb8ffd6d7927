/**
 * Who may reach which practice: the one place that decides it for the citizen side. An account
 * reaches a position of its own entity when the entity assigned it to a fiscal code the account
 * proved it holds, or when the account holds a link to it (found by search, created
 * spontaneously). Everything else is answered as if it did not exist (`practice_not_found`).
 */
import { applyOmocodia, canonicalFiscalCode } from '@pagatore/sdk';
import type { ExpressionBuilder } from 'kysely';
import { provenFiscalCodes } from '../accounts/fiscal-codes.js';
import type { Db, Tx } from '../db/database.js';
import type { AccountRow, Database, PositionRow } from '../db/schema/index.js';
import { ApiError } from '../core/errors.js';

/** The account a check is made for: its id and entity. */
export type Holder = Pick<AccountRow, 'id' | 'entity_code'>;

/**
 * Every spelling the entity may have used for a fiscal code: the canonical one and its omocodia
 * variants (Agenzia delle Entrate substitutes from the rightmost digit, one level at a time).
 * @example fiscalCodeSpellings('RSSMRA85T10A562S') // ['RSSMRA85T10A562S', 'RSSMRA85T10A56NH', …]
 */
export function fiscalCodeSpellings(code: string): string[] {
  const canonical = canonicalFiscalCode(code);
  if (canonical.length !== 16) return [canonical];
  const out = new Set([canonical]);
  for (let level = 1; level <= 7; level++) out.add(applyOmocodia(canonical, level));
  return [...out];
}

/** The spellings of every fiscal code the account proved it holds. */
export async function provenSpellings(db: Db | Tx, accountId: string): Promise<string[]> {
  const codes = await provenFiscalCodes(db, accountId);
  return [...new Set(codes.flatMap((c) => fiscalCodeSpellings(c.code)))];
}

/**
 * The condition "the account may reach this position" for a query on `positions`, given the
 * spellings of its proven codes (from `provenSpellings`).
 */
export function reachable(holder: Holder, spellings: readonly string[]) {
  return (eb: ExpressionBuilder<Database, 'positions'>) =>
    eb.and([
      eb('positions.entity_code', '=', holder.entity_code),
      eb.or([
        ...(spellings.length > 0 ? [eb('positions.debtor_fiscal_code', 'in', [...spellings])] : []),
        eb(
          'positions.id',
          'in',
          eb
            .selectFrom('practice_links')
            .select('practice_links.position_id')
            .where('practice_links.account_id', '=', holder.id)
            .where('practice_links.entity_code', '=', holder.entity_code),
        ),
      ]),
    ]);
}

/**
 * The position if the account may reach it, else undefined. The payments area uses this before
 * paying or adding to the cart.
 * @example const row = await reachablePosition(db, account, 42); if (!row) throw new ApiError('practice_not_found');
 */
export async function reachablePosition(
  db: Db | Tx,
  holder: Holder,
  positionId: number,
): Promise<PositionRow | undefined> {
  const spellings = await provenSpellings(db, holder.id);
  return db
    .selectFrom('positions')
    .selectAll()
    .where('positions.id', '=', positionId)
    .where(reachable(holder, spellings))
    .executeTakeFirst();
}

/** Like `reachablePosition`, throwing 404 `practice_not_found` when it is not reachable. */
export async function requireReachablePosition(
  db: Db | Tx,
  holder: Holder,
  positionId: number,
): Promise<PositionRow> {
  const row = await reachablePosition(db, holder, positionId);
  if (!row) throw new ApiError('practice_not_found');
  return row;
}
