/** Citizen client methods for payments: pay, outcome, cart, receipts. */
import { paymentsRoutes as routes } from './routes.js';
import type { ReceiptQuery } from '../schemas/payments.js';
import type { Transport } from './transport.js';

export function paymentsApi(t: Transport, ente: { ente: string }) {
  return {
    payments: {
      /** "Paga": starts a payment of notices (Codici Avviso); send the browser to `redirectUrl`. */
      start: (options: string[], returnUrl?: string) =>
        t.call(routes.startPayment, { params: ente, body: { options, returnUrl } }),
      /**
       * "Paga carrello": a payment of the cart's next practices, at most 5 (pagoPA's limit); a
       * bigger cart is paid in successive payments, `cart` says which ("carrello 1 di 2").
       */
      startCart: (returnUrl?: string) =>
        t.call(routes.startPayment, { params: ente, body: { cart: true, returnUrl } }),
      /** The payment's state; `returned` tells the server the payer is back from the payment page. */
      get: (id: string, returned = false) =>
        t.call(routes.getPayment, { params: { ...ente, id }, query: returned ? { returned: '1' } : {} }),
      /** The citizen's running payments: resume (`resumeUrl`), abandon (`abandonable`) or wait. */
      open: () => t.call(routes.listOpenPayments, { params: ente }),
      /** "Annulla e ricomincia": refused with `payment_activated` once pagoPA activated it. */
      abandon: (id: string) => t.call(routes.abandonPayment, { params: { ...ente, id } }),
    },
    cart: {
      get: () => t.call(routes.getCart, { params: ente }),
      /** "Aggiungi pratica al carrello". */
      add: (nav: string) => t.call(routes.addCartItem, { params: ente, body: { nav } }),
      /** "Rimuovi". */
      remove: (nav: string) => t.call(routes.removeCartItem, { params: { ...ente, nav } }),
      /** "Pulisci carrello". */
      clear: () => t.call(routes.clearCart, { params: ente }),
    },
    receipts: {
      /** "Ricerca pratiche". */
      list: (query: ReceiptQuery = {}) => t.call(routes.listReceipts, { params: ente, query }),
      /** The quietanza as a PDF file. */
      pdf: (id: number) => t.file(routes.getReceiptPdf, { params: { ...ente, id: String(id) } }),
    },
  };
}
