import { ContextProvider } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { portalContext } from '../../context/portal-context.js';
import { PracticeActionsController } from '../../controllers/practice-actions.js';
import { emit } from '../../events/events.js';
import { chosenLang, hasLang, type Lang, loadLang, normalizeLang } from '../../locales/index.js';
import { getStore, type PortalStore } from '../../state/store.js';
import { styles } from './provider.styles.js';

/**
 * Connects the widgets inside it to one Pagatore server and one entity. Widgets in different
 * providers with the same `api` and `entity` share one session and one cart.
 *
 * @summary Configuration and shared state for the Pagatore widgets.
 * @slot - The widgets (and any other content of the page).
 * @event pagatore-provider-ready - The entity's settings are loaded.
 * @event pagatore-provider-error - The API cannot be reached or the entity is unknown.
 *
 * @example
 * <pagatore-provider api="https://pay.example.it" entity="80012345676" lang="it">
 *   <pagatore-portal></pagatore-portal>
 * </pagatore-provider>
 */
export class PagatoreProvider extends LitElement {
  static override styles = styles;
  static override properties = {
    api: {},
    entity: {},
    lang: { reflect: true },
  };

  /** Base URL of the Pagatore server. */
  declare api: string;

  /** The entity's 11-digit fiscal code. */
  declare entity: string;

  /**
   * Language of the widgets: it (default), en, de. Defaults to the page's `lang`; the language the
   * citizen picked with the portal's switch, remembered by the browser, comes first.
   */
  declare lang: string;

  constructor() {
    super();
    this.api = '';
    this.entity = '';
    this.lang = '';
  }

  readonly #provider = new ContextProvider(this, { context: portalContext, initialValue: undefined });
  readonly #actions = new PracticeActionsController(this);

  /** The shared store, once `api` and `entity` are set. */
  get store(): PortalStore | undefined {
    return this.#provider.value;
  }

  /** The citizen's remembered choice, else this provider's `lang`, else the page's. */
  #wanted(): Lang {
    return chosenLang() ?? normalizeLang(this.lang || document.documentElement.lang);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const storeChanged = (changed.has('api') || changed.has('entity')) && this.api && this.entity;
    if (storeChanged) this.#provider.setValue(getStore(this.api, this.entity));
    const store = this.#provider.value;
    if (store && (storeChanged || changed.has('lang'))) {
      const lang = this.#wanted();
      store.client.setLang(lang);
      // English and German arrive as a file of their own; the widgets switch once it is here.
      if (hasLang(lang)) store.set({ lang });
      else
        void loadLang(lang).then(() => {
          if (this.#provider.value === store && this.#wanted() === lang) store.set({ lang });
        });
    }
    if (store && storeChanged) {
      void store.loadEntity().then((entity) => {
        if (entity) emit(this, 'pagatore-provider-ready', { entity: this.entity, api: this.api });
        else
          emit(this, 'pagatore-provider-error', { entity: this.entity, api: this.api, code: 'unavailable' });
      });
    }
  }

  protected override render() {
    const a = this.#actions.announcement;
    return html`<slot></slot>
      <div
        class="announce"
        part="announcement"
        role=${a?.kind === 'alert' ? 'alert' : 'status'}
        aria-live=${a?.kind === 'alert' ? 'assertive' : 'polite'}
      >
        ${a ? html`<p class=${a.kind}>${a.text}</p>` : nothing}
      </div>`;
  }
}
