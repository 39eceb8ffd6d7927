/**
 * Payments, cart and receipts of the logged-in citizen. The outcome never comes from
 * the return URL: the page the payer comes back to asks `GET …/payments/{id}`.
 */
import { paymentsEndpoints as ep, type PaymentView } from '@pagatore/sdk';
import { Hono } from 'hono';
import { findEntity, originsOf } from '../../entities/entities.js';
import type { AppDeps } from '../../core/deps.js';
import { ApiError } from '../../core/errors.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { addToCart, clearCart, planCart, removeFromCart, viewCart } from '../../payments/cart.js';
import {
  abandonPayment,
  endPayment,
  expireDuePayments,
  loadPayment,
  markRedirected,
  markReturned,
  startPayment,
} from '../../payments/payments.js';
import { type PaymentProvider, providerFor, type StartContext } from '../../payments/provider.js';
import { deliverDueSandboxReceipts } from '../../payments/sandbox.js';
import { OPEN_PAYMENT_STATES } from '../../payments/states.js';
import { paymentView } from '../../payments/view.js';
import { reachablePosition } from '../../practices/access.js';
import { findVisibleReceipt, listReceipts } from '../../receipts/receipts.js';
import { renderReceiptPdf } from '../../receipts/pdf.js';

/** The logged-in account, checked to belong to the route's entity. */
function holderOf(c: AppContext, ente: string) {
  const account = c.get('account');
  if (account.entity_code !== ente) throw new ApiError('unauthorized');
  return account;
}

/** A return URL on one of the entity's registered origins, else its portal page. */
function returnUrlFor(
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

/** Options (by Codice Avviso) a citizen may pay: each must belong to a practice it may reach. */
async function reachableOptions(c: AppContext, ente: string, navs: string[]) {
  const { db } = c.get('deps');
  const account = holderOf(c, ente);
  const options = await db
    .selectFrom('payment_options')
    .select(['id', 'position_id', 'nav', 'status', 'amount'])
    .where('entity_code', '=', ente)
    .where('nav', 'in', navs.length ? navs : [''])
    .execute();
  if (options.length !== new Set(navs).size) throw new ApiError('practice_not_found');
  for (const o of options) {
    if (!(await reachablePosition(db, account, o.position_id))) throw new ApiError('practice_not_found');
  }
  return options;
}

/**
 * "Paga carrello": the cart's next pagoPA payment, its first practices waiting (at most 5), or why
 * it cannot start now.
 */
async function nextCartPart(
  deps: AppDeps,
  accountId: string,
  ente: string,
): Promise<{ navs: string[]; cart: { part: number; parts: number } }> {
  const plan = await planCart(deps.db, accountId, ente);
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

export function paymentsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, ep.startPayment, async (c, { params, body }) => {
    const deps = c.get('deps');
    const account = holderOf(c, params.ente);
    const entity = await findEntity(deps.db, params.ente);
    if (!entity) throw new ApiError('entity_not_found');
    const now = deps.now();
    await expireDuePayments(deps.db, now);
    const part = body.cart ? await nextCartPart(deps, account.id, params.ente) : undefined;
    const options = await reachableOptions(c, params.ente, part?.navs ?? body.options ?? []);
    const returnUrl = returnUrlFor(body.returnUrl, originsOf(entity), entity.portal_url);
    const provider = providerFor(deps);
    // created: the options and their practices are locked for this payment.
    const { payment, items } = await startPayment(
      deps.db,
      {
        entityCode: params.ente,
        accountId: account.id,
        optionIds: options.map((o) => o.id),
        returnUrl,
        payerEmail: account.email,
        lang: c.get('lang'),
        provider: provider.name,
        ttlSeconds: deps.config.paymentTtlSeconds,
        ...(part ? { cart: part.cart } : {}),
      },
      now,
    );
    const redirect = await sendToProvider(deps, provider, { payment, items, entity });
    // The cart keeps its practices until each is paid: a failed or cancelled part is paid again.
    c.status(201);
    return {
      id: payment.id,
      state: 'redirected' as const,
      amount: payment.amount,
      expiresAt: payment.expires_at,
      redirectUrl: redirect.redirectUrl,
      cart: part?.cart ?? null,
    };
  });

  route(app, ep.getPayment, async (c, { params, query }) => {
    const deps = c.get('deps');
    const account = holderOf(c, params.ente);
    if (deps.config.paymentProvider === 'sandbox') await deliverDueSandboxReceipts(deps.db, deps.now());
    await expireDuePayments(deps.db, deps.now());
    let loaded = await loadPayment(deps.db, params.id);
    if (!loaded || loaded.payment.account_id !== account.id || loaded.payment.entity_code !== params.ente)
      throw new ApiError('not_found');
    if (query.returned) {
      await markReturned(deps.db, params.id, deps.now());
      loaded = (await loadPayment(deps.db, params.id)) ?? loaded;
    }
    c.header('Cache-Control', 'no-store');
    return paymentView(deps.db, loaded, deps.now());
  });

  route(app, ep.abandonPayment, async (c, { params }) => {
    const deps = c.get('deps');
    const account = holderOf(c, params.ente);
    await expireDuePayments(deps.db, deps.now());
    await abandonPayment(
      deps.db,
      { paymentId: params.id, accountId: account.id, entityCode: params.ente },
      deps.now(),
    );
    const loaded = await loadPayment(deps.db, params.id);
    if (!loaded) throw new ApiError('not_found');
    c.header('Cache-Control', 'no-store');
    return paymentView(deps.db, loaded, deps.now());
  });

  route(app, ep.listOpenPayments, async (c, { params }) => {
    const deps = c.get('deps');
    const account = holderOf(c, params.ente);
    if (deps.config.paymentProvider === 'sandbox') await deliverDueSandboxReceipts(deps.db, deps.now());
    await expireDuePayments(deps.db, deps.now());
    const rows = await deps.db
      .selectFrom('payments')
      .select('id')
      .where('account_id', '=', account.id)
      .where('entity_code', '=', params.ente)
      .where('state', 'in', [...OPEN_PAYMENT_STATES])
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute();
    const items: PaymentView[] = [];
    for (const { id } of rows) {
      const loaded = await loadPayment(deps.db, id);
      if (loaded) items.push(await paymentView(deps.db, loaded, deps.now()));
    }
    c.header('Cache-Control', 'no-store');
    return { items };
  });

  route(app, ep.getCart, async (c, { params }) => {
    const account = holderOf(c, params.ente);
    return viewCart(c.get('deps').db, account.id, params.ente);
  });

  route(app, ep.addCartItem, async (c, { params, body }) => {
    const deps = c.get('deps');
    const account = holderOf(c, params.ente);
    const [option] = await reachableOptions(c, params.ente, [body.nav]);
    if (!option) throw new ApiError('practice_not_found');
    await addToCart(deps.db, account.id, option, deps.now());
    return viewCart(deps.db, account.id, params.ente);
  });

  route(app, ep.removeCartItem, async (c, { params }) => {
    const deps = c.get('deps');
    const account = holderOf(c, params.ente);
    if (!(await removeFromCart(deps.db, account.id, params.nav))) throw new ApiError('not_found');
    return viewCart(deps.db, account.id, params.ente);
  });

  route(app, ep.clearCart, async (c, { params }) => {
    const account = holderOf(c, params.ente);
    await clearCart(c.get('deps').db, account.id);
  });

  route(app, ep.listReceipts, async (c, { params, query }) => {
    const account = holderOf(c, params.ente);
    if (query.from && query.to && query.from > query.to) {
      throw new ApiError('validation_failed', {
        fields: [{ path: 'query.to', code: 'too_small', message: 'before from' }],
      });
    }
    return listReceipts(c.get('deps').db, account, {
      from: query.from,
      to: query.to,
      service: query.service,
      code: query.code,
      amount: query.amount,
      limit: query.limit,
      offset: query.offset,
    });
  });

  route(app, ep.getReceiptPdf, async (c, { params }) => {
    const deps = c.get('deps');
    const account = holderOf(c, params.ente);
    const receipt = await findVisibleReceipt(deps.db, account, params.id);
    const entity = await findEntity(deps.db, params.ente);
    if (!receipt || !entity) throw new ApiError('not_found');
    const pdf = await renderReceiptPdf(receipt, entity, c.get('lang'));
    return new Response(Buffer.from(pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="ricevuta-${receipt.iuv}.pdf"`,
        'cache-control': 'private, no-store',
      },
    });
  });

  return app;
}
