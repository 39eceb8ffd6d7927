/**
 * Carries out what the practice widgets ask for — "Paga" and "Aggiungi pratica al carrello" — for
 * every widget inside one provider, so each piece works alone on a page. The result is announced
 * in the provider's live region (errors as alerts). ("Stampa bollettino" downloads in the widget
 * itself unless a listener cancels its event.)
 */
import { PagatoreError } from '@pagatore/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PracticeRef } from '../practices/practice-events.js';
import { addToCart, payNotices } from '../state/payment-actions.js';
import type { PortalStore } from '../state/store.js';
import { errorMessage, normalizeLang, translate } from '../locales/index.js';

type Host = ReactiveControllerHost & HTMLElement & { store: PortalStore | undefined };

export interface Announcement {
  text: string;
  kind: 'status' | 'alert';
}

export class PracticeActionsController implements ReactiveController {
  readonly #host: Host;
  /** What the provider's live region says. */
  announcement: Announcement | null = null;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('pagatore-practice-pay', this.#onPay);
    this.#host.addEventListener('pagatore-practice-add-to-cart', this.#onAdd);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('pagatore-practice-pay', this.#onPay);
    this.#host.removeEventListener('pagatore-practice-add-to-cart', this.#onAdd);
  }

  #lang() {
    return this.#host.store?.state.lang ?? normalizeLang(document.documentElement.lang);
  }

  #timer: ReturnType<typeof setTimeout> | null = null;

  #say(text: string, kind: Announcement['kind'] = 'status'): void {
    this.announcement = { text, kind };
    this.#host.requestUpdate();
    if (this.#timer) clearTimeout(this.#timer);
    // Messages fade after a while; the live region already spoke them.
    this.#timer = setTimeout(() => {
      this.announcement = null;
      this.#host.requestUpdate();
    }, 8000);
  }

  async #run(
    e: Event,
    action: (store: PortalStore, ref: PracticeRef) => Promise<string | null>,
  ): Promise<void> {
    const store = this.#host.store;
    const ref = (e as CustomEvent<PracticeRef>).detail;
    // Handled here; an outer provider (nested pages) must not do it twice.
    e.stopPropagation();
    if (!store) return;
    try {
      const done = await action(store, ref);
      if (done) this.#say(translate(this.#lang(), done));
    } catch (err) {
      this.#say(
        err instanceof PagatoreError
          ? errorMessage(this.#lang(), err.code, err.message)
          : errorMessage(this.#lang(), 'internal'),
        'alert',
      );
    }
  }

  #onPay = (e: Event): void => {
    void this.#run(e, async (store, ref) => {
      if (!ref.nav) return 'actions.noOption';
      this.#say(translate(this.#lang(), 'actions.redirecting'));
      await payNotices(store, [ref.nav]);
      return null;
    });
  };

  #onAdd = (e: Event): void => {
    void this.#run(e, async (store, ref) => {
      if (!ref.nav) return 'actions.noOption';
      await addToCart(store, ref.nav);
      return 'actions.added';
    });
  };
}
