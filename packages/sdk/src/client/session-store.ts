/**
 * Where the citizen's bearer token lives: in memory, mirrored to sessionStorage (never localStorage,
 * never a cookie) so it survives a reload of the entity's page but not the closing of the tab.
 * The open tabs of one browser share it: a new tab asks the open ones for the session (a handoff
 * over a BroadcastChannel of the entity's origin), a login in one tab reaches the others, and a
 * logout (or a token the server refused) ends it in every tab. When the last tab closes, the
 * token is gone from the browser. See docs/rationales/session-transport.md for the trade-off.
 */

export interface StoredSession {
  token: string;
  /** ISO time after which the server will refuse the token (absolute expiry). */
  expiresAt: string;
}

type Listener = (session: StoredSession | null) => void;

/** What the tabs of one portal tell each other; `from` is the sending tab (this module's copy). */
type TabMessage = { from: string } &
  /** A tab without a session asks whether an open tab has one. */
  (
    | { type: 'ask' }
    /** A tab's session: the answer to `ask`, or a login. */
    | { type: 'session'; session: StoredSession }
    /** The session with this token ended (logout, expiry, refused by the server). */
    | { type: 'end'; token: string }
  );

/**
 * This tab's id. Stores of one tab already share sessionStorage, so they ignore each other's
 * messages; only other tabs (other copies of this module) take part in the handoff.
 */
const TAB = Math.random().toString(36).slice(2) + Date.now().toString(36);

/** How long a new tab waits for an open tab's answer before it counts as logged out. */
export const HANDOFF_WAIT_MS = 300;

function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    // Sandboxed iframes and some privacy modes throw on access.
    return undefined;
  }
}

function valid(s: unknown): s is StoredSession {
  const v = s as StoredSession | null;
  return (
    typeof v?.token === 'string' &&
    v.token.length > 0 &&
    typeof v.expiresAt === 'string' &&
    Date.parse(v.expiresAt) > Date.now()
  );
}

function openChannel(name: string): BroadcastChannel | null {
  try {
    return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(name);
  } catch {
    return null;
  }
}

export class SessionStore {
  readonly key: string;
  #session: StoredSession | null = null;
  readonly #listeners = new Set<Listener>();
  readonly #channel: BroadcastChannel | null;
  #pending = false;
  #ready: Promise<void> = Promise.resolve();

  /**
   * @param key the portal's key (api + entity): the storage key and the tabs' channel name.
   * @param opts.shareAcrossTabs false keeps the session to this tab alone (default: true in a
   *   browser, false elsewhere: Node clients of one process are different citizens, not tabs).
   */
  constructor(key: string, opts: { shareAcrossTabs?: boolean } = {}) {
    this.key = `pagatore:session:${key}`;
    try {
      const raw = storage()?.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      if (valid(parsed)) this.#session = { token: parsed.token, expiresAt: parsed.expiresAt };
    } catch {
      this.#session = null;
    }
    const share = opts.shareAcrossTabs ?? (typeof window !== 'undefined' && typeof document !== 'undefined');
    this.#channel = share ? openChannel(this.key) : null;
    if (this.#channel) {
      this.#channel.onmessage = (e: MessageEvent<TabMessage>) => this.#onMessage(e.data);
      if (!this.#session) this.#ask();
    }
    if (typeof window !== 'undefined') {
      // Another copy of the bundle in this tab shares the same sessionStorage.
      window.addEventListener('pagatore-session-change', (e) => {
        const detail = (e as CustomEvent<{ key: string }>).detail;
        if (detail?.key === this.key) this.#reload();
      });
    }
  }

  /** Asks the open tabs for their session; settles on the first answer or after a short wait. */
  #ask(): void {
    this.#pending = true;
    this.#ready = new Promise<void>((resolve) => {
      const done = () => {
        if (!this.#pending) return;
        this.#pending = false;
        clearTimeout(timer);
        this.#settle = null;
        resolve();
        // Subscribers learn that the wait is over even when no session came.
        for (const l of this.#listeners) l(this.#session);
      };
      const timer = setTimeout(done, HANDOFF_WAIT_MS);
      this.#settle = done;
    });
    this.#post({ from: TAB, type: 'ask' });
  }

  #settle: (() => void) | null = null;

  #onMessage(m: TabMessage): void {
    if (!m || typeof m !== 'object' || m.from === TAB) return;
    if (m.type === 'ask') {
      const s = this.get();
      if (s) this.#post({ from: TAB, type: 'session', session: s });
    } else if (m.type === 'session') {
      if (!valid(m.session)) return;
      if (m.session.token !== this.#session?.token)
        this.#apply({ token: m.session.token, expiresAt: m.session.expiresAt });
      this.#settle?.();
    } else if (m.type === 'end') {
      if (this.#session && m.token === this.#session.token) this.#apply(null);
    }
  }

  #post(m: TabMessage): void {
    try {
      this.#channel?.postMessage(m);
    } catch {
      // A closed channel: this tab keeps its own session.
    }
  }

  #reload(): void {
    let next: StoredSession | null;
    try {
      const raw = storage()?.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      next = valid(parsed) ? parsed : null;
    } catch {
      next = null;
    }
    if (next?.token === this.#session?.token) return;
    this.#session = next;
    for (const l of this.#listeners) l(next);
  }

  /** Keeps a session (or its end) in memory and in this tab's storage, and tells this tab. */
  #apply(session: StoredSession | null): void {
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

  /** True while a new tab waits for an open tab's session. */
  get pending(): boolean {
    return this.#pending;
  }

  /** Resolves once the session is known: at once, or after the open tabs answered (or did not). */
  ready(): Promise<void> {
    return this.#ready;
  }

  get(): StoredSession | null {
    if (this.#session && Date.parse(this.#session.expiresAt) <= Date.now()) this.clear();
    return this.#session;
  }

  get token(): string | null {
    return this.get()?.token ?? null;
  }

  /** A login (or a logout with null): this tab and every open tab of the portal follow. */
  set(session: StoredSession | null): void {
    const before = this.#session;
    this.#apply(session);
    this.#settle?.();
    if (session) this.#post({ from: TAB, type: 'session', session });
    else if (before) this.#post({ from: TAB, type: 'end', token: before.token });
  }

  /** Stops listening to the other tabs (a store thrown away). */
  close(): void {
    this.#settle?.();
    this.#channel?.close();
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
