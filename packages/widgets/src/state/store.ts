/**
 * Shared state of one portal (one API + one entity): the SDK client, the session, the entity's
 * public settings, the cart count. A CMS puts the header (cart badge) and the body (portal) in
 * different templates, so several providers for the same api + entity must share one store: stores
 * live in a page-wide registry under a `Symbol.for` key, which even a second copy of the bundle sees.
 */
import {
  createClient,
  type EntityPublic,
  type Lang,
  type PagatoreClient,
  type StoredSession,
} from '@pagatore/sdk';
import { loadLang } from '../locales/index.js';

export interface PortalState {
  /** The entity's public settings, once loaded. */
  entity: EntityPublic | null;
  entityStatus: 'idle' | 'loading' | 'ready' | 'error';
  session: StoredSession | null;
  /** True while a new tab waits for the session of the portal's other open tabs. */
  sessionPending: boolean;
  /** Number of practices in the cart (the cart issue keeps it current). */
  cartCount: number;
  /** Open-ended slots the areas share (e.g. the logged-in profile). */
  shared: Record<string, unknown>;
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
      shared: {},
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

  /** Sets one shared slot. */
  share(name: string, value: unknown): void {
    this.set({ shared: { ...this.#state.shared, [name]: value } });
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
    if (this.client.lang === lang) this.share('lang', lang);
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
