import { type CartItem, type CartView, formatEuro, formatNav, type PaymentView } from '@pagatore/sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { PortalController } from '../../controllers/portal-controller.js';
import { emit } from '../../events/events.js';
import { openPaymentStyles, renderOpenPayment } from '../../practices/open-payment.js';
import {
  abandonPayment,
  clearCart,
  openPayments,
  payCart,
  refreshCart,
  removeFromCart,
} from '../../state/payment-actions.js';
import { controls, tokens } from '../../styles/tokens.js';
import { styles } from './cart.styles.js';

declare module '../../events/events.js' {
  interface PagatoreEventMap {
    /** The cart changed (count and total in cents). */
    'pagatore-cart-change': CustomEvent<{ count: number; total: number }>;
    /** "Paga carrello" started a payment: the browser is leaving for the payment page. */
    'pagatore-cart-pay': CustomEvent<{ count: number; total: number }>;
  }
}

const CART_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path
    d="M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4ZM7.2 14h9.9c.8 0 1.4-.4 1.7-1.1L22 6H5.2L4.3 2H1v2h2l3.6 7.6-1.4 2.4C4.5 15.3 5.5 17 7 17h12v-2H7l1.1-2Z"
  />
</svg>`;

/**
 * The cart: a badge with the count for the top of the page, live across every widget of the
 * portal (also in another provider for the same api + entity), and the summary with "Rimuovi",
 * "Pulisci carrello" and "Paga carrello". pagoPA takes at most 5 notices in one payment: a bigger
 * cart is paid in successive payments, grouped and numbered here ("Carrello 1 di 2"), one at a time.
 *
 * @summary Cart badge and summary.
 * @event pagatore-cart-change - The cart changed: `{ count, total }` (cents).
 * @event pagatore-cart-pay - "Paga carrello" started a payment.
 * @csspart badge - The badge button.
 * @csspart panel - The summary.
 * @csspart open-payment - A cart payment left half-way: "Riprendi il pagamento", "Annulla e ricomincia", or pagoPA's state.
 * @cssproperty --pagatore-cart-color - Colour of the badge (default: inherited, e.g. white in a blue header).
 * @cssproperty --pagatore-cart-background - Background of the badge.
 *
 * @example <pagatore-cart></pagatore-cart> <pagatore-cart mode="page"></pagatore-cart>
 */
export class PagatoreCart extends LitElement {
  static override styles = [tokens, controls, openPaymentStyles, styles];
  static override properties = {
    mode: { reflect: true },
    open: { state: true },
    busy: { state: true },
    error: { state: true },
    status: { state: true },
    payments: { state: true },
  };

  /** `badge` (default): a button that opens the summary; `page`: the summary alone, always open. */
  declare mode: 'badge' | 'page';

  declare private open: boolean;
  declare private busy: boolean;
  declare private error: string | null;
  declare private status: string;
  /** Payments of the cart left half-way: resume or abandon them (the practices come back). */
  declare private payments: PaymentView[];

  constructor() {
    super();
    this.mode = 'badge';
    this.open = false;
    this.busy = false;
    this.error = null;
    this.status = '';
    this.payments = [];
  }

  private get badgeButton(): HTMLButtonElement | null {
    return this.renderRoot?.querySelector<HTMLButtonElement>('.badge') ?? null;
  }
  private get heading(): HTMLHeadingElement | null {
    return this.renderRoot?.querySelector<HTMLHeadingElement>('h2') ?? null;
  }

  private readonly portal = new PortalController(this, [
    'session',
    'cartCount',
    'cart',
    'cartVersion',
    'openPaymentsVersion',
  ]);
  #loadedFor: string | null = null;
  #version = 0;
  #paymentsVersion = 0;

  private get cart(): CartView | null {
    return this.portal.state?.cart ?? null;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    const store = this.portal.store;
    if (!store) return;
    const token = store.state.session?.token ?? null;
    const version = store.state.cartVersion;
    const paymentsVersion = store.state.openPaymentsVersion;
    if (token !== this.#loadedFor || paymentsVersion !== this.#paymentsVersion) {
      this.#paymentsVersion = paymentsVersion;
      void this.#loadPayments();
    }
    if (token !== this.#loadedFor) {
      this.#loadedFor = token;
      this.#version = version;
      void refreshCart(store).catch(() => undefined);
    } else if (version !== this.#version) {
      this.#version = version;
      const cart = this.cart;
      if (cart) emit(this, 'pagatore-cart-change', { count: cart.count, total: cart.total });
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.#onKey);
    document.addEventListener('click', this.#onOutside);
    window.addEventListener('pageshow', this.#onPageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.#onKey);
    document.removeEventListener('click', this.#onOutside);
    window.removeEventListener('pageshow', this.#onPageShow);
  }

  /** The cart's payments still running (none without a session). */
  async #loadPayments(): Promise<void> {
    const store = this.portal.store;
    if (!store) return;
    try {
      this.payments = (await openPayments(store)).filter((p) => p.cart !== null);
    } catch {
      this.payments = [];
    }
  }

  /** Back from the payment page (the browser's Back restores this page): read the states again. */
  #onPageShow = (e: PageTransitionEvent): void => {
    const store = this.portal.store;
    if (!e.persisted || !store) return;
    void refreshCart(store).catch(() => undefined);
    void this.#loadPayments();
  };

  /** "Annulla e ricomincia": the practices, still in the cart, can be paid again. */
  #abandon(payment: PaymentView): void {
    const store = this.portal.store;
    if (!store) return;
    void this.#run(() => abandonPayment(store, payment.id), 'practice.resume.abandoned').then(async () => {
      // Refused (pagoPA activated it meanwhile): the box says so now.
      await this.#loadPayments();
      this.heading?.focus();
    });
  }

  #onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.open && this.mode === 'badge') {
      this.open = false;
      this.badgeButton?.focus();
    }
  };

  #onOutside = (e: MouseEvent): void => {
    if (this.open && this.mode === 'badge' && !e.composedPath().includes(this)) this.open = false;
  };

  async #toggle(): Promise<void> {
    this.open = !this.open;
    this.error = null;
    if (this.open) {
      await this.updateComplete;
      this.heading?.focus();
    }
  }

  async #run(action: () => Promise<unknown>, done: string): Promise<void> {
    const store = this.portal.store;
    if (!store || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      await action();
      this.status = this.portal.t(done);
    } catch (e) {
      this.error = this.portal.failure(e);
      await refreshCart(store).catch(() => undefined);
    } finally {
      this.busy = false;
    }
  }

  #remove(item: CartItem): void {
    const store = this.portal.store;
    if (store)
      void this.#run(() => removeFromCart(store, item.nav), 'cart.removed').then(() => this.heading?.focus());
  }

  #clear(): void {
    const store = this.portal.store;
    if (store) void this.#run(() => clearCart(store), 'cart.cleared').then(() => this.heading?.focus());
  }

  #pay(): void {
    const store = this.portal.store;
    const cart = this.cart;
    if (!store || !cart) return;
    void this.#run(async () => {
      emit(this, 'pagatore-cart-pay', { count: cart.count, total: cart.total });
      await payCart(store);
    }, 'cart.redirecting');
  }

  /** Held by a payment of this cart already started (an earlier part, on its way to its receipt). */
  #running(item: CartItem): boolean {
    const next = this.cart?.part ?? null;
    return item.status === 'in_payment' && (next === null || item.part < next);
  }

  /** The items, grouped by the pagoPA payment that pays them when the cart takes more than one. */
  private renderItems(cart: CartView) {
    if (cart.parts <= 1)
      return html`<ul>
        ${cart.items.map((i) => this.renderItem(i))}
      </ul>`;
    const parts = [...new Set(cart.items.map((i) => i.part))];
    return parts.map((part) => {
      const items = cart.items.filter((i) => i.part === part);
      return html`<h3 class="part" id="cart-part-${part}">
          ${this.portal.t('cart.part', { part, parts: cart.parts })}
        </h3>
        <ul aria-labelledby="cart-part-${part}">
          ${items.map((i) => this.renderItem(i))}
        </ul>`;
    });
  }

  /** What "Paga carrello" pays now, when the cart takes more than one payment. */
  private renderProgress(cart: CartView) {
    if (cart.parts <= 1) return nothing;
    const lang = this.portal.lang;
    if (cart.part === null)
      return html`<p class="progress" id="cart-progress">${this.portal.t('cart.waiting')}</p>`;
    const next = cart.items.filter((i) => i.part === cart.part);
    return html`<p class="progress" id="cart-progress">
      <strong>${this.portal.t('cart.part', { part: cart.part, parts: cart.parts })}</strong>:
      ${this.portal.t(next.length === 1 ? 'cart.nextOne' : 'cart.nextMany', {
        count: next.length,
        amount: formatEuro(
          next.reduce((s, i) => s + i.amount, 0),
          lang,
        ),
      })}
    </p>`;
  }

  private renderItem(item: CartItem) {
    const lang = this.portal.lang;
    return html`<li>
      <span class="desc">${item.description}</span>
      <span class="amount">${formatEuro(item.amount, lang)}</span>
      <span class="meta"
        >${this.portal.t('cart.nav')} <span class="code">${formatNav(item.nav)}</span>${
          item.dueDate
            ? html` · ${this.portal.t('cart.due')} ${item.dueDate.split('-').reverse().join('/')}`
            : nothing
        }</span
      >
      <button
        class="link-btn"
        type="button"
        ?disabled=${this.busy}
        aria-label=${this.portal.t('cart.removeLabel', { description: item.description })}
        @click=${() => this.#remove(item)}
      >
        ${this.portal.t('cart.remove')}
      </button>
      ${item.changed ? html`<span class="flag">${this.portal.t('cart.changed', { before: formatEuro(item.amountAtAdd, lang) })}</span>` : nothing}
      ${
        this.#running(item)
          ? html`<span class="flag running">${this.portal.t('cart.running')}</span>`
          : !item.payable
            ? html`<span class="flag">${this.portal.t('cart.notPayable')}</span>`
            : nothing
      }
    </li>`;
  }

  private renderPanel() {
    const cart = this.cart;
    const loggedIn = Boolean(this.portal.state?.session);
    const blocked =
      (cart?.items.some((i) => !i.payable && !this.#running(i)) ?? false) || (cart?.part ?? null) === null;
    return html`<section class="panel" id="panel" part="panel" aria-labelledby="cart-title">
      <h2 id="cart-title" tabindex="-1">${this.portal.t('cart.title')}</h2>
      ${
        loggedIn
          ? this.payments.map((p) =>
              renderOpenPayment(p, this.portal, {
                id: `cart-${p.id}`,
                busy: this.busy,
                onAbandon: () => this.#abandon(p),
              }),
            )
          : nothing
      }
      ${
        !loggedIn
          ? html`<p>${this.portal.t('cart.loginFirst')}</p>`
          : !cart || cart.items.length === 0
            ? html`<p>${this.portal.t('cart.empty')}</p>`
            : html`${this.renderItems(cart)}
                <p class="total">
                  <span>${this.portal.t('cart.total')}</span
                  ><span>${formatEuro(cart.total, this.portal.lang)}</span>
                </p>
                ${this.renderProgress(cart)}
                <p class="hint">${this.portal.t('cart.limit', { per: cart.perPayment, max: cart.max })}</p>
                <div class="actions">
                  <button
                    class="btn btn-outline"
                    type="button"
                    ?disabled=${this.busy}
                    @click=${() => this.#clear()}
                  >
                    ${this.portal.t('cart.clear')}
                  </button>
                  <button
                    class="btn"
                    type="button"
                    ?disabled=${this.busy || blocked}
                    aria-describedby=${cart.parts > 1 ? 'cart-progress' : nothing}
                    @click=${() => this.#pay()}
                  >
                    ${this.portal.t('cart.pay')}
                  </button>
                </div>`
      }
      ${this.error ? html`<p class="alert alert-danger" role="alert">${this.error}</p>` : nothing}
    </section>`;
  }

  protected override render() {
    const count = this.portal.state?.cartCount ?? 0;
    const live = html`<p class="visually-hidden" role="status" aria-live="polite">${this.status}</p>`;
    if (this.mode === 'page') return html`${this.renderPanel()}${live}`;
    return html`<button
        class="badge"
        part="badge"
        type="button"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="panel"
        @click=${() => this.#toggle()}
      >
        ${CART_ICON}<span class="visually-hidden">${this.portal.t('cart.button')}</span>
        <span class="count">${count}</span
        ><span class="visually-hidden">
          ${this.portal.t(count === 1 ? 'cart.unitOne' : 'cart.unitMany')}</span
        >
      </button>
      ${this.open ? this.renderPanel() : nothing}${live}`;
  }
}
