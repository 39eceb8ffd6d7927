/**
 * How a payment starts: "Paga" and "Paga carrello" in the portal (`startPortalPayment`), and the
 * one function every entry point creates a payment with (`startPayment`: the portal, the pagoPA
 * node's activation). Read the steps against the payment table (states.ts) and the option table
 * (positions/states.ts):
 *
 * | step                 | what it does                                        | payment            | options                  |
 * | -------------------- | --------------------------------------------------- | ------------------ | ------------------------ |
 * | `noticesToPay`       | the notices named, or the cart's next part (≤ 5)    | –                  | –                        |
 * | `reachableOptions`   | who may pay: each practice reachable by the account | –                  | –                        |
 * | `returnUrlFor`       | where the payer comes back                          | –                  | –                        |
 * | `startPayment`       | locks the practices, creates the payment row        | → `created`        | `start_payment` → in_payment |
 * | `sendToProvider`     | Checkout (or the sandbox) answers the redirect      | `redirect` → redirected | –                   |
 * |                      | or refuses it                                       | `fail` → failed    | `abort_payment` → unpaid |
 */
import type { PaymentRequest, PaymentStarted } from '@pagatore/sdk';
import { NOTICES_PER_PAYMENT } from '@pagatore/sdk';
import type { AppDeps } from '../core/deps.js';
import { ApiError } from '../core/errors.js';
import { newToken } from '../core/tokens.js';
import { type Db, transaction, type Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { PaymentItemRow, PaymentRow } from '../db/schema/index.js';
import { findEntity, originsOf } from '../entities/entities.js';
import { nextOptionStatus } from '../positions/states.js';
import { reachablePosition, type Holder } from '../practices/access.js';
import { planCart } from './cart.js';
import { moveOption, refreshPosition } from './options.js';
import { endPayment, expireDuePayments, markRedirected } from './payments.js';
import { type PaymentProvider, providerFor, type StartContext } from './provider.js';

/** pagoPA's limit of notices in one payment (Checkout carts). */
export const MAX_ITEMS = NOTICES_PER_PAYMENT;

/** The citizen who pays in the portal: its account (checked to be of the entity) and language. */
export interface Payer {
  account: Holder & { email: string | null };
  entityCode: string;
  lang: string;
}

/**
 * "Paga" (the notices named) or "Paga carrello" (the cart's next part): the payment is created,
 * its practices locked, and the answer says where to send the browser. A Checkout refusal ends
 * the payment as failed (the practices stay payable) and is answered as `checkout_refused`, an
 * unreachable Checkout as `unavailable`.
 */
export async function startPortalPayment(
  deps: AppDeps,
  payer: Payer,
  request: PaymentRequest,
): Promise<PaymentStarted> {
  const entity = await findEntity(deps.db, payer.entityCode);
  if (!entity) throw new ApiError('entity_not_found');
  const now = deps.now();
  await expireDuePayments(deps.db, now);
  const notices = await noticesToPay(deps.db, payer, request);
  const options = await reachableOptions(deps.db, payer.account, payer.entityCode, notices.navs);
  const returnUrl = returnUrlFor(request.returnUrl, originsOf(entity), entity.portal_url);
  const provider = providerFor(deps);
  const { payment, items } = await startPayment(
    deps.db,
    {
      entityCode: payer.entityCode,
      accountId: payer.account.id,
      optionIds: options.map((o) => o.id),
      returnUrl,
      payerEmail: payer.account.email,
      lang: payer.lang,
      provider: provider.name,
      ttlSeconds: deps.config.paymentTtlSeconds,
      ...(notices.cart ? { cart: notices.cart } : {}),
    },
    now,
  );
  const redirect = await sendToProvider(deps, provider, { payment, items, entity });
  // The cart keeps its practices until each is paid: a failed or cancelled part is paid again.
  return {
    id: payment.id,
    state: 'redirected',
    amount: payment.amount,
    expiresAt: payment.expires_at,
    redirectUrl: redirect.redirectUrl,
    cart: notices.cart ?? null,
  };
}

/** The notices a start pays: those the request names, or the cart's next part. */
async function noticesToPay(
  db: Db,
  payer: Payer,
  request: PaymentRequest,
): Promise<{ navs: string[]; cart?: { part: number; parts: number } }> {
  if (request.cart) return nextCartPart(db, payer.account.id, payer.entityCode);
  return { navs: request.options ?? [] };
}

/**
 * "Paga carrello": the cart's next pagoPA payment, its first practices waiting (at most 5), or why
 * it cannot start now.
 */
async function nextCartPart(
  db: Db,
  accountId: string,
  entityCode: string,
): Promise<{ navs: string[]; cart: { part: number; parts: number } }> {
  const plan = await planCart(db, accountId, entityCode);
  if (plan.view.items.length === 0)
    throw new ApiError('validation_failed', {
      fields: [{ path: 'cart', code: 'too_few', message: 'empty' }],
    });
  // One payment of the cart at a time on the payment page: a second "Paga carrello" meanwhile
  // (a double click, another tab) would start the next part behind the citizen's back.
  if (plan.open || plan.waiting.length === 0) throw new ApiError('payment_in_progress');
  const blocked = plan.waiting.find((i) => !i.payable);
  if (blocked)
    throw new ApiError(
      blocked.status === 'paid'
        ? 'already_paid'
        : blocked.status === 'in_payment'
          ? 'payment_in_progress'
          : 'not_payable',
    );
  const next = plan.view.part ?? 1;
  return {
    navs: plan.waiting.filter((i) => i.part === next).map((i) => i.nav),
    cart: { part: next, parts: plan.view.parts },
  };
}

/**
 * Options (by Codice Avviso) an account may pay or put in its cart: each must belong to a practice
 * it may reach (`practices/access.ts`); anything else is `practice_not_found`.
 */
export async function reachableOptions(db: Db, holder: Holder, entityCode: string, navs: string[]) {
  const options = await db
    .selectFrom('payment_options')
    .select(['id', 'position_id', 'nav', 'status', 'amount'])
    .where('entity_code', '=', entityCode)
    .where('nav', 'in', navs.length ? navs : [''])
    .orderBy('id')
    .execute();
  if (options.length !== new Set(navs).size) throw new ApiError('practice_not_found');
  for (const o of options) {
    if (!(await reachablePosition(db, holder, o.position_id))) throw new ApiError('practice_not_found');
  }
  return options;
}

/** A return URL on one of the entity's registered origins, else its portal page. */
export function returnUrlFor(
  requested: string | undefined,
  origins: string[],
  portalUrl: string | null,
): string | null {
  if (requested === undefined) return portalUrl;
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    throw new ApiError('validation_failed', {
      fields: [{ path: 'returnUrl', code: 'invalid_url', message: 'invalid' }],
    });
  }
  if (!origins.includes(url.origin) || url.username || url.password) {
    throw new ApiError('validation_failed', {
      fields: [{ path: 'returnUrl', code: 'invalid_origin', message: 'not allowed' }],
    });
  }
  url.hash = '';
  return url.href;
}

/**
 * Asks the provider where to send the browser: the payment moves `redirect` (created →
 * redirected), or, when the provider refuses, `fail` (created → failed) and the practices stay
 * payable.
 */
async function sendToProvider(
  deps: AppDeps,
  provider: PaymentProvider,
  start: StartContext,
): Promise<{ redirectUrl: string; providerRef: string }> {
  let redirect: { redirectUrl: string; providerRef: string };
  try {
    redirect = await provider.start(start);
  } catch (e) {
    await endPayment(deps.db, start.payment.id, 'fail', deps.now());
    throw e instanceof ApiError ? e : new ApiError('unavailable');
  }
  await markRedirected(deps.db, start.payment.id, redirect, deps.now());
  return redirect;
}

// --- startPayment: one transaction, for every entry point ----------------------------------------

export interface StartPaymentInput {
  entityCode: string;
  accountId: string | null;
  optionIds: number[];
  returnUrl: string | null;
  payerEmail: string | null;
  lang: string;
  provider: string;
  ttlSeconds: number;
  /** Started by "Paga carrello": which of the cart's successive payments it is. */
  cart?: { part: number; parts: number };
  /** pagoPA activates it as it starts (the node's own activation of a notice). */
  activated?: boolean;
}

/**
 * Why an option cannot start a payment now, given all the options of its practice (pagoPA's rule:
 * the options of one practice exclude each other), or null when it can. Paid, or closed by a paid
 * sibling: `already_paid`; any option of the practice in a running payment: `payment_in_progress`;
 * expired or cancelled: `not_payable`.
 */
export function refusalOf(
  option: { id: number; status: string },
  siblings: readonly { id: number; status: string }[],
): 'already_paid' | 'payment_in_progress' | 'not_payable' | null {
  if (option.status === 'paid') return 'already_paid';
  if (siblings.some((s) => s.status === 'in_payment')) return 'payment_in_progress';
  if (option.status === 'cancelled' && siblings.some((s) => s.id !== option.id && s.status === 'paid'))
    return 'already_paid';
  if (nextOptionStatus(option.status, 'start_payment') === null) return 'not_payable';
  return null;
}

/**
 * Creates a payment and locks its options and their practices. Refuses (409) options already paid
 * or closed, not payable, or of a practice with a payment running on any of its options, and (422)
 * two options of one practice; two concurrent starts on options of one practice give one payment,
 * on one process or several: the practice's lock row is inserted first, in the same transaction,
 * and its primary key lets one of them through (PostgreSQL makes the second wait for the first to
 * commit, then refuses it on the key).
 */
export async function startPayment(
  db: Db,
  input: StartPaymentInput,
  now: Date,
): Promise<{ payment: PaymentRow; items: PaymentItemRow[] }> {
  const ids = requestedOptionIds(input.optionIds);
  try {
    return await transaction(db, async (tx) => {
      const options = await optionsToPay(tx, input.entityCode, ids);
      const payment = await createPayment(tx, input, options, now);
      await lockPractices(tx, payment, options);
      const states = await checkPayable(tx, options);
      const items = await addItems(tx, payment, options);
      await reserveOptions(tx, payment, options, states, now);
      return { payment, items };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ApiError('payment_in_progress');
    throw e;
  }
}

/** The options asked for, once each: 1 to `MAX_ITEMS`, else 422. */
function requestedOptionIds(optionIds: number[]): number[] {
  const ids = [...new Set(optionIds)];
  if (ids.length === 0)
    throw new ApiError('validation_failed', {
      fields: [{ path: 'items', code: 'too_few', message: 'too few' }],
    });
  if (ids.length > MAX_ITEMS)
    throw new ApiError('validation_failed', {
      fields: [{ path: 'items', code: 'too_many', message: 'too many' }],
    });
  return ids;
}

type OptionToPay = Awaited<ReturnType<typeof optionsToPay>>[number];

/** The options with their practices' descriptions: all of the entity, one per practice. */
async function optionsToPay(tx: Tx, entityCode: string, ids: number[]) {
  const options = await tx
    .selectFrom('payment_options')
    .innerJoin('positions', 'positions.id', 'payment_options.position_id')
    .select([
      'payment_options.id',
      'payment_options.position_id',
      'payment_options.status',
      'payment_options.amount',
      'payment_options.nav',
      'payment_options.description as option_description',
      'positions.description',
    ])
    .where('payment_options.entity_code', '=', entityCode)
    .where('payment_options.id', 'in', ids)
    .orderBy('payment_options.id')
    .execute();
  if (options.length !== ids.length) throw new ApiError('practice_not_found');
  if (practicesOf(options).length !== options.length) throw new ApiError('one_option_per_practice');
  return options;
}

function practicesOf(options: readonly { position_id: number }[]): number[] {
  return [...new Set(options.map((o) => o.position_id))];
}

/** The payment row, `created` (and its cart part, for "Paga carrello"). */
async function createPayment(
  tx: Tx,
  input: StartPaymentInput,
  options: OptionToPay[],
  now: Date,
): Promise<PaymentRow> {
  const at = now.toISOString();
  const payment: PaymentRow = {
    id: newToken(),
    entity_code: input.entityCode,
    account_id: input.accountId,
    state: 'created',
    amount: options.reduce((s, o) => s + o.amount, 0),
    provider: input.provider,
    provider_ref: null,
    return_url: input.returnUrl,
    payer_email: input.payerEmail,
    lang: input.lang,
    created_at: at,
    updated_at: at,
    expires_at: new Date(now.getTime() + input.ttlSeconds * 1000).toISOString(),
    ended_at: null,
    redirect_url: null,
    activated_at: input.activated ? at : null,
    personal_data_erased_at: null,
  };
  await tx.insertInto('payments').values(payment).execute();
  if (input.cart)
    await tx
      .insertInto('cart_payments')
      .values({ payment_id: payment.id, part: input.cart.part, parts: input.cart.parts })
      .execute();
  return payment;
}

/**
 * The practices' lock rows, before their options' states are read: a concurrent start on any
 * option of one of them waits here (PostgreSQL) or fails on the key, and the states read next are
 * the ones it left.
 */
async function lockPractices(tx: Tx, payment: PaymentRow, options: OptionToPay[]): Promise<void> {
  await tx
    .insertInto('position_locks')
    .values(
      practicesOf(options).map((pid) => ({
        position_id: pid,
        payment_id: payment.id,
        created_at: payment.created_at,
      })),
    )
    .execute();
}

/**
 * Refuses the start when an option cannot be paid now, by the rules of its practice (`refusalOf`);
 * answers each option's state as read under the lock.
 */
async function checkPayable(tx: Tx, options: OptionToPay[]): Promise<Map<number, string>> {
  const siblings = await tx
    .selectFrom('payment_options')
    .select(['id', 'position_id', 'status'])
    .where('position_id', 'in', practicesOf(options))
    .execute();
  const states = new Map<number, string>();
  for (const o of options) {
    const own = siblings.find((s) => s.id === o.id) ?? o;
    const refusal = refusalOf(
      own,
      siblings.filter((s) => s.position_id === o.position_id),
    );
    if (refusal) throw new ApiError(refusal);
    states.set(o.id, own.status);
  }
  return states;
}

/** One item per notice: what the payment pays, as the provider shows it. */
async function addItems(tx: Tx, payment: PaymentRow, options: OptionToPay[]): Promise<PaymentItemRow[]> {
  const items = options.map((o) => ({
    payment_id: payment.id,
    option_id: o.id,
    position_id: o.position_id,
    nav: o.nav,
    amount: o.amount,
    description: (o.option_description ?? o.description).slice(0, 140),
    transfers: null,
  }));
  await tx.insertInto('payment_items').values(items).execute();
  return items;
}

/**
 * The options are this payment's: their lock rows, and `start_payment` by the option table
 * (unpaid → in_payment, a conditional update on the state read); the practices' statuses follow.
 */
async function reserveOptions(
  tx: Tx,
  payment: PaymentRow,
  options: OptionToPay[],
  states: Map<number, string>,
  now: Date,
): Promise<void> {
  await tx
    .insertInto('option_locks')
    .values(options.map((o) => ({ option_id: o.id, payment_id: payment.id, created_at: payment.created_at })))
    .execute();
  for (const o of options) {
    if (!(await moveOption(tx, { id: o.id, status: states.get(o.id) ?? o.status }, 'start_payment')))
      throw new ApiError('payment_in_progress');
  }
  for (const pid of practicesOf(options)) await refreshPosition(tx, pid, now);
}
