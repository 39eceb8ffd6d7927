/**
 * Who holds a fiscal code. Registering proves an e-mail, not a fiscal code: practices the entity
 * assigned to a code show to an account only once it proved it holds that code, by giving the
 * Codice Avviso of a practice of that code (the notice went to its holder), or by logging in with
 * SPID or CIE (identity/).
 * Several accounts may prove the same code (a family sharing a notice); each proof is recorded.
 */
import { canonicalFiscalCode, type ProofMethod } from '@pagatore/sdk';
import type { Db, Tx } from '../db/database.js';
import { audit } from './audit.js';

/**
 * Records that an account holds a fiscal code (idempotent: the first proof is kept).
 * @example await markFiscalCodeProven(db, account.id, 'RSSMRA85T10A562S', 'notice', { evidence: nav });
 */
export async function markFiscalCodeProven(
  db: Db | Tx,
  accountId: string,
  code: string,
  method: ProofMethod,
  opts: { evidence?: string; now?: Date } = {},
): Promise<void> {
  const now = (opts.now ?? new Date()).toISOString();
  const fiscal = canonicalFiscalCode(code);
  const res = await db
    .insertInto('account_fiscal_codes')
    .values({
      account_id: accountId,
      fiscal_code: fiscal,
      method,
      evidence: opts.evidence?.slice(0, 100) ?? null,
      proven_at: now,
    })
    .onConflict((oc) => oc.columns(['account_id', 'fiscal_code']).doNothing())
    .executeTakeFirst();
  if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0) {
    const account = await db
      .selectFrom('accounts')
      .select('entity_code')
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (account) {
      await audit(db, {
        entity: account.entity_code,
        accountId,
        event: 'fiscal_code_proven',
        detail: { fiscalCode: fiscal, method },
        now: opts.now,
      });
    }
  }
}

/** True when the account proved it holds the fiscal code (any spelling of it). */
export async function isFiscalCodeProven(db: Db | Tx, accountId: string, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('account_fiscal_codes')
    .select('fiscal_code')
    .where('account_id', '=', accountId)
    .where('fiscal_code', '=', canonicalFiscalCode(code))
    .executeTakeFirst();
  return row !== undefined;
}

/** The fiscal codes an account proved it holds, oldest first. */
export async function provenFiscalCodes(
  db: Db | Tx,
  accountId: string,
): Promise<{ code: string; method: ProofMethod; provenAt: string }[]> {
  const rows = await db
    .selectFrom('account_fiscal_codes')
    .select(['fiscal_code', 'method', 'proven_at'])
    .where('account_id', '=', accountId)
    .orderBy('proven_at')
    .execute();
  return rows.map((r) => ({ code: r.fiscal_code, method: r.method, provenAt: r.proven_at }));
}
