/**
 * pagoPA Checkout "EC carts" v2 (FACTS §4, openapi/checkout_v2.json): the server posts the cart
 * (1-5 notices, amounts in cents) with the entity's subscription key and sends the browser to the
 * `Location` of Checkout's 302. The payer comes back to the entity's page with only the payment id
 * in the fragment; the outcome always comes from the node's receipt, never from the return URL.
 */
import type { Db } from '../../db/database.js';
import type { EntityRow, PaymentItemRow, PaymentRow } from '../../db/schema/index.js';
import { ApiError } from '../../core/errors.js';
import type { Logger } from '../../log/logger.js';
import { CHECKOUT_CARTS_URL, pagopaSettingsOf } from '../../entities/pagopa-settings.js';

/** Checkout v2 `CartRequestV2`. */
export interface CartRequest {
  paymentNotices: {
    noticeNumber: string;
    fiscalCode: string;
    amount: number;
    companyName: string;
    description: string;
  }[];
  returnUrls: {
    returnOkUrl: string;
    returnCancelUrl: string;
    returnErrorUrl: string;
    returnWaitingUrl: string;
  };
  emailNotice?: string;
  idCart: string;
  allCCP: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Where the payer comes back: the entity's page, with only our payment id (no outcome). */
export function returnUrlOf(payment: Pick<PaymentRow, 'id' | 'return_url'>, fallback: string): string {
  const url = new URL(payment.return_url ?? fallback);
  url.hash = `pagatore-payment=${payment.id}`;
  return url.href;
}

/** The carts request for a payment of the portal. */
export function cartRequest(
  payment: Pick<PaymentRow, 'id' | 'return_url' | 'payer_email'>,
  items: readonly Pick<PaymentItemRow, 'nav' | 'amount' | 'description'>[],
  entity: Pick<EntityRow, 'code' | 'name' | 'portal_url'>,
  opts: { fallbackReturnUrl: string; allCCP: boolean },
): CartRequest {
  const back = returnUrlOf(payment, entity.portal_url ?? opts.fallbackReturnUrl);
  return {
    paymentNotices: items.map((i) => ({
      noticeNumber: i.nav,
      fiscalCode: entity.code,
      amount: i.amount,
      companyName: entity.name.slice(0, 140),
      description: i.description.slice(0, 140),
    })),
    returnUrls: { returnOkUrl: back, returnCancelUrl: back, returnErrorUrl: back, returnWaitingUrl: back },
    ...(payment.payer_email && EMAIL.test(payment.payer_email) ? { emailNotice: payment.payer_email } : {}),
    // Comes back to the station as paGetPayment's paymentNote: how activation finds this payment.
    idCart: payment.id,
    allCCP: opts.allCCP,
  };
}

export interface CheckoutDeps {
  db: Db;
  logger: Logger;
  publicUrl: string;
  /** Overrides the entity's UAT/production URL (PAGOPA_CHECKOUT_URL). */
  checkoutUrl: string | null;
  timeoutMs?: number;
}

/**
 * Posts the cart to Checkout and answers the URL to send the browser to. Checkout's refusals
 * (4xx, 422 for notices the node rejects) are `checkout_refused`; 5xx, timeouts and network
 * errors are `unavailable`. The caller ends the payment, so the practices stay payable.
 */
export async function startCheckout(
  deps: CheckoutDeps,
  ctx: { payment: PaymentRow; items: PaymentItemRow[]; entity: EntityRow },
): Promise<{ redirectUrl: string; providerRef: string }> {
  const settings = pagopaSettingsOf(ctx.entity);
  const transfers = await deps.db
    .selectFrom('transfers')
    .select('postal')
    .where(
      'option_id',
      'in',
      ctx.items.map((i) => i.option_id),
    )
    .execute();
  const body = cartRequest(ctx.payment, ctx.items, ctx.entity, {
    fallbackReturnUrl: deps.publicUrl,
    allCCP: transfers.length > 0 && transfers.every((t) => t.postal === 1),
  });
  const url = deps.checkoutUrl ?? CHECKOUT_CARTS_URL[settings.environment];
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(settings.checkoutSubscriptionKey
          ? { 'Ocp-Apim-Subscription-Key': settings.checkoutSubscriptionKey }
          : {}),
      },
      body: JSON.stringify(body),
      // Checkout answers 302: its Location is for the browser, not for us.
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
  } catch (e) {
    deps.logger.warn('checkout: unreachable', {
      payment: ctx.payment.id,
      error: e instanceof Error ? e.message : String(e),
    });
    throw new ApiError('unavailable');
  }
  const detail = res.status >= 400 ? (await res.text().catch(() => '')).slice(0, 500) : '';
  await res.body?.cancel().catch(() => undefined);
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) {
    let redirectUrl: string;
    try {
      redirectUrl = new URL(location, url).href;
    } catch {
      throw new ApiError('unavailable');
    }
    if (!/^https?:$/.test(new URL(redirectUrl).protocol)) throw new ApiError('unavailable');
    // The cart id when the Location has one (…/carts/{id}/redirect), else the Location itself.
    const cartId = /\/carts\/([^/?#]+)/.exec(new URL(redirectUrl).pathname)?.[1];
    return { redirectUrl, providerRef: (cartId ?? redirectUrl).slice(0, 200) };
  }
  deps.logger.warn('checkout: cart refused', { payment: ctx.payment.id, status: res.status, detail });
  if (res.status >= 400 && res.status < 500) throw new ApiError('checkout_refused');
  throw new ApiError('unavailable');
}
