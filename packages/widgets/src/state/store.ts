/**
 * Shared state of one portal (one API + one entity): the SDK client, the session, the entity's
 * public settings, the cart count. A CMS puts the header (cart badge) and the body (portal) in
 * different templates, so several providers for the same api + entity must share one store: stores
 * live in a page-wide registry under a `Symbol.for` key, which even a second copy of the bundle sees.
 */
import {
  type CartView,
  createClient,
  type EntityPublic,
  type Lang,
  type PagatoreClient,
  type Profile,
  type StoredSession,
} from '@pagatore/sdk';
import { loadLang } from '../locales/index.js';
import type { PendingReason } from '../practices/practice-events.js';

/** What a search hit's "Paga" or "Aggiungi pratica al carrello" asked for before the login. */
export interface PendingAction {
  reason: PendingReason;
  /** The search that found the practice; absent when it came from a "Paga ora" link. */
  search?: { fiscalCode: string; nav?: string; iuv?: string };
  /** The token of the "Paga ora" link the practice came from (the page URL loses it at login). */
  payLink?: string;
  /** Installment the user chose (0: single payment), when one. */
  installment: number | null;
  /** Epoch ms; stale actions (older than an hour) are dropped. */
  at: number;
}

/** "The list of my practices changed", with the practice to highlight. */
export interface PracticesChange {
  seq: number;
  highlight: string | null;
}

export interface PortalState {
  /** The entity's public settings, once loaded. */
  entity: EntityPublic | null;
  entityStatus: 'idle' | 'loading' | 'ready' | 'error';
  session: StoredSession | null;
  /** True while a new tab waits for the session of the portal's other open tabs. */
  sessionPending: boolean;
  /** Number of practices in the cart (the payment actions keep it current). */
  cartCount: number;
  /** The cart as last read or changed, while logged in. */
  cart: CartView | null;
  /** Counts the cart's changes made from this page, so an open summary knows to read it again. */
  cartVersion: number;
  /**
   * The language the provider or the portal's switch chose, once its strings are here; null: each
   * widget follows the page's `lang`.
   */
  lang: Lang | null;
  /** The logged-in citizen's profile, once loaded (null logged out or not read yet). */
  profile: Profile | null;
  /**
   * How the last session ended from the account menu, until the portal said so; `logout-identity`:
   * a SPID/CIE session whose provider's session may still be open.
   */
  sessionEnd: 'logout' | 'logout-identity' | 'closed' | null;
  /** The action a search hit asked for before the login, until a widget performs it. */
  pendingPractice: PendingAction | null;
  /** The last change to the list of my practices (a created or linked practice). */
  practicesChanged: PracticesChange | null;
  /** Counts the payments abandoned from this page, so the widgets showing them read them again. */
  openPaymentsVersion: number;
}

type Listener = (state: PortalState, changed: ReadonlySet<keyof PortalState>) => void;

export class PortalStore {
  readonly key: string;
  readonly client: PagatoreClient;
  #state: PortalState;
  readonly #listeners = new Set<Listener>();
  #entityLoad: Promise<EntityPublic | null> | null = null;

  constructor(api: string, entity: string, client?: PagatoreClient) {
    this.key = storeKey(api, entity);
    this.client = client ?? createClient({ baseUrl: api, entity });
    this.#state = {
      entity: null,
      entityStatus: 'idle',
      session: this.client.session.get(),
      sessionPending: this.client.session.pending,
      cartCount: 0,
      cart: null,
      cartVersion: 0,
      lang: null,
      profile: null,
      sessionEnd: null,
      pendingPractice: null,
      practicesChanged: null,
      openPaymentsVersion: 0,
    };
    this.client.session.subscribe((session) =>
      this.set({ session, sessionPending: this.client.session.pending }),
    );
  }

  get state(): PortalState {
    return this.#state;
  }

  /** Merges a change and tells every subscriber which keys changed. */
  set(patch: Partial<PortalState>): void {
    const changed = new Set<keyof PortalState>();
    for (const k of Object.keys(patch) as (keyof PortalState)[]) {
      if (this.#state[k] !== patch[k]) changed.add(k);
    }
    if (changed.size === 0) return;
    this.#state = { ...this.#state, ...patch };
    for (const l of this.#listeners) l(this.#state, changed);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Switches every widget of this store to a language (the portal's language switch): the SDK's
   * messages at once, the widgets' strings once their file is here.
   */
  async useLang(lang: Lang): Promise<void> {
    this.client.setLang(lang);
    await loadLang(lang);
    if (this.client.lang === lang) this.set({ lang });
  }

  /** Loads the entity's public settings once; later calls share the same request. */
  loadEntity(force = false): Promise<EntityPublic | null> {
    if (this.#entityLoad && !force) return this.#entityLoad;
    this.set({ entityStatus: 'loading' });
    this.#entityLoad = this.client.entity().then(
      (entity) => {
        this.set({ entity, entityStatus: 'ready' });
        return entity;
      },
      () => {
        this.set({ entityStatus: 'error' });
        this.#entityLoad = null;
        return null;
      },
    );
    return this.#entityLoad;
  }
}

/** The registry key of an api + entity pair. */
export function storeKey(api: string, entity: string): string {
  return `${api.replace(/\/+$/, '')}|${entity}`;
}

const REGISTRY = Symbol.for('pagatore.stores.v1');

type Registry = Map<string, PortalStore>;

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (g[REGISTRY] ??= new Map());
}

/**
 * The page-wide store for an api + entity pair, created on first use.
 * @example const store = getStore('https://pay.example.it', '80012345676');
 */
export function getStore(api: string, entity: string): PortalStore {
  const key = storeKey(api, entity);
  const reg = registry();
  let store = reg.get(key);
  if (!store) {
    store = new PortalStore(api, entity);
    reg.set(key, store);
  }
  return store;
}

/** Forgets every store (tests). */
export function resetStores(): void {
  for (const store of registry().values()) store.client.session.close();
  registry().clear();
}
