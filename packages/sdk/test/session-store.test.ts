/**
 * The session's handoff between tabs (docs/rationales/session-transport.md). Each copy of the module
 * stands for one tab (its own id); Node's BroadcastChannel carries the messages as a browser's does
 * between the tabs of one origin. The end-to-end test (test/session-tabs.e2e.test.ts) does the same
 * with two pages of one Chromium context.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as SessionStoreModule from '../src/client/session-store.js';

type Mod = typeof SessionStoreModule;

/** A fresh copy of the module: another tab. */
async function tab(): Promise<Mod> {
  vi.resetModules();
  return import('../src/client/session-store.js');
}

const KEY = `http://api.test|80012345676|${Math.random()}`;
const later = () => new Date(Date.now() + 3_600_000).toISOString();
const open: { close(): void }[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function store(m: Mod, share = true) {
  const s = new m.SessionStore(KEY, { shareAcrossTabs: share });
  open.push(s);
  return s;
}

describe('SessionStore across tabs', () => {
  it('a new tab gets the session of an open tab, a login reaches the others, a logout ends it everywhere', async () => {
    const a = store(await tab());
    expect(a.pending).toBe(true);
    await a.ready();
    expect(a.pending).toBe(false);
    expect(a.get()).toBe(null);
    a.set({ token: 'id.secret', expiresAt: later() });

    const b = store(await tab());
    expect(b.pending).toBe(true);
    const seen: (string | null)[] = [];
    b.subscribe((s) => seen.push(s?.token ?? null));
    await b.ready();
    expect(b.token).toBe('id.secret');
    expect(b.pending).toBe(false);

    // "Esci" in the new tab: the first one is signed out too.
    const ended = new Promise<void>((r) => a.subscribe((s) => s === null && r()));
    b.clear();
    await ended;
    expect(a.token).toBe(null);

    // A login in one tab reaches the other.
    const again = new Promise<void>((r) => b.subscribe((s) => s?.token === 'id2.secret2' && r()));
    a.set({ token: 'id2.secret2', expiresAt: later() });
    await again;
    expect(b.token).toBe('id2.secret2');
    expect(seen).toContain('id.secret');
  });

  it('no open tab: the new tab starts signed out after a short wait; an expired session is never handed over', async () => {
    const a = store(await tab());
    await a.ready();
    a.set({ token: 'old.one', expiresAt: new Date(Date.now() + 50).toISOString() });
    await new Promise((r) => setTimeout(r, 80));
    const b = store(await tab());
    await b.ready();
    expect(b.get()).toBe(null);
  });

  it('stores of one tab do not hand over to each other, and outside a browser clients do not share by default', async () => {
    const m = await tab();
    const a = store(m);
    await a.ready();
    a.set({ token: 'same.tab', expiresAt: later() });
    const b = store(m);
    await b.ready();
    expect(b.get()).toBe(null);

    const c = new (await tab()).SessionStore(KEY);
    open.push(c);
    expect(c.pending).toBe(false);
    expect(c.get()).toBe(null);
  });
});
