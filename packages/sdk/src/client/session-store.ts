/**
 * Where the citizen's bearer token lives: in memory, mirrored to sessionStorage (never localStorage,
 * never a cookie) so it survives a reload of the entity's page but not the closing of the tab.
 * See docs/rationales/session-transport.md for the trade-off.
 */

export interface StoredSession {
  token: string;
  /** ISO time after which the server will refuse the token (absolute expiry). */
  expiresAt: string;
}

type Listener = (session: StoredSession | null) => void;

function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    // Sandboxed iframes and some privacy modes throw on access.
    return undefined;
  }
}

export class SessionStore {
  readonly key: string;
  #session: StoredSession | null = null;
  readonly #listeners = new Set<Listener>();

  constructor(key: string) {
    this.key = `pagatore:session:${key}`;
    try {
      const raw = storage()?.getItem(this.key);
      if (raw) {
        const parsed = JSON.parse(raw) as StoredSession;
        if (typeof parsed.token === 'string' && Date.parse(parsed.expiresAt) > Date.now())
          this.#session = parsed;
      }
    } catch {
      this.#session = null;
    }
    if (typeof window !== 'undefined') {
      // Another tab cannot see sessionStorage, but another copy of the bundle in this tab can.
      window.addEventListener('pagatore-session-change', (e) => {
        const detail = (e as CustomEvent<{ key: string }>).detail;
        if (detail?.key === this.key) this.#reload();
      });
    }
  }

  #reload(): void {
    const raw = storage()?.getItem(this.key);
    const next = raw ? (JSON.parse(raw) as StoredSession) : null;
    if (next?.token === this.#session?.token) return;
    this.#session = next;
    for (const l of this.#listeners) l(next);
  }

  get(): StoredSession | null {
    if (this.#session && Date.parse(this.#session.expiresAt) <= Date.now()) this.clear();
    return this.#session;
  }

  get token(): string | null {
    return this.get()?.token ?? null;
  }

  set(session: StoredSession | null): void {
    this.#session = session;
    try {
      if (session) storage()?.setItem(this.key, JSON.stringify(session));
      else storage()?.removeItem(this.key);
    } catch {
      // Storage full or blocked: the session still lives in memory for this page.
    }
    for (const l of this.#listeners) l(session);
    if (typeof window !== 'undefined') {
      window.dispatchEvent(new CustomEvent('pagatore-session-change', { detail: { key: this.key } }));
    }
  }

  clear(): void {
    if (this.#session !== null) this.set(null);
  }

  /** Calls the listener on every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
