/**
 * Payments, cart and receipts of the logged-in citizen. The outcome never comes from
 * the return URL: the page the payer comes back to asks `GET …/payments/{id}`.
 */
import { paymentsEndpoints as ep } from '@pagatore/sdk';
import { Hono } from 'hono';
import { findEntity } from '../../entities/entities.js';
import { ApiError } from '../../core/errors.js';
import type { AppContext, AppEnv } from '../../http/context.js';
import { route } from '../../http/route.js';
import { addToCart, clearCart, removeFromCart, viewCart } from '../../payments/cart.js';
import { abandonPayment, expireDuePayments, loadPayment } from '../../payments/payments.js';
import { reachableOptions, startPortalPayment } from '../../payments/start.js';
import { openPaymentsOf, paymentOfPayer, paymentView, settleDuePayments } from '../../payments/view.js';
import { findVisibleReceipt, listReceipts } from '../../receipts/receipts.js';
import { renderReceiptPdf } from '../../receipts/pdf.js';

/** The logged-in account, checked to belong to the route's entity. */
function holderOf(c: AppContext, ente: string) {
  const account = c.get('account');
  if (account.entity_code !== ente) throw new ApiError('unauthorized');
  return account;
}

export function paymentsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, ep.startPayment, async (c, { params, body }) => {
    const account = holderOf(c, params.ente);
    const payer = { account, entityCode: params.ente, lang: c.get('lang') };
    const started = await startPortalPayment(c.get('deps'), payer, body);
    c.status(201);
    return started;
  });

  route(app, ep.getPayment, async (c, { params, query }) => {
    const deps = c.get('deps');
    const account = holderOf(c, params.ente);
    await settleDuePayments(deps);
    const owner = { accountId: account.id, entityCode: params.ente };
    const view = await paymentOfPayer(deps.db, owner, params.id, deps.now(), query.returned !== undefined);
    c.header('Cache-Control', 'no-store');
    return view;
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
    await settleDuePayments(deps);
    const items = await openPaymentsOf(
      deps.db,
      { accountId: account.id, entityCode: params.ente },
      deps.now(),
    );
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
    const [option] = await reachableOptions(deps.db, account, params.ente, [body.nav]);
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
