/**
 * What "Paga", "Aggiungi pratica al carrello" and "Paga carrello" do, whichever widget the citizen
 * pressed them in: call the SDK, keep the page-wide cart count current, and send the browser to
 * the payment page. The return URL is the page the citizen is on (an origin the entity registered).
 */
import { CART_LIMIT, type CartView, NOTICES_PER_PAYMENT, type PaymentView } from '@pagatore/sdk';
import { notifyPracticesChanged } from '../practices/changes.js';
import type { PortalStore } from './store.js';

/** The entity page to come back to after paying: this page, without its fragment. */
export function returnUrl(): string {
  const url = new URL(window.location.href);
  url.hash = '';
  return url.href;
}

/** Remembers the payment being made, so a reload of the return page can find it again. */
function remember(store: PortalStore, id: string): void {
  try {
    sessionStorage.setItem(`pagatore:payment:${store.key}`, id);
  } catch {
    // Storage unavailable: the fragment of the return URL still carries the id.
  }
}

/** The last payment started from this tab, if any. */
export function lastPayment(store: PortalStore): string | null {
  try {
    return sessionStorage.getItem(`pagatore:payment:${store.key}`);
  } catch {
    return null;
  }
}

/** The cart with nothing in it. */
export const EMPTY_CART: CartView = {
  items: [],
  count: 0,
  total: 0,
  max: CART_LIMIT,
  perPayment: NOTICES_PER_PAYMENT,
  part: null,
  parts: 0,
};

/** Tells every widget of this portal that the cart changed. */
export function cartChanged(store: PortalStore, cart: CartView): void {
  store.set({ cartCount: cart.count, cartVersion: store.state.cartVersion + 1, cart });
}

/** Re-reads the cart from the server (after login, on another device's changes). */
export async function refreshCart(store: PortalStore): Promise<CartView | null> {
  if (!store.state.session) {
    store.set({ cartCount: 0, cart: null });
    return null;
  }
  const cart = await store.client.cart.get();
  store.set({ cartCount: cart.count, cart });
  return cart;
}

/** "Aggiungi pratica al carrello". */
export async function addToCart(store: PortalStore, nav: string): Promise<CartView> {
  const cart = await store.client.cart.add(nav);
  cartChanged(store, cart);
  return cart;
}

/** "Rimuovi". */
export async function removeFromCart(store: PortalStore, nav: string): Promise<CartView> {
  const cart = await store.client.cart.remove(nav);
  cartChanged(store, cart);
  return cart;
}

/** "Pulisci carrello". */
export async function clearCart(store: PortalStore): Promise<void> {
  await store.client.cart.clear();
  cartChanged(store, EMPTY_CART);
}

/** Sends the browser to the payment page. Exposed for tests, which stub it. */
export const navigation = {
  assign: (url: string): void => window.location.assign(url),
};

/** "Paga": one payment for these notices (Codici Avviso). */
export async function payNotices(store: PortalStore, navs: string[]): Promise<void> {
  const started = await store.client.payments.start(navs, returnUrl());
  remember(store, started.id);
  navigation.assign(started.redirectUrl);
}

/**
 * "Paga carrello": a payment of the cart's next practices, at most 5 (pagoPA's limit). The cart
 * keeps them until each is paid; the return page offers the next part.
 */
export async function payCart(store: PortalStore): Promise<void> {
  const started = await store.client.payments.startCart(returnUrl());
  remember(store, started.id);
  navigation.assign(started.redirectUrl);
}

/** The citizen's running payments (none without a session). */
export async function openPayments(store: PortalStore): Promise<PaymentView[]> {
  if (!store.state.session) return [];
  return (await store.client.payments.open()).items;
}

/**
 * "Annulla e ricomincia": abandons a payment pagoPA has not activated; its practices are payable
 * again (a cart payment's are still in the cart, to pay again), and every widget of the portal hears of it.
 */
export async function abandonPayment(store: PortalStore, id: string): Promise<PaymentView> {
  const view = await store.client.payments.abandon(id);
  if (view.cart) await refreshCart(store);
  store.set({ openPaymentsVersion: store.state.openPaymentsVersion + 1 });
  notifyPracticesChanged(store, view.items[0]?.practiceId ?? null);
  return view;
}
