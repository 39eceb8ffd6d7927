/**
 * The entity's payments as its staff look after them: the ones running within their TTL, the ones
 * stuck (past their TTL and no receipt: still open because nobody expired them, or expired after
 * pagoPA activated them, so money may have been taken), and the ones expired. Each comes with what
 * can be done about it; `expireStuckPayment` is the one action that changes something, through the
 * payments' state table like the expiry job.
 */
import type { AdminPaymentList, AdminPaymentView, PaymentAction, PaymentListView } from '@pagatore/sdk';
import { ApiError } from '../core/errors.js';
import type { Db } from '../db/database.js';
import type { PaymentRow } from '../db/schema/index.js';
import { endPayment } from '../payments/payments.js';
import { isOpen, OPEN_PAYMENT_STATES, type PaymentState } from '../payments/states.js';

export interface PaymentListFilters {
  view: PaymentListView;
  /** The `next` of the previous page: `<expires_at>~<id>`. */
  after?: string;
  limit: number;
}

type Row = Pick<
  PaymentRow,
  'id' | 'state' | 'amount' | 'provider' | 'created_at' | 'expires_at' | 'ended_at' | 'activated_at'
>;

/** Which list a payment belongs to at `now` (a paid one belongs to none). */
export function viewOf(p: Row, hasReceipt: boolean, now: Date): PaymentListView | null {
  if (hasReceipt || p.state === 'paid') return null;
  const open = isOpen(p.state as PaymentState);
  const past = p.expires_at <= now.toISOString();
  if (open) return past ? 'stuck' : 'in_progress';
  if (p.state === 'expired') return p.activated_at ? 'stuck' : 'expired';
  return null;
}

/** What a clerk can do about a payment in a list. */
export function actionsOf(p: Row, view: PaymentListView | null): PaymentAction[] {
  if (view === null) return [];
  if (view === 'in_progress') return ['wait', 'open_position'];
  if (view === 'stuck' && isOpen(p.state as PaymentState))
    return p.activated_at ? ['expire', 'search_flows', 'open_position'] : ['expire', 'open_position'];
  if (view === 'stuck') return ['search_flows', 'open_position'];
  return ['open_position'];
}

/** One page of a list, newest TTL first (keyset on expires_at, id). */
/** The entity's payments with the columns the staff views read. */
function paymentsOf(db: Db, entityCode: string) {
  return db
    .selectFrom('payments as p')
    .select([
      'p.id',
      'p.state',
      'p.amount',
      'p.provider',
      'p.created_at',
      'p.expires_at',
      'p.ended_at',
      'p.activated_at',
    ])
    .where('p.entity_code', '=', entityCode);
}

/** The same, each with whether a receipt is recorded for it (`has_receipt`, 0/1 or boolean by engine). */
export function paymentsWithReceiptFlag(db: Db, entityCode: string) {
  return paymentsOf(db, entityCode).select((eb) =>
    eb
      .exists(eb.selectFrom('receipts').select('receipts.id').whereRef('receipts.payment_id', '=', 'p.id'))
      .as('has_receipt'),
  );
}

export async function listAdminPayments(
  db: Db,
  entityCode: string,
  f: PaymentListFilters,
  now: Date,
): Promise<AdminPaymentList> {
  const nowIso = now.toISOString();
  let q = paymentsOf(db, entityCode).where((eb) =>
    eb.not(
      eb.exists(eb.selectFrom('receipts').select('receipts.id').whereRef('receipts.payment_id', '=', 'p.id')),
    ),
  );
  if (f.view === 'in_progress')
    q = q.where('p.state', 'in', [...OPEN_PAYMENT_STATES]).where('p.expires_at', '>', nowIso);
  else if (f.view === 'expired') q = q.where('p.state', '=', 'expired').where('p.activated_at', 'is', null);
  else
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('p.state', 'in', [...OPEN_PAYMENT_STATES]), eb('p.expires_at', '<=', nowIso)]),
        eb.and([eb('p.state', '=', 'expired'), eb('p.activated_at', 'is not', null)]),
      ]),
    );
  if (f.after) {
    const [at, id] = f.after.split('~') as [string, string];
    q = q.where((eb) =>
      eb.or([eb('p.expires_at', '<', at), eb.and([eb('p.expires_at', '=', at), eb('p.id', '<', id)])]),
    );
  }
  const rows = await q
    .orderBy('p.expires_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const items = await viewsOf(db, page, () => f.view);
  const last = page[page.length - 1];
  return { items, next: rows.length > f.limit && last ? `${last.expires_at}~${last.id}` : null };
}

/** Payments as the lists show them, each with its items; `view` says which list it belongs to. */
export async function viewsOf(
  db: Db,
  rows: Row[],
  view: (r: Row) => PaymentListView | null,
): Promise<AdminPaymentView[]> {
  const ids = rows.map((r) => r.id);
  const items = ids.length
    ? await db
        .selectFrom('payment_items as i')
        .innerJoin('positions as pos', 'pos.id', 'i.position_id')
        .innerJoin('payment_options as o', 'o.id', 'i.option_id')
        .select([
          'i.payment_id',
          'i.nav',
          'i.amount',
          'i.description',
          'o.iuv',
          'pos.iupd',
          'pos.debtor_name',
          'pos.debtor_fiscal_code',
        ])
        .where('i.payment_id', 'in', ids)
        .orderBy('i.option_id')
        .execute()
    : [];
  return rows.map((r) => {
    const v = view(r);
    return {
      id: r.id,
      state: r.state as PaymentState,
      view: v,
      amount: Number(r.amount),
      provider: r.provider,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      endedAt: r.ended_at,
      activatedAt: r.activated_at,
      items: items
        .filter((i) => i.payment_id === r.id)
        .map((i) => ({
          iupd: i.iupd,
          nav: i.nav,
          iuv: i.iuv,
          amount: Number(i.amount),
          description: i.description,
          debtorName: i.debtor_name,
          debtorFiscalCode: i.debtor_fiscal_code,
        })),
      actions: actionsOf(r, v),
    };
  });
}

async function readPayment(db: Db, entityCode: string, id: string) {
  return paymentsWithReceiptFlag(db, entityCode).where('p.id', '=', id).executeTakeFirst();
}

/** A payment of the entity as the lists show it (404 for another entity's). */
export async function adminPaymentView(
  db: Db,
  entityCode: string,
  id: string,
  now: Date,
): Promise<AdminPaymentView | null> {
  const p = await readPayment(db, entityCode, id);
  if (!p) return null;
  const view = viewOf(p, Boolean(Number(p.has_receipt)), now);
  return (await viewsOf(db, [p], () => view))[0] ?? null;
}

/**
 * Ends a running payment past its TTL now, as the expiry job would, freeing its practices (a
 * receipt that still comes is recorded as a late one). 409 `invalid_state` while the payment is
 * within its TTL (the payer may be paying) or already ended; 404 for another entity's.
 */
export async function expireStuckPayment(
  db: Db,
  entityCode: string,
  id: string,
  now: Date,
): Promise<AdminPaymentView> {
  const p = await readPayment(db, entityCode, id);
  if (!p) throw new ApiError('not_found');
  if (!isOpen(p.state as PaymentState) || p.expires_at > now.toISOString())
    throw new ApiError('invalid_state');
  // Ended meanwhile by the job or a receipt: the answer says how it stands.
  await endPayment(db, id, 'expire', now);
  const view = await adminPaymentView(db, entityCode, id, now);
  if (!view) throw new ApiError('not_found');
  return view;
}
