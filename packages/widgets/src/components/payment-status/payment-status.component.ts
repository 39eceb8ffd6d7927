import { formatEuro, formatNav, PagatoreError, type PaymentView } from '@pagatore/sdk';
import { html, LitElement, nothing } from 'lit';
import { PortalController } from '../../controllers/portal-controller.js';
import { emit } from '../../events/events.js';
import { saveFile } from '../../state/download.js';
import { notifyPracticesChanged } from '../../practices/changes.js';
import { openPaymentStyles, renderOpenPayment } from '../../practices/open-payment.js';
import { abandonPayment, payCart, refreshCart } from '../../state/payment-actions.js';
import { controls, tokens } from '../../styles/tokens.js';
import { styles } from './payment-status.styles.js';

declare module '../../events/events.js' {
  interface PagatoreEventMap {
    /** The payment reached its outcome: paid, failed, cancelled or expired. */
    'pagatore-payment-end': CustomEvent<{
      id: string;
      outcome: 'paid' | 'failed' | 'cancelled' | 'expired';
      amount: number;
    }>;
  }
}

const FRAGMENT = /(?:^#|&)pagatore-payment=([a-z2-7]{16,64})/;

/** Reads the payment id the payment page sent back in the URL fragment and removes it. */
export function takePaymentFromUrl(): string | null {
  const m = FRAGMENT.exec(window.location.hash);
  if (!m) return null;
  const rest = window.location.hash.replace(m[0], '').replace(/^#&?/, '');
  history.replaceState(
    history.state,
    '',
    `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`,
  );
  return m[1] ?? null;
}

/**
 * The outcome of a payment, on the entity's page the payer comes back to. The outcome never comes
 * from the URL: this asks the server, shows "Pagamento in verifica" until the receipt arrives, and
 * works again later (reload, another device after login) with the `payment` attribute.
 *
 * @summary "Pagamento in verifica" → paid / failed / cancelled / expired, with the receipts.
 * @event pagatore-payment-end - The payment reached its outcome.
 * @csspart box - The message box.
 * @csspart open-payment - Back without an outcome and before pagoPA activated it: "Annulla e ricomincia".
 *
 * @example <pagatore-payment-status></pagatore-payment-status>
 */
export class PagatorePaymentStatus extends LitElement {
  static override styles = [tokens, controls, openPaymentStyles, styles];
  static override properties = {
    payment: { reflect: true },
    returned: { type: Boolean },
    pollInterval: { type: Number, attribute: 'poll-interval' },
    view: { state: true },
    problem: { state: true },
    busyReceipt: { state: true },
    cartBusy: { state: true },
    cartError: { state: true },
    abandoning: { state: true },
  };

  /** The payment to show; by default the one in the URL fragment `#pagatore-payment=<id>`. */
  declare payment: string;

  /** The payer just came back from the payment page (the portal sets it when it routes the return). */
  declare returned: boolean;

  /** How often to ask while the payment is in verification, ms. */
  declare pollInterval: number;

  declare private view: PaymentView | null;
  declare private problem: 'login' | 'not_found' | null;
  declare private busyReceipt: number | null;
  declare private cartBusy: boolean;
  declare private cartError: string | null;
  declare private abandoning: boolean;

  constructor() {
    super();
    this.payment = '';
    this.returned = false;
    this.pollInterval = 2000;
    this.view = null;
    this.problem = null;
    this.busyReceipt = null;
    this.cartBusy = false;
    this.cartError = null;
    this.abandoning = false;
  }

  private get heading(): HTMLHeadingElement | null {
    return this.renderRoot?.querySelector<HTMLHeadingElement>('h2') ?? null;
  }

  private readonly portal = new PortalController(this, ['session', 'cart']);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #returned = false;
  #loading = '';

  override connectedCallback(): void {
    super.connectedCallback();
    const fromUrl = takePaymentFromUrl();
    if (fromUrl) {
      this.payment = fromUrl;
      this.#returned = true;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#timer) clearTimeout(this.#timer);
  }

  protected override updated(): void {
    const store = this.portal.store;
    const key = `${this.payment}|${store?.state.session?.token ?? ''}`;
    if (store && this.payment && key !== this.#loading) {
      this.#loading = key;
      if (this.returned) this.#returned = true;
      queueMicrotask(() => void this.#poll());
    }
  }

  async #poll(): Promise<void> {
    const store = this.portal.store;
    if (!store || !this.payment) return;
    if (this.#timer) clearTimeout(this.#timer);
    if (!store.state.session) {
      this.problem = 'login';
      return;
    }
    const before = this.view?.outcome;
    try {
      const view = await store.client.payments.get(this.payment, this.#returned);
      this.#returned = false;
      this.problem = null;
      this.view = view;
      if (view.outcome !== before) {
        await this.updateComplete;
        this.heading?.focus();
      }
      if (view.outcome === 'pending') {
        this.#timer = setTimeout(() => void this.#poll(), this.pollInterval);
      } else {
        emit(this, 'pagatore-payment-end', { id: view.id, outcome: view.outcome, amount: view.amount });
        void refreshCart(store).catch(() => undefined);
        // The practices it paid changed state: lists on the page reload.
        notifyPracticesChanged(store);
      }
    } catch (e) {
      if (e instanceof PagatoreError && (e.status === 404 || e.status === 401)) {
        this.problem = e.status === 401 ? 'login' : 'not_found';
        return;
      }
      // A network hiccup: keep asking.
      this.#timer = setTimeout(() => void this.#poll(), this.pollInterval * 2);
    }
  }

  /** "Annulla e ricomincia" on a payment pagoPA never activated: the page then says it is cancelled. */
  async #abandon(id: string): Promise<void> {
    const store = this.portal.store;
    if (!store || this.abandoning) return;
    this.abandoning = true;
    try {
      await abandonPayment(store, id);
    } catch {
      // Refused (pagoPA activated it meanwhile): the next look shows the state as it is.
    } finally {
      this.abandoning = false;
    }
    await this.#poll();
  }

  async #download(receiptId: number, description: string): Promise<void> {
    const store = this.portal.store;
    if (!store) return;
    this.busyReceipt = receiptId;
    try {
      saveFile(await store.client.receipts.pdf(receiptId), `ricevuta-${description.slice(0, 40)}.pdf`);
    } finally {
      this.busyReceipt = null;
    }
  }

  /** "Paga carrello" for the cart's next part, from the outcome of the one before. */
  async #payNext(): Promise<void> {
    const store = this.portal.store;
    if (!store || this.cartBusy) return;
    this.cartBusy = true;
    this.cartError = null;
    try {
      await payCart(store);
    } catch (e) {
      this.cartError = this.portal.failure(e);
      void refreshCart(store).catch(() => undefined);
    } finally {
      this.cartBusy = false;
    }
  }

  /**
   * After a part of a cart ended: the next one to pay ("Carrello 2 di 2"), the same one again when it
   * failed, or that the whole cart is paid.
   */
  private renderCartNext(view: PaymentView) {
    if (!view.cart || view.outcome === 'pending') return nothing;
    const cart = this.portal.state?.cart;
    if (!cart) return nothing;
    const lang = this.portal.lang;
    if (cart.part === null) {
      return view.outcome === 'paid' && cart.count === 0 && view.cart.parts > 1
        ? html`<p class="cart-done">${this.portal.t('payment.cartDone')}</p>`
        : nothing;
    }
    const next = cart.items.filter((i) => i.part === cart.part);
    return html`<div class="next" role="group" aria-labelledby="cart-next-title">
      <h3 id="cart-next-title">
        ${this.portal.t('payment.cartPart', { part: cart.part, parts: cart.parts })}
      </h3>
      <p>
        ${this.portal.t(next.length === 1 ? 'payment.cartNextOne' : 'payment.cartNextMany', {
          count: next.length,
          amount: formatEuro(
            next.reduce((s, i) => s + i.amount, 0),
            lang,
          ),
        })}
      </p>
      <button class="btn" type="button" ?disabled=${this.cartBusy} @click=${() => this.#payNext()}>
        ${this.portal.t('payment.payCart')}
      </button>
      ${this.cartError ? html`<p class="alert alert-danger" role="alert">${this.cartError}</p>` : nothing}
    </div>`;
  }

  protected override render() {
    if (!this.payment) return nothing;
    if (this.problem) {
      return html`<div class="box" part="box" role="status">
        <p>${this.portal.t(this.problem === 'login' ? 'payment.loginFirst' : 'payment.notFound')}</p>
      </div>`;
    }
    const view = this.view;
    if (!view)
      return html`<div class="box" part="box" role="status">
        <span class="spinner" aria-hidden="true"></span>${this.portal.t('common.loading')}
      </div>`;
    const o = view.outcome;
    const lang = this.portal.lang;
    return html`<section class="box ${o}" part="box" aria-labelledby="payment-title">
      <h2 id="payment-title" tabindex="-1">
        ${o === 'pending' ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${this.portal.t(`payment.${o}.title`)}
      </h2>
      ${
        view.cart && view.cart.parts > 1
          ? html`<p class="part">${this.portal.t('payment.cartPart', view.cart)}</p>`
          : nothing
      }
      <p role="status">${this.portal.t(`payment.${o}.text`)}</p>
      <ul>
        ${view.items.map(
          (i) =>
            html`<li>
              <span>${i.description}<br /><span class="code">${formatNav(i.nav)}</span></span>
              <span>${formatEuro(i.amount, lang)}</span>
              ${
                o === 'paid' && i.receiptId !== null
                  ? html`<button
                      class="btn btn-outline"
                      type="button"
                      ?disabled=${this.busyReceipt === i.receiptId}
                      aria-label=${this.portal.t('payment.downloadLabel', { description: i.description })}
                      @click=${() => this.#download(i.receiptId as number, i.description)}
                    >
                      ${this.portal.t('payment.download')}
                    </button>`
                  : nothing
              }
            </li>`,
        )}
      </ul>
      ${
        o === 'pending' && view.abandonable
          ? renderOpenPayment(view, this.portal, {
              id: 'payment',
              busy: this.abandoning,
              onAbandon: () => void this.#abandon(view.id),
            })
          : nothing
      }
      <dl class="totals">
        <div>
          <dt>${this.portal.t('payment.amount')}</dt>
          <dd>${formatEuro(view.amount, lang)}</dd>
        </div>
        ${
          view.fee !== null
            ? html`<div>
                  <dt>${this.portal.t('payment.fee')}</dt>
                  <dd>${formatEuro(view.fee, lang)}</dd>
                </div>
                <div class="charged">
                  <dt>${this.portal.t('payment.charged')}</dt>
                  <dd>${formatEuro(view.amount + view.fee, lang)}</dd>
                </div>`
            : nothing
        }
      </dl>
      ${this.renderCartNext(view)}
    </section>`;
  }
}
