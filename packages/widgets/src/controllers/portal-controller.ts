/**
 * Gives a widget its portal store (from the nearest provider, through context), re-renders it when
 * the store changes, and translates its strings in the portal's language.
 */
import { ContextConsumer } from '@lit/context';
import { PagatoreError } from '@pagatore/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { portalContext } from '../context/portal-context.js';
import { type Lang, type MessageKey, normalizeLang, translate, errorMessage } from '../locales/index.js';
import type { PortalState, PortalStore } from '../state/store.js';

type Host = ReactiveControllerHost & HTMLElement;

export class PortalController implements ReactiveController {
  readonly #host: Host;
  readonly #consumer: ContextConsumer<typeof portalContext, Host>;
  #unsubscribe: (() => void) | null = null;
  #store: PortalStore | undefined;
  /** Which state keys re-render the host (the language always does); all by default. */
  readonly #watch: ReadonlySet<keyof PortalState> | null;

  constructor(host: Host, watch?: (keyof PortalState)[]) {
    this.#host = host;
    this.#watch = watch ? new Set([...watch, 'lang']) : null;
    this.#consumer = new ContextConsumer(host, {
      context: portalContext,
      subscribe: true,
      callback: (store) => this.#attach(store),
    });
    host.addController(this);
  }

  #attach(store: PortalStore | undefined): void {
    if (store === this.#store) return;
    this.#unsubscribe?.();
    this.#store = store;
    this.#unsubscribe =
      store?.subscribe((_s, changed) => {
        if (!this.#watch || [...changed].some((k) => this.#watch?.has(k))) this.#host.requestUpdate();
      }) ?? null;
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    if (this.#consumer.value && !this.#unsubscribe) this.#attach(this.#consumer.value);
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#store = undefined;
  }

  /** The store, once a provider answered. */
  get store(): PortalStore | undefined {
    return this.#store;
  }

  get state(): PortalState | undefined {
    return this.#store?.state;
  }

  /** The portal's language: the provider's `lang`, else the page's, else Italian. */
  get lang(): Lang {
    return (
      this.#store?.state.lang ??
      normalizeLang(this.#host.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang)
    );
  }

  /** Renders the host again (after something it shows was loaded). */
  refresh(): void {
    this.#host.requestUpdate();
  }

  /** A translated string. */
  t(key: MessageKey | (string & {}), params?: Record<string, string | number>): string {
    return translate(this.lang, key, params);
  }

  /** The message of an API or field error code (`said`: the server's, when it sent one). */
  error(code: string, said?: string): string {
    return errorMessage(this.lang, code, said);
  }

  /** What to say for a failure: an SDK error in the server's or the widgets' words, else an internal error. */
  failure(e: unknown): string {
    return e instanceof PagatoreError ? this.error(e.code, e.message) : this.error('internal');
  }
}
