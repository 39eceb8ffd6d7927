/**
 * Payment providers: where the browser goes to pay. `sandbox` (demo mode) is served by this
 * server; `pagopa` posts a pagoPA Checkout "EC carts" request (payments/pagopa/checkout.ts) and
 * gets its receipts from the node's SOAP calls (routes/pagopa/node.ts).
 * Whatever the provider, receipts enter through `recordReceipt` only.
 */
import { newToken } from '../core/tokens.js';
import type { EntityRow, PaymentItemRow, PaymentRow } from '../db/schema/index.js';
import type { AppDeps } from '../core/deps.js';
import { startCheckout } from './pagopa/checkout.js';

export interface StartContext {
  payment: PaymentRow;
  items: PaymentItemRow[];
  entity: EntityRow;
}

export interface PaymentProvider {
  readonly name: 'sandbox' | 'pagopa';
  /** Prepares the provider's side and answers where to send the browser. */
  start(ctx: StartContext): Promise<{ redirectUrl: string; providerRef: string }>;
}

/** The embedded stand-in for pagoPA Checkout (routes/sandbox). */
export function sandboxProvider(deps: AppDeps): PaymentProvider {
  return {
    name: 'sandbox',
    async start({ payment }) {
      // The reference is a secret the sandbox page posts back: knowing a payment id is not enough.
      const providerRef = newToken(16);
      return {
        redirectUrl: `${deps.config.publicUrl}/sandbox/checkout/${payment.id}?t=${providerRef}`,
        providerRef,
      };
    },
  };
}

/** The configured provider. */
export function providerFor(deps: AppDeps): PaymentProvider {
  if (deps.config.paymentProvider === 'sandbox') return sandboxProvider(deps);
  return {
    name: 'pagopa',
    start: (ctx) =>
      startCheckout(
        {
          db: deps.db,
          logger: deps.logger,
          publicUrl: deps.config.publicUrl,
          checkoutUrl: deps.config.pagopaCheckoutUrl,
        },
        ctx,
      ),
  };
}
