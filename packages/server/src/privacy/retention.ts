/**
 * The retention job: payment records of a closed account keep the payer's and debtor's data for
 * `RETENTION_YEARS` (10 by default: art. 2220 c.c. and the pagoPA receipt rules, docs/privacy.md)
 * counted from the payment; after that this job erases that data too. Every process may run it:
 * each row is erased by a conditional update (`personal_data_erased_at is null`), so two runs at
 * once erase it once and neither fails.
 */
import type { Db } from '../db/database.js';

/** What a run erased. */
export interface RetentionRun {
  receipts: number;
  payments: number;
}

/** The moment `years` before `now` (calendar years, UTC). */
export function retentionCutoff(now: Date, years: number): string {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString();
}

const BATCH = 500;

/** How often a server process runs the job. */
export const RETENTION_INTERVAL_MS = 3_600_000;

/** Payments of closed accounts started before the cutoff: their records are past retention. */
function expiredPayments(db: Db, cutoff: string) {
  return db
    .selectFrom('payments')
    .select('payments.id')
    .where('payments.created_at', '<', cutoff)
    .where(
      'payments.account_id',
      'in',
      db.selectFrom('accounts').select('accounts.id').where('accounts.status', '=', 'closed'),
    );
}

/**
 * Erases what payment records of closed accounts kept past the retention: the receipts' debtor and
 * payer data (and the whole message they came in), then the payments' tie to the account.
 * @example await eraseExpiredPaymentData(deps.db, deps.now(), deps.config.retentionYears)
 */
export async function eraseExpiredPaymentData(db: Db, now: Date, years: number): Promise<RetentionRun> {
  const cutoff = retentionCutoff(now, years);
  const at = now.toISOString();
  const run: RetentionRun = { receipts: 0, payments: 0 };
  for (;;) {
    const ids = (
      await db
        .selectFrom('receipts')
        .select('id')
        .where('personal_data_erased_at', 'is', null)
        .where('paid_at', '<', cutoff)
        .where('payment_id', 'in', expiredPayments(db, cutoff))
        .limit(BATCH)
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) break;
    const r = await db
      .updateTable('receipts')
      .set({
        debtor_fiscal_code: '',
        debtor_name: '',
        payer_fiscal_code: null,
        payer_name: null,
        payer_email: null,
        payment_note: null,
        metadata: null,
        raw: null,
        personal_data_erased_at: at,
      })
      .where('id', 'in', ids)
      .where('personal_data_erased_at', 'is', null)
      .executeTakeFirst();
    run.receipts += Number(r.numUpdatedRows);
    if (ids.length < BATCH) break;
  }
  for (;;) {
    const ids = (
      await expiredPayments(db, cutoff)
        .where('payments.personal_data_erased_at', 'is', null)
        .limit(BATCH)
        .execute()
    ).map((p) => p.id);
    if (ids.length === 0) break;
    const r = await db
      .updateTable('payments')
      .set({
        account_id: null,
        payer_email: null,
        return_url: null,
        redirect_url: null,
        personal_data_erased_at: at,
      })
      .where('id', 'in', ids)
      .where('personal_data_erased_at', 'is', null)
      .executeTakeFirst();
    run.payments += Number(r.numUpdatedRows);
    if (ids.length < BATCH) break;
  }
  return run;
}
