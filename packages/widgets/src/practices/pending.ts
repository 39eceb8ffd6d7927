/**
 * The action a user asked for on a search hit before logging in ("Paga", "Aggiungi pratica al
 * carrello"): kept in sessionStorage per portal (api + entity), so it survives the login page
 * (which may be another page of the site) and dies with the tab. After login, the first practices
 * widget that sees a session takes it, links the practice and performs the action.
 */
import type { MyPractice, PracticeSearch } from '@pagatore/sdk';
import type { PendingAction, PortalStore } from '../state/store.js';
import type { PendingReason } from './practice-events.js';

export type { PendingAction };

const MAX_AGE_MS = 60 * 60 * 1000;

function key(store: PortalStore): string {
  return `pagatore:pending-practice:${store.key}`;
}

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** Remembers what to do after login. */
export function savePending(
  store: PortalStore,
  reason: PendingReason,
  search: PracticeSearch,
  installment: number | null,
): void {
  const action: PendingAction = {
    reason,
    search: {
      fiscalCode: search.fiscalCode,
      ...(search.nav ? { nav: search.nav } : {}),
      ...(search.iuv ? { iuv: search.iuv } : {}),
    },
    installment,
    at: Date.now(),
  };
  storage()?.setItem(key(store), JSON.stringify(action));
  store.set({ pendingPractice: action });
}

/** The pending action, without taking it. */
export function peekPending(store: PortalStore): PendingAction | null {
  const raw = storage()?.getItem(key(store));
  if (!raw) return null;
  try {
    const a = JSON.parse(raw) as PendingAction;
    if (typeof a?.search?.fiscalCode !== 'string' || Date.now() - a.at > MAX_AGE_MS) {
      clearPending(store);
      return null;
    }
    return a;
  } catch {
    clearPending(store);
    return null;
  }
}

/** Takes the pending action (once: the next caller gets null). */
export function takePending(store: PortalStore): PendingAction | null {
  const a = peekPending(store);
  if (a) clearPending(store);
  return a;
}

export function clearPending(store: PortalStore): void {
  storage()?.removeItem(key(store));
  if (store.state.pendingPractice) store.set({ pendingPractice: null });
}

/**
 * After login: takes the pending action, keeps the practice in the user's list (the link that
 * lets the payments area reach it) and answers both, for the caller to emit the action's event.
 * Null when there is no session or nothing pending.
 */
export async function resumePending(
  store: PortalStore,
): Promise<{ action: PendingAction; practice: MyPractice } | null> {
  if (!store.state.session) return null;
  const action = takePending(store);
  if (!action) return null;
  const practice = await store.client.practices.link(action.search);
  return { action, practice };
}
